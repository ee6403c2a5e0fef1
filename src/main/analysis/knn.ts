import { kmeans, type NearestCentre } from '../../shared/data/kmeans';
import { jsRowMatrix, type RowMatrix } from '../../shared/data/row-dots';
import { nearestRowsOf } from './matmul';
import type { PhaseClock } from './phase-clock';

// Approximate k-nearest neighbours of every row of a PCA-reduced set (an inverted file: rows
// grouped by k-means, each group compared by GEMM with the rows of its `probe` nearest groups):
// 3k candidates per row there, re-scored with the exact cosine similarity of the full normalised
// features, the best k kept. The reduced space only proposes; the full features decide.

export interface KnnGraph {
  k: number;
  /** [n, k] neighbour indices, most similar first (−1 where fewer than k exist). */
  indices: Int32Array;
  /** [n, k] cosine similarities of the full features. */
  similarities: Float32Array;
}

/** k-means assignments by GEMM + top-1 (most of k-means' work). */
const nearestCentreByGemm: NearestCentre = (x, m, centres, k, d) => nearestRowsOf(x, m, centres, k, d, 1);

/** Rows `which` of x [·, p] stacked into one [which.length, p] matrix. */
function gather(x: Float32Array, p: number, which: Int32Array): Float32Array {
  const out = new Float32Array(which.length * p);
  for (let i = 0; i < which.length; i++) out.set(x.subarray(which[i]! * p, (which[i]! + 1) * p), i * p);
  return out;
}

/**
 * Keeps the k best (similarity, index) pairs of one row in out[base…base+k), best first: higher
 * similarity, then lower index (so the result does not depend on the candidates' order). Empty
 * slots hold −∞.
 */
function insert(sims: Float32Array, idx: Int32Array, base: number, k: number, s: number, j: number): void {
  const better = (at: number) => s > sims[at]! || (s === sims[at]! && j < idx[at]!);
  let pos = base + k - 1;
  if (!better(pos)) return;
  while (pos > base && better(pos - 1)) {
    sims[pos] = sims[pos - 1]!;
    idx[pos] = idx[pos - 1]!;
    pos--;
  }
  sims[pos] = s;
  idx[pos] = j;
}

/**
 * reduced [n, p] (PCA space, Euclidean), full [n, D] unit rows (a RowMatrix: on the WebAssembly
 * kernel when it was made by rowMatrix). onProgress(done, total) per group.
 * With `probe` ≥ the group count this is exact in the reduced space.
 */
export async function knnGraph(
  reduced: Float32Array,
  n: number,
  p: number,
  full: Float32Array | RowMatrix,
  D: number,
  k: number,
  o: { seed?: number; probe?: number; clock?: PhaseClock; onProgress?(done: number, total: number): void | Promise<void> } = {},
): Promise<KnnGraph> {
  const clock = o.clock;
  const fullRows = full instanceof Float32Array ? jsRowMatrix(full, D) : full;
  k = Math.max(1, Math.min(k, n - 1));
  const kc = Math.min(3 * k, n - 1); // candidates per row
  const assign = await kmeans(reduced, n, p, Math.max(1, Math.round(Math.sqrt(n))), o.seed ?? 0, 6, 10_000, nearestCentreByGemm);
  clock?.lap('knn: k-means');
  // The groups that got rows, their members and centres.
  const sizes = new Map<number, number>();
  for (let i = 0; i < n; i++) sizes.set(assign[i]!, (sizes.get(assign[i]!) ?? 0) + 1);
  const used = [...sizes.keys()].sort((a, b) => a - b);
  const slot = new Map(used.map((g, s) => [g, s]));
  const members = used.map((g) => new Int32Array(sizes.get(g)!));
  const filled = new Int32Array(used.length);
  for (let i = 0; i < n; i++) {
    const s = slot.get(assign[i]!)!;
    members[s]![filled[s]!++] = i;
  }
  const groups = members.length;
  const centres = new Float32Array(groups * p);
  members.forEach((rows, g) => {
    for (const r of rows) for (let j = 0; j < p; j++) centres[g * p + j]! += reduced[r * p + j]! / rows.length;
  });
  const probe = Math.min(groups, o.probe ?? 8);
  const nearGroups = await nearestRowsOf(centres, groups, centres, groups, p, probe); // [groups, probe], itself first
  const indices = new Int32Array(n * k).fill(-1);
  const similarities = new Float32Array(n * k).fill(-Infinity);
  const picked = new Int32Array(kc);
  const sims = new Float32Array(kc);
  clock?.lap('knn: group setup');
  for (let g = 0; g < groups; g++) {
    const rows = members[g]!;
    const near = Array.from(nearGroups.subarray(g * probe, (g + 1) * probe), (h) => members[h]!);
    const cand = new Int32Array(near.reduce((s, m) => s + m.length, 0));
    near.reduce((at, m) => (cand.set(m, at), at + m.length), 0);
    const want = Math.min(kc + 1, cand.length); // + 1: the row itself is among them
    const a = gather(reduced, p, rows);
    const b = gather(reduced, p, cand);
    clock?.lap('knn: group setup');
    const top = await nearestRowsOf(a, rows.length, b, cand.length, p, want); // [rows, want]
    clock?.lap('knn: gemm + top-k');
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i]!;
      let count = 0;
      for (let t = 0; t < want && count < kc; t++) {
        const c = cand[top[i * want + t]!]!;
        if (c !== r) picked[count++] = c;
      }
      // Exact cosine similarities of the full features decide the k kept.
      fullRows.dotsWithRow(r, picked, count, sims);
      for (let t = 0; t < count; t++) insert(similarities, indices, r * k, k, sims[t]!, picked[t]!);
    }
    clock?.lap('knn: re-scoring');
    await o.onProgress?.(g + 1, groups);
    clock?.lap('knn: progress');
  }
  for (let i = 0; i < n * k; i++) if (indices[i]! < 0) similarities[i] = 0;
  return { k, indices, similarities };
}
