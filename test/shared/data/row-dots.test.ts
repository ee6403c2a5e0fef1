import { describe, expect, it } from 'vitest';
import { rowMatrix } from '../../../src/shared/data/row-dots';
import { seededRandom } from '../../../src/shared/random';

describe('row products (the neighbour index’s exact re-scoring)', () => {
  const exact = (x: Float32Array, d: number, i: number, j: number) => {
    let s = 0;
    for (let c = 0; c < d; c++) s += x[i * d + c]! * x[j * d + c]!;
    return s;
  };

  it.each([
    [768, 'wasm-simd'],
    [64, 'wasm-simd'],
    [20, 'js'], // not a multiple of 16: the JS loop
  ] as const)('width %i: products as the definition, on the %s kernel', (d, kernel) => {
    const n = 50;
    const m = rowMatrix(n, d);
    expect(m.kernel).toBe(kernel);
    const rand = seededRandom(d);
    for (let i = 0; i < m.x.length; i++) m.x[i] = rand() - 0.5;
    // More others than one call of the kernel takes, repeats and the row itself included.
    const count = 5000;
    const others = Int32Array.from({ length: count }, (_, t) => (t * 31 + 7) % n);
    const out = new Float32Array(count);
    for (const row of [0, 17, n - 1]) {
      m.dotsWithRow(row, others, count, out);
      for (let t = 0; t < count; t++) expect(out[t]).toBeCloseTo(exact(m.x, d, row, others[t]!), 4);
    }
  });
});
