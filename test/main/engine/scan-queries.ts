// The reads splits.summary, augment.traits, images.query and images.ids made before migrations 011 and 012:
// one statement over every image of the dataset, sorted in full, through the indexes schema 10 had
// (pinned, so that their indexes do not speed them up). The reference the new reads are checked
// against (tests) and the "before" side of the engine bench.
import type Database from 'better-sqlite3';
import type { z } from 'zod';
import type { SplitSummaryRow } from '../../../src/shared/api/splits';
import { DUPLICATES_ONLY, filterSql } from '../../../src/main/engine/images-query';
import { imageFilter } from '../../../src/shared/api/images';

type FilterInput = z.input<typeof imageFilter>;

/**
 * splits.summary. One difference from the SQL it ran: that answered null for train, val and test
 * of a label none of whose images had a split (sum() over nothing but NULLs; `vit-studio split`
 * printed "null"), where the contract says a number: 0.
 */
export function scanSplitSummary(db: Database.Database, datasetId: number): SplitSummaryRow[] {
  const rows = db
    .prepare(
      `SELECT i.label_id AS labelId, l.name AS name,
         coalesce(sum(i.split = 'train'), 0) AS train, coalesce(sum(i.split = 'val'), 0) AS val,
         coalesce(sum(i.split = 'test'), 0) AS test, sum(i.split IS NULL) AS unassigned
       FROM images i INDEXED BY images_by_label LEFT JOIN labels l ON l.id = i.label_id
       WHERE i.dataset_id = ? AND i.status != 'missing' AND i.excluded = 0
       GROUP BY i.label_id ORDER BY l.name IS NULL, l.name`,
    )
    .all(datasetId) as SplitSummaryRow[];
  return rows.map((r) => ({ ...r, name: r.name ?? '(unlabeled)' }));
}

/** augment.traits' sample: every readable, not excluded image in id order, then `size` evenly spaced. */
export function scanEvenSample(db: Database.Database, datasetId: number, size: number): { id: number; rel_path: string }[] {
  const rows = db
    .prepare("SELECT id, rel_path FROM images INDEXED BY images_by_path WHERE dataset_id = ? AND status = 'ok' AND excluded = 0 ORDER BY id")
    .all(datasetId) as { id: number; rel_path: string }[];
  const step = Math.max(1, rows.length / size);
  return Array.from({ length: Math.min(size, rows.length) }, (_, i) => rows[Math.floor(i * step)]!);
}

/** A grid page: the count of the filter's rows, then the page, sorted in full. */
export function scanPage(db: Database.Database, filter: FilterInput, offset: number, limit: number): { total: number; ids: number[] } {
  const { from, params, orderBy } = pinned(filter);
  const total = db.prepare(`SELECT count(*) ${from}`).pluck().get(...params) as number;
  const rows = db.prepare(`SELECT i.* ${from} ORDER BY ${orderBy} LIMIT ? OFFSET ?`).all(...params, limit, offset) as { id: number }[];
  return { total, ids: rows.map((r) => r.id) };
}

/** images.ids: every id of the filter in grid order, as an array. */
export function scanIds(db: Database.Database, filter: FilterInput): number[] {
  const { from, params, orderBy } = pinned(filter);
  return db.prepare(`SELECT i.id ${from} ORDER BY ${orderBy}`).pluck().all(...params) as number[];
}

/** The filter's SQL as it was: through the path index, and the duplicates filter as a probe of every image. */
function pinned(filter: FilterInput) {
  const sql = filterSql(imageFilter.parse(filter));
  const from = sql.from
    .replace('FROM images i ', 'FROM images i INDEXED BY images_by_path ')
    .replace(DUPLICATES_ONLY, '(i.duplicate_of IS NOT NULL OR EXISTS (SELECT 1 FROM images d WHERE d.duplicate_of = i.id))');
  return { ...sql, from };
}
