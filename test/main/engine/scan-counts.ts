// The counts and fingerprint sums as they were computed before image_totals (migration 008): a
// scan of the images table per call. The reference the totals are checked against (tests) and
// the "before" side of the engine bench.
import type Database from 'better-sqlite3';
import type { DatasetCounts } from '../../../src/main/engine/image-totals';
import { filterSql } from '../../../src/main/engine/images-query';
import { imageFilter } from '../../../src/shared/api/images';

export function scanDatasetCounts(db: Database.Database, datasetId: number): DatasetCounts {
  const c = db
    .prepare(
      `SELECT sum(excluded = 0) AS images, count(label_id) FILTER (WHERE excluded = 0) AS labeled,
         count(duplicate_of) AS duplicates, sum(excluded) AS excluded
       FROM images WHERE dataset_id = ? AND status != 'missing'`,
    )
    .get(datasetId) as { images: number | null; labeled: number; duplicates: number; excluded: number | null };
  const unlabeled = db
    .prepare(`SELECT count(*) FROM images WHERE dataset_id = ? AND status = 'ok' AND excluded = 0 AND label_id IS NULL`)
    .pluck()
    .get(datasetId) as number;
  return { images: c.images ?? 0, labeled: c.labeled, duplicates: c.duplicates, excluded: c.excluded ?? 0, unlabeled };
}

/** Label id → count, as labels.list answered it (one correlated count per label). */
export function scanLabelCounts(db: Database.Database, datasetId: number): Record<number, number> {
  const rows = db
    .prepare(
      `SELECT l.id, (SELECT count(*) FROM images i WHERE i.label_id = l.id AND i.status != 'missing' AND i.excluded = 0) AS count
       FROM labels l WHERE l.dataset_id = ? ORDER BY l.name`,
    )
    .all(datasetId) as { id: number; count: number }[];
  return Object.fromEntries(rows.map((r) => [r.id, r.count]));
}

export function scanFingerprintSums(db: Database.Database, datasetId: number): { n: number; ids: number; labels: number; hashes: number } {
  return db
    .prepare(
      `SELECT count(*) AS n, total(id) AS ids,
         total((id % 65521 + 1) * (coalesce(label_id, 0) + 1)) AS labels,
         total((id % 4093 + 1) * (unicode(substr(hash, 1, 1)) * 4096 + unicode(substr(hash, 2, 1)) * 64 + unicode(substr(hash, 3, 1)))) AS hashes
       FROM images WHERE dataset_id = ? AND status = 'ok' AND excluded = 0`,
    )
    .get(datasetId) as { n: number; ids: number; labels: number; hashes: number };
}

/**
 * A grid page as images.query answered it before migrations 008-009: the count of the filter's
 * rows, then the page through the (dataset_id, rel_path) index, the only one it had for that order.
 */
export function scanImagesPage(db: Database.Database, datasetId: number, offset: number, limit = 200): { total: number; rows: unknown[] } {
  const sql = filterSql(imageFilter.parse({ datasetId }));
  const { params, orderBy } = sql;
  const from = sql.from.replace('FROM images i ', 'FROM images i INDEXED BY sqlite_autoindex_images_1 ');
  const total = (db.prepare(`SELECT count(*) AS n ${from}`).get(...params) as { n: number }).n;
  return { total, rows: db.prepare(`SELECT i.* ${from} ORDER BY ${orderBy} LIMIT ? OFFSET ?`).all(...params, limit, offset) };
}
