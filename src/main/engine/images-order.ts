// The grid's reads at 100,000 images: a page of images (images.query) and the ids in grid order
// (images.ids), in every sort order, without sorting the dataset on each request. An order whose
// key takes a few values (label, split, status) is read group by group: a group's images sit in
// id order in an index (dataset_id, excluded, column) (migration 011), so a page is a run of rows
// from an offset in one or two groups, placed by the groups' counts (running totals when the filter
// allows). The other orders walk an index of their own; which index each read walks (and how a
// search is read) is images-plan.ts's choice.
import type Database from 'better-sqlite3';
import type { z } from 'zod';
import type { imageFilter } from '../../shared/api/images';
import type { ImageRow } from './datasets-store';
import { countIndex, runIndex, sourceOf, type Source } from './images-plan';
import { orderBySql } from './images-query';
import { filteredCount, groupCounts, prepared, type GroupColumn } from './image-totals';
import { keptCount } from './kept-counts';

type Filter = z.output<typeof imageFilter>;
type GroupValue = number | string | null;

const GROUP_COLUMN: Partial<Record<Filter['sort'], GroupColumn>> = { label: 'label_id', split: 'split', status: 'status' };
const SPLIT_RANK: Record<string, number> = { train: 0, val: 1, test: 2 };

/** A run of rows to read: `limit` rows of one group (or of the whole order: group undefined) from `offset`, through `index`. */
interface Run {
  group?: { column: GroupColumn; value: GroupValue; n: number };
  offset: number;
  limit: number;
  index?: string;
}

/** The groups of a group order with their counts under the filter, in the grid's order (images-query's ORDER_BY). */
function orderedGroups(db: Database.Database, filter: Filter, source: Source, column: GroupColumn): { value: GroupValue; n: number }[] {
  let groups = source.kind === 'totals' ? groupCounts(db, filter, column) : null;
  if (!groups) {
    const sql = `SELECT i.${column} AS value, count(*) AS n ${source.from(countIndex(source, column))} GROUP BY 1`;
    const read = () => prepared(db, sql).all(...source.params) as { value: GroupValue; n: number }[];
    groups = [...(source.kind === 'scan' ? keptCount(db, sql, source.params, read) : read())];
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
function runsOf(db: Database.Database, filter: Filter, source: Source, offset: number, limit: number): { total?: number; runs: Run[] } {
  const column = GROUP_COLUMN[filter.sort];
  if (!column) return { runs: [{ offset, limit, index: runIndex(source, filter) }] };
  const groups = orderedGroups(db, filter, source, column);
  // A group's own entries in its index (the filter's columns aside): what a walk of that index passes.
  const entries = source.columns.length ? new Map(groupCounts(db, { datasetId: filter.datasetId, excluded: filter.excluded }, column)!.map((g) => [g.value, g.n])) : null;
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
    const index = runIndex(source, filter, { column, n: entries?.get(g.value) ?? g.n });
    runs.push({ group: { column, value: g.value, n: g.n }, offset: skip, limit: take, index });
    left -= take;
    skip = 0;
  }
  return { total: groups.reduce((sum, g) => sum + g.n, 0), runs };
}

/** The SELECT of one run: `what` of its rows, in grid order (in reverse order with `reverse`). */
function runSql(filter: Filter, source: Source, run: Run, what: string, reverse = false): { sql: string; params: unknown[] } {
  const from = source.from(run.index);
  const { params } = source;
  if (!run.group) {
    const orderBy = reverse ? orderBySql({ ...filter, order: filter.order === 'desc' ? 'asc' : 'desc' }, false) : source.orderBy;
    return { sql: `SELECT ${what} ${from} ORDER BY ${orderBy} LIMIT ? OFFSET ?`, params: [...params, run.limit, run.offset] };
  }
  const dir = (filter.order === 'desc') !== reverse ? 'DESC' : 'ASC';
  return {
    sql: `SELECT ${what} ${from} AND i.${run.group.column} IS ? ORDER BY i.id ${dir} LIMIT ? OFFSET ?`,
    params: [...params, run.group.value, run.limit, run.offset],
  };
}

/**
 * A run read from the other end of its order when that is nearer (`n`: the rows of its order), its
 * rows then reversed: a walk passes min(offset, n - offset - limit) entries, never more than half.
 * Only where the order's total is known exactly and the walk is of an index (not a sorted set).
 */
function nearerEnd(source: Source, run: Run, n: number): { run: Run; reverse: boolean } {
  const size = run.group?.n ?? n;
  const fromEnd = size - run.offset - run.limit;
  if ((source.kind !== 'totals' && source.kind !== 'scan') || fromEnd >= run.offset) return { run, reverse: false };
  return { run: { ...run, offset: Math.max(0, fromEnd), limit: Math.min(run.limit, size - run.offset) }, reverse: true };
}

/** images.query: the filter's total and the page [offset, offset + limit) in grid order. */
export function imagesPage(db: Database.Database, filter: Filter, offset: number, limit: number): { total: number; rows: ImageRow[] } {
  // One read transaction: the counts and the rows come from the same snapshot (another process may write in between).
  return db.transaction(() => {
    const source = sourceOf(db, filter);
    const { total, runs } = runsOf(db, filter, source, offset, limit);
    // The grid asks for every page it shows: the count comes from the running totals when it can.
    const countSql = `SELECT count(*) ${source.from(countIndex(source))}`;
    const read = () => prepared(db, countSql).pluck().get(...source.params) as number;
    const count = () => (source.kind === 'scan' ? keptCount(db, countSql, source.params, read) : read());
    const n = total ?? (source.kind === 'totals' ? filteredCount(db, filter)! : count());
    const rows: ImageRow[] = [];
    // A page past the end reads nothing (a count that walked every image knows it is past the end).
    for (const whole of offset < n ? runs : []) {
      const { run, reverse } = nearerEnd(source, whole, n);
      const { sql, params } = runSql(filter, source, run, 'i.*', reverse);
      const read = prepared(db, sql).all(...params) as ImageRow[];
      rows.push(...(reverse ? read.reverse() : read));
    }
    return { total: n, rows };
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
    const source = sourceOf(db, filter);
    const { runs } = runsOf(db, filter, source, offset, limit ?? Number.MAX_SAFE_INTEGER);
    const parts: string[] = [];
    for (const run of runs) {
      const { sql, params } = runSql(filter, source, run, 'i.id');
      const part = prepared(db, `SELECT group_concat(id) FROM (${sql})`).pluck().get(...params) as string | null;
      if (part) parts.push(part);
    }
    return parts.join(',');
  })();
}
