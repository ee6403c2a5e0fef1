import { describe, expect, it } from 'vitest';
import { EMPTY_QUEUE, pendingItems, record, takeBack, tally } from '../../../src/renderer/features/review/review-queue';

const items = [1, 2, 3, 4].map((imageId) => ({ imageId }));
const ids = (xs: { imageId: number }[]) => xs.map((x) => x.imageId);

describe('review queue', () => {
  it('handled items leave at once, skipped ones go to the back in skip order', () => {
    let s = record(EMPTY_QUEUE, 1, 'accepted');
    s = record(s, 2, 'skipped');
    s = record(s, 3, 'skipped');
    expect(ids(pendingItems(items, s))).toEqual([4, 2, 3]);
    s = record(s, 2, 'skipped'); // skipped again: to the very back
    expect(ids(pendingItems(items, s))).toEqual([4, 3, 2]);
    s = record(s, 3, 'kept');
    expect(ids(pendingItems(items, s))).toEqual([4, 2]);
    expect(tally(s)).toEqual({ accepted: 1, relabeled: 0, kept: 1 });
  });

  it('a recomputed list keeps out what was handled; new items join', () => {
    const s = record(record(EMPTY_QUEUE, 1, 'relabeled'), 2, 'kept');
    expect(ids(pendingItems([{ imageId: 2 }, { imageId: 5 }, { imageId: 1 }], s))).toEqual([5]);
  });

  it('undo brings back the last handled item, first in line', () => {
    let s = record(record(EMPTY_QUEUE, 1, 'accepted'), 2, 'accepted');
    const back = takeBack(s);
    expect(back.imageId).toBe(2);
    s = back.state;
    expect(ids(pendingItems(items, s))).toEqual([2, 3, 4]);
    expect(takeBack(EMPTY_QUEUE).imageId).toBeNull();
  });
});
