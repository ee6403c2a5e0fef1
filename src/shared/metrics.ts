// Classification metrics, pure: confusion matrix, per-class precision/recall/F1, macro and
// weighted F1, accuracy. Classes are indices 0…L-1; the matrix is [true][predicted].

export interface ClassMetrics {
  precision: number;
  recall: number;
  f1: number;
  /** Number of true examples of the class. */
  support: number;
}

export interface ClassificationMetrics {
  accuracy: number;
  perClass: ClassMetrics[];
  macroF1: number;
  weightedF1: number;
  /** confusion[t][p]: count of examples of true class t predicted as p. */
  confusion: number[][];
  count: number;
}

export function confusionMatrix(truth: ArrayLike<number>, predicted: ArrayLike<number>, numClasses: number): number[][] {
  if (truth.length !== predicted.length) throw new Error('confusionMatrix: truth and predictions differ in length');
  const m = Array.from({ length: numClasses }, () => new Array<number>(numClasses).fill(0));
  for (let i = 0; i < truth.length; i++) {
    const t = truth[i]!;
    const p = predicted[i]!;
    if (t < 0 || t >= numClasses || p < 0 || p >= numClasses) throw new Error(`confusionMatrix: class index out of range at ${i}`);
    m[t]![p]!++;
  }
  return m;
}

/** Precision/recall/F1 are 0 (not NaN) when their denominator is 0, as scikit-learn's zero_division=0. */
export function metricsFromConfusion(confusion: number[][]): ClassificationMetrics {
  const L = confusion.length;
  let correct = 0;
  let count = 0;
  const perClass: ClassMetrics[] = [];
  for (let c = 0; c < L; c++) {
    const tp = confusion[c]![c]!;
    let rowSum = 0;
    let colSum = 0;
    for (let k = 0; k < L; k++) {
      rowSum += confusion[c]![k]!;
      colSum += confusion[k]![c]!;
    }
    correct += tp;
    count += rowSum;
    const precision = colSum ? tp / colSum : 0;
    const recall = rowSum ? tp / rowSum : 0;
    const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
    perClass.push({ precision, recall, f1, support: rowSum });
  }
  const macroF1 = L ? perClass.reduce((s, m) => s + m.f1, 0) / L : 0;
  const weightedF1 = count ? perClass.reduce((s, m) => s + m.f1 * m.support, 0) / count : 0;
  return { accuracy: count ? correct / count : 0, perClass, macroF1, weightedF1, confusion, count };
}

export function classificationMetrics(truth: ArrayLike<number>, predicted: ArrayLike<number>, numClasses: number): ClassificationMetrics {
  return metricsFromConfusion(confusionMatrix(truth, predicted, numClasses));
}

/** Numerically stable softmax of one row. */
export function softmax(logits: ArrayLike<number>): number[] {
  let max = -Infinity;
  for (let i = 0; i < logits.length; i++) max = Math.max(max, logits[i]!);
  const out = new Array<number>(logits.length);
  let sum = 0;
  for (let i = 0; i < logits.length; i++) sum += out[i] = Math.exp(logits[i]! - max);
  for (let i = 0; i < out.length; i++) out[i]! /= sum;
  return out;
}

/** Indices of the k largest values, largest first (ties: lower index first). */
export function topK(values: ArrayLike<number>, k: number): number[] {
  const idx = Array.from({ length: values.length }, (_, i) => i);
  idx.sort((a, b) => values[b]! - values[a]! || a - b);
  return idx.slice(0, Math.min(k, idx.length));
}
