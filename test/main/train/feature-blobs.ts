import { seededRandom } from '../../../src/shared/random';

/** n cached-feature-like rows [n, D] in L noisy clusters (random labels): learnable, not trivially. */
export function featureBlobs(n: number, D: number, L: number, seed: number) {
  const rand = seededRandom(seed);
  const x = new Float32Array(n * D);
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    y[i] = Math.floor(rand() * L);
    for (let d = 0; d < D; d++) x[i * D + d] = (d % L === y[i] ? 1.5 : 0) + rand() * 2 - 1;
  }
  return { x, y };
}
