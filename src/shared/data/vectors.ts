import { seededRandom } from '../random';

// Row-major float matrices [n, d] as one Float32Array: the helpers every data-loop computation
// shares (feature normalisation, random projections).

/** Each row scaled to unit length (zero rows stay zero): cosine similarity becomes a dot product. */
export function normalizeRows(x: Float32Array, n: number, d: number, out: Float32Array = new Float32Array(n * d)): Float32Array {
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

/**
 * out[t] = x[row] · x[others[t]] for t < count (rows of width d). Four rows at a time with two
 * accumulators each: the row's values are loaded once per four products and eight independent
 * sums keep the adds from waiting on each other, about 4× a plain loop in V8.
 */
export function dotsWithRow(x: Float32Array, d: number, row: number, others: Int32Array, count: number, out: Float32Array): void {
  const a = row * d;
  let t = 0;
  for (; t + 4 <= count; t += 4) {
    const b0 = others[t]! * d, b1 = others[t + 1]! * d, b2 = others[t + 2]! * d, b3 = others[t + 3]! * d;
    let s0 = 0, s1 = 0, s2 = 0, s3 = 0, u0 = 0, u1 = 0, u2 = 0, u3 = 0;
    let c = 0;
    for (; c + 2 <= d; c += 2) {
      const v = x[a + c]!, w = x[a + c + 1]!;
      s0 += v * x[b0 + c]!;
      s1 += v * x[b1 + c]!;
      s2 += v * x[b2 + c]!;
      s3 += v * x[b3 + c]!;
      u0 += w * x[b0 + c + 1]!;
      u1 += w * x[b1 + c + 1]!;
      u2 += w * x[b2 + c + 1]!;
      u3 += w * x[b3 + c + 1]!;
    }
    for (; c < d; c++) {
      const v = x[a + c]!;
      s0 += v * x[b0 + c]!;
      s1 += v * x[b1 + c]!;
      s2 += v * x[b2 + c]!;
      s3 += v * x[b3 + c]!;
    }
    out[t] = s0 + u0;
    out[t + 1] = s1 + u1;
    out[t + 2] = s2 + u2;
    out[t + 3] = s3 + u3;
  }
  for (; t < count; t++) {
    const b = others[t]! * d;
    let s = 0;
    for (let c = 0; c < d; c++) s += x[a + c]! * x[b + c]!;
    out[t] = s;
  }
}

/**
 * For each row of a [m, p], the `want` rows of b [n, p] nearest by Euclidean distance, nearest
 * first (ties by index): [m, want] indices. bNorms[j] = ‖b_j‖². The plain-JS form of the analyses'
 * GEMM + top-k.
 */
export function nearestByDistance(a: Float32Array, m: number, b: Float32Array, n: number, p: number, bNorms: Float32Array, want: number): Int32Array {
  want = Math.min(want, n);
  const out = new Int32Array(m * want);
  const dist = new Float64Array(n);
  const order = new Int32Array(n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let t = 0; t < p; t++) s += a[i * p + t]! * b[j * p + t]!;
      dist[j] = bNorms[j]! - 2 * s;
      order[j] = j;
    }
    order.sort((x, y) => dist[x]! - dist[y]! || x - y);
    out.set(order.subarray(0, want), i * want);
  }
  return out;
}
