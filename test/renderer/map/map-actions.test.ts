import { describe, expect, it, vi } from 'vitest';
import { runActionForKey, type KeyLike } from '../../../src/renderer/app/actions';
import { mapActions, type MapContext } from '../../../src/renderer/features/map/map-actions';

const key = (k: string): KeyLike => ({ key: k, ctrlKey: false, metaKey: false, shiftKey: false, altKey: false });
const context = (selected: number): MapContext => ({
  tool: 'pan', setTool: vi.fn(), goHome: vi.fn(), selected, clearSelection: vi.fn(), openInGrid: vi.fn(), openPicker: vi.fn(),
});

describe('map actions', () => {
  it('S toggles the lasso, H pans, 0 shows the whole map', () => {
    const c = context(0);
    runActionForKey(mapActions, key('s'), c);
    expect(c.setTool).toHaveBeenCalledWith('lasso');
    runActionForKey(mapActions, key('s'), { ...c, tool: 'lasso' });
    expect(c.setTool).toHaveBeenLastCalledWith('pan');
    runActionForKey(mapActions, key('0'), c);
    expect(c.goHome).toHaveBeenCalled();
  });

  it('L labels, G opens the grid, Esc clears — only with a selection', () => {
    const none = context(0);
    for (const k of ['l', 'g', 'Escape']) expect(runActionForKey(mapActions, key(k), none)).toBe(false);
    const some = context(12);
    runActionForKey(mapActions, key('l'), some);
    runActionForKey(mapActions, key('/'), some);
    runActionForKey(mapActions, key('g'), some);
    runActionForKey(mapActions, key('Escape'), some);
    expect(some.openPicker).toHaveBeenCalledTimes(2);
    expect(some.openInGrid).toHaveBeenCalledOnce();
    expect(some.clearSelection).toHaveBeenCalledOnce();
  });
});
