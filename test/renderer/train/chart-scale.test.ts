import { describe, expect, it } from 'vitest';
import { extent, formatTick, linearScale, linePath, logTicks, niceStep, niceTicks } from '../../../src/renderer/features/train/chart-scale';

describe('chart scaling', () => {
  it('picks 1-2-5 steps', () => {
    expect(niceStep(0.13)).toBeCloseTo(0.2);
    expect(niceStep(0.3)).toBeCloseTo(0.5);
    expect(niceStep(7)).toBe(10);
    expect(niceStep(1)).toBe(1);
  });

  it('covers the data with nice ticks and widens the domain to them', () => {
    const { ticks, domain } = niceTicks(0.23, 0.91, 5);
    expect(ticks[0]).toBeLessThanOrEqual(0.23);
    expect(ticks[ticks.length - 1]).toBeGreaterThanOrEqual(0.91);
    expect(domain).toEqual({ min: ticks[0], max: ticks[ticks.length - 1] });
    expect(ticks).toEqual([0.2, 0.4, 0.6, 0.8, 1]);
  });

  it('handles a flat series and reversed bounds', () => {
    expect(niceTicks(2, 2).domain.min).toBeLessThan(2);
    expect(niceTicks(2, 2).domain.max).toBeGreaterThan(2);
    expect(niceTicks(5, 1).ticks[0]).toBeLessThanOrEqual(1);
  });

  it('log ticks are powers of ten around the data', () => {
    const { ticks, domain } = logTicks(0.03, 2.3);
    expect(domain).toEqual({ min: 0.01, max: 10 });
    expect(ticks).toContain(0.1);
    expect(ticks).toContain(1);
  });

  it('maps domain to range, y flipped', () => {
    const y = linearScale({ min: 0, max: 1 }, [100, 0]);
    expect(y(0)).toBe(100);
    expect(y(1)).toBe(0);
    expect(y(0.25)).toBe(75);
  });

  it('draws a path that breaks at missing values', () => {
    const x = linearScale({ min: 1, max: 3 }, [0, 20]);
    const y = linearScale({ min: 0, max: 1 }, [10, 0]);
    expect(linePath([{ x: 1, y: 0 }, { x: 2, y: null }, { x: 3, y: 1 }], x, y)).toBe('M0 10M20 0');
    expect(linePath([{ x: 1, y: 0 }, { x: 3, y: 1 }], x, y)).toBe('M0 10L20 0');
  });

  it('finds the extent over series, skipping gaps', () => {
    const s = [{ name: 'a', color: 'red', points: [{ x: 1, y: 3 }, { x: 2, y: null }] }, { name: 'b', color: 'blue', points: [{ x: 5, y: -1 }] }];
    expect(extent(s, 'y')).toEqual({ min: -1, max: 3 });
    expect(extent(s, 'x')).toEqual({ min: 1, max: 5 });
    expect(extent([], 'y')).toBeNull();
  });

  it('formats ticks compactly', () => {
    expect(formatTick(0)).toBe('0');
    expect(formatTick(0.2)).toBe('0.2');
    expect(formatTick(1500)).toBe('1.5k');
    expect(formatTick(0.001)).toBe('1e-3');
  });
});
