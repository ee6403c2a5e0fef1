import type Database from 'better-sqlite3';
import path from 'node:path';
import { ApiFailure } from '../../shared/result';
import type { RunConfig } from '../../shared/api/runs';
import type { Split } from '../../shared/types';
import type { RunItem } from '../tasks/registry';
import { checkImagesOnDisk, type DiskImage, type SkippedImage } from './disk-check';

// What a run trains on: the dataset's labeled, split images that are still on disk as imported.
// Files deleted or edited since import are left out and reported with the run, never fatal.

export interface TrainingSet {
  items: RunItem[];
  labels: RunConfig['labels'];
  /** image id → label id, as the run stores them */
  labelIds: Map<number, number>;
  splitSeed: number;
  skipped: SkippedImage[];
}

export function trainingSet(db: Database.Database, datasetId: number): TrainingSet {
  const ds = db.prepare('SELECT id, root, split_seed FROM datasets WHERE id = ?').get(datasetId) as
    | { id: number; root: string; split_seed: number }
    | undefined;
  if (!ds) throw new ApiFailure('not_found', `Dataset ${datasetId} does not exist.`);
  const allRows = db
    .prepare(
      `SELECT i.id, i.hash, i.rel_path, i.bytes, i.mtime_ms, i.label_id, i.split, l.name AS label
       FROM images i JOIN labels l ON l.id = i.label_id
       WHERE i.dataset_id = ? AND i.status = 'ok' AND i.excluded = 0 AND i.label_id IS NOT NULL ORDER BY i.id`,
    )
    .all(datasetId) as (DiskImage & { label_id: number; split: Split | null; label: string })[];
  const skipped = checkImagesOnDisk(db, ds.root, allRows);
  const gone = new Set(skipped.map((s) => s.imageId));
  const rows = allRows.filter((r) => !gone.has(r.id));
  if (!rows.length) {
    throw new ApiFailure(
      'invalid_argument',
      skipped.length
        ? `None of the labeled images can be read any more (${skipped.length} deleted or changed on disk): rescan the dataset.`
        : 'This dataset has no labeled images to train on.',
    );
  }
  const unsplit = rows.filter((r) => r.split === null).length;
  if (unsplit) {
    throw new ApiFailure('invalid_argument', `${unsplit} labeled image(s) have no train/val/test split yet: apply a split first (splits.apply).`);
  }
  const labels = [...new Map(rows.map((r) => [r.label_id, r.label])).entries()].sort((a, b) => a[0] - b[0]).map(([id, name]) => ({ id, name }));
  if (labels.length < 2) throw new ApiFailure('invalid_argument', 'Training needs images of at least two labels.');
  if (!rows.some((r) => r.split === 'train')) throw new ApiFailure('invalid_argument', 'The train split is empty.');
  const index = new Map(labels.map((l, i) => [l.id, i]));
  const items: RunItem[] = rows.map((r) => ({
    imageId: r.id,
    hash: r.hash,
    path: path.join(ds.root, r.rel_path),
    label: index.get(r.label_id)!,
    split: r.split!,
  }));
  return { items, labels, labelIds: new Map(rows.map((r) => [r.id, r.label_id])), splitSeed: ds.split_seed, skipped };
}
