// Row-level helpers shared by the dataset, image, label and split handlers and the importer.
import path from 'node:path';
import type Database from 'better-sqlite3';
import { ApiFailure } from '../../shared/result';
import type { DatasetSummary, ImageRecord, LabelsFrom } from '../../shared/types';
import { datasetCounts, prepared } from './image-totals';
import { labelColor } from './labels-colors';

export interface DatasetRow {
  id: number;
  name: string;
  root: string;
  labels_from: LabelsFrom;
  created_at: string;
  split_seed: number;
  split_ratios: string;
  test_locked: number;
  split_folders: number;
  label_level: number;
  /** The backbone chosen for its analyses in the app (migration 010); null: the default. */
  analysis_model: string | null;
}

export function requireDataset(db: Database.Database, datasetId: number): DatasetRow {
  const row = prepared(db, 'SELECT * FROM datasets WHERE id = ?').get(datasetId) as DatasetRow | undefined;
  if (!row) throw new ApiFailure('not_found', `Dataset ${datasetId} does not exist.`);
  return row;
}

export function datasetSummary(db: Database.Database, row: DatasetRow): DatasetSummary {
  const c = datasetCounts(db, row.id);
  const skipped = (prepared(db, 'SELECT count(*) AS n FROM skipped_files WHERE dataset_id = ?').get(row.id) as { n: number }).n;
  return {
    id: row.id,
    name: row.name,
    root: row.root,
    labelsFrom: row.labels_from,
    createdAt: row.created_at,
    imageCount: c.images,
    excludedCount: c.excluded,
    labeledCount: c.labeled,
    skippedCount: skipped,
    duplicateCount: c.duplicates,
    testLocked: row.test_locked === 1,
    splitFolders: row.split_folders === 1,
    labelLevel: row.label_level,
  };
}

/** Returns the id of every named label, creating the missing ones with the next palette colors. */
export function ensureLabels(db: Database.Database, datasetId: number, names: Iterable<string>): Map<string, number> {
  const ids = new Map<string, number>();
  const rows = db.prepare('SELECT id, name FROM labels WHERE dataset_id = ?').all(datasetId) as {
    id: number;
    name: string;
  }[];
  for (const r of rows) ids.set(r.name, r.id);
  let count = rows.length;
  const insert = db.prepare('INSERT INTO labels (dataset_id, name, color) VALUES (?, ?, ?)');
  for (const name of [...new Set(names)].sort()) {
    if (ids.has(name)) continue;
    ids.set(name, Number(insert.run(datasetId, name, labelColor(count++)).lastInsertRowid));
  }
  return ids;
}

/** Marks every present, not excluded image whose content equals an earlier (lower id) such image. */
export function recomputeDuplicates(db: Database.Database, datasetId: number): void {
  db.prepare(
    `UPDATE images SET duplicate_of = CASE WHEN status = 'missing' OR excluded = 1 THEN NULL ELSE (
       SELECT min(o.id) FROM images o
       WHERE o.dataset_id = images.dataset_id AND o.hash = images.hash
         AND o.status != 'missing' AND o.excluded = 0 AND o.id < images.id) END
     WHERE dataset_id = ?`,
  ).run(datasetId);
}

export interface ImageRow {
  id: number;
  dataset_id: number;
  rel_path: string;
  hash: string;
  bytes: number;
  mtime_ms: number;
  width: number;
  height: number;
  format: string;
  label_id: number | null;
  split: ImageRecord['split'];
  split_override: number;
  status: ImageRecord['status'];
  duplicate_of: number | null;
  excluded: number;
}

export function toImageRecord(r: ImageRow): ImageRecord {
  return {
    id: r.id,
    datasetId: r.dataset_id,
    relPath: r.rel_path,
    hash: r.hash,
    bytes: r.bytes,
    width: r.width,
    height: r.height,
    format: r.format,
    labelId: r.label_id,
    split: r.split,
    status: r.status,
    duplicateOf: r.duplicate_of,
    excluded: r.excluded === 1,
  };
}

/** The file of an image of any dataset, or null when there is no such image. */
export function imageFile(db: Database.Database, imageId: number): string | null {
  const row = db
    .prepare('SELECT i.rel_path, d.root FROM images i JOIN datasets d ON d.id = i.dataset_id WHERE i.id = ?')
    .get(imageId) as { rel_path: string; root: string } | undefined;
  return row ? path.join(row.root, row.rel_path) : null;
}
