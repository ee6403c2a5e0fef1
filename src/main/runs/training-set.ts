import type Database from 'better-sqlite3';
import path from 'node:path';
import { ApiFailure } from '../../shared/result';
import type { RunConfig } from '../../shared/api/runs';
import { packItemsInSteps, type PackedRunItems } from '../../shared/data/packed-items';
import { SPLITS, type Split } from '../../shared/types';
import { findChangedOnDisk, markChanged, type DiskImage, type SkippedImage } from './disk-check';
import { forEachInSlices, readPaged, runInSlices, withoutRows } from './image-rows';

// What a run trains on: the dataset's labeled, split images that are still on disk as imported.
// Files deleted or edited since import are left out and reported with the run, never fatal.
// Read in pages and checked on disk between the engine's other requests (image-rows.ts,
// disk-check.ts), kept as columns (an object per image kept the GC's pauses long at 100,000) and
// packed for the worker in slices (rule 5). A label set while the pages are read may reach some
// images and not others: the run stores the label it trained each image with (run_images), so it
// stays true to what it trained on.

type LabeledRow = DiskImage & { label_id: number; split: Split | null };
const LABELED_ROWS = `SELECT id, hash, rel_path, bytes, mtime_ms, label_id, split FROM images
  WHERE +dataset_id = ? AND status = 'ok' AND excluded = 0 AND label_id IS NOT NULL AND id > ? ORDER BY id LIMIT ?`;

/** The run's images in id order, a column per field. */
export interface RunImages {
  imageIds: number[];
  hashes: string[];
  relPaths: string[];
  /** Label id of each image, as the run stores them. */
  labelIds: number[];
  splits: Split[];
}

export interface TrainingSet {
  root: string;
  images: RunImages;
  labels: RunConfig['labels'];
  /** Each image's label as an index into `labels`. */
  labelIndex: Int32Array;
  splitSeed: number;
  skipped: SkippedImage[];
}

export async function trainingSet(db: Database.Database, datasetId: number, signal?: AbortSignal): Promise<TrainingSet> {
  const ds = db.prepare('SELECT id, root, split_seed FROM datasets WHERE id = ?').get(datasetId) as
    | { id: number; root: string; split_seed: number }
    | undefined;
  if (!ds) throw new ApiFailure('not_found', `Dataset ${datasetId} does not exist.`);
  const names = new Map((db.prepare('SELECT id, name FROM labels WHERE dataset_id = ?').all(datasetId) as { id: number; name: string }[]).map((l) => [l.id, l.name]));
  const read = { imageIds: [] as number[], hashes: [] as string[], relPaths: [] as string[], labelIds: [] as number[], splits: [] as (Split | null)[], bytes: [] as number[], mtimes: [] as number[] };
  await readPaged<LabeledRow>(db, LABELED_ROWS, [datasetId], (r) => {
    if (!names.has(r.label_id)) return;
    read.imageIds.push(r.id);
    read.hashes.push(r.hash);
    read.relPaths.push(r.rel_path);
    read.labelIds.push(r.label_id);
    read.splits.push(r.split);
    read.bytes.push(r.bytes);
    read.mtimes.push(r.mtime_ms);
  }, signal);
  const disk = (i: number): DiskImage => ({ id: read.imageIds[i]!, rel_path: read.relPaths[i]!, hash: read.hashes[i]!, bytes: read.bytes[i]!, mtime_ms: read.mtimes[i]! });
  const changed = await findChangedOnDisk(ds.root, read.imageIds.length, disk, signal);
  await markChanged(db, changed, signal);
  const skipped = changed.map(({ imageId, relPath, reason }) => ({ imageId, relPath, reason }));
  const { imageIds, hashes, relPaths, labelIds, splits } = withoutRows(read, changed.map((c) => c.index));
  if (!imageIds.length) {
    throw new ApiFailure(
      'invalid_argument',
      skipped.length
        ? `None of the labeled images can be read any more (${skipped.length} deleted or changed on disk): rescan the dataset.`
        : 'This dataset has no labeled images to train on.',
    );
  }
  let unsplit = 0;
  let train = false;
  const used = new Set<number>();
  await forEachInSlices(imageIds.length, (i) => {
    if (splits[i] === null) unsplit++;
    else if (splits[i] === 'train') train = true;
    used.add(labelIds[i]!);
  });
  if (unsplit) {
    throw new ApiFailure('invalid_argument', `${unsplit} labeled image(s) have no train/val/test split yet: apply a split first (splits.apply).`);
  }
  const labels = [...used].sort((a, b) => a - b).map((id) => ({ id, name: names.get(id)! }));
  if (labels.length < 2) throw new ApiFailure('invalid_argument', 'Training needs images of at least two labels.');
  if (!train) throw new ApiFailure('invalid_argument', 'The train split is empty.');
  const index = new Map(labels.map((l, i) => [l.id, i]));
  const labelIndex = new Int32Array(labelIds.length);
  await forEachInSlices(labelIds.length, (i) => (labelIndex[i] = index.get(labelIds[i]!)!));
  return {
    root: ds.root,
    images: { imageIds, hashes, relPaths, labelIds, splits: splits as Split[] },
    labels,
    labelIndex,
    splitSeed: ds.split_seed,
    skipped,
  };
}

/** The run's images packed for its worker process (shared/data/packed-items.ts), a chunk at a time between other requests. */
export async function packRunItems(set: TrainingSet): Promise<PackedRunItems> {
  const { imageIds, hashes, relPaths, splits } = set.images;
  const items = await runInSlices(packItemsInSteps(imageIds.length, (i) => hashes[i]!, (i) => path.join(set.root, relPaths[i]!), set.labelIndex));
  const splitIndex = new Uint8Array(imageIds.length);
  await forEachInSlices(imageIds.length, (i) => (splitIndex[i] = SPLITS.indexOf(splits[i]!)));
  return { items, imageIds: Int32Array.from(imageIds), splits: splitIndex };
}
