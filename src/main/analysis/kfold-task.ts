import { findLabelIssues, MIN_PER_CLASS } from '../../shared/data/confident-learning';
import { kmeans } from '../../shared/data/kmeans';
import { reviewOrder } from '../../shared/data/review-order';
import { gaussianMatrix, multiply, normalizeRows, standardizeColumns } from '../../shared/data/vectors';
import { unpackItems, type PackedItems } from '../../shared/data/packed-items';
import { loadFeatureSet, type FeatureSetArgs } from './feature-set';
import { ANALYSIS_HEAD, analysisEpochs, outOfFold } from './out-of-fold';
import type { AnalysisEvent } from './events';
import { PhaseClock, type PhaseTime } from './phase-clock';

// Worker task 'data.kfold': out-of-fold probabilities of every labelled image (stratified K-fold
// heads on cached features), confident learning on them, and the heads' suggestions for every
// unlabelled image in review order. The engine turns item indices back into images.

export interface KfoldArgs {
  jobId: string;
  features: FeatureSetArgs;
  /** The images, each with its label index 0…L−1 or −1 (packed: shared/data/packed-items.ts). */
  items: PackedItems;
  /** Label count L (label indices are 0…L−1). */
  labels: number;
  folds: number;
  seed: number;
}

export interface KfoldResult {
  /** Per item: out-of-fold (labelled) or mean-head (unlabelled) argmax and its probability; −1 when none. */
  predicted: number[];
  predictedProb: number[];
  /** Items checked by confident learning (classes with at least MIN_PER_CLASS images). */
  checked: number;
  /** Ranked issues: item, given and suggested label, out-of-fold probability of each. */
  issues: [item: number, given: number, suggested: number, givenProb: number, suggestedProb: number][];
  /** Unlabelled items in review order with their top labels [label, probability][]. */
  suggestions: [item: number, top: [number, number][]][];
  outOfFoldAccuracy: number;
  folds: number;
  head: { lr: number; epochs: number; weightDecay: number };
  notes: string[];
  /** Where the time went, per phase. */
  phases: Record<string, PhaseTime>;
}

/** Probabilities kept for n × L above this many values would not fit comfortably in memory. */
const MAX_PROB_VALUES = 60_000_000;

export async function kfoldTask(args: KfoldArgs, emit: (e: AnalysisEvent) => void): Promise<KfoldResult> {
  const { labels: L } = args;
  const items = unpackItems(args.items);
  const clock = new PhaseClock();
  const fs = await loadFeatureSet(args.features, items, (p) => emit({ kind: 'phase', phase: p.phase, progress: p.progress }), undefined, clock);
  const { x, D } = fs;
  standardizeColumns(x, items.length, D, x);
  clock.lap('standardise');
  const labelled = items.flatMap((it, i) => (it.label >= 0 ? [i] : []));
  const unlabelled = items.flatMap((it, i) => (it.label < 0 ? [i] : []));
  if (labelled.length * L > MAX_PROB_VALUES) {
    throw new Error(`${labelled.length} labelled images × ${L} labels is too many probabilities to keep (more than ${MAX_PROB_VALUES / 1e6} million): merge rare labels first.`);
  }
  const y = Int32Array.from(labelled, (i) => items[i]!.label);
  const folds = Math.min(args.folds, labelled.length);
  emit({ kind: 'phase', phase: 'training fold heads', progress: { done: 0, total: folds, rate: 0, etaSeconds: null } });
  const t0 = performance.now();
  const epochs = analysisEpochs(Math.round((labelled.length * (folds - 1)) / folds));
  const oof = await outOfFold(x, D, labelled, y, L, unlabelled, {
    ...ANALYSIS_HEAD,
    epochs,
    folds,
    seed: args.seed,
    onFold: (done, total) => {
      clock.lap('fold heads');
      const rate = done / ((performance.now() - t0) / 1000);
      emit({ kind: 'phase', phase: 'training fold heads', progress: { done, total, rate, etaSeconds: (total - done) / rate } });
    },
  });
  const predicted = new Array<number>(items.length).fill(-1);
  const predictedProb = new Array<number>(items.length).fill(0);
  const argmaxInto = (probs: Float32Array, rowsOf: number[]) =>
    rowsOf.forEach((item, r) => {
      let best = 0;
      for (let c = 1; c < L; c++) if (probs[r * L + c]! > probs[r * L + best]!) best = c;
      predicted[item] = best;
      predictedProb[item] = probs[r * L + best]!;
    });
  argmaxInto(oof.probs, labelled);
  argmaxInto(oof.predicted, unlabelled);
  clock.lap('fold heads');
  const correct = labelled.filter((item) => predicted[item] === items[item]!.label).length;

  // Confident learning on the images of classes big enough to have been seen in training.
  const perClass = new Array<number>(L).fill(0);
  for (const l of y) perClass[l]!++;
  const checkedRows = labelled.flatMap((_, r) => (perClass[y[r]!]! >= MIN_PER_CLASS ? [r] : []));
  const notes: string[] = [];
  if (!checkedRows.length) notes.push(`No label has ${MIN_PER_CLASS} labelled images yet, so no label could be checked: label a few more images of each label.`);
  // Labels too small to check, when others are checked, are named by the engine (it knows the names).
  const cp = new Float32Array(checkedRows.length * L);
  checkedRows.forEach((r, j) => cp.set(oof.probs.subarray(r * L, (r + 1) * L), j * L));
  const cy = checkedRows.map((r) => y[r]!);
  const cl = checkedRows.length ? findLabelIssues(cy, cp, L) : { ranked: [], suggested: [] };
  const issues = cl.ranked.map((j, k): KfoldResult['issues'][number] => {
    const s = cl.suggested[k]!;
    return [labelled[checkedRows[j]!]!, cy[j]!, s, cp[j * L + cy[j]!]!, cp[j * L + s]!];
  });

  clock.lap('confident learning');
  // Review order of the unlabelled: least confident first, look-alikes (k-means clusters of the
  // features, projected to 32 dimensions) spread apart.
  let suggestions: KfoldResult['suggestions'] = [];
  if (unlabelled.length) {
    const ux = new Float32Array(unlabelled.length * D);
    unlabelled.forEach((item, r) => ux.set(x.subarray(item * D, (item + 1) * D), r * D));
    const projected = multiply(normalizeRows(ux, unlabelled.length, D), unlabelled.length, D, gaussianMatrix(D, 32, args.seed + 7), 32);
    const clusters = await kmeans(projected, unlabelled.length, 32, Math.max(1, Math.min(64, Math.round(Math.sqrt(unlabelled.length / 2)))), args.seed);
    const order = reviewOrder(unlabelled.map((item) => predictedProb[item]!), clusters);
    suggestions = order.map((r) => {
      const row = Array.from(oof.predicted.subarray(r * L, (r + 1) * L));
      const top = row.map((p, c) => [c, p] as [number, number]).sort((a, b) => b[1] - a[1] || a[0] - b[0]).slice(0, Math.min(5, L));
      return [unlabelled[r]!, top];
    });
  }
  return {
    predicted,
    predictedProb,
    checked: checkedRows.length,
    issues,
    suggestions,
    outOfFoldAccuracy: labelled.length ? correct / labelled.length : 0,
    folds,
    head: { lr: ANALYSIS_HEAD.lr, epochs, weightDecay: ANALYSIS_HEAD.weightDecay },
    notes,
    phases: (clock.lap('suggestions'), clock.rounded()),
  };
}
