import { describe, expect, it } from 'vitest';
import { isEnlarged } from '../../../src/renderer/features/browse/ImageCell';

describe('isEnlarged', () => {
  it('a 28 px image in a 148 px cell is enlarged; a photo is not', () => {
    expect(isEnlarged({ width: 28, height: 28 }, 148)).toBe(true);
    expect(isEnlarged({ width: 640, height: 480 }, 148)).toBe(false);
    // object-fit: cover scales the short side to the cell.
    expect(isEnlarged({ width: 400, height: 100 }, 148)).toBe(true);
    expect(isEnlarged({ width: 0, height: 0 }, 148)).toBe(false);
  });
});
