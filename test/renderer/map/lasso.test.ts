import { describe, expect, it } from 'vitest';
import { appendLassoPoint, insidePolygon, pointsInPolygon } from '../../../src/renderer/features/map/lasso';

describe('lasso', () => {
  const square = [[0, 0], [1, 0], [1, 1], [0, 1]] as const;

  it('finds the points inside a polygon, concave ones included', () => {
    expect(pointsInPolygon([0.5, 0.5, 1.5, 0.5, 0.1, 0.9, -0.2, 0.2], square)).toEqual([0, 2]);
    // A U shape: the notch between the arms is outside.
    const u = [[0, 0], [3, 0], [3, 3], [2, 3], [2, 1], [1, 1], [1, 3], [0, 3]] as const;
    expect(insidePolygon(u, 0.5, 2)).toBe(true);
    expect(insidePolygon(u, 1.5, 2)).toBe(false);
    expect(insidePolygon(u, 2.5, 2)).toBe(true);
  });

  it('a line or a dot selects nothing', () => {
    expect(pointsInPolygon([0, 0], [[0, 0], [1, 1]])).toEqual([]);
  });

  it('skips drag samples closer than the step', () => {
    let p: [number, number][] = [[0, 0]];
    p = appendLassoPoint(p, 1, 1, 3);
    expect(p).toHaveLength(1);
    p = appendLassoPoint(p, 3, 3, 3);
    expect(p).toEqual([[0, 0], [3, 3]]);
  });
});
