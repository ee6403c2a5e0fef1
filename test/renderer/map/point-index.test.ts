import { describe, expect, it } from 'vitest';
import { buildPointIndex } from '../../../src/renderer/features/map/point-index';
import { seededRandom } from '../../../src/shared/random';

describe('point index', () => {
  it('answers the nearest point within the radius, as brute force does', () => {
    const rand = seededRandom(5);
    const n = 5000;
    const xs = Float32Array.from({ length: n }, () => rand() * 2 - 1);
    const ys = Float32Array.from({ length: n }, () => rand() * 2 - 1);
    const index = buildPointIndex(xs, ys, 64);
    for (let q = 0; q < 200; q++) {
      const x = rand() * 2.2 - 1.1;
      const y = rand() * 2.2 - 1.1;
      const radius = 0.03;
      let best = -1;
      let bestD = radius * radius;
      for (let i = 0; i < n; i++) {
        const d = (xs[i]! - x) ** 2 + (ys[i]! - y) ** 2;
        if (d <= bestD) [best, bestD] = [i, d];
      }
      const found = index.nearest(x, y, radius);
      if (best < 0) expect(found).toBe(-1);
      else expect((xs[found]! - x) ** 2 + (ys[found]! - y) ** 2).toBeCloseTo(bestD, 10);
    }
  });

  it('an empty map has nothing under the pointer', () => {
    expect(buildPointIndex(new Float32Array(0), new Float32Array(0)).nearest(0, 0, 1)).toBe(-1);
  });
});
