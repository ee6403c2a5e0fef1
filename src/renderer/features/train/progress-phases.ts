import type { JobProgress } from '../../../shared/types';

export interface Phase {
  kind: JobProgress['kind'];
  title: string;
}

/**
 * The steps a run goes through, as chips: a frozen backbone is downloaded, extracts features, then
 * a head trains; a ViT from scratch has no backbone to download or extract with, it trains (in
 * batches) and is evaluated.
 */
export function runPhases(fromScratch: boolean): Phase[] {
  return fromScratch
    ? [
        { kind: 'train', title: 'Train model' },
        { kind: 'evaluate', title: 'Evaluate' },
      ]
    : [
        { kind: 'download', title: 'Download' },
        { kind: 'extract', title: 'Extract features' },
        { kind: 'train', title: 'Train head' },
        { kind: 'evaluate', title: 'Evaluate' },
      ];
}

/** What the done/total of a phase counts: a from-scratch model reports batches, a head epochs. */
export function progressUnit(kind: JobProgress['kind'], fromScratch: boolean): string {
  if (kind === 'extract') return 'images';
  if (kind === 'train') return fromScratch ? 'batches' : 'epochs';
  if (kind === 'download') return 'bytes';
  return '';
}
