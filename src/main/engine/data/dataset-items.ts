import crypto from 'node:crypto';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { DEFAULT_MODEL_ID } from '../../../shared/model/known-models';
import type { AnalysisKind } from '../../../shared/api/data';
import type { Split } from '../../../shared/types';
import { requireDataset } from '../datasets-store';
import { fingerprintSums } from '../image-totals';
import { findChangedOnDisk, markChanged, type DiskImage } from '../../runs/disk-check';
import { readPaged } from '../../runs/image-rows';

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

/** What an analysis reads of its dataset (datasetItems). */
export interface DatasetRead {
  items: DatasetItem[];
  skipped: { relPath: string; reason: string }[];
  /**
   * False when the images kept changing while they were read (a label set meanwhile, every time it
   * was read again): the items mix the states before and after, so a result computed on them must
   * not pass for the dataset's current state.
   */
  settled: boolean;
}

type ImageRow = DiskImage & { label_id: number | null; split: Split | null; status: string };

// Pages follow the rowid (image-rows.ts): `+dataset_id` keeps SQLite off the dataset indexes.
const IMAGE_ROWS = `SELECT id, hash, rel_path, bytes, mtime_ms, label_id, split, status FROM images
  WHERE +dataset_id = ? AND excluded = 0 AND id > ? ORDER BY id LIMIT ?`;
/** Reads of a dataset that keeps changing before its items are taken as they are. */
const READS = 3;

/**
 * The dataset's images (not excluded) that can be read now, in id order; `skipped` says which were
 * left out. Read in pages and checked on disk off the event loop (runs/image-rows.ts,
 * runs/disk-check.ts), so other requests are answered meanwhile; read again when the dataset
 * changed during the reading (its fingerprint sums moved), so the items are one state of it.
 */
export async function datasetItems(db: Database.Database, datasetId: number, signal?: AbortSignal): Promise<DatasetRead> {
  const ds = requireDataset(db, datasetId);
  const sums = () => JSON.stringify(fingerprintSums(db, datasetId));
  for (let read = 1; ; read++) {
    const before = sums();
    const ok: ImageRow[] = [];
    const earlier: ImageRow[] = [];
    let items: DatasetItem[] = [];
    await readPaged<ImageRow>(db, IMAGE_ROWS, [datasetId], (r) => {
      if (r.status !== 'ok') return void earlier.push(r);
      ok.push(r);
      items.push({ imageId: r.id, hash: r.hash, relPath: r.rel_path, path: path.join(ds.root, r.rel_path), labelId: r.label_id, split: r.split });
    }, signal);
    const changed = await findChangedOnDisk(ds.root, ok, signal);
    const settled = sums() === before;
    if (!settled && read < READS) continue;
    await markChanged(db, changed, signal); // its first write runs in this task: nothing came between
    const gone = new Set(changed.map((c) => c.imageId));
    if (gone.size) items = items.filter((i) => !gone.has(i.imageId));
    // Images found missing or changed earlier (by a run, another analysis or a rescan) are left out
    // too, and said every time, not only by the analysis that found them.
    const skipped = [
      ...changed.map((c) => ({ relPath: c.relPath, reason: c.reason })),
      ...earlier.map((r) => ({ relPath: r.rel_path, reason: `${r.status} since import` })),
    ];
    return { items, skipped, settled };
  }
}
