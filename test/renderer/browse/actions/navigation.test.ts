import { describe, expect, it, vi } from 'vitest';
import { context, hints, key, press } from './workbench-context';

describe('grid navigation', () => {
  it('arrows move by one cell or one row, Home/End to the ends, Shift extends', () => {
    const c = context();
    const hit = (k: string, shiftKey = false) => press(key(k, { shiftKey }), c);
    hit('ArrowRight');
    hit('ArrowLeft');
    hit('ArrowDown', true);
    hit('ArrowUp');
    hit('Home');
    hit('End', true);
    expect(vi.mocked(c.moveFocus).mock.calls).toEqual([
      [8, false],
      [6, false],
      [12, true],
      [2, false],
      [0, false],
      [19, true],
    ]);
  });

  it('Enter opens the lightbox; there arrows step one image and Esc closes it', () => {
    const grid = context();
    press(key('Enter'), grid);
    expect(grid.openLightbox).toHaveBeenCalled();
    const box = context({ lightboxOpen: true });
    press(key('ArrowDown'), box);
    press(key('ArrowUp'), box);
    press(key('Escape'), box);
    expect(box.moveFocus).toHaveBeenNthCalledWith(1, 8, false);
    expect(box.moveFocus).toHaveBeenNthCalledWith(2, 6, false);
    expect(box.closeLightbox).toHaveBeenCalled();
    expect(box.clearSelection).not.toHaveBeenCalled();
  });

  it('an empty grid takes no navigation keys', () => {
    expect(press(key('ArrowRight'), context({ total: 0 }))).toBe(false);
    expect(press(key('Enter'), context({ total: 0 }))).toBe(false);
  });
});

describe('selection keys', () => {
  it('Space toggles the focused image, Esc clears, Ctrl+A selects all', () => {
    const c = context();
    press(key(' '), c);
    press(key('Escape'), c);
    press(key('a', { ctrlKey: true }), c);
    expect(c.toggleFocused).toHaveBeenCalled();
    expect(c.clearSelection).toHaveBeenCalled();
    expect(c.selectAll).toHaveBeenCalled();
  });

  it('with a label named "a", plain A assigns it and Ctrl+A still selects all', () => {
    const c = context({ labelNames: ['a', 'b'] });
    press(key('a'), c);
    press(key('a', { ctrlKey: true }), c);
    expect(c.assignLabel).toHaveBeenCalledWith(100);
    expect(c.selectAll).toHaveBeenCalledTimes(1);
  });
});
