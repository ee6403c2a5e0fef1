import { describe, expect, it, vi } from 'vitest';
import { actionMatchesKey } from '../../../../src/renderer/app/actions';
import { assignLabelByKey, openLabelPicker, redo, undo, unlabel } from '../../../../src/renderer/features/browse/actions/labeling';
import { context, hints, key, press } from './workbench-context';

const digits = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];

describe('assignLabelByKey', () => {
  it('labels 0–9: key 7 assigns "7", key 0 assigns "0", key 9 assigns "9" (not list positions)', () => {
    const c = context({ labelNames: digits });
    for (const d of ['7', '0', '9']) expect(press(key(d), c)).toBe(true);
    const names = vi.mocked(c.assignLabel).mock.calls.map(([id]) => c.labels.find((l) => l.id === id)?.name);
    expect(names).toEqual(['7', '0', '9']);
  });

  it('word labels: 1–3 by position, 4 (no such label) does nothing', () => {
    const c = context();
    press(key('2'), c);
    expect(c.assignLabel).toHaveBeenCalledWith(101);
    expect(press(key('4'), c)).toBe(false);
  });

  it('does not fire with Ctrl/Alt, with nothing to label, or while the picker is open', () => {
    expect(assignLabelByKey.keyTest!(key('1', { ctrlKey: true }), context())).toBe(false);
    expect(press(key('1'), context({ targetCount: 0 }))).toBe(false);
    expect(press(key('1'), context({ pickerOpen: true }))).toBe(false);
  });

  it('shows which keys assign labels', () => {
    expect(hints(context()).find((h) => h.name === assignLabelByKey.name)?.shortcut).toBe('1–3');
    expect(hints(context({ labelNames: digits })).find((h) => h.name === assignLabelByKey.name)?.shortcut).toBe('its name');
  });
});

describe('unlabel', () => {
  it('Backspace always; 0 only when 0 is not a label and positions are in use', () => {
    const words = context();
    press(key('0'), words);
    press(key('Backspace'), words);
    expect(words.assignLabel).toHaveBeenCalledTimes(2);
    expect(words.assignLabel).toHaveBeenCalledWith(null);
    expect(actionMatchesKey(unlabel, key('0'), context({ labelNames: digits }))).toBe(false);
    expect(actionMatchesKey(unlabel, key('Delete'), context({ labelNames: digits }))).toBe(true);
  });
});

describe('openLabelPicker', () => {
  it('L or / opens the picker empty', () => {
    const c = context();
    press(key('l'), c);
    press(key('/'), c);
    expect(c.openPicker).toHaveBeenNthCalledWith(1, '');
    expect(c.openPicker).toHaveBeenNthCalledWith(2, '');
  });

  it('when a label is named "l", L assigns it and / opens the picker', () => {
    const c = context({ labelNames: ['k', 'l', 'm'] });
    press(key('l'), c);
    expect(c.assignLabel).toHaveBeenCalledWith(101);
    expect(c.openPicker).not.toHaveBeenCalled();
    expect(openLabelPicker.hint!(c)).toBe('/');
    press(key('/'), c);
    expect(c.openPicker).toHaveBeenCalledWith('');
  });

  it('labels "1"…"37": a digit opens the picker with it typed', () => {
    const c = context({ labelNames: Array.from({ length: 37 }, (_, i) => String(i + 1)) });
    press(key('3'), c);
    expect(c.openPicker).toHaveBeenCalledWith('3');
    expect(c.assignLabel).not.toHaveBeenCalled();
  });

  it('needs labels and something to label', () => {
    expect(press(key('/'), context({ labelNames: [] }))).toBe(false);
    expect(press(key('/'), context({ targetCount: 0 }))).toBe(false);
  });
});

describe('undo / redo', () => {
  it('Ctrl+Z undoes; Ctrl+Shift+Z and Ctrl+Y redo', () => {
    const c = context();
    press(key('z', { ctrlKey: true }), c);
    press(key('Z', { ctrlKey: true, shiftKey: true }), c);
    press(key('y', { metaKey: true }), c);
    expect(c.undo).toHaveBeenCalledTimes(1);
    expect(c.redo).toHaveBeenCalledTimes(2);
    expect(undo.enabled!(context({ pickerOpen: true }))).toBe(false);
    expect(redo.enabled!(context())).toBe(true);
  });
});
