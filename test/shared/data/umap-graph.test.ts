import { describe, expect, it } from 'vitest';
import { fuzzyGraph, membershipStrengths } from '../../../src/shared/data/umap-graph';
import { seededRandom } from '../../../src/shared/random';

/** A random directed k-NN-like graph: k distinct neighbours per row (never itself), ascending distances, some −1 slots. */
function randomKnn(n: number, k: number, seed: number) {
  const rand = seededRandom(seed);
  const indices = new Int32Array(n * k).fill(-1);
  const distances = new Float32Array(n * k);
  for (let i = 0; i < n; i++) {
    const picked = new Set<number>();
    const count = i % 7 === 0 ? k - 2 : k; // a few rows with empty slots
    while (picked.size < count) {
      const j = Math.floor(rand() * n);
      if (j !== i) picked.add(j);
    }
    const ds = Array.from({ length: count }, () => 0.1 + rand()).sort((a, b) => a - b);
    [...picked].forEach((j, t) => [indices[i * k + t], distances[i * k + t]] = [j, ds[t]!]);
  }
  return { indices, distances };
}

describe('UMAP fuzzy graph', () => {
  it('gives each row strengths summing to log2(k), 1 for the nearest neighbour', () => {
    const n = 50, k = 8;
    const { indices, distances } = randomKnn(n, k, 1);
    const w = membershipStrengths(indices, distances, n, k);
    for (let i = 0; i < n; i++) {
      let sum = 0;
      for (let t = 0; t < k; t++) sum += w[i * k + t]!;
      expect(w[i * k]).toBeCloseTo(1, 6);
      expect(sum).toBeCloseTo(Math.log2(k), 3);
      for (let t = 0; t < k; t++) if (indices[i * k + t]! < 0) expect(w[i * k + t]).toBe(0);
    }
  });

  it('is the symmetric fuzzy union w_ij + w_ji − w_ij·w_ji, rows by head, no self-loops', () => {
    const n = 300, k = 10;
    const { indices, distances } = randomKnn(n, k, 2);
    const w = membershipStrengths(indices, distances, n, k);
    const directed = new Map<string, number>();
    for (let i = 0; i < n; i++) for (let t = 0; t < k; t++) if (indices[i * k + t]! >= 0) directed.set(`${i},${indices[i * k + t]}`, w[i * k + t]!);
    const g = fuzzyGraph(indices, distances, n, k);
    expect(g.offsets[n]).toBe(g.tail.length);
    const seen = new Set<string>();
    for (let i = 0; i < n; i++) {
      for (let e = g.offsets[i]!; e < g.offsets[i + 1]!; e++) {
        const j = g.tail[e]!;
        expect(j).not.toBe(i);
        expect(seen.has(`${i},${j}`)).toBe(false);
        seen.add(`${i},${j}`);
        const a = directed.get(`${i},${j}`) ?? 0, b = directed.get(`${j},${i}`) ?? 0;
        expect(g.weight[e]).toBeCloseTo(a + b - a * b, 6);
      }
    }
    // Every directed k-NN edge is there in both directions, and nothing else.
    for (const key of directed.keys()) {
      const [i, j] = key.split(',');
      expect(seen.has(`${i},${j}`) && seen.has(`${j},${i}`)).toBe(true);
    }
    expect(seen.size).toBe(new Set([...directed.keys()].flatMap((key) => [key, key.split(',').reverse().join(',')])).size);
  });
});
