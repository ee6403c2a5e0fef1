// Reads of the running totals of each dataset's images (table image_totals, kept by the triggers
// of migrations 008 and 011): counts and fingerprint sums in a few row reads instead of a scan of every
// image. Statements are prepared once per connection.
import type Database from 'better-sqlite3';
import type { SplitSummaryRow } from '../../shared/api/splits';

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

/** The totals' columns a group order (images-order.ts) groups by: label_id 0 and split '' stand for none. */
export type GroupColumn = 'label_id' | 'split' | 'status';

/** The WHERE of the totals' rows a filter matches, or null when it needs a scan (search, duplicates, a picked list). */
function totalsWhere(f: TotalsFilter): { where: string; params: unknown[] } | null {
  if (f.search || f.duplicatesOnly || f.imageIds) return null;
  const where = ['dataset_id = ?', 'left_out = ?'];
  const params: unknown[] = [f.datasetId, f.excluded ? 1 : 0];
  if (f.labelId !== undefined) (where.push('label_id = ?'), params.push(f.labelId ?? 0));
  if (f.status !== undefined) (where.push('status = ?'), params.push(f.status));
  if (f.split !== undefined) (where.push('split = ?'), params.push(f.split ?? ''));
  return { where: where.join(' AND '), params };
}

/** How many images a grid filter matches, read from the totals; null when it needs a scan (search, duplicates, a picked list). */
export function filteredCount(db: Database.Database, f: TotalsFilter): number | null {
  const t = totalsWhere(f);
  if (!t) return null;
  return (prepared(db, `SELECT coalesce(sum(n), 0) AS n FROM image_totals WHERE ${t.where}`).get(...t.params) as { n: number }).n;
}

/**
 * How many images a grid filter matches per value of a column (label_id, split or status, their
 * "none" as NULL), groups without images left out; null when the filter needs a scan.
 */
export function groupCounts(db: Database.Database, f: TotalsFilter, column: GroupColumn): { value: number | string | null; n: number }[] | null {
  const t = totalsWhere(f);
  if (!t) return null;
  const value = column === 'label_id' ? 'nullif(label_id, 0)' : column === 'split' ? "nullif(split, '')" : 'status';
  return prepared(db, `SELECT ${value} AS value, sum(n) AS n FROM image_totals WHERE ${t.where} GROUP BY 1 HAVING sum(n) > 0`).all(
    ...t.params,
  ) as { value: number | string | null; n: number }[];
}

/** splits.summary: per label (the unlabelled as labelId null), the present, not excluded images of each split; by name, unlabelled last. */
export function splitTotals(db: Database.Database, datasetId: number): SplitSummaryRow[] {
  const rows = prepared(
    db,
    `SELECT nullif(t.label_id, 0) AS labelId, l.name AS name,
       coalesce(sum(n) FILTER (WHERE split = 'train'), 0) AS train, coalesce(sum(n) FILTER (WHERE split = 'val'), 0) AS val,
       coalesce(sum(n) FILTER (WHERE split = 'test'), 0) AS test, coalesce(sum(n) FILTER (WHERE split = ''), 0) AS unassigned
     FROM image_totals t LEFT JOIN labels l ON l.id = t.label_id
     WHERE t.dataset_id = ? AND t.status != 'missing' AND t.left_out = 0
     GROUP BY t.label_id HAVING sum(n) > 0 ORDER BY l.name IS NULL, l.name`,
  ).all(datasetId) as SplitSummaryRow[];
  return rows.map((r) => ({ ...r, name: r.name ?? '(unlabeled)' }));
}
