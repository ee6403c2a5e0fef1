import { seededRandom } from '../../shared/random';
import { matmul } from './matmul';
import type { PhaseClock } from './phase-clock';

// Principal components of a feature set: the covariance of a seeded sample of rows (one GEMM),
// its top p eigenvectors by subspace iteration, then every row projected (one GEMM). The
// neighbour search and the map work in this space: 768 dimensions become ~50, distances kept.

/** Columns of q [d, p] made orthonormal in place (modified Gram–Schmidt). */
function orthonormalize(q: Float64Array, d: number, p: number): void {
  for (let j = 0; j < p; j++) {
    for (let i = 0; i < j; i++) {
      let dot = 0;
      for (let r = 0; r < d; r++) dot += q[r * p + i]! * q[r * p + j]!;
      for (let r = 0; r < d; r++) q[r * p + j]! -= dot * q[r * p + i]!;
    }
    let norm = 0;
    for (let r = 0; r < d; r++) norm += q[r * p + j]! ** 2;
    norm = Math.sqrt(norm) || 1;
    for (let r = 0; r < d; r++) q[r * p + j]! /= norm;
  }
}

export interface Pca {
  /** Rows projected on the components, [n, p], centred. */
  projected: Float32Array;
  p: number;
  /** Share of the variance the p components keep. */
  explained: number;
}

export async function pca(x: Float32Array, n: number, d: number, p: number, seed = 0, sampleSize = 8000, clock?: PhaseClock): Promise<Pca> {
  p = Math.min(p, d, n);
  const rand = seededRandom(seed + 1);
  const rows = n <= sampleSize ? Array.from({ length: n }, (_, i) => i) : Array.from({ length: sampleSize }, () => Math.floor(rand() * n));
  const m = rows.length;
  const mean = new Float64Array(d);
  for (const r of rows) for (let j = 0; j < d; j++) mean[j]! += x[r * d + j]! / m;
  // Centred sample, transposed [d, m], so that S·Sᵀ/m is the covariance [d, d].
  const st = new Float32Array(d * m);
  const s = new Float32Array(m * d);
  rows.forEach((r, i) => {
    for (let j = 0; j < d; j++) {
      const v = x[r * d + j]! - mean[j]!;
      st[j * m + i] = v;
      s[i * d + j] = v;
    }
  });
  const cov = await matmul(st, d, m, s, d);
  clock?.lap('pca: covariance');
  let trace = 0;
  for (let j = 0; j < d; j++) trace += cov[j * d + j]!;
  // Subspace iteration: Q ← orth(C·Q), converging to the top-p eigenvectors.
  const q = new Float64Array(d * p);
  for (let i = 0; i < q.length; i++) q[i] = rand() - 0.5;
  orthonormalize(q, d, p);
  for (let it = 0; it < 30; it++) {
    q.set(await matmul(cov, d, d, Float32Array.from(q), p));
    orthonormalize(q, d, p);
  }
  clock?.lap('pca: subspace iteration');
  // Variance along each component (qᵀ C q), to order them and report what is kept.
  let kept = 0;
  const variance = Array.from({ length: p }, (_, j) => {
    let v = 0;
    for (let r = 0; r < d; r++) {
      let cq = 0;
      for (let c = 0; c < d; c++) cq += cov[r * d + c]! * q[c * p + j]!;
      v += q[r * p + j]! * cq;
    }
    kept += v;
    return v;
  });
  const order = variance.map((v, j) => [v, j] as const).sort((a, b) => b[0] - a[0]).map(([, j]) => j);
  const components = new Float32Array(d * p);
  for (let r = 0; r < d; r++) order.forEach((j, c) => (components[r * p + c] = q[r * p + j]!));
  // Project every row, centred: x·C − mean·C, in blocks of x itself (no centred copy of x).
  const meanProjected = new Float64Array(p);
  for (let j = 0; j < d; j++) for (let c = 0; c < p; c++) meanProjected[c]! += mean[j]! * components[j * p + c]!;
  const projected = new Float32Array(n * p);
  const block = 8192;
  for (let start = 0; start < n; start += block) {
    const rowsHere = Math.min(block, n - start);
    const part = await matmul(x.subarray(start * d, (start + rowsHere) * d), rowsHere, d, components, p);
    for (let i = 0; i < rowsHere; i++) for (let c = 0; c < p; c++) projected[(start + i) * p + c] = part[i * p + c]! - meanProjected[c]!;
  }
  clock?.lap('pca: projection');
  return { projected, p, explained: trace > 0 ? kept / trace : 0 };
}
