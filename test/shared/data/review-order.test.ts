import { describe, expect, it } from 'vitest';
import { reviewOrder } from '../../../src/shared/data/review-order';
import { kmeans } from '../../../src/shared/data/kmeans';

describe('review order', () => {
  it('puts the least confident first but never two of one cluster side by side', () => {
    // Cluster 0: 20 near-copies, all unsure; clusters 1–4: a few images each, surer.
    const confidence = [...Array.from({ length: 20 }, (_, i) => 0.3 + i * 0.001), ...Array.from({ length: 12 }, (_, i) => 0.5 + i * 0.01)];
    const cluster = [...new Array(20).fill(0), ...Array.from({ length: 12 }, (_, i) => 1 + (i % 4))];
    const order = reviewOrder(confidence, cluster, 2);
    expect(order[0]).toBe(0);
    expect(new Set(order).size).toBe(32);
    for (let i = 1; i < 12; i++) expect(cluster[order[i]!]).not.toBe(cluster[order[i - 1]!]);
    // Within the first 9, cluster 0 appears 3 times (every third place), not 9.
    expect(order.slice(0, 9).filter((i) => cluster[i] === 0)).toHaveLength(3);
  });

  it('groups points that sit together', async () => {
    const x = new Float32Array(200 * 2);
    for (let i = 0; i < 200; i++) {
      x[i * 2] = (i % 4) * 10 + Math.sin(i) * 0.1;
      x[i * 2 + 1] = Math.cos(i) * 0.1;
    }
    const c = await kmeans(x, 200, 2, 4, 3);
    for (let i = 4; i < 200; i++) expect(c[i]).toBe(c[i % 4]);
    expect(new Set(c).size).toBe(4);
  });
});
