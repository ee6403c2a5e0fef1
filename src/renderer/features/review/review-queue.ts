import { useCallback, useMemo, useState } from 'react';

// A review queue over a list the engine recomputes in the background: what the person already
// handled this session leaves the queue at once (it would otherwise come back until the new
// analysis lands), skipped items go to the back, and undo brings the last one back.

export type Outcome = 'accepted' | 'relabeled' | 'kept' | 'skipped';

export interface QueueState {
  /** Image ids handled (accepted, relabeled, kept), in order, with what was done. */
  handled: { imageId: number; outcome: Exclude<Outcome, 'skipped'> }[];
  /** Image ids skipped, oldest first: they come after every unskipped item. */
  skipped: number[];
}

export const EMPTY_QUEUE: QueueState = { handled: [], skipped: [] };

/** The items still to review, in queue order: unhandled, unskipped first. */
export function pendingItems<T extends { imageId: number }>(items: readonly T[], state: QueueState): T[] {
  const handled = new Set(state.handled.map((h) => h.imageId));
  const skipRank = new Map(state.skipped.map((id, i) => [id, i]));
  const fresh = items.filter((it) => !handled.has(it.imageId) && !skipRank.has(it.imageId));
  const skipped = items.filter((it) => !handled.has(it.imageId) && skipRank.has(it.imageId)).sort((a, b) => skipRank.get(a.imageId)! - skipRank.get(b.imageId)!);
  return [...fresh, ...skipped];
}

export function record(state: QueueState, imageId: number, outcome: Outcome): QueueState {
  if (outcome === 'skipped') return { ...state, skipped: [...state.skipped.filter((id) => id !== imageId), imageId] };
  return { handled: [...state.handled, { imageId, outcome }], skipped: state.skipped.filter((id) => id !== imageId) };
}

/** Takes back the last handled item (after an undo of its label edit). */
export function takeBack(state: QueueState): { state: QueueState; imageId: number | null } {
  const last = state.handled[state.handled.length - 1];
  if (!last) return { state, imageId: null };
  return { state: { ...state, handled: state.handled.slice(0, -1) }, imageId: last.imageId };
}

export function tally(state: QueueState): Record<Exclude<Outcome, 'skipped'>, number> {
  const t = { accepted: 0, relabeled: 0, kept: 0 };
  for (const h of state.handled) t[h.outcome]++;
  return t;
}

/** The queue of one screen visit: pending items, the current one, and the moves. */
export function useReviewQueue<T extends { imageId: number }>(items: readonly T[]) {
  const [state, setState] = useState<QueueState>(EMPTY_QUEUE);
  const pending = useMemo(() => pendingItems(items, state), [items, state]);
  const mark = useCallback((imageId: number, outcome: Outcome) => setState((s) => record(s, imageId, outcome)), []);
  const undoLast = useCallback(() => {
    const last = state.handled[state.handled.length - 1];
    setState(takeBack(state).state);
    return last;
  }, [state]);
  return { state, pending, current: pending[0], mark, undoLast, lastHandled: state.handled[state.handled.length - 1] };
}
