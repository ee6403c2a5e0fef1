// Confident learning (Northcutt, Jiang & Chuang 2021) as cleanlab's `filter.find_label_issues`
// computes it with its defaults (filter_by='prune_by_noise_rate', frac_noise=1,
// min_examples_per_class=1), step for step: per-class thresholds, the confident joint, its
// calibration, the prune counts, pruning by margin, then dropping issues whose given label is the
// argmax anyway; issues ranked by self-confidence (cleanlab's order_label_issues default).
// pred_probs are out-of-fold probabilities [n, K], row-major.

/** cleanlab.internal.constants */
const FLOATING_POINT_COMPARISON = 1e-6;
const CONFIDENT_THRESHOLDS_LOWER_BOUND = 2 * FLOATING_POINT_COMPARISON;
const TINY_VALUE = 1e-100;

/** Fewer labelled images than this in a class: they train the heads, but confident learning does not check them. */
export const MIN_PER_CLASS = 3;

export type FilterBy = 'prune_by_noise_rate' | 'confident_learning';

export interface LabelIssuesOutput {
  /** Indices of the issues, most suspicious (lowest self-confidence) first. */
  ranked: number[];
  /** Suggested label of each ranked issue: the argmax of its probabilities. */
  suggested: number[];
  /** The calibrated confident joint [given][true], K×K counts. */
  confidentJoint: number[][];
  thresholds: number[];
}

/** count.get_confident_thresholds: mean p[:, k] over examples labelled k (2 for absent classes). */
export function confidentThresholds(labels: ArrayLike<number>, probs: Float32Array | Float64Array, K: number): number[] {
  const sum = new Float64Array(K);
  const count = new Float64Array(K);
  for (let i = 0; i < labels.length; i++) {
    const k = labels[i]!;
    sum[k]! += probs[i * K + k]!;
    count[k]!++;
  }
  return Array.from({ length: K }, (_, k) => Math.max(count[k]! > 0 ? sum[k]! / count[k]! : 2, CONFIDENT_THRESHOLDS_LOWER_BOUND));
}

function argmax(row: ArrayLike<number>, offset: number, K: number): number {
  let best = 0;
  for (let k = 1; k < K; k++) if (row[offset + k]! > row[offset + best]!) best = k;
  return best;
}

/** internal.util.round_preserving_sum: rounds, then moves the largest remainders to keep the sum. */
export function roundPreservingSum(floats: number[]): number[] {
  const ints = floats.map((f) => roundHalfEven(f));
  const origSum = roundHalfEven(floats.reduce((a, b) => a + b, 0));
  let intSum = roundHalfEven(ints.reduce((a, b) => a + b, 0));
  while (Math.abs(intSum - origSum) > FLOATING_POINT_COMPARISON) {
    const diff = roundHalfEven(origSum - intSum);
    const increment = diff < 0 ? -1 : 1;
    const changes = Math.min(Math.abs(diff), floats.length);
    // np.argsort(floats - ints)[::-increment][:changes]
    const order = floats.map((f, i) => [f - ints[i]!, i] as const).sort((a, b) => a[0] - b[0] || a[1] - b[1]).map((p) => p[1]);
    if (increment === 1) order.reverse();
    for (const i of order.slice(0, changes)) ints[i]! += increment;
    intSum = roundHalfEven(ints.reduce((a, b) => a + b, 0));
  }
  return ints;
}

/** numpy rounds half to even. */
function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

function calibrate(cj: number[][], labelCounts: number[]): number[][] {
  const K = cj.length;
  const rows = cj.map((row, i) => {
    const s = Math.max(row.reduce((a, b) => a + b, 0), TINY_VALUE);
    return row.map((v) => (v / s) * labelCounts[i]!);
  });
  const total = Math.max(rows.reduce((a, r) => a + r.reduce((x, y) => x + y, 0), 0), TINY_VALUE);
  const n = labelCounts.reduce((a, b) => a + b, 0);
  return rows.map((r) => roundPreservingSum(r.map((v) => (v / total) * n))).slice(0, K);
}

/**
 * count.compute_confident_joint (calibrated) and the indices it counts off the diagonal.
 * An example is counted at (given, guess) when some class's probability reaches its threshold;
 * guess is the argmax when several do.
 */
