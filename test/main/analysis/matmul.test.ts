import { describe, expect, it } from 'vitest';
import { matmul, nearestRowsOf } from '../../../src/main/analysis/matmul';
import { dotsWithRow, multiply, nearestByDistance } from '../../../src/shared/data/vectors';
import { seededRandom } from '../../../src/shared/random';

const randomMatrix = (rows: number, cols: number, seed: number) => {
  const rand = seededRandom(seed);
  return Float32Array.from({ length: rows * cols }, () => rand() - 0.5);
};

describe('the analyses’ matrix products', () => {
  it('multiplies on ONNX Runtime as the JS loop does', async () => {
    const a = randomMatrix(37, 19, 1), b = randomMatrix(19, 23, 2);
    const ort = await matmul(a, 37, 19, b, 23);
    const js = multiply(a, 37, 19, b, 23);
    for (let i = 0; i < js.length; i++) expect(ort[i]).toBeCloseTo(js[i]!, 4);
  });

  it('finds the nearest rows by GEMM + top-k as the JS scan does, nearest first', async () => {
    const m = 41, n = 300, p = 7, want = 12;
    const a = randomMatrix(m, p, 3), b = randomMatrix(n, p, 4);
    const top = await nearestRowsOf(a, m, b, n, p, want);
    const norms = Float32Array.from({ length: n }, (_, j) => b.subarray(j * p, j * p + p).reduce((s, v) => s + v * v, 0));
    expect(Array.from(top)).toEqual(Array.from(nearestByDistance(a, m, b, n, p, norms, want)));
    // Checked against the definition, too: distances ascend and nothing outside is nearer.
    const dist = (i: number, j: number) => a.subarray(i * p, i * p + p).reduce((s, v, t) => s + (v - b[j * p + t]!) ** 2, 0);
    for (let i = 0; i < m; i++) {
      const row = Array.from(top.subarray(i * want, (i + 1) * want));
      for (let t = 1; t < want; t++) expect(dist(i, row[t]!)).toBeGreaterThanOrEqual(dist(i, row[t - 1]!) - 1e-6);
      const worst = dist(i, row[want - 1]!);
      for (let j = 0; j < n; j++) if (!row.includes(j)) expect(dist(i, j)).toBeGreaterThanOrEqual(worst - 1e-6);
    }
  });

  it('finds the single nearest row (k-means’ assignments) as the JS scan does', async () => {
    const m = 500, n = 40, p = 5;
    const a = randomMatrix(m, p, 5), b = randomMatrix(n, p, 6);
    const norms = Float32Array.from({ length: n }, (_, j) => b.subarray(j * p, j * p + p).reduce((s, v) => s + v * v, 0));
    expect(Array.from(await nearestRowsOf(a, m, b, n, p, 1))).toEqual(Array.from(nearestByDistance(a, m, b, n, p, norms, 1)));
  });

  it('dots one row with a list of rows (any count, any width)', () => {
    for (const [d, count] of [[768, 45], [7, 3], [5, 9]] as const) {
      const x = randomMatrix(60, d, d + count);
      const others = Int32Array.from({ length: count }, (_, t) => (t * 7 + 1) % 60);
      const out = new Float32Array(count);
      dotsWithRow(x, d, 2, others, count, out);
      others.forEach((j, t) => expect(out[t]).toBeCloseTo(x.subarray(2 * d, 3 * d).reduce((s, v, c) => s + v * x[j * d + c]!, 0), 4));
    }
  });
});
