import path from 'node:path';
import type Database from 'better-sqlite3';
import type { DataImage } from '../../../shared/api/data';
import type { Split } from '../../../shared/types';

// Images as the data loop answers them, read at answer time: current label, split and path.

export function dataImages(db: Database.Database, imageIds: number[]): Map<number, DataImage> {
  const rows = db
    .prepare(
      `SELECT i.id, i.rel_path, i.label_id, i.split, l.name AS label, d.root
       FROM images i JOIN datasets d ON d.id = i.dataset_id LEFT JOIN labels l ON l.id = i.label_id
       WHERE i.id IN (SELECT value FROM json_each(?))`,
    )
    .all(JSON.stringify(imageIds)) as { id: number; rel_path: string; label_id: number | null; split: Split | null; label: string | null; root: string }[];
  return new Map(
    rows.map((r) => [r.id, { imageId: r.id, relPath: r.rel_path, path: path.join(r.root, r.rel_path), labelId: r.label_id, label: r.label, split: r.split }]),
  );
}

/** Label names by id, for the dataset's labels. */
export function labelNames(db: Database.Database, datasetId: number): Map<number, string> {
  const rows = db.prepare('SELECT id, name FROM labels WHERE dataset_id = ?').all(datasetId) as { id: number; name: string }[];
  return new Map(rows.map((r) => [r.id, r.name]));
}
