import { describe, expect, it, vi } from 'vitest';
import { actionForKey, chordMatches, parseChord, runActionForKey, shortcutHints, shortcutText, type Action, type KeyLike } from '../../../src/renderer/app/actions';

const key = (k: string, mods: Partial<KeyLike> = {}): KeyLike => ({ key: k, ctrlKey: false, metaKey: false, shiftKey: false, altKey: false, ...mods });

describe('chords', () => {
  it('parses modifiers and keys, including a literal +', () => {
    expect(parseChord('Shift+Mod+Z')).toEqual({ key: 'Z', mod: true, shift: true, alt: false });
    expect(parseChord('Mod++')).toEqual({ key: '+', mod: true, shift: false, alt: false });
    expect(parseChord('+')).toEqual({ key: '+', mod: false, shift: false, alt: false });
  });

  it('letters match either case, Shift and Mod must match exactly', () => {
    expect(chordMatches('a', key('a'))).toBe(true);
    expect(chordMatches('a', key('A', { shiftKey: true }))).toBe(false);
    expect(chordMatches('Mod+Z', key('z', { ctrlKey: true }))).toBe(true);
    expect(chordMatches('Mod+Z', key('z', { metaKey: true }))).toBe(true);
    expect(chordMatches('Mod+Z', key('Z', { ctrlKey: true, shiftKey: true }))).toBe(false);
    expect(chordMatches('Shift+Mod+Z', key('Z', { ctrlKey: true, shiftKey: true }))).toBe(true);
    expect(chordMatches('z', key('z', { altKey: true }))).toBe(false);
  });

  it('punctuation and digits ignore the Shift that produced them; named keys do not', () => {
    expect(chordMatches('?', key('?', { shiftKey: true }))).toBe(true);
    expect(chordMatches('1', key('1'))).toBe(true);
    expect(chordMatches('Enter', key('Enter'))).toBe(true);
    expect(chordMatches('Enter', key('Enter', { shiftKey: true }))).toBe(false);
  });

  it('shows chords for both platforms', () => {
    expect(shortcutText('Shift+Mod+Z', false)).toBe('Shift+Ctrl+Z');
    expect(shortcutText('Shift+Mod+Z', true)).toBe('⇧⌘Z');
    expect(shortcutText('ArrowRight', false)).toBe('→');
    expect(shortcutText('a', false)).toBe('A');
  });
});

describe('actions', () => {
  interface Ctx {
    count: number;
  }
  const inc: Action<Ctx> = { name: 'inc', label: 'Add', keys: ['a', 'Enter'], perform: (c) => void c.count++ };
  const digit: Action<Ctx> = { name: 'digit', label: 'Digit', keyTest: (e) => /^[1-9]$/.test(e.key), enabled: (c) => c.count < 10, perform: (c, e) => void (c.count += Number(e!.key)) };

  it('runs the first enabled action bound to a key, and only that', () => {
    const ctx = { count: 0 };
    expect(runActionForKey([inc, digit], key('a'), ctx)).toBe(true);
    expect(runActionForKey([inc, digit], key('3'), ctx)).toBe(true);
    expect(ctx.count).toBe(4);
    expect(runActionForKey([inc, digit], key('x'), ctx)).toBe(false);
    expect(ctx.count).toBe(4);
  });

  it('a disabled action neither runs nor claims its key', () => {
    const ctx = { count: 10 };
    const perform = vi.fn();
    expect(actionForKey([{ ...digit, perform }], key('5'), ctx)).toBeUndefined();
    expect(runActionForKey([{ ...digit, perform }], key('5'), ctx)).toBe(false);
    expect(perform).not.toHaveBeenCalled();
  });

  it('lists the shortcuts of enabled actions: a hint where given, else the first chord', () => {
    const hinted: Action<Ctx> = { ...digit, name: 'hinted', hint: (c) => (c.count ? `1–${c.count}` : null) };
    expect(shortcutHints([inc, hinted], { count: 3 }, false)).toEqual([
      { name: 'inc', label: 'Add', shortcut: 'A' },
      { name: 'hinted', label: 'Digit', shortcut: '1–3' },
    ]);
    expect(shortcutHints([inc, hinted], { count: 0 }, false).map((h) => h.name)).toEqual(['inc']);
    expect(shortcutHints([inc, hinted], { count: 12 }, false).map((h) => h.name)).toEqual(['inc']);
  });
});
