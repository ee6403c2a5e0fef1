import { seededRandom } from '../random';

// A 2-D layout that keeps neighbourhoods, as UMAP (McInnes, Healy & Melville 2018; umap-learn)
// computes it from a k-nearest-neighbour graph: per-point smooth distances (rho, sigma), the fuzzy
// union of the directed graph, then SGD on the layout with attraction along edges (sampled by
// weight) and negative sampling for repulsion. min_dist 0.1, spread 1 (a, b below), 5 negative
// samples, learning rate decaying linearly, gradients clipped at 4, as umap-learn's defaults.

const A = 1.577; // umap-learn's find_ab_params(spread=1, min_dist=0.1)
const B = 0.8951;
const NEGATIVE_SAMPLES = 5;

export interface LayoutOptions {
  /** 500 for up to 5,000 points, else 200 (umap-learn's default for large sets; its cut-off is 10,000). */
  epochs?: number;
  seed?: number;
  /** Initial positions [n, 2] (e.g. the first two principal components); random when absent. */
  init?: Float32Array;
  /** Called after every epoch; awaited, so a worker can pass messages (progress, cancel). */
  onEpoch?(epoch: number, total: number): void | Promise<void>;
}

/** smooth_knn_dist + fuzzy union: symmetric edge list (head, tail, weight). */
export function fuzzyGraph(indices: Int32Array, distances: Float32Array, n: number, k: number) {
  const target = Math.log2(k);
  const w = new Float32Array(n * k);
  for (let i = 0; i < n; i++) {
    let rho = Infinity;
    for (let t = 0; t < k; t++) if (indices[i * k + t]! >= 0 && distances[i * k + t]! > 0) rho = Math.min(rho, distances[i * k + t]!);
    if (!Number.isFinite(rho)) rho = 0;
    let lo = 0, hi = Infinity, sigma = 1;
    for (let it = 0; it < 64; it++) {
      let s = 0;
      for (let t = 0; t < k; t++) if (indices[i * k + t]! >= 0) s += Math.exp(-Math.max(0, distances[i * k + t]! - rho) / sigma);
      if (Math.abs(s - target) < 1e-5) break;
      if (s > target) [hi, sigma] = [sigma, (lo + sigma) / 2];
      else [lo, sigma] = [sigma, hi === Infinity ? sigma * 2 : (sigma + hi) / 2];
    }
    for (let t = 0; t < k; t++) if (indices[i * k + t]! >= 0) w[i * k + t] = Math.exp(-Math.max(0, distances[i * k + t]! - rho) / Math.max(sigma, 1e-3 * rho || 1e-12));
  }
  // w_ij + w_ji − w_ij·w_ji, each undirected edge in both directions (as umap-learn's symmetric graph).
  const edges = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    for (let t = 0; t < k; t++) {
      const j = indices[i * k + t]!;
      if (j < 0 || j === i) continue;
      const key = i < j ? i * n + j : j * n + i;
      const prev = edges.get(key);
      const v = w[i * k + t]!;
      edges.set(key, prev === undefined ? v : prev + v - prev * v);
    }
  }
  const head = new Int32Array(edges.size * 2);
  const tail = new Int32Array(edges.size * 2);
  const weight = new Float32Array(edges.size * 2);
  let e = 0;
  for (const [key, v] of edges) {
    const [i, j] = [Math.floor(key / n), key % n];
    [head[e], tail[e], weight[e++]] = [i, j, v];
    [head[e], tail[e], weight[e++]] = [j, i, v];
  }
  return { head, tail, weight };
}

const clip = (v: number) => (v > 4 ? 4 : v < -4 ? -4 : v);

