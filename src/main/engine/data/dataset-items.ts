import crypto from 'node:crypto';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { DEFAULT_MODEL_ID } from '../../../shared/model/known-models';
import type { AnalysisKind } from '../../../shared/api/data';
import { requireDataset } from '../datasets-store';
import { fingerprintSums } from '../image-totals';
import { findChangedOnDisk, markChanged, type DiskImage } from '../../runs/disk-check';
import { readPaged, runInSlices, withoutRows, yieldToEventLoop } from '../../runs/image-rows';
import { packItemsInSteps, type PackedItems } from '../../../shared/data/packed-items';

// What an analysis of a dataset works on: its readable images (deleted or edited files are left
// out, marked, and said), their labels, and a fingerprint that changes whenever the images, their
// content or (for 'kfold') their labels change, so a cached result is known to be stale.

/**
 * The readable images of a dataset, in id order, as columns: an object per image (and three
 * strings) at 100,000 images kept the garbage collector's pauses on the engine's event loop long.
 */
export interface DatasetItems {
  imageIds: number[];
  hashes: string[];
  relPaths: string[];
  /** null: unlabelled. */
  labelIds: (number | null)[];
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
  /** The dataset's folder: an item's file is root/relPath. */
  root: string;
  items: DatasetItems;
  skipped: { relPath: string; reason: string }[];
  /**
   * False when the images kept changing while they were read (a label set meanwhile, every time it
   * was read again): the items mix the states before and after, so a result computed on them must
   * not pass for the dataset's current state.
   */
  settled: boolean;
}

interface ImageRow { id: number; hash: string; rel_path: string; bytes: number; mtime_ms: number; label_id: number | null; status: string }

// Pages follow the rowid (image-rows.ts): `+dataset_id` keeps SQLite off the dataset indexes.
const IMAGE_ROWS = `SELECT id, hash, rel_path, bytes, mtime_ms, label_id, status FROM images
  WHERE +dataset_id = ? AND excluded = 0 AND id > ? ORDER BY id LIMIT ?`;
/** Reads of a dataset that keeps changing before its items are taken as they are. */
const READS = 3;

/** The readable rows of one read, as columns, and the others (found missing or changed before). */
async function readColumns(db: Database.Database, datasetId: number, signal?: AbortSignal) {
  const items: DatasetItems = { imageIds: [], hashes: [], relPaths: [], labelIds: [] };
  const bytes: number[] = [];
  const mtimes: number[] = [];
  const earlier: ImageRow[] = [];
  await readPaged<ImageRow>(db, IMAGE_ROWS, [datasetId], (r) => {
    if (r.status !== 'ok') return void earlier.push(r);
    items.imageIds.push(r.id);
    items.hashes.push(r.hash);
    items.relPaths.push(r.rel_path);
    items.labelIds.push(r.label_id);
    bytes.push(r.bytes);
    mtimes.push(r.mtime_ms);
  }, signal);
  const disk = (i: number): DiskImage => ({ id: items.imageIds[i]!, rel_path: items.relPaths[i]!, hash: items.hashes[i]!, bytes: bytes[i]!, mtime_ms: mtimes[i]! });
  return { items, disk, earlier };
}

/**
 * The dataset's images (not excluded) that can be read now, in id order; `skipped` says which were
 * left out. Read in pages and checked on disk off the event loop (runs/image-rows.ts,
 * runs/disk-check.ts), so other requests are answered meanwhile; read again when the dataset
 * changed during the reading (its fingerprint sums moved), so the items are one state of it.
 */
export async function datasetItems(db: Database.Database, datasetId: number, signal?: AbortSignal): Promise<DatasetRead> {
  const { root } = requireDataset(db, datasetId);
  const sums = () => JSON.stringify(fingerprintSums(db, datasetId));
  for (let read = 1; ; read++) {
    const before = sums();
    const { items, disk, earlier } = await readColumns(db, datasetId, signal);
    const changed = await findChangedOnDisk(root, items.imageIds.length, disk, signal);
    const unchanged = sums() === before;
    if (!unchanged && read < READS) continue;
    // Its first write runs in this task (nothing came between); a write between its later ones unsettles the read.
    const settled = (await markChanged(db, changed, signal)) && unchanged;
    // Images found missing or changed earlier (by a run, another analysis or a rescan) are left out
    // too, and said every time, not only by the analysis that found them.
    const skipped = [
      ...changed.map((c) => ({ relPath: c.relPath, reason: c.reason })),
      ...earlier.map((r) => ({ relPath: r.rel_path, reason: `${r.status} since import` })),
    ];
    const kept = withoutRows(items, changed.map((c) => c.index));
    await yieldToEventLoop(); // what the caller makes of the items starts a task of its own
    return { root, items: kept, skipped, settled };
  }
}

/** The items packed for their worker process (shared/data/packed-items.ts), a chunk at a time between other requests. */
export function packForWorker(read: DatasetRead, labels?: Int32Array): Promise<PackedItems> {
  const { hashes, relPaths } = read.items;
  return runInSlices(packItemsInSteps(hashes.length, (i) => hashes[i]!, (i) => path.join(read.root, relPaths[i]!), labels));
}
