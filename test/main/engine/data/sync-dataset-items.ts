// How a data-loop analysis read its dataset before the reading was made asynchronous: every image
// row in one query and a synchronous stat (a re-hash when size or mtime moved) of every file, all in
// one event-loop task. The reference the asynchronous reading is checked against (tests) and the
// "before" side of the analysis-start bench.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';
import type { DatasetRead } from '../../../../src/main/engine/data/dataset-items';
import { requireDataset } from '../../../../src/main/engine/datasets-store';
import type { DiskImage, SkippedImage } from '../../../../src/main/runs/disk-check';
import type { Split } from '../../../../src/shared/types';

/** An image as the analyses took it before their items became columns. */
export interface DatasetItem {
  imageId: number;
  hash: string;
  relPath: string;
  path: string;
  labelId: number | null;
  split: Split | null;
}

export function syncCheckImagesOnDisk(db: Database.Database, root: string, images: readonly DiskImage[]): SkippedImage[] {
  const skipped: SkippedImage[] = [];
  const statusOf = new Map<number, 'missing' | 'changed'>();
  for (const img of images) {
    const file = path.join(root, img.rel_path);
    let stat: fs.Stats;
    try {
      stat = fs.statSync(file);
    } catch {
      skipped.push({ imageId: img.id, relPath: img.rel_path, reason: 'deleted or moved since import' });
      statusOf.set(img.id, 'missing');
      continue;
    }
    if (stat.size === img.bytes && Math.trunc(stat.mtimeMs) === Math.trunc(img.mtime_ms)) continue;
    let hash: string | null = null;
    try {
      hash = createHash('sha1').update(fs.readFileSync(file)).digest('hex');
    } catch {
      hash = null;
    }
    if (hash !== img.hash) {
      skipped.push({ imageId: img.id, relPath: img.rel_path, reason: 'modified since import: rescan the dataset to use it' });
      statusOf.set(img.id, 'changed');
    }
  }
  if (statusOf.size) {
    const mark = db.prepare('UPDATE images SET status = ? WHERE id = ?');
    db.transaction(() => {
      for (const [id, status] of statusOf) mark.run(status, id);
    }).immediate();
  }
  return skipped;
}

export function syncDatasetItems(db: Database.Database, datasetId: number): { items: DatasetItem[]; skipped: { relPath: string; reason: string }[] } {
  const ds = requireDataset(db, datasetId);
  const rows = db
    .prepare(`SELECT id, hash, rel_path, bytes, mtime_ms, label_id, split FROM images WHERE dataset_id = ? AND status = 'ok' AND excluded = 0 ORDER BY id`)
    .all(datasetId) as { id: number; hash: string; rel_path: string; bytes: number; mtime_ms: number; label_id: number | null; split: Split | null }[];
  const skipped = syncCheckImagesOnDisk(db, ds.root, rows);
  const gone = new Set(skipped.map((s) => s.imageId));
  const items = rows
    .filter((r) => !gone.has(r.id))
    .map((r) => ({ imageId: r.id, hash: r.hash, relPath: r.rel_path, path: path.join(ds.root, r.rel_path), labelId: r.label_id, split: r.split }));
  const earlier = db
    .prepare(`SELECT id, rel_path, status FROM images WHERE dataset_id = ? AND status != 'ok' AND excluded = 0 ORDER BY id`)
    .all(datasetId) as { id: number; rel_path: string; status: string }[];
  const said = [
    ...skipped.map((s) => ({ relPath: s.relPath, reason: s.reason })),
    ...earlier.filter((r) => !gone.has(r.id)).map((r) => ({ relPath: r.rel_path, reason: `${r.status} since import` })),
  ];
  return { items, skipped: said };
}

/** The old reading, as the columns planKfold and planNeighbors take now (the bench's "before"). */
export function syncDatasetRead(db: Database.Database, datasetId: number): DatasetRead {
  const { items, skipped } = syncDatasetItems(db, datasetId);
  const columns = {
    imageIds: items.map((i) => i.imageId),
    hashes: items.map((i) => i.hash),
    relPaths: items.map((i) => i.relPath),
    labelIds: items.map((i) => i.labelId),
  };
  return { root: requireDataset(db, datasetId).root, items: columns, skipped, settled: true };
}
