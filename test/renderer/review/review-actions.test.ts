import { describe, expect, it, vi } from 'vitest';
import { runActionForKey, type KeyLike } from '../../../src/renderer/app/actions';
import { labelNextActions, suspiciousActions, type ReviewContext } from '../../../src/renderer/features/review/review-actions';

const key = (k: string, mods: Partial<KeyLike> = {}): KeyLike => ({ key: k, ctrlKey: false, metaKey: false, shiftKey: false, altKey: false, ...mods });
const context = (over: Partial<ReviewContext> = {}): ReviewContext => ({
  hasCurrent: true, alternatives: 0, canUndo: false, busy: false,
  accept: vi.fn(), keep: vi.fn(), choose: vi.fn(), skip: vi.fn(), undo: vi.fn(), pickAlternative: vi.fn(), ...over,
});

describe('review actions', () => {
  it('suspicious labels: A/Enter accept, K keeps, C or / chooses, S/→ skips, Ctrl+Z undoes', () => {
    const c = context({ canUndo: true });
    for (const k of ['a', 'Enter', 'k', 'c', '/', 's', 'ArrowRight']) expect(runActionForKey(suspiciousActions, key(k), c)).toBe(true);
    runActionForKey(suspiciousActions, key('z', { ctrlKey: true }), c);
    expect(c.accept).toHaveBeenCalledTimes(2);
    expect(c.keep).toHaveBeenCalledOnce();
    expect(c.choose).toHaveBeenCalledTimes(2);
    expect(c.skip).toHaveBeenCalledTimes(2);
    expect(c.undo).toHaveBeenCalledOnce();
  });

  it('nothing runs without an image, while busy, or undo without history', () => {
    for (const c of [context({ hasCurrent: false }), context({ busy: true })]) {
      for (const k of ['a', 'k', 'c', 's']) expect(runActionForKey(suspiciousActions, key(k), c)).toBe(false);
    }
    expect(runActionForKey(suspiciousActions, key('z', { ctrlKey: true }), context())).toBe(false);
  });

  it('label next: digits take the n-th other suggestion, only as many as there are', () => {
    const c = context({ alternatives: 2 });
    expect(runActionForKey(labelNextActions, key('2'), c)).toBe(true);
    expect(c.pickAlternative).toHaveBeenCalledWith(2);
    expect(runActionForKey(labelNextActions, key('3'), c)).toBe(false);
    expect(runActionForKey(labelNextActions, key('k'), c)).toBe(false); // no "keep" for unlabelled images
  });
});
