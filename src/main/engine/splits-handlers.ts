import type Database from 'better-sqlite3';
import { ApiFailure } from '../../shared/result';
import { assignSplits, type SplitItem } from '../../shared/split';
import type { Split } from '../../shared/types';
import type { EngineContext } from './context';
import type { HandlersFor } from './dispatch';
import { requireDataset } from './datasets-store';
import { splitTotals } from './image-totals';

export interface ApplyOptions {
  ratios: readonly [number, number, number];
  seed: number;
  mode: 'unassigned' | 'all';
}

/**
 * Runs the pure stratified split over the dataset's present images and writes the changes in one
 * transaction. Missing images keep whatever split they had. Returns the resulting counts.
 */
export function applySplits(db: Database.Database, datasetId: number, options: ApplyOptions) {
  const dataset = db.prepare('SELECT test_locked FROM datasets WHERE id = ?').get(datasetId) as
    | { test_locked: number }
    | undefined;
  if (!dataset) throw new ApiFailure('not_found', `Dataset ${datasetId} does not exist.`);
  const rows = db
    .prepare(
      `SELECT id, hash, rel_path, label_id, split, split_override FROM images
       WHERE dataset_id = ? AND status != 'missing' AND excluded = 0`,
    )
    .all(datasetId) as {
    id: number; hash: string; rel_path: string; label_id: number | null; split: Split | null; split_override: number;
  }[];
  const items: SplitItem[] = rows.map((r) => ({
    id: r.id,
    key: r.hash,
    tieBreak: r.rel_path,
    group: r.label_id === null ? 'unlabeled' : `label:${r.label_id}`,
    split: r.split,
    pinned: r.split_override === 1,
  }));
  const changes = assignSplits(items, { ...options, testLocked: dataset.test_locked === 1 });
  const update = db.prepare('UPDATE images SET split = ? WHERE id = ?');
  db.transaction(() => {
    for (const [id, split] of changes) update.run(split, id);
    db.prepare('UPDATE datasets SET split_ratios = ?, split_seed = ? WHERE id = ?').run(
      JSON.stringify(options.ratios),
      options.seed,
      datasetId,
    );
  }).immediate();
  const counts = { train: 0, val: 0, test: 0 };
  for (const r of rows) {
    const split = changes.get(r.id) ?? r.split;
    if (split) counts[split]++;
  }
  return { assigned: changes.size, ...counts };
}

/** Gives new images (no split yet) a split with the dataset's stored ratios and seed. */
export function splitNewImages(db: Database.Database, datasetId: number) {
  const d = db.prepare('SELECT split_ratios, split_seed FROM datasets WHERE id = ?').get(datasetId) as {
    split_ratios: string;
    split_seed: number;
  };
  const ratios = JSON.parse(d.split_ratios) as [number, number, number];
  return applySplits(db, datasetId, { ratios, seed: d.split_seed, mode: 'unassigned' });
}

export function splitsHandlers(
  ctx: EngineContext,
): HandlersFor<'splits.apply' | 'splits.lockTest' | 'splits.summary'> {
  const db = ctx.ws.db;
  return {
    'splits.apply': ({ datasetId, ratios, seed, mode }) => {
      requireDataset(db, datasetId);
      const result = applySplits(db, datasetId, { ratios, seed, mode });
      ctx.emit({ type: 'dataset-changed', datasetId });
      return result;
    },
    'splits.lockTest': ({ datasetId, locked }) => {
      requireDataset(db, datasetId);
      db.prepare('UPDATE datasets SET test_locked = ? WHERE id = ?').run(locked ? 1 : 0, datasetId);
      ctx.emit({ type: 'dataset-changed', datasetId });
      return { locked };
    },
    // Read from the running totals (migration 011): a few rows instead of every image.
    'splits.summary': ({ datasetId }) => {
      requireDataset(db, datasetId);
      return splitTotals(db, datasetId);
    },
  };
}
