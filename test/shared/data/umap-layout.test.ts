import { describe, expect, it } from 'vitest';
import { fitToUnitSquare, powB, umapLayout } from '../../../src/shared/data/umap-layout';
import { seededRandom } from '../../../src/shared/random';

/** n points in L well-separated Gaussian clusters in d dimensions, with their exact k-NN graph. */
function clusters(n: number, d: number, L: number, k: number) {
  const rand = seededRandom(5);
  const gauss = () => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
  const centres = Array.from({ length: L * d }, () => gauss() * 4);
  const x = Float64Array.from({ length: n * d }, (_, v) => centres[((Math.floor(v / d) % L) * d) + (v % d)]! + gauss());
  const indices = new Int32Array(n * k);
  const distances = new Float32Array(n * k);
  for (let i = 0; i < n; i++) {
    const near = Array.from({ length: n }, (_, j) => {
      let s = 0;
      for (let c = 0; c < d; c++) s += (x[i * d + c]! - x[j * d + c]!) ** 2;
      return [j === i ? Infinity : Math.sqrt(s), j] as const;
    }).sort((a, b) => a[0] - b[0]);
    for (let t = 0; t < k; t++) [distances[i * k + t], indices[i * k + t]] = near[t]!;
  }
  return { indices, distances, label: (i: number) => i % L };
}

describe('UMAP layout', () => {
  const n = 600, k = 15, L = 6;
  const { indices, distances, label } = clusters(n, 10, L, k);

  it('keeps classes together in [-1, 1], the same for a seed, other for another', async () => {
    let epochs = 0;
    const y = fitToUnitSquare(await umapLayout(indices, distances, n, k, { seed: 3, onEpoch: () => void epochs++ }), n);
    expect(epochs).toBe(500);
    expect(Math.max(...y.map(Math.abs))).toBeLessThanOrEqual(1 + 1e-6);
    let agree = 0;
    for (let i = 0; i < n; i++) {
      const near = Array.from({ length: n }, (_, j) => [j === i ? Infinity : (y[i * 2]! - y[j * 2]!) ** 2 + (y[i * 2 + 1]! - y[j * 2 + 1]!) ** 2, j] as const)
        .sort((a, b) => a[0] - b[0])
        .slice(0, 10);
      agree += near.filter(([, j]) => label(j) === label(i)).length;
    }
    expect(agree / (n * 10)).toBeGreaterThan(0.95);
    const again = fitToUnitSquare(await umapLayout(indices, distances, n, k, { seed: 3 }), n);
    expect(again).toEqual(y);
    const other = fitToUnitSquare(await umapLayout(indices, distances, n, k, { seed: 4 }), n);
    expect(other).not.toEqual(y);
  });

  it('awaits a promise onEpoch returns before the next epoch', async () => {
    const order: string[] = [];
    await umapLayout(indices, distances, n, k, {
      epochs: 3,
      onEpoch: (epoch) => {
        order.push(`epoch ${epoch}`);
        return new Promise<void>((r) => setTimeout(() => (order.push(`waited ${epoch}`), r()), 5));
      },
    });
    expect(order).toEqual(['epoch 1', 'waited 1', 'epoch 2', 'waited 2', 'epoch 3', 'waited 3']);
  });

  it('computes d² to the power b within 1e-5 of Math.pow, from 1e-12 to 1e6', () => {
    for (let e = -12; e <= 6; e += 0.01) {
      const d2 = 10 ** e;
      expect(Math.abs(powB(d2) / Math.pow(d2, 0.8951) - 1)).toBeLessThan(1e-5);
    }
  });
});
