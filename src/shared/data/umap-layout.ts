import { seededRandom } from '../random';
import { fuzzyGraph, type FuzzyGraph } from './umap-graph';

// A 2-D layout that keeps neighbourhoods, as UMAP (McInnes, Healy & Melville 2018; umap-learn)
// computes it from a k-nearest-neighbour graph: the fuzzy simplicial set (umap-graph.ts), then SGD
// on the layout with attraction along edges (sampled by weight) and negative sampling for
// repulsion. min_dist 0.1, spread 1 (a, b below), 5 negative samples, learning rate decaying
// linearly, gradients clipped at 4, as umap-learn's defaults and its optimize_layout_euclidean.

const A = 1.577; // umap-learn's find_ab_params(spread=1, min_dist=0.1)
const B = 0.8951;
const NEGATIVE_SAMPLES = 5;
const CLIP = 4;

// d² to the power b, the hot spot of SGD: Math.pow, or Math.exp(b·log d²), cost 30-70 ns in V8
// (calls into C), several times the rest of an update. Here d² = 2^e·m: 2^(e·b) from a table and
// m^b (m in [1, 2)) interpolated linearly between 64 samples (relative error < 3e-6, x^b being
// nearly linear), ~6 ns; d² outside [2^-20, 2^12) takes the exact path.
const STEPS = 64;
const MANTISSA_POW = Float64Array.from({ length: STEPS + 2 }, (_, q) => Math.pow(1 + q / STEPS, B));
const EXPONENT_POW = Float64Array.from({ length: 32 }, (_, e) => Math.pow(2, (e - 20) * B));
const INVERSE_POW2 = Float64Array.from({ length: 32 }, (_, e) => Math.pow(2, -e));

export function powB(d2: number): number {
  const x = d2 * 1048576; // 2^20
  if (!(x >= 1 && x < 4294967296)) return Math.exp(B * Math.log(d2));
  const e = 31 - Math.clz32(x >>> 0);
  const f = (x * INVERSE_POW2[e]! - 1) * STEPS;
  const q = f | 0;
  const lo = MANTISSA_POW[q]!;
  return EXPONENT_POW[e]! * (lo + (f - q) * (MANTISSA_POW[q + 1]! - lo));
}

export interface LayoutOptions {
  /** 500 for up to 5,000 points, else 200 (umap-learn's default for large sets; its cut-off is 10,000). */
  epochs?: number;
  seed?: number;
  /** Initial positions [n, 2] (e.g. the first two principal components); random when absent. */
  init?: Float32Array;
  /** Called after every epoch; a returned promise is awaited, so a worker can pass messages (progress, cancel). */
  onEpoch?(epoch: number, total: number): void | Promise<void>;
}

/** The edges SGD samples, rows by head: an edge of weight w every wmax/w epochs; weak edges (< wmax/epochs) dropped. */
interface SampledEdges {
  offsets: Int32Array; // [n + 1]
  tail: Int32Array;
  epochsPerSample: Float32Array;
  nextSample: Float64Array;
  nextNegative: Float64Array;
}

function sampledEdges(g: FuzzyGraph, n: number, epochs: number): SampledEdges {
  let wmax = 0;
  for (let e = 0; e < g.weight.length; e++) if (g.weight[e]! > wmax) wmax = g.weight[e]!;
  const keep = (e: number) => g.weight[e]! >= wmax / epochs && g.weight[e]! > 0;
  let count = 0;
  for (let e = 0; e < g.weight.length; e++) if (keep(e)) count++;
  const offsets = new Int32Array(n + 1);
  const tail = new Int32Array(count);
  const epochsPerSample = new Float32Array(count);
  let p = 0;
  for (let i = 0; i < n; i++) {
    for (let e = g.offsets[i]!; e < g.offsets[i + 1]!; e++) {
      if (!keep(e)) continue;
      tail[p] = g.tail[e]!;
      epochsPerSample[p++] = wmax / g.weight[e]!;
    }
    offsets[i + 1] = p;
  }
  const nextSample = Float64Array.from(epochsPerSample);
  const nextNegative = Float64Array.from(epochsPerSample, (v) => v / NEGATIVE_SAMPLES);
  return { offsets, tail, epochsPerSample, nextSample, nextNegative };
}

/**
 * One epoch of umap-learn's optimize_layout_euclidean (Hogwild-style, in place). Rows go by head,
 * so the head's position stays in registers for its row: nothing else moves it meanwhile (tails
 * are other points, negative samples move only the head). An edge's negative samples are all
 * measured from the same head position and applied together: sequential updates would chain
 * every sample's latency to the next (a tiny change to umap-learn, of the kind Hogwild makes
 * anyway). rng: taus88 state (umap-learn's tau_rand), carried across epochs.
 */
