import { describe, expect, it } from 'vitest';
import { buildPointGrid, buildPointIndex, gridIndex } from '../../../src/renderer/features/map/point-index';
import { seededRandom } from '../../../src/shared/random';

describe('point index', () => {
  it('answers the nearest point within the radius, as brute force does', () => {
    const rand = seededRandom(5);
    const n = 5000;
    const xy = Float32Array.from({ length: 2 * n }, () => rand() * 2 - 1);
    const index = buildPointIndex(xy, 64);
    for (let q = 0; q < 200; q++) {
      const x = rand() * 2.2 - 1.1;
      const y = rand() * 2.2 - 1.1;
      const radius = 0.03;
      let best = -1;
      let bestD = radius * radius;
      for (let i = 0; i < n; i++) {
        const d = (xy[2 * i]! - x) ** 2 + (xy[2 * i + 1]! - y) ** 2;
        if (d <= bestD) [best, bestD] = [i, d];
      }
      const found = index.nearest(x, y, radius);
      if (best < 0) expect(found).toBe(-1);
      else expect((xy[2 * found]! - x) ** 2 + (xy[2 * found + 1]! - y) ** 2).toBeCloseTo(bestD, 10);
    }
  });

  it('a grid survives the trip between threads (structured clone) and answers the same', () => {
    const xy = Float32Array.from([0.5, 0.5, -0.5, -0.5, 0.9, -0.9, 1.2, 1.2]);
    const grid = structuredClone(buildPointGrid(xy, 16));
    // Every point sits in exactly one cell; points off the layout land in the edge cells.
    expect([...grid.order].sort()).toEqual([0, 1, 2, 3]);
    expect(grid.start[grid.start.length - 1]).toBe(4);
    const index = gridIndex(xy, grid);
    expect(index.nearest(0.49, 0.51, 0.05)).toBe(0);
    expect(index.nearest(-0.5, -0.52, 0.05)).toBe(1);
    expect(index.nearest(1.19, 1.2, 0.05)).toBe(3);
    expect(index.nearest(0, 0, 0.1)).toBe(-1);
  });

  it('an empty map has nothing under the pointer', () => {
    expect(buildPointIndex(new Float32Array(0)).nearest(0, 0, 1)).toBe(-1);
  });
});
