import type Database from 'better-sqlite3';
import path from 'node:path';
import { ApiFailure } from '../../shared/result';
import type { RunConfig } from '../../shared/api/runs';
import type { Split } from '../../shared/types';
import type { RunItem } from '../tasks/registry';
import { checkImagesOnDisk, type DiskImage, type SkippedImage } from './disk-check';
import { readPaged } from './image-rows';

// What a run trains on: the dataset's labeled, split images that are still on disk as imported.
// Files deleted or edited since import are left out and reported with the run, never fatal.
// Read in pages and checked on disk off the event loop (image-rows.ts, disk-check.ts): at 100,000
// images that is over half a second the engine answers other requests meanwhile. A label set while
// the pages are read may reach some images and not others: the run stores the label it trained
// each image with (run_images), so it stays true to what it trained on.

type LabeledRow = DiskImage & { label_id: number; split: Split | null };
const LABELED_ROWS = `SELECT id, hash, rel_path, bytes, mtime_ms, label_id, split FROM images
  WHERE +dataset_id = ? AND status = 'ok' AND excluded = 0 AND label_id IS NOT NULL AND id > ? ORDER BY id LIMIT ?`;

export interface TrainingSet {
  items: RunItem[];
  labels: RunConfig['labels'];
  /** image id → label id, as the run stores them */
  labelIds: Map<number, number>;
  splitSeed: number;
  skipped: SkippedImage[];
}

export async function trainingSet(db: Database.Database, datasetId: number, signal?: AbortSignal): Promise<TrainingSet> {
  const ds = db.prepare('SELECT id, root, split_seed FROM datasets WHERE id = ?').get(datasetId) as
    | { id: number; root: string; split_seed: number }
    | undefined;
  if (!ds) throw new ApiFailure('not_found', `Dataset ${datasetId} does not exist.`);
  const names = new Map(db.prepare('SELECT id, name FROM labels WHERE dataset_id = ?').all(datasetId).map((l) => [(l as { id: number }).id, (l as { name: string }).name]));
  const allRows: (LabeledRow & { label: string })[] = [];
  await readPaged<LabeledRow>(db, LABELED_ROWS, [datasetId], (r) => {
    const label = names.get(r.label_id);
    if (label !== undefined) allRows.push({ ...r, label });
  }, signal);
  const skipped = await checkImagesOnDisk(db, ds.root, allRows, signal);
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
