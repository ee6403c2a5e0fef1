import type { Action } from '../../app/actions';

/** What a review queue's actions act on (built fresh by the queue on every render). */
export interface ReviewContext {
  hasCurrent: boolean;
  /** Suggested labels other than the first, for keys 1…n (label-next queue). */
  alternatives: number;
  canUndo: boolean;
  busy: boolean;
  accept(): void;
  keep(): void;
  choose(): void;
  skip(): void;
  undo(): void;
  pickAlternative(n: number): void;
}

const ready = (c: ReviewContext) => c.hasCurrent && !c.busy;

export const acceptAction: Action<ReviewContext> = { name: 'review.accept', label: 'Accept suggestion', keys: ['a', 'Enter'], enabled: ready, perform: (c) => c.accept() };
export const keepAction: Action<ReviewContext> = { name: 'review.keep', label: 'Keep label', keys: ['k'], enabled: ready, perform: (c) => c.keep() };
export const chooseAction: Action<ReviewContext> = { name: 'review.choose', label: 'Choose another…', keys: ['c', '/'], enabled: ready, perform: (c) => c.choose() };
export const skipAction: Action<ReviewContext> = { name: 'review.skip', label: 'Skip', keys: ['s', 'ArrowRight'], enabled: ready, perform: (c) => c.skip() };
export const undoAction: Action<ReviewContext> = { name: 'review.undo', label: 'Undo', keys: ['Mod+z', 'u'], enabled: (c) => c.canUndo && !c.busy, perform: (c) => c.undo() };
export const alternativeAction: Action<ReviewContext> = {
  name: 'review.alternative',
  label: 'Take the n-th suggestion',
  keyTest: (e, c) => !e.ctrlKey && !e.metaKey && !e.altKey && /^[1-9]$/.test(e.key) && Number(e.key) <= c.alternatives,
  hint: (c) => (c.alternatives > 0 ? `1–${c.alternatives}` : ''),
  enabled: ready,
  perform: (c, e) => c.pickAlternative(Number(e?.key)),
};

/** Suspicious labels: accept the suggestion, keep the given label, choose another, skip. */
export const suspiciousActions: readonly Action<ReviewContext>[] = [acceptAction, keepAction, chooseAction, skipAction, undoAction];

/** Label next: accept the suggestion or one of the next best, choose another, skip. */
export const labelNextActions: readonly Action<ReviewContext>[] = [acceptAction, alternativeAction, chooseAction, skipAction, undoAction];
