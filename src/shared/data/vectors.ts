import { seededRandom } from '../random';

// Row-major float matrices [n, d] as one Float32Array: the helpers every data-loop computation
// shares (feature normalisation, random projections).

/** Each row scaled to unit length (zero rows stay zero): cosine similarity becomes a dot product. */
export function normalizeRows(x: Float32Array, n: number, d: number): Float32Array {
  const out = new Float32Array(n * d);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < d; j++) s += x[i * d + j]! * x[i * d + j]!;
    const inv = s > 0 ? 1 / Math.sqrt(s) : 0;
    for (let j = 0; j < d; j++) out[i * d + j] = x[i * d + j]! * inv;
  }
  return out;
}

/** Each column shifted to mean 0 and scaled to standard deviation 1 (constant columns: 0); `out` may be x. */
export function standardizeColumns(x: Float32Array, n: number, d: number, out: Float32Array = new Float32Array(n * d)): Float32Array {
  const mean = new Float64Array(d);
  const sq = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) {
      const v = x[i * d + j]!;
      mean[j]! += v;
      sq[j]! += v * v;
    }
  }
  const inv = new Float64Array(d);
  for (let j = 0; j < d; j++) {
    mean[j]! /= Math.max(n, 1);
    const variance = sq[j]! / Math.max(n, 1) - mean[j]! * mean[j]!;
    inv[j] = variance > 1e-12 ? 1 / Math.sqrt(variance) : 0;
  }
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) out[i * d + j] = (x[i * d + j]! - mean[j]!) * inv[j]!;
  return out;
}

/** A seeded Gaussian matrix [d, p] scaled by 1/√p (Johnson–Lindenstrauss). */
export function gaussianMatrix(d: number, p: number, seed: number): Float32Array {
  const rand = seededRandom(seed);
  const out = new Float32Array(d * p);
  const scale = 1 / Math.sqrt(p);
  for (let i = 0; i < out.length; i += 2) {
    // Box–Muller: two normal draws per two uniforms.
    const r = Math.sqrt(-2 * Math.log(1 - rand()));
    const t = 2 * Math.PI * rand();
    out[i] = r * Math.cos(t) * scale;
    if (i + 1 < out.length) out[i + 1] = r * Math.sin(t) * scale;
  }
  return out;
}

/** x [n, d] · m [d, p] → [n, p] */
export function multiply(x: Float32Array, n: number, d: number, m: Float32Array, p: number): Float32Array {
  const out = new Float32Array(n * p);
  const acc = new Float64Array(p);
  for (let i = 0; i < n; i++) {
    acc.fill(0);
    for (let j = 0; j < d; j++) {
      const v = x[i * d + j]!;
      if (v === 0) continue;
      const row = j * p;
      for (let c = 0; c < p; c++) acc[c]! += v * m[row + c]!;
    }
    for (let c = 0; c < p; c++) out[i * p + c] = acc[c]!;
  }
  return out;
}
