import { seededRandom } from '../../src/shared/random';

/**
 * A learnable feature set: L Gaussian clusters in D dimensions (centres ~N(0, 1), spread `noise`),
 * and labels with a seeded `flip` fraction changed to another label. truth[i] is the real class.
 */
export function noisyFeatures(n: number, D: number, L: number, flip: number, seed: number, noise = 0.9, intrinsic = 0) {
  const rand = seededRandom(seed);
  const gauss = () => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
  const centres = Float32Array.from({ length: L * D }, gauss);
  // With `intrinsic` > 0 the spread lies mostly in that many directions (like real embeddings):
  // x = centre + noise·A·z (z in `intrinsic` dimensions) + 0.1·noise·(isotropic).
  const A = Float32Array.from({ length: intrinsic * D }, () => gauss() / Math.sqrt(intrinsic || 1) * Math.sqrt(D) / 2);
  const z = new Float32Array(intrinsic);
  const x = new Float32Array(n * D);
  const truth = new Int32Array(n);
  const labels = new Int32Array(n);
  const flipped: number[] = [];
  for (let i = 0; i < n; i++) {
    const c = i % L;
    truth[i] = c;
    if (intrinsic) {
      for (let t = 0; t < intrinsic; t++) z[t] = gauss();
      for (let d = 0; d < D; d++) {
        let s = 0;
        for (let t = 0; t < intrinsic; t++) s += A[t * D + d]! * z[t]!;
        x[i * D + d] = centres[c * D + d]! + noise * (s / Math.sqrt(D) + 0.1 * gauss());
      }
    } else for (let d = 0; d < D; d++) x[i * D + d] = centres[c * D + d]! + noise * gauss();
    labels[i] = c;
    if (rand() < flip) {
      labels[i] = (c + 1 + Math.floor(rand() * (L - 1))) % L;
      flipped.push(i);
    }
  }
  return { x, truth, labels, flipped };
}