function sgdEpoch(y: Float32Array, n: number, s: SampledEdges, epoch: number, alpha: number, rng: Int32Array): void {
  const { offsets, tail, epochsPerSample, nextSample, nextNegative } = s;
  let s0 = rng[0]!, s1 = rng[1]!, s2 = rng[2]!;
  const toIndex = n / 4294967296;
  for (let i = 0; i < n; i++) {
    const end = offsets[i + 1]!;
    let e = offsets[i]!;
    if (e === end) continue;
    let yi0 = y[i * 2]!, yi1 = y[i * 2 + 1]!;
    for (; e < end; e++) {
      if (nextSample[e]! > epoch) continue;
      const j = tail[e]!;
      let dx = yi0 - y[j * 2]!, dy = yi1 - y[j * 2 + 1]!;
      let d2 = dx * dx + dy * dy;
      if (d2 > 0) {
        const pb = powB(d2);
        const g = (-2 * A * B * pb) / (d2 * (A * pb + 1));
        let gx = g * dx, gy = g * dy;
        gx = (gx > CLIP ? CLIP : gx < -CLIP ? -CLIP : gx) * alpha;
        gy = (gy > CLIP ? CLIP : gy < -CLIP ? -CLIP : gy) * alpha;
        yi0 += gx;
        yi1 += gy;
        y[j * 2] = y[j * 2]! - gx;
        y[j * 2 + 1] = y[j * 2 + 1]! - gy;
      }
      const perSample = epochsPerSample[e]!;
      nextSample[e] = nextSample[e]! + perSample;
      const perNegative = perSample / NEGATIVE_SAMPLES;
      const negatives = Math.floor((epoch - nextNegative[e]!) / perNegative);
      let push0 = 0, push1 = 0;
      for (let t = 0; t < negatives; t++) {
        s0 = ((s0 & -2) << 12) ^ (((s0 << 13) ^ s0) >>> 19);
        s1 = ((s1 & -8) << 4) ^ (((s1 << 2) ^ s1) >>> 25);
        s2 = ((s2 & -16) << 17) ^ (((s2 << 3) ^ s2) >>> 11);
        const m = (((s0 ^ s1 ^ s2) >>> 0) * toIndex) | 0;
        if (m === i) continue;
        dx = yi0 - y[m * 2]!;
        dy = yi1 - y[m * 2 + 1]!;
        d2 = dx * dx + dy * dy;
        if (d2 <= 0) continue;
        const g = (2 * B) / ((0.001 + d2) * (A * powB(d2) + 1));
        const gx = g * dx, gy = g * dy;
        push0 += gx > CLIP ? CLIP : gx < -CLIP ? -CLIP : gx;
        push1 += gy > CLIP ? CLIP : gy < -CLIP ? -CLIP : gy;
      }
      yi0 += push0 * alpha;
      yi1 += push1 * alpha;
      if (negatives > 0) nextNegative[e] = nextNegative[e]! + negatives * perNegative;
    }
    y[i * 2] = yi0;
    y[i * 2 + 1] = yi1;
  }
  rng[0] = s0;
  rng[1] = s1;
  rng[2] = s2;
}

/** Positions [n, 2] of the layout. */
export async function umapLayout(indices: Int32Array, distances: Float32Array, n: number, k: number, o: LayoutOptions = {}): Promise<Float32Array> {
  const epochs = o.epochs ?? (n <= 5_000 ? 500 : 200);
  const rand = seededRandom(o.seed ?? 42);
  const edges = sampledEdges(fuzzyGraph(indices, distances, n, k), n, epochs);
  const y = new Float32Array(n * 2);
  if (o.init) {
    // Scaled to [-10, 10] like umap-learn's initialisation, plus a little noise.
    let max = 0;
    for (let i = 0; i < n * 2; i++) max = Math.max(max, Math.abs(o.init[i]!));
    for (let i = 0; i < n * 2; i++) y[i] = (o.init[i]! / (max || 1)) * 10 + (rand() - 0.5) * 1e-4;
  } else for (let i = 0; i < n * 2; i++) y[i] = (rand() - 0.5) * 20;
  // taus88 needs seeds above 1, 7 and 15 (as unsigned 32-bit numbers).
  const rng = Int32Array.from({ length: 3 }, () => (256 + rand() * (4294967296 - 512)) | 0);
  for (let epoch = 0; epoch < epochs; epoch++) {
    sgdEpoch(y, n, edges, epoch, 1 - epoch / epochs, rng);
    const pending = o.onEpoch?.(epoch + 1, epochs);
    if (pending) await pending;
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
