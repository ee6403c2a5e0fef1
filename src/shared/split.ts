// Pure stratified, seeded train/val/test assignment. No I/O: the engine feeds it rows and writes
// back what it returns. Same input set → same assignment, whatever order the rows come in.
import type { Split } from './types';
import { hashString, seededRandom, shuffleInPlace } from './random';

export const SPLIT_ORDER: readonly Split[] = ['train', 'val', 'test'];

export interface SplitItem {
  id: number;
  /** Stable content key (the file hash); ties broken by id-independent `tieBreak`. */
  key: string;
  tieBreak: string;
  /** Stratum: the label (unlabeled images form their own group). */
  group: string;
  split: Split | null;
  /** A per-image override: never moved, but counted. */
  pinned: boolean;
}

export interface SplitOptions {
  ratios: readonly [number, number, number];
  seed: number;
  /** 'unassigned': only items without a split move; 'all': every item that is not pinned. */
  mode: 'unassigned' | 'all';
  /** No item enters or leaves test: test items stay, the others go to train/val only. */
  testLocked: boolean;
}

export function seededShuffle<T>(items: T[], seed: number): T[] {
  return shuffleInPlace(items, seededRandom(seed));
}

/**
 * Returns the new split of every item that should change (id → split). Within each group the
 * movable items are put in a canonical order (by key), shuffled with a seed derived from the seed
 * and the group, then handed out one by one to the split furthest below its share of the group
 * (counting the items that stay), so each split's count stays within ±1 of its ratio.
 */
export function assignSplits(items: readonly SplitItem[], options: SplitOptions): Map<number, Split> {
  const { ratios, seed, mode, testLocked } = options;
  const groups = new Map<string, SplitItem[]>();
  for (const item of items) {
    const list = groups.get(item.group);
    if (list) list.push(item);
    else groups.set(item.group, [item]);
  }
  const changes = new Map<number, Split>();
  const groupNames = [...groups.keys()].sort();
  for (const name of groupNames) {
    const members = groups.get(name)!;
    const counts = [0, 0, 0];
    const movable: SplitItem[] = [];
    for (const item of members) {
      const stays =
        item.pinned ||
        (mode === 'unassigned' && item.split !== null) ||
        (testLocked && item.split === 'test');
      if (stays) {
        if (item.split) counts[SPLIT_ORDER.indexOf(item.split)]!++;
      } else movable.push(item);
    }
    movable.sort((a, b) => cmp(a.key, b.key) || cmp(a.tieBreak, b.tieBreak));
    seededShuffle(movable, hashString(name, seed));
    // While test is locked, new items are shared between train and val only.
    const allowed = testLocked ? [0, 1] : [0, 1, 2];
    const shareSum = allowed.reduce((s, k) => s + ratios[k]!, 0);
    const share = (k: number) => (shareSum > 0 ? ratios[k]! / shareSum : k === 0 ? 1 : 0);
    let placed = allowed.reduce((s, k) => s + counts[k]!, 0);
    for (const item of movable) {
      placed++;
      let best = allowed[0]!;
      let bestDeficit = -Infinity;
      for (const k of allowed) {
        const deficit = share(k) * placed - counts[k]!;
        if (deficit > bestDeficit + 1e-9) {
          best = k;
          bestDeficit = deficit;
        }
      }
      counts[best]!++;
      const split = SPLIT_ORDER[best]!;
      if (item.split !== split) changes.set(item.id, split);
    }
  }
  return changes;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
