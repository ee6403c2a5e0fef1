import { seededRandom } from '../../src/shared/random';

/**
 * A learnable feature set: L Gaussian clusters in D dimensions (centres ~N(0, 1), spread `noise`),
 * and labels with a seeded `flip` fraction changed to another label. truth[i] is the real class.
 */
export function noisyFeatures(n: number, D: number, L: number, flip: number, seed: number, noise = 0.9) {
  const rand = seededRandom(seed);
  const gauss = () => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
  const centres = Float32Array.from({ length: L * D }, gauss);
  const x = new Float32Array(n * D);
  const truth = new Int32Array(n);
  const labels = new Int32Array(n);
  const flipped: number[] = [];
  for (let i = 0; i < n; i++) {
    const c = i % L;
    truth[i] = c;
    for (let d = 0; d < D; d++) x[i * D + d] = centres[c * D + d]! + noise * gauss();
    labels[i] = c;
    if (rand() < flip) {
      labels[i] = (c + 1 + Math.floor(rand() * (L - 1))) % L;
      flipped.push(i);
    }
  }
  return { x, truth, labels, flipped };
}
