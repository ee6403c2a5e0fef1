import { kmeans } from '../../shared/data/kmeans';
import { matmul } from './matmul';

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

/** Keeps the k smallest (distance, index) pairs of one row, sorted ascending. */
function insert(dist: Float32Array, idx: Int32Array, base: number, k: number, d: number, j: number): void {
  if (d >= dist[base + k - 1]!) return;
  let pos = k - 1;
  while (pos > 0 && dist[base + pos - 1]! > d) {
    dist[base + pos] = dist[base + pos - 1]!;
    idx[base + pos] = idx[base + pos - 1]!;
    pos--;
  }
  dist[base + pos] = d;
  idx[base + pos] = j;
}

function squaredNorms(x: Float32Array, n: number, p: number): Float32Array {
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < p; j++) s += x[i * p + j]! ** 2;
    out[i] = s;
  }
  return out;
}

/**
 * reduced [n, p] (PCA space, Euclidean), full [n, D] unit rows. onProgress(done, total) per group.
 * With `probe` ≥ the group count this is exact in the reduced space.
 */
export async function knnGraph(
  reduced: Float32Array,
  n: number,
  p: number,
  full: Float32Array,
  D: number,
  k: number,
  o: { seed?: number; probe?: number; onProgress?(done: number, total: number): void | Promise<void> } = {},
): Promise<KnnGraph> {
  k = Math.max(1, Math.min(k, n - 1));
  const kc = Math.min(3 * k, n - 1); // candidates per row
  const groups = Math.max(1, Math.round(Math.sqrt(n)));
  const assign = kmeans(reduced, n, p, groups, o.seed ?? 0, 6, 10_000);
  const members: number[][] = Array.from({ length: groups }, () => []);
  for (let i = 0; i < n; i++) members[assign[i]!]!.push(i);
  const centres = new Float32Array(groups * p);
  members.forEach((rows, g) => {
    for (const r of rows) for (let j = 0; j < p; j++) centres[g * p + j]! += reduced[r * p + j]! / rows.length;
  });
  const probe = Math.min(groups, o.probe ?? 8);
  const norms = squaredNorms(reduced, n, p);
  const dist = new Float32Array(n * kc).fill(Infinity);
  const candidates = new Int32Array(n * kc).fill(-1);
  for (let g = 0; g < groups; g++) {
    const rows = members[g]!;
    if (!rows.length) continue;
    const near = Array.from({ length: groups }, (_, h) => {
      let s = 0;
      for (let j = 0; j < p; j++) s += (centres[g * p + j]! - centres[h * p + j]!) ** 2;
      return [s, h] as const;
    })
      .filter(([, h]) => members[h]!.length)
      .sort((a, b) => a[0] - b[0])
      .slice(0, probe);
    const cand = near.flatMap(([, h]) => members[h]!);
    // ‖a − b‖² = ‖a‖² + ‖b‖² − 2·a·b, the products by one GEMM: [rows, p] · [p, cand].
    const a = new Float32Array(rows.length * p);
    rows.forEach((r, i) => a.set(reduced.subarray(r * p, (r + 1) * p), i * p));
    const bt = new Float32Array(p * cand.length);
    cand.forEach((c, j) => {
      for (let t = 0; t < p; t++) bt[t * cand.length + j] = reduced[c * p + t]!;
    });
    const dots = await matmul(a, rows.length, p, bt, cand.length);
    rows.forEach((r, i) => {
      const base = r * kc;
      for (let j = 0; j < cand.length; j++) {
        const c = cand[j]!;
        if (c === r) continue;
        insert(dist, candidates, base, kc, norms[r]! + norms[c]! - 2 * dots[i * cand.length + j]!, c);
      }
    });
    await o.onProgress?.(g + 1, groups);
  }
  // Exact cosine similarities of the full features decide the k kept.
  const idx = new Int32Array(n * k);
  const similarities = new Float32Array(n * k);
  for (let i = 0; i < n; i++) {
    const pairs: [number, number][] = [];
    for (let t = 0; t < kc; t++) {
      const j = candidates[i * kc + t]!;
      if (j < 0) continue;
      let s = 0;
      for (let c = 0; c < D; c++) s += full[i * D + c]! * full[j * D + c]!;
      pairs.push([s, j]);
    }
    pairs.sort((a, b) => b[0] - a[0] || a[1] - b[1]);
    for (let t = 0; t < k; t++) {
      idx[i * k + t] = pairs[t]?.[1] ?? -1;
      similarities[i * k + t] = pairs[t]?.[0] ?? 0;
    }
  }
  return { k, indices: idx, similarities };
}