export function confidentJoint(labels: ArrayLike<number>, probs: Float32Array | Float64Array, K: number) {
  const thresholds = confidentThresholds(labels, probs, K);
  const cj = Array.from({ length: K }, () => new Array<number>(K).fill(0));
  const offDiagonal: number[] = [];
  for (let i = 0; i < labels.length; i++) {
    let confident = 0;
    let first = -1;
    for (let k = 0; k < K; k++) {
      if (probs[i * K + k]! >= thresholds[k]! - 1e-6) {
        confident++;
        if (first < 0) first = k;
      }
    }
    if (!confident) continue;
    const guess = confident > 1 ? argmax(probs, i * K, K) : first;
    cj[labels[i]!]![guess]!++;
    if (guess !== labels[i]) offDiagonal.push(i);
  }
  for (let k = 0; k < K; k++) cj[k]![k] = Math.max(cj[k]![k]!, 1);
  const labelCounts = new Array<number>(K).fill(0);
  for (let i = 0; i < labels.length; i++) labelCounts[labels[i]!]!++;
  return { confidentJoint: calibrate(cj, labelCounts), offDiagonal, thresholds, labelCounts };
}

/** filter._keep_at_least_n_per_class on prune_count_matrix = cj.T, with frac_noise = 1. */
function keepAtLeastNPerClass(pcm: number[][], n: number): number[][] {
  const K = pcm.length;
  const out = pcm.map((r) => r.slice());
  for (let col = 0; col < K; col++) {
    const diag = pcm[col]![col]!;
    const newDiag = Math.max(diag, n);
    const diff = newDiag - diag;
    let nonzero = 0;
    for (let r = 0; r < K; r++) if (pcm[r]![col]! !== 0) nonzero++;
    const perRate = Math.max(nonzero - 1, 1);
    for (let r = 0; r < K; r++) out[r]![col] = Math.max(pcm[r]![col]! - diff / perRate, 0);
    out[col]![col] = newDiag;
  }
  // _reduce_prune_counts(frac_noise=1) keeps the matrix and casts to int (truncation).
  const truncated = out.map((r) => r.map((v) => Math.trunc(v)));
  return truncated.map((r) => roundPreservingSum(r));
}

/** filter._reduce_issues: the given label (plus 1e-6) is the argmax: not an issue. */
function givenIsArgmax(probs: Float32Array | Float64Array, K: number, i: number, given: number): boolean {
  let best = 0;
  let bestValue = -Infinity;
  for (let k = 0; k < K; k++) {
    const v = probs[i * K + k]! + (k === given ? FLOATING_POINT_COMPARISON : 0);
    if (v > bestValue) [best, bestValue] = [k, v];
  }
  return best === given;
}

/** filter.find_label_issues(labels, pred_probs, filter_by=…) ranked by self-confidence. */
export function findLabelIssues(
  labels: ArrayLike<number>,
  probs: Float32Array | Float64Array,
  K: number,
  filterBy: FilterBy = 'prune_by_noise_rate',
): LabelIssuesOutput {
  const n = labels.length;
  if (probs.length !== n * K) throw new Error(`findLabelIssues: probabilities are ${probs.length} values, expected ${n}×${K}`);
  const { confidentJoint: cj, offDiagonal, thresholds, labelCounts } = confidentJoint(labels, probs, K);
  const issue = new Uint8Array(n);
  if (filterBy === 'confident_learning') {
    for (const i of offDiagonal) issue[i] = 1;
  } else {
    const pcm = keepAtLeastNPerClass(cj[0]!.map((_, c) => cj.map((row) => row[c]!)), 1); // from cj.T
    const byClass: number[][] = Array.from({ length: K }, () => []);
    for (let i = 0; i < n; i++) byClass[labels[i]!]!.push(i);
    for (let k = 0; k < K; k++) {
      const members = byClass[k]!;
      if (labelCounts[k]! <= 1) continue; // min_examples_per_class
      for (let j = 0; j < K; j++) {
        const prune = pcm[j]![k]!;
        if (j === k || prune <= 0) continue;
        // The `prune` members of class k with the largest p[j] − p[k].
        const byMargin = members.slice().sort((a, b) => probs[b * K + j]! - probs[b * K + k]! - (probs[a * K + j]! - probs[a * K + k]!) || a - b);
        for (const i of byMargin.slice(0, prune)) issue[i] = 1;
      }
    }
  }
  const ranked: number[] = [];
  for (let i = 0; i < n; i++) if (issue[i] && !givenIsArgmax(probs, K, i, labels[i]!)) ranked.push(i);
  ranked.sort((a, b) => probs[a * K + labels[a]!]! - probs[b * K + labels[b]!]! || a - b);
  return { ranked, suggested: ranked.map((i) => argmax(probs, i * K, K)), confidentJoint: cj, thresholds };
}
