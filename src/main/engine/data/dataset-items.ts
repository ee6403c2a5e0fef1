import crypto from 'node:crypto';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { DEFAULT_MODEL_ID } from '../../../shared/model/known-models';
import type { AnalysisKind } from '../../../shared/api/data';
import type { Split } from '../../../shared/types';
import { requireDataset } from '../datasets-store';
import { fingerprintSums } from '../image-totals';
import { checkImagesOnDisk } from '../../runs/disk-check';

// What an analysis of a dataset works on: its readable images (deleted or edited files are left
// out, marked, and said), their labels, and a fingerprint that changes whenever the images, their
// content or (for 'kfold') their labels change, so a cached result is known to be stale.

export interface DatasetItem {
  imageId: number;
  hash: string;
  relPath: string;
  path: string;
  labelId: number | null;
  split: Split | null;
}

/** The backbone a dataset's analyses use by default: its latest completed run's, else the default model. */
export function defaultModel(db: Database.Database, datasetId: number): string {
  const rows = db.prepare(`SELECT config FROM runs WHERE dataset_id = ? AND status = 'completed' ORDER BY id DESC`).pluck().all(datasetId) as string[];
  for (const text of rows) {
    const c = JSON.parse(text) as { fromScratch?: boolean; model?: string; revision?: string | null };
    if (!c.fromScratch && c.model) return c.revision ? `${c.model}@${c.revision}` : c.model;
  }
  return DEFAULT_MODEL_ID;
}

/**
 * A cheap checksum of the dataset's images (ids, content hashes) and, for 'kfold', labels: sums of
 * per-image terms kept up to date by triggers (image_totals, migration 008), so asking whether a
 * result is fresh reads a few rows even at 100,000 images.
 */
export function fingerprint(db: Database.Database, datasetId: number, kind: AnalysisKind, model: string): string {
  const row = fingerprintSums(db, datasetId);
  const parts = [kind, model, row.n, row.ids, row.hashes, kind === 'kfold' ? row.labels : 0];
  return crypto.createHash('sha1').update(JSON.stringify(parts)).digest('hex');
}

/** The dataset's images (not excluded) that can be read now, in id order; `skipped` says which were left out. */
export function datasetItems(db: Database.Database, datasetId: number): { items: DatasetItem[]; skipped: { relPath: string; reason: string }[] } {
  const ds = requireDataset(db, datasetId);
  const rows = db
    .prepare(`SELECT id, hash, rel_path, bytes, mtime_ms, label_id, split FROM images WHERE dataset_id = ? AND status = 'ok' AND excluded = 0 ORDER BY id`)
    .all(datasetId) as { id: number; hash: string; rel_path: string; bytes: number; mtime_ms: number; label_id: number | null; split: Split | null }[];
  const skipped = checkImagesOnDisk(db, ds.root, rows);
  const gone = new Set(skipped.map((s) => s.imageId));
  const items = rows
    .filter((r) => !gone.has(r.id))
    .map((r) => ({ imageId: r.id, hash: r.hash, relPath: r.rel_path, path: path.join(ds.root, r.rel_path), labelId: r.label_id, split: r.split }));
  // Images found missing or changed earlier (by a run, another analysis or a rescan) are left out
  // too, and said every time, not only by the analysis that found them.
  const earlier = db
    .prepare(`SELECT id, rel_path, status FROM images WHERE dataset_id = ? AND status != 'ok' AND excluded = 0 ORDER BY id`)
    .all(datasetId) as { id: number; rel_path: string; status: string }[];
  const said = [
    ...skipped.map((s) => ({ relPath: s.relPath, reason: s.reason })),
    ...earlier.filter((r) => !gone.has(r.id)).map((r) => ({ relPath: r.rel_path, reason: `${r.status} since import` })),
  ];
  return { items, skipped: said };
}
