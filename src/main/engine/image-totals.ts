// Reads of the running totals of each dataset's images (table image_totals, kept by the triggers
// of migration 008): counts and fingerprint sums in a few row reads instead of a scan of every
// image. Statements are prepared once per connection.
import type Database from 'better-sqlite3';

const statements = new WeakMap<Database.Database, Map<string, Database.Statement>>();

/** A statement prepared once per connection (better-sqlite3 statements are reusable). */
export function prepared(db: Database.Database, sql: string): Database.Statement {
  let byText = statements.get(db);
  if (!byText) statements.set(db, (byText = new Map()));
  let s = byText.get(sql);
  if (!s) byText.set(sql, (s = db.prepare(sql)));
  return s;
}

export interface DatasetCounts {
  /** Present (not missing) images, not excluded. */
  images: number;
  labeled: number;
  /** Present images that are a copy of an earlier one (excluded or not). */
  duplicates: number;
  /** Present images left out by hand or by "keep one". */
  excluded: number;
  /** Readable ('ok'), not excluded, without a label: the ones to label. */
  unlabeled: number;
}

export function datasetCounts(db: Database.Database, datasetId: number): DatasetCounts {
  return prepared(
    db,
    `SELECT coalesce(sum(n) FILTER (WHERE left_out = 0), 0) AS images,
       coalesce(sum(n) FILTER (WHERE left_out = 0 AND label_id != 0), 0) AS labeled,
       coalesce(sum(n) FILTER (WHERE duplicate = 1), 0) AS duplicates,
       coalesce(sum(n) FILTER (WHERE left_out = 1), 0) AS excluded,
       coalesce(sum(n) FILTER (WHERE left_out = 0 AND label_id = 0 AND status = 'ok'), 0) AS unlabeled
     FROM image_totals WHERE dataset_id = ? AND status != 'missing'`,
  ).get(datasetId) as DatasetCounts;
}

/** The fingerprint's sums over the readable, not excluded images (see fingerprint in data/dataset-items.ts). */
export function fingerprintSums(db: Database.Database, datasetId: number): { n: number; ids: number; labels: number; hashes: number } {
  return prepared(
    db,
    `SELECT coalesce(sum(n), 0) AS n, total(ids) AS ids, total(labels) AS labels, total(hashes) AS hashes
     FROM image_totals WHERE dataset_id = ? AND status = 'ok' AND left_out = 0`,
  ).get(datasetId) as { n: number; ids: number; labels: number; hashes: number };
}

/** The grid filter's fields the totals can answer (images.query's count). */
export interface TotalsFilter {
  datasetId: number;
  excluded: boolean;
  labelId?: number | null;
  status?: string;
  split?: string | null;
  search?: string;
  duplicatesOnly?: boolean;
  imageIds?: number[];
}

/**
 * How many images a grid filter matches, read from the totals when it filters on their columns
 * only (dataset, excluded, label, status); null when it needs a scan (split, search, duplicates, a picked list).
 */
export function filteredCount(db: Database.Database, f: TotalsFilter): number | null {
  if (f.split !== undefined || f.search || f.duplicatesOnly || f.imageIds) return null;
  const label = f.labelId === undefined ? -1 : (f.labelId ?? 0); // -1: any label; 0: unlabelled
  return (
    prepared(
      db,
      `SELECT coalesce(sum(n), 0) AS n FROM image_totals
       WHERE dataset_id = ? AND left_out = ? AND (? < 0 OR label_id = ?) AND (? IS NULL OR status = ?)`,
    ).get(f.datasetId, f.excluded ? 1 : 0, label, label, f.status ?? null, f.status ?? null) as { n: number }
  ).n;
}
