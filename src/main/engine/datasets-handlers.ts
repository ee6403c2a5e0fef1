import fs from 'node:fs';
import path from 'node:path';
import { ApiFailure } from '../../shared/result';
import type { SkippedFile } from '../../shared/types';
import type { EngineContext } from './context';
import { datasetSummary, requireDataset, type DatasetRow } from './datasets-store';
import type { HandlersFor } from './dispatch';
import { importFolder, rescanDataset } from './import/import-dataset';
import { syncPathTrigrams } from './path-trigrams';

type DatasetChannels =
  | 'datasets.import'
  | 'datasets.rescan'
  | 'datasets.list'
  | 'datasets.get'
  | 'datasets.delete'
  | 'datasets.rename'
  | 'datasets.skipped';

export function datasetsHandlers(ctx: EngineContext): HandlersFor<DatasetChannels> {
  const db = ctx.ws.db;
  // One import at a time per folder: a second click while one runs is refused, not interleaved.
  const running = new Set<string>();
  const exclusive = async <T>(key: string, job: () => Promise<T>): Promise<T> => {
    if (running.has(key)) throw new ApiFailure('conflict', 'This folder is already being imported; wait for it to finish.');
    running.add(key);
    try {
      return await job();
    } finally {
      running.delete(key);
    }
  };
  const rootKey = (folder: string) => {
    const abs = path.resolve(folder);
    try {
      return fs.realpathSync(abs);
    } catch {
      return abs;
    }
  };
  return {
    'datasets.import': (req) => exclusive(rootKey(req.folder), () => importFolder(ctx, req)),
    'datasets.rescan': ({ datasetId }) => {
      const row = requireDataset(db, datasetId);
      return exclusive(rootKey(row.root), () => rescanDataset(ctx, datasetId));
    },
    'datasets.list': () => {
      const rows = db.prepare('SELECT * FROM datasets ORDER BY id').all() as DatasetRow[];
      return rows.map((r) => datasetSummary(db, r));
    },
    'datasets.get': ({ datasetId }) => datasetSummary(db, requireDataset(db, datasetId)),
    'datasets.delete': ({ datasetId }) => {
      requireDataset(db, datasetId);
      // Cascades to images, labels, skipped files and the edit log. Thumbnails are shared by
      // content hash across datasets, so the cache is left to its own eviction.
      db.transaction(() => {
        db.prepare('UPDATE images SET duplicate_of = NULL, label_id = NULL WHERE dataset_id = ?').run(datasetId);
        db.prepare('DELETE FROM datasets WHERE id = ?').run(datasetId);
        syncPathTrigrams(db);
      }).immediate();
      ctx.emit({ type: 'dataset-changed', datasetId });
      return { deleted: true as const };
    },
    'datasets.rename': ({ datasetId, name }) => {
      requireDataset(db, datasetId);
      db.prepare('UPDATE datasets SET name = ? WHERE id = ?').run(name, datasetId);
      ctx.emit({ type: 'dataset-changed', datasetId });
      return datasetSummary(db, requireDataset(db, datasetId));
    },
    'datasets.skipped': ({ datasetId }) => {
      requireDataset(db, datasetId);
      return db
        .prepare('SELECT rel_path AS path, reason FROM skipped_files WHERE dataset_id = ? ORDER BY rel_path')
        .all(datasetId) as SkippedFile[];
    },
  };
}
