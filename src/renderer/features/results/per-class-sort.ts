import type { RunTestMetrics } from '../../../shared/api/runs';

export type ClassRow = RunTestMetrics['perClass'][number];
export type ClassSortKey = 'name' | 'precision' | 'recall' | 'f1' | 'support';
export interface ClassSort {
  key: ClassSortKey;
  dir: 'asc' | 'desc';
}

/** Rows sorted by one column (ties by name), so the weakest classes of 37 come to the top in a click. */
export function sortClasses(rows: readonly ClassRow[], sort: ClassSort): ClassRow[] {
  const sign = sort.dir === 'asc' ? 1 : -1;
  return [...rows].sort((a, b) => {
    const d = sort.key === 'name' ? a.name.localeCompare(b.name) : a[sort.key] - b[sort.key];
    return sign * d || a.name.localeCompare(b.name);
  });
}

/** A header click: the same column flips its direction; a new one starts with the worst first (numbers ascending). */
export function nextSort(current: ClassSort, key: ClassSortKey): ClassSort {
  if (current.key === key) return { key, dir: current.dir === 'asc' ? 'desc' : 'asc' };
  return { key, dir: 'asc' };
}
