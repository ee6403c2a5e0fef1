import { describe, expect, it } from 'vitest';
import { cellColor, cellInk, confusionLayout } from '../../../src/renderer/features/results/confusion-layout';

describe('confusion matrix layout', () => {
  const m = [
    [8, 2, 0],
    [1, 9, 0],
    [0, 0, 0],
  ];

  it('totals rows, columns and the whole matrix', () => {
    const l = confusionLayout(m);
    expect(l.rowTotals).toEqual([10, 10, 0]);
    expect(l.colTotals).toEqual([9, 11, 0]);
    expect(l.total).toBe(20);
  });

  it('shares are per true row; an empty row has share 0, not NaN', () => {
    const l = confusionLayout(m);
    expect(l.cells[0]![0]!.share).toBeCloseTo(0.8);
    expect(l.cells[0]![1]!.share).toBeCloseTo(0.2);
    expect(l.cells[2]![2]!.share).toBe(0);
    expect(l.cells[1]![1]!.diagonal).toBe(true);
  });

  it('fits cells into the width within bounds', () => {
    expect(confusionLayout(m, 600).cell).toBe(72);
    expect(confusionLayout(Array.from({ length: 100 }, () => new Array(100).fill(0)), 600).cell).toBe(28);
    expect(confusionLayout(Array.from({ length: 12 }, () => new Array(12).fill(0)), 600).cell).toBe(50);
  });

  it('colours correct cells green, errors red, empty cells not at all', () => {
    const l = confusionLayout(m);
    expect(cellColor(l.cells[0]![0]!)).toMatch(/^rgba\(31, 157, 85/);
    expect(cellColor(l.cells[0]![1]!)).toMatch(/^rgba\(217, 61, 61/);
    expect(cellColor(l.cells[0]![2]!)).toBe('transparent');
    expect(cellInk(l.cells[0]![0]!)).toBe('light');
    expect(cellInk(l.cells[0]![1]!)).toBe('dark');
  });
});
