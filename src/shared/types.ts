// Plain data that crosses host boundaries. No Node, Electron or DOM types here.

export type Split = 'train' | 'val' | 'test';
export const SPLITS: readonly Split[] = ['train', 'val', 'test'];

export type LabelsFrom = 'folders' | 'filename' | 'none';

/** ok: importable; missing: vanished from disk on a rescan; changed: content differs from the import. */
export type ImageStatus = 'ok' | 'missing' | 'changed';

export interface DatasetSummary {
  id: number;
  name: string;
  root: string;
  labelsFrom: LabelsFrom;
  createdAt: string;
  imageCount: number;
  labeledCount: number;
  skippedCount: number;
  duplicateCount: number;
  /** Images left out of the dataset (images.setExcluded, "keep one" of duplicates); their files are untouched. */
  excludedCount: number;
  testLocked: boolean;
  /** The first folder level is train/ val/ test/ (recognised at import; see ImportLayout). */
  splitFolders: boolean;
  /** Folder level labels come from (1 = first level, counted below split folders). */
  labelLevel: number;
}

export interface LabelInfo {
  id: number;
  datasetId: number;
  name: string;
  color: string;
  /** Number of images (status ok) carrying this label. */
  count: number;
}

export interface ImageRecord {
  id: number;
  datasetId: number;
  relPath: string;
  hash: string;
  bytes: number;
  width: number;
  height: number;
  format: string;
  labelId: number | null;
  split: Split | null;
  status: ImageStatus;
  /** id of the first image with identical content, when this one is an exact duplicate. */
  duplicateOf: number | null;
  /**
   * Left out of the dataset (not split, trained, counted or shown by default) while its file stays
   * where it is; images.setExcluded brings it back.
   */
  excluded: boolean;
}

export interface SkippedFile {
  path: string;
  reason: string;
}

export interface ImportReport {
  dataset: number;
  images: number;
  labels: Record<string, number>;
  unlabeled: number;
  duplicates: number;
  skipped: SkippedFile[];
  added: number;
  vanished: number;
  /** Present images per split, after the import. */
  splits: Record<Split, number>;
  layout: ImportLayout;
}

/** What an import detected in the folder tree and used, for the report and the level picker. */
export interface ImportLayout {
  /** First-level folders taken as splits (train, val/valid/validation, test, any case); [] when none. */
  splitFolders: { folder: string; split: Split }[];
  labelsFrom: LabelsFrom;
  /** Folder level the labels come from (1 = first level, counted below split folders). */
  labelLevel: number;
  /** The folder names at each level (counted below split folders), to choose labelLevel from. */
  levels: { level: number; count: number; examples: string[] }[];
  /** One sentence saying what was detected, e.g. "Found split folders test/, train/: …". */
  summary: string;
}

export type JobKind = 'import' | 'download' | 'extract' | 'train' | 'evaluate' | 'analyze';

export interface JobProgress {
  jobId: string;
  kind: JobKind;
  /** Free-form phase name shown to the user, e.g. "hashing", "extracting features", "epoch 3/5". */
  phase: string;
  done: number;
  total: number;
  /** Items per second over the recent window. */
  rate: number;
  etaSeconds: number | null;
  datasetId?: number;
  runId?: number;
  message?: string;
}

/** Events pushed from the engine to every host (IPC event, SSE in `serve`, progress bar in the CLI). */
export type EngineEvent =
  | { type: 'progress'; progress: JobProgress }
  | { type: 'dataset-changed'; datasetId: number }
  | { type: 'run-changed'; runId: number }
  /** A data-loop analysis (see api/data.ts) finished, failed or was cancelled: ask for it again. */
  | { type: 'analysis-changed'; datasetId: number; analysis: 'kfold' | 'map' | 'neighbors'; status: 'ready' | 'failed' | 'cancelled' }
  /** The backbone of a dataset's analyses was chosen (data.chooseBackbone); null: the default. */
  | { type: 'backbone-chosen'; datasetId: number; model: string | null }
  | { type: 'notice'; level: 'info' | 'warning'; message: string };