/** Positions [n, 2] of the layout. */
export async function umapLayout(indices: Int32Array, distances: Float32Array, n: number, k: number, o: LayoutOptions = {}): Promise<Float32Array> {
  const epochs = o.epochs ?? (n <= 5_000 ? 500 : 200);
  const rand = seededRandom(o.seed ?? 42);
  const { head, tail, weight } = fuzzyGraph(indices, distances, n, k);
  const y = new Float32Array(n * 2);
  if (o.init) {
    // Scaled to [-10, 10] like umap-learn's initialisation, plus a little noise.
    let max = 0;
    for (let i = 0; i < n * 2; i++) max = Math.max(max, Math.abs(o.init[i]!));
    for (let i = 0; i < n * 2; i++) y[i] = (o.init[i]! / (max || 1)) * 10 + (rand() - 0.5) * 1e-4;
  } else for (let i = 0; i < n * 2; i++) y[i] = (rand() - 0.5) * 20;
  let wmax = 0;
  for (const v of weight) wmax = Math.max(wmax, v);
  // epochs_per_sample: an edge of weight w is used every wmax/w epochs; weak edges (< wmax/epochs) never.
  const perSample = Float32Array.from(weight, (v) => (v >= wmax / epochs ? wmax / v : -1));
  const nextSample = Float32Array.from(perSample);
  const perNegative = Float32Array.from(perSample, (v) => v / NEGATIVE_SAMPLES);
  const nextNegative = Float32Array.from(perNegative);
  for (let epoch = 0; epoch < epochs; epoch++) {
    const alpha = 1 - epoch / epochs;
    for (let e = 0; e < head.length; e++) {
      if (perSample[e]! < 0 || nextSample[e]! > epoch) continue;
      const i = head[e]!, j = tail[e]!;
      let dx = y[i * 2]! - y[j * 2]!, dy = y[i * 2 + 1]! - y[j * 2 + 1]!;
      let d2 = dx * dx + dy * dy;
      if (d2 > 0) {
        const powB = Math.pow(d2, B); // d2^(b−1) = d2^b / d2: one pow per update
        const g = (-2 * A * B * (powB / d2)) / (A * powB + 1);
        const gx = clip(g * dx) * alpha, gy = clip(g * dy) * alpha;
        y[i * 2]! += gx; y[i * 2 + 1]! += gy;
        y[j * 2]! -= gx; y[j * 2 + 1]! -= gy;
      }
      nextSample[e]! += perSample[e]!;
      const negatives = Math.floor((epoch - nextNegative[e]!) / perNegative[e]!);
      for (let s = 0; s < negatives; s++) {
        const m = Math.floor(rand() * n);
        if (m === i) continue;
        dx = y[i * 2]! - y[m * 2]!;
        dy = y[i * 2 + 1]! - y[m * 2 + 1]!;
        d2 = dx * dx + dy * dy;
        if (d2 <= 0) continue;
        const g = (2 * B) / ((0.001 + d2) * (A * Math.pow(d2, B) + 1));
        y[i * 2]! += clip(g * dx) * alpha;
        y[i * 2 + 1]! += clip(g * dy) * alpha;
      }
      nextNegative[e]! += negatives * perNegative[e]!;
    }
    await o.onEpoch?.(epoch + 1, epochs);
  }
  return y;
}

/** Positions scaled into [-1, 1] (aspect kept, centred), as WebGL scatterplots take them. */
export function fitToUnitSquare(y: Float32Array, n: number): Float32Array {
  let minX = Infinity, maxX = -Infinity, minY = Infinity, maxY = -Infinity;
  for (let i = 0; i < n; i++) {
    minX = Math.min(minX, y[i * 2]!); maxX = Math.max(maxX, y[i * 2]!);
    minY = Math.min(minY, y[i * 2 + 1]!); maxY = Math.max(maxY, y[i * 2 + 1]!);
  }
  const half = Math.max(maxX - minX, maxY - minY) / 2 || 1;
  const cx = (minX + maxX) / 2, cy = (minY + maxY) / 2;
  const out = new Float32Array(n * 2);
  for (let i = 0; i < n; i++) {
    out[i * 2] = (y[i * 2]! - cx) / half;
    out[i * 2 + 1] = (y[i * 2 + 1]! - cy) / half;
  }
  return out;
}
