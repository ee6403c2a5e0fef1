import { describe, expect, it } from 'vitest';
import { normalizeRows } from '../../../src/shared/data/vectors';
import { rowMatrix } from '../../../src/shared/data/row-dots';
import { fitToUnitSquare, umapLayout } from '../../../src/shared/data/umap-layout';
import { knnGraph } from '../../../src/main/analysis/knn';
import { pca } from '../../../src/main/analysis/pca';
import { noisyFeatures } from '../../helpers/noisy-features';

/** Share of each point's k nearest neighbours (in x [n, d]) that carry its label. */
function neighbourAgreement(x: Float32Array, n: number, d: number, labels: ArrayLike<number>, k: number): number {
  let agree = 0;
  for (let i = 0; i < n; i++) {
    const dist = Array.from({ length: n }, (_, j) => {
      let s = 0;
      for (let c = 0; c < d; c++) s += (x[i * d + c]! - x[j * d + c]!) ** 2;
      return [j === i ? Infinity : s, j] as const;
    }).sort((a, b) => a[0] - b[0]);
    for (let t = 0; t < k; t++) if (labels[dist[t]![1]] === labels[i]) agree++;
  }
  return agree / (n * k);
}

describe('neighbours, near-duplicates and the map', () => {
  const n = 800, D = 96, L = 8;
  // Spread mostly in 16 directions, as real embeddings (isotropic noise in all 96 is the worst case for PCA).
  const { x, truth } = noisyFeatures(n, D, L, 0, 21, 2.5, 16);
  const unitRows = rowMatrix(n, D); // as the worker task: on the WebAssembly kernel
  const unit = normalizeRows(x, n, D, unitRows.x);

  it('finds the exact cosine neighbours for most points (PCA + inverted file)', async () => {
    const reduced = await pca(unit, n, D, 50);
    expect(reduced.explained).toBeGreaterThan(0.3);
    expect(unitRows.kernel).toBe('wasm-simd');
    const graph = await knnGraph(reduced.projected, n, reduced.p, unitRows, D, 10);
    let found = 0;
    for (let i = 0; i < n; i++) {
      const exact = Array.from({ length: n }, (_, j) => {
        let s = 0;
        for (let c = 0; c < D; c++) s += unit[i * D + c]! * unit[j * D + c]!;
        return [j === i ? -Infinity : s, j] as const;
      }).sort((a, b) => b[0] - a[0]).slice(0, 10).map(([, j]) => j);
      const mine = new Set(graph.indices.subarray(i * 10, i * 10 + 10));
      found += exact.filter((j) => mine.has(j)).length;
      for (let t = 1; t < 10; t++) expect(graph.similarities[i * 10 + t]!).toBeLessThanOrEqual(graph.similarities[i * 10 + t - 1]!);
    }
    console.log(`10-NN recall ${(found / (n * 10)).toFixed(3)}`);
    expect(found / (n * 10)).toBeGreaterThan(0.95);
  });

  it('lays out a map that keeps classes together', async () => {
    const reduced = await pca(unit, n, D, 50);
    const graph = await knnGraph(reduced.projected, n, reduced.p, unit, D, 15);
    const init = new Float32Array(n * 2);
    for (let i = 0; i < n; i++) [init[i * 2], init[i * 2 + 1]] = [reduced.projected[i * reduced.p]!, reduced.projected[i * reduced.p + 1]!];
    let epochsSeen = 0;
    const y = fitToUnitSquare(await umapLayout(graph.indices, Float32Array.from(graph.similarities, (s) => 1 - s), n, 15, { init, epochs: 200, onEpoch: () => void epochsSeen++ }), n);
    expect(epochsSeen).toBe(200);
    expect(Math.max(...y.map(Math.abs))).toBeLessThanOrEqual(1 + 1e-6);
    const agreement2d = neighbourAgreement(y, n, 2, truth, 10);
    console.log(`10-NN label agreement: ${agreement2d.toFixed(3)} on the map (chance ${(1 / L).toFixed(3)})`);
    expect(agreement2d).toBeGreaterThan(0.9);
  });
});
