import type { z } from 'zod';
import type { imageFilter } from '../../shared/api/images';

type Filter = z.output<typeof imageFilter>;

const ORDER_BY: Record<Filter['sort'], string> = {
  path: 'i.rel_path',
  label: 'l.name IS NULL, l.name',
  size: 'i.bytes',
  width: 'i.width',
  height: 'i.height',
  split: "CASE i.split WHEN 'train' THEN 0 WHEN 'val' THEN 1 WHEN 'test' THEN 2 ELSE 3 END",
  status: 'i.status',
  id: 'i.id',
  picked: 'i.id', // without imageIds; with them, their order (below)
};

/**
 * Whole groups of copies: the images that are a copy of another and the images others are a copy
 * of. Both lists come from the index on duplicate_of (a few rows), so the grid's "Duplicates"
 * filter looks up those images instead of probing the index once for every image of the dataset.
 */
export const DUPLICATES_ONLY =
  'i.id IN (SELECT id FROM images WHERE duplicate_of IS NOT NULL UNION ALL SELECT duplicate_of FROM images WHERE duplicate_of IS NOT NULL)';

/** The search's test of a path in the SQL the grid has always run: ASCII letters in either case (SQLite's lower()). */
const SEARCH_INSTR = 'instr(lower(i.rel_path), lower(?)) > 0';

/**
 * The WHERE terms of a filter with their parameters (every value bound, never spliced). `search`
 * writes the search's test (by default SEARCH_INSTR with the search as its parameter).
 */
export function filterTerms(filter: Filter, search = (text: string): [string, unknown[]] => [SEARCH_INSTR, [text]]): { where: string[]; params: unknown[] } {
  const where = ['i.dataset_id = ?', 'i.excluded = ?'];
  const params: unknown[] = [filter.datasetId, filter.excluded ? 1 : 0];
  if (filter.labelId !== undefined) {
    if (filter.labelId === null) where.push('i.label_id IS NULL');
    else {
      where.push('i.label_id = ?');
      params.push(filter.labelId);
    }
  }
  if (filter.split !== undefined) {
    if (filter.split === null) where.push('i.split IS NULL');
    else {
      where.push('i.split = ?');
      params.push(filter.split);
    }
  }
  if (filter.status) {
    where.push('i.status = ?');
    params.push(filter.status);
  }
  if (filter.duplicatesOnly) where.push(DUPLICATES_ONLY);
  if (filter.search) {
    const [term, values] = search(filter.search);
    where.push(term);
    params.push(...values);
  }
  if (filter.imageIds) {
    where.push('i.id IN (SELECT value FROM json_each(?))');
    params.push(JSON.stringify(filter.imageIds));
  }
  return { where, params };
}

/** The ORDER BY of a filter's sort and direction, ties in id order. */
export function orderBySql(filter: Filter, picked: boolean): string {
  const dir = filter.order === 'desc' ? 'DESC' : 'ASC';
  const orderBy = (picked ? 'o.key' : ORDER_BY[filter.sort])
    .split(', ')
    .map((part) => `${part} ${dir}`)
    .join(', ');
  return `${orderBy}, i.id ${dir}`;
}

/** FROM … WHERE … for a filter, with its parameters; every value is bound, never spliced. */
export function filterSql(filter: Filter): { from: string; params: unknown[]; orderBy: string } {
  const { where, params } = filterTerms(filter);
  // In the order given: the position of each id in imageIds (json_each's key), joined first.
  const picked = filter.sort === 'picked' && filter.imageIds ? { join: 'JOIN json_each(?) o ON o.value = i.id ', param: JSON.stringify(filter.imageIds) } : null;
  return {
    from: `FROM images i ${picked?.join ?? ''}LEFT JOIN labels l ON l.id = i.label_id WHERE ${where.join(' AND ')}`,
    params: picked ? [picked.param, ...params] : params,
    orderBy: orderBySql(filter, !!picked),
  };
}
