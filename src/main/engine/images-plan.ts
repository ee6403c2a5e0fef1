// Which rows a grid read walks, so that no page or count at 100,000 images sorts the dataset or
// looks up rows it does not return (images-order.ts runs the reads). SQLite's planner, left alone,
// sorted every image for a page by width or import order and picked indexes that looked up most
// rows of the dataset under a filter; here every read names its index (INDEXED BY), chosen from the
// running totals' counts:
// - an order walks its own index (migration 013: entries in grid order, with label_id, split and
//   status on each entry, so the sidebar's filters are tested without reading the row), or, for an
//   id order (import order, a group of a label/split/status order), the index of whichever filter
//   column or group has the fewest entries, all of which are in id order too;
// - a filter with few images (≤ planLimits.smallSet) sorted by size, width or height is read through its
//   column's index and sorted (a walk of the order could pass every image to find them);
// - a search of 3 or more characters whose trigrams narrow it to ≤ planLimits.candidates images reads those
//   (the trigram index of migration 013) and sorts them; any other search tests the path of each
//   image the filter walks, with LIKE (the same test as instr(lower(path), lower(search)): both fold
//   ASCII letters only), counted over the index (…, rel_path) of the filter (migrations 009, 012).
// A duplicates filter (a few images) is read by id and sorted; a list of ids keeps the SQL the grid
// always ran.
import type Database from 'better-sqlite3';
import type { z } from 'zod';
import type { imageFilter } from '../../shared/api/images';
import { filterSql, filterTerms, orderBySql } from './images-query';
import { filteredCount, prepared, type GroupColumn } from './image-totals';
import { pathCandidates } from './path-trigrams';

type Filter = z.output<typeof imageFilter>;

/**
 * candidates: a search the trigrams narrow to at most this many images reads them instead of walking
 * the filter; smallSet: a filter column with at most this many images is read through its index and
 * sorted by size, width or height. (Tests move them to run every branch on small data.)
 */
export const planLimits = { candidates: 4_000, smallSet: 2_000 };

const KEY_INDEX: Partial<Record<Filter['sort'], string>> = { size: 'images_by_size', width: 'images_by_width_order', height: 'images_by_height_order' };
const GROUP_INDEX: Record<GroupColumn, string> = { label_id: 'images_by_label_order', split: 'images_by_split_order', status: 'images_by_status_order' };
const PATH_INDEX: Record<GroupColumn, string> = { label_id: 'images_by_label_path', split: 'images_by_split_path', status: 'images_by_status_path' };

/** What a read walks: 'totals' (no search), 'scan' (a search tested on each path), 'trigrams' (a search's candidates), 'generic'. */
export type SourceKind = 'totals' | 'scan' | 'trigrams' | 'generic';

export interface Source {
  kind: SourceKind;
  /** FROM … WHERE … of the filter's images, through `index` when given. */
  from(index?: string): string;
  params: unknown[];
  orderBy: string;
  /** The filter's columns with their count of images (without the search), fewest first. */
  columns: { column: GroupColumn; n: number }[];
}

/** The search as a LIKE pattern with '\' as escape: the path holds it, ASCII letters in either case. */
export function likePattern(search: string): string {
  return `%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** The filter's label, split and status columns with their counts in the totals, fewest first. */
function filterColumns(db: Database.Database, filter: Filter): { column: GroupColumn; n: number }[] {
  const base = { datasetId: filter.datasetId, excluded: filter.excluded };
  const columns: { column: GroupColumn; n: number }[] = [];
  if (filter.labelId !== undefined) columns.push({ column: 'label_id', n: filteredCount(db, { ...base, labelId: filter.labelId })! });
  if (filter.split !== undefined) columns.push({ column: 'split', n: filteredCount(db, { ...base, split: filter.split })! });
  if (filter.status !== undefined) columns.push({ column: 'status', n: filteredCount(db, { ...base, status: filter.status })! });
  return columns.sort((a, b) => a.n - b.n);
}

/** The images that are copies of another, in every dataset (the totals' duplicate flag). */
function copies(db: Database.Database): number {
  return prepared(db, 'SELECT coalesce(sum(n), 0) FROM image_totals WHERE duplicate = 1').pluck().get() as number;
}

export function sourceOf(db: Database.Database, filter: Filter): Source {
  if (filter.imageIds) {
    const { from, params, orderBy } = filterSql(filter);
    return { kind: 'generic', from: () => from, params, orderBy, columns: [] };
  }
  // A NUL byte is in no path (no file system allows one in a name): such a search matches nothing, as instr did.
  const like = (text: string): [string, unknown[]] => (text.includes('\0') ? ['0', []] : ["i.rel_path LIKE ? ESCAPE '\\'", [likePattern(text)]]);
  const { where, params } = filterTerms(filter, like);
  const orderBy = orderBySql(filter, false);
  if (filter.duplicatesOnly) {
    // The copies and their originals (at most twice the copies): looked up by id and sorted when few,
    // instead of SQLite's walk of the order that tests every image against them.
    const few = 2 * copies(db) <= planLimits.smallSet;
    return { kind: 'generic', from: () => `FROM images i${few ? ' NOT INDEXED' : ''} WHERE ${where.join(' AND ')}`, params, orderBy, columns: [] };
  }
  const columns = filterColumns(db, filter);
  // No join of the labels: a label order reads group by group (images-order.ts), and a count over a
  // join reads every row for its label_id instead of the index entries.
  const candidates = filter.search && !filter.search.includes('\0') ? pathCandidates(db, filter.search, planLimits.candidates) : null;
  if (candidates) {
    // The candidates first (CROSS JOIN keeps that order), each one's row by id, the exact test on it.
    return {
      kind: 'trigrams',
      from: () => `FROM json_each(?) c CROSS JOIN images i ON i.id = c.value WHERE ${where.join(' AND ')}`,
      params: [candidates, ...params],
      orderBy,
      columns,
    };
  }
  return {
    kind: filter.search ? 'scan' : 'totals',
    from: (index) => `FROM images i${index ? ` INDEXED BY ${index}` : ''} WHERE ${where.join(' AND ')}`,
    params,
    orderBy,
    columns,
  };
}

/** The index a run of rows walks (undefined: SQLite's choice), for a group order's group `group` or the whole order. */
export function runIndex(source: Source, filter: Filter, group?: { column: GroupColumn; n: number }): string | undefined {
  if (source.kind === 'generic' || source.kind === 'trigrams') return undefined;
  const fewest = source.columns[0];
  if (group || filter.sort === 'id' || filter.sort === 'picked') {
    // Every group index lists a value's images in id order: walk the one with the fewest entries.
    const best = group && (!fewest || group.n <= fewest.n) ? group : fewest;
    return best ? GROUP_INDEX[best.column] : 'images_by_id_order';
  }
  const key = KEY_INDEX[filter.sort];
  if (key) return fewest && fewest.n <= planLimits.smallSet ? GROUP_INDEX[fewest.column] : key;
  // By path: the (…, rel_path) index of the filter's smallest column; SQLite picks the same without a search.
  if (source.kind === 'totals') return undefined;
  return fewest ? PATH_INDEX[fewest.column] : 'images_by_path';
}

/** The index a count (or a group order's counts by `column`) walks when the totals cannot answer: it holds the path the search tests. */
export function countIndex(source: Source, column?: GroupColumn): string | undefined {
  if (source.kind !== 'scan') return undefined;
  const fewest = source.columns[0];
  if (fewest) return PATH_INDEX[fewest.column];
  return column ? PATH_INDEX[column] : 'images_by_path';
}
