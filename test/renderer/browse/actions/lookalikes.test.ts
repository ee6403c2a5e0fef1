import { describe, expect, it } from 'vitest';
import { moreLikeThis } from '../../../../src/renderer/features/browse/actions/lookalikes';
import { context, hints, key, press } from './workbench-context';

describe('moreLikeThis (M)', () => {
  it('M or m shows the focused image’s look-alikes, in the grid and in the lightbox', () => {
    const c = context();
    expect(press(key('m'), c)).toBe(true);
    expect(press(key('M', { shiftKey: true }), context({ lightboxOpen: true }))).toBe(true);
    expect(c.moreLikeThis).toHaveBeenCalledTimes(1);
    expect(hints(c).find((h) => h.name === moreLikeThis.name)?.shortcut).toBe('M');
  });

  it('does nothing with Ctrl/Alt, with no image, while the picker is open, or without look-alikes in this build', () => {
    for (const [k, c] of [
      [key('m', { ctrlKey: true }), context()],
      [key('m', { altKey: true }), context()],
      [key('m'), context({ total: 0 })],
      [key('m'), context({ pickerOpen: true })],
      [key('m'), context({ canFindSimilar: false })],
    ] as const) {
      expect(press(k, c)).toBe(false);
      expect(c.moreLikeThis).not.toHaveBeenCalled();
    }
    expect(hints(context({ canFindSimilar: false })).some((h) => h.name === moreLikeThis.name)).toBe(false);
  });

  it('a label named "m" keeps its key (and the hint is not shown)', () => {
    const c = context({ labelNames: ['k', 'l', 'm'] });
    press(key('m'), c);
    expect(c.assignLabel).toHaveBeenCalledWith(102);
    expect(c.moreLikeThis).not.toHaveBeenCalled();
    expect(hints(c).some((h) => h.name === moreLikeThis.name)).toBe(false);
  });
});
