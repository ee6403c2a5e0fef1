// The predictions gallery's filter, as the runs.predictions query the engine applies.
import type { RequestOf } from '../../../shared/api';
import type { PredictionItem } from '../../../shared/api/runs';
import type { Split } from '../../../shared/types';

export interface GalleryFilter {
  split: Split | 'all';
  errorsOnly: boolean;
  /** A class (true or predicted), or null for all. */
  labelId: number | null;
  /** Confidence range in [0, 1]. */
  minConf: number;
  maxConf: number;
  sort: 'confidence' | '-confidence';
  /** A confusion-matrix cell, by label ids. */
  cell: { trueId: number; predId: number } | null;
}

export const DEFAULT_FILTER: GalleryFilter = { split: 'test', errorsOnly: false, labelId: null, minConf: 0, maxConf: 1, sort: 'confidence', cell: null };

export function serverQuery(runId: number, f: GalleryFilter): RequestOf<'runs.predictions'> {
  return {
    runId,
    ...(f.split !== 'all' ? { split: f.split } : {}),
    errorsOnly: f.errorsOnly,
    ...(f.cell
      ? { trueLabelId: f.cell.trueId, predictedLabelId: f.cell.predId }
      : f.labelId !== null
        ? { labelId: f.labelId }
        : {}),
    ...(f.minConf > 0 ? { minConf: f.minConf } : {}),
    ...(f.maxConf < 1 ? { maxConf: f.maxConf } : {}),
    sort: f.sort,
  };
}

/** Clicking a cell shows exactly that cell: other narrowing filters would hide part of it. */
export function withCell(f: GalleryFilter, trueId: number, predId: number, split: Split | 'all'): GalleryFilter {
  return { ...f, cell: { trueId, predId }, split, errorsOnly: false, labelId: null, minConf: 0, maxConf: 1 };
}
