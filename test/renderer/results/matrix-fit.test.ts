import { describe, expect, it } from 'vitest';
import { fitMatrix, topConfusions } from '../../../src/renderer/features/results/confusion-layout';
import { nextSort, sortClasses, type ClassRow } from '../../../src/renderer/features/results/per-class-sort';

// The side column is ~425 px wide inside its padding (issue 14: 4 of 10 columns showed).
const SIDE = 408;

describe('fitMatrix', () => {
  it('10 classes fit the side column with names and counts (it showed 4 of 10 columns)', () => {
    const fit = fitMatrix(10, SIDE, 'sneaker'.length);
    expect(fit.names).toBe(true);
    expect(fit.labelColumn + fit.totalColumn + 10 * fit.cell + 11 * fit.gap).toBeLessThanOrEqual(SIDE);
    expect(fit.cell).toBeGreaterThanOrEqual(20);
  });

  it('37 classes fit as a compact heatmap, every cell inside the width', () => {
    const fit = fitMatrix(37, SIDE, 'american_pit_bull_terrier'.length);
    expect(fit.names).toBe(false);
    expect(fit.counts).toBe(false);
    expect(37 * fit.cell + 36 * fit.gap).toBeLessThanOrEqual(SIDE);
    expect(fit.cell).toBeGreaterThanOrEqual(9);
  });

  it('the zoomed view keeps names and readable cells, and scrolls instead', () => {
    const fit = fitMatrix(37, 900, 25, 26);
    expect(fit.names).toBe(true);
    expect(fit.cell).toBe(26);
    // In the zoom dialog (~1160 px) 37 named columns and the totals fit without scrolling.
    const zoom = fitMatrix(37, 1158, 25, 22);
    expect(zoom.cell).toBeGreaterThanOrEqual(22);
    expect(zoom.labelColumn + zoom.totalColumn + 37 * zoom.cell + 38 * zoom.gap).toBeLessThanOrEqual(1158);
  });

  it('a few classes get big cells, capped', () => {
    expect(fitMatrix(3, 900, 4).cell).toBe(72);
  });
});

describe('topConfusions', () => {
  it('off-diagonal cells with images, most images first, share of the true class as a tie-break', () => {
    const m = [
      [5, 3, 0],
      [1, 8, 3],
      [0, 0, 4],
    ];
    expect(topConfusions(m)).toEqual([
      { t: 0, p: 1, count: 3, share: 3 / 8 },
      { t: 1, p: 2, count: 3, share: 3 / 12 },
      { t: 1, p: 0, count: 1, share: 1 / 12 },
    ]);
    expect(topConfusions(m, 1)).toHaveLength(1);
    expect(topConfusions([[4, 0], [0, 2]])).toEqual([]);
  });
});

describe('per-class sort', () => {
  const row = (name: string, f1: number, support: number): ClassRow => ({ labelId: name.length, name, precision: f1, recall: f1, f1, support });
  const rows = [row('beagle', 0.9, 10), row('abyssinian', 0.4, 12), row('chihuahua', 0.4, 3)];

  it('sorts by a column with names as tie-break', () => {
    expect(sortClasses(rows, { key: 'f1', dir: 'asc' }).map((r) => r.name)).toEqual(['abyssinian', 'chihuahua', 'beagle']);
    expect(sortClasses(rows, { key: 'support', dir: 'desc' }).map((r) => r.name)).toEqual(['abyssinian', 'beagle', 'chihuahua']);
    expect(sortClasses(rows, { key: 'name', dir: 'asc' }).map((r) => r.name)).toEqual(['abyssinian', 'beagle', 'chihuahua']);
  });

  it('a new column starts ascending (worst first); the same column flips', () => {
    expect(nextSort({ key: 'name', dir: 'asc' }, 'f1')).toEqual({ key: 'f1', dir: 'asc' });
    expect(nextSort({ key: 'f1', dir: 'asc' }, 'f1')).toEqual({ key: 'f1', dir: 'desc' });
  });
});
