// The grid's reads at 100,000 images: a page of images (images.query) and the ids in grid order
// (images.ids), in every sort order, without sorting the dataset on each request. An order whose
// key takes a few values (label, split, status) is read group by group: a group's images sit in
// id order in an index (dataset_id, excluded, column) (migration 011), so a page is a run of rows
// from an offset in one or two groups, placed by the groups' counts (running totals when the filter
// allows). Path and size order walk an index of their own; width and height still sort.
import type Database from 'better-sqlite3';
import type { z } from 'zod';
import type { imageFilter } from '../../shared/api/images';
import type { ImageRow } from './datasets-store';
import { filterSql } from './images-query';
import { filteredCount, groupCounts, prepared, type GroupColumn } from './image-totals';

type Filter = z.output<typeof imageFilter>;
type GroupValue = number | string | null;

const GROUP_COLUMN: Partial<Record<Filter['sort'], GroupColumn>> = { label: 'label_id', split: 'split', status: 'status' };
const SPLIT_RANK: Record<string, number> = { train: 0, val: 1, test: 2 };

/** A run of rows to read: `limit` rows of one group (or of the whole order: group undefined) from `offset`. */
interface Run {
  group?: { column: GroupColumn; value: GroupValue };
  offset: number;
  limit: number;
}

/** The groups of a group order with their counts under the filter, in the grid's order (images-query's ORDER_BY). */
function orderedGroups(db: Database.Database, filter: Filter, column: GroupColumn): { value: GroupValue; n: number }[] {
  let groups = groupCounts(db, filter, column);
  if (!groups) {
    const { from, params } = filterSql(filter);
    groups = db.prepare(`SELECT i.${column} AS value, count(*) AS n ${from} GROUP BY 1`).all(...params) as { value: GroupValue; n: number }[];
  }
  let rank: (value: GroupValue) => number;
  if (column === 'label_id') {
    // By name as SQLite compares them (bytes of UTF-8, not JavaScript's UTF-16 units); no label last.
    const byName = db
      .prepare('SELECT id FROM labels WHERE id IN (SELECT value FROM json_each(?)) ORDER BY name')
      .pluck()
      .all(JSON.stringify(groups.map((g) => g.value).filter((v) => v !== null))) as number[];
    const position = new Map(byName.map((id, i) => [id, i]));
    rank = (v) => (v === null ? byName.length : position.get(v as number)!);
  } else if (column === 'split') rank = (v) => (v === null ? 3 : SPLIT_RANK[v as string] ?? 3);
  else {
    const names = groups.map((g) => String(g.value)).sort();
    rank = (v) => names.indexOf(String(v));
  }
  groups.sort((a, b) => rank(a.value) - rank(b.value));
  return filter.order === 'desc' ? groups.reverse() : groups;
}

/** The runs of rows that make up [offset, offset + limit) of the filter's order; a group order also gives the filter's total. */
function runsOf(db: Database.Database, filter: Filter, offset: number, limit: number): { total?: number; runs: Run[] } {
  const column = GROUP_COLUMN[filter.sort];
  if (!column) return { runs: [{ offset, limit }] };
  const groups = orderedGroups(db, filter, column);
  const runs: Run[] = [];
  let skip = offset;
  let left = limit;
  for (const g of groups) {
    if (left <= 0) break;
    if (skip >= g.n) {
      skip -= g.n;
      continue;
    }
    const take = Math.min(left, g.n - skip);
    runs.push({ group: { column, value: g.value }, offset: skip, limit: take });
    left -= take;
    skip = 0;
  }
  return { total: groups.reduce((sum, g) => sum + g.n, 0), runs };
}

/** The SELECT of one run: `what` of its rows, in grid order. */
function runSql(filter: Filter, run: Run, what: string): { sql: string; params: unknown[] } {
  const { from, params, orderBy } = filterSql(filter);
  if (!run.group) return { sql: `SELECT ${what} ${from} ORDER BY ${orderBy} LIMIT ? OFFSET ?`, params: [...params, run.limit, run.offset] };
  const dir = filter.order === 'desc' ? 'DESC' : 'ASC';
  return {
    sql: `SELECT ${what} ${from} AND i.${run.group.column} IS ? ORDER BY i.id ${dir} LIMIT ? OFFSET ?`,
    params: [...params, run.group.value, run.limit, run.offset],
  };
}

/** images.query: the filter's total and the page [offset, offset + limit) in grid order. */
export function imagesPage(db: Database.Database, filter: Filter, offset: number, limit: number): { total: number; rows: ImageRow[] } {
  // One read transaction: the counts and the rows come from the same snapshot (another process may write in between).
  return db.transaction(() => {
    const { total, runs } = runsOf(db, filter, offset, limit);
    // The grid asks for every page it shows: the count comes from the running totals when it can.
    const count = () => {
      const { from, params } = filterSql(filter);
      return prepared(db, `SELECT count(*) ${from}`).pluck().get(...params) as number;
    };
    const rows: ImageRow[] = [];
    for (const run of runs) {
      const { sql, params } = runSql(filter, run, 'i.*');
      rows.push(...(prepared(db, sql).all(...params) as ImageRow[]));
    }
    return { total: total ?? filteredCount(db, filter) ?? count(), rows };
  })();
}

/**
 * images.ids: the ids of [offset, offset + limit) of the filter's images (all from offset when
 * limit is undefined), in grid order, as decimal numbers joined by commas. SQLite writes the string
 * (group_concat over rows it reads in order: a subquery with LIMIT is never flattened into the
 * aggregate), so no array of 100,000 numbers is built or serialized on the engine's loop.
 */
export function imageIdList(db: Database.Database, filter: Filter, offset: number, limit?: number): string {
  return db.transaction(() => {
    const { runs } = runsOf(db, filter, offset, limit ?? Number.MAX_SAFE_INTEGER);
    const parts: string[] = [];
    for (const run of runs) {
      const { sql, params } = runSql(filter, run, 'i.id');
      const part = prepared(db, `SELECT group_concat(id) FROM (${sql})`).pluck().get(...params) as string | null;
      if (part) parts.push(part);
    }
    return parts.join(',');
  })();
}
