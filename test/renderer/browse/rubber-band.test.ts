import { describe, expect, it } from 'vitest';
import { cellsInBand } from '../../../src/renderer/features/browse/rubber-band';

// 4 columns of 100 px cells with 8 px gaps; rows 100 + 40 caption + 8 gap = 148 px.
const g = { columns: 4, cell: 100, rowHeight: 148, gap: 8, count: 10 };

describe('rubber band', () => {
  it('covers the cells the rectangle touches, in any drag direction', () => {
    // From inside cell 0 to inside cell 5 (row 1, column 1).
    expect(cellsInBand({ x0: 50, y0: 50, x1: 150, y1: 200 }, g)).toEqual([0, 1, 4, 5]);
    expect(cellsInBand({ x0: 150, y0: 200, x1: 50, y1: 50 }, g)).toEqual([0, 1, 4, 5]);
  });

  it('a band inside one gap touches nothing; the last row stops at count', () => {
    expect(cellsInBand({ x0: 109, y0: 10, x1: 115, y1: 60 }, g)).toEqual([]);
    expect(cellsInBand({ x0: 0, y0: 300, x1: 1000, y1: 400 }, g)).toEqual([8, 9]);
  });
});
