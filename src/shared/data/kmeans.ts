import { seededRandom } from '../random';

// k-means (k-means++ seeding, Lloyd iterations) on a seeded sample, then every point assigned to
// its nearest centre: enough to group look-alikes for the review order and the neighbour index's
// inverted file. The assignments (most of the work) go through `nearestCentre`, which the worker
// gives a GEMM; the plain loop here serves small sets and tests.

function sqDist(x: Float32Array, i: number, c: Float32Array, j: number, d: number): number {
  let s = 0;
  for (let k = 0; k < d; k++) {
    const t = x[i * d + k]! - c[j * d + k]!;
    s += t * t;
  }
  return s;
}

function nearest(x: Float32Array, i: number, centres: Float32Array, C: number, d: number): number {
  let best = 0;
  let bestD = Infinity;
  for (let j = 0; j < C; j++) {
    const dist = sqDist(x, i, centres, j, d);
    if (dist < bestD) [best, bestD] = [j, dist];
  }
  return best;
}

/** Index of the nearest of the k centres [k, d] for each of the m rows of x [m, d]. */
export type NearestCentre = (x: Float32Array, m: number, centres: Float32Array, k: number, d: number) => Int32Array | Promise<Int32Array>;

export const nearestCentreLoop: NearestCentre = (x, m, centres, k, d) => Int32Array.from({ length: m }, (_, i) => nearest(x, i, centres, k, d));

/** Cluster index of each of the n rows of x [n, d], C clusters at most (fewer when n is smaller). */
export async function kmeans(
  x: Float32Array,
  n: number,
  d: number,
  C: number,
  seed: number,
  iterations = 8,
  sampleSize = 5000,
  nearestCentre: NearestCentre = nearestCentreLoop,
): Promise<Int32Array> {
  const k = Math.max(1, Math.min(C, n));
  const rand = seededRandom(seed);
  const sample = n <= sampleSize ? Array.from({ length: n }, (_, i) => i) : Array.from({ length: sampleSize }, () => Math.floor(rand() * n));
  const m = sample.length;
  const sx = new Float32Array(m * d);
  sample.forEach((row, i) => sx.set(x.subarray(row * d, (row + 1) * d), i * d));
  // k-means++: each next centre drawn with probability ∝ squared distance to the nearest chosen one.
  const centres = new Float32Array(k * d);
  centres.set(sx.subarray(0, d));
  const closest = new Float64Array(m).fill(Infinity);
  for (let j = 1; j < k; j++) {
    let total = 0;
    for (let i = 0; i < m; i++) {
      closest[i] = Math.min(closest[i]!, sqDist(sx, i, centres, j - 1, d));
      total += closest[i]!;
    }
    let r = rand() * total;
    let pick = m - 1;
    for (let i = 0; i < m; i++) if ((r -= closest[i]!) <= 0) { pick = i; break; }
    centres.set(sx.subarray(pick * d, (pick + 1) * d), j * d);
  }
  for (let it = 0; it < iterations; it++) {
    const assign = await nearestCentre(sx, m, centres, k, d);
    const sums = new Float64Array(k * d);
    const counts = new Int32Array(k);
    for (let i = 0; i < m; i++) {
      counts[assign[i]!]!++;
      for (let t = 0; t < d; t++) sums[assign[i]! * d + t]! += sx[i * d + t]!;
    }
    for (let j = 0; j < k; j++) if (counts[j]) for (let t = 0; t < d; t++) centres[j * d + t] = sums[j * d + t]! / counts[j]!;
  }
  return nearestCentre(x, n, centres, k, d);
}
