import { useState } from 'react';
import type { RunTestMetrics } from '../../../shared/api/runs';
import { percent } from '../train/format';
import { nextSort, sortClasses, type ClassSort, type ClassSortKey } from './per-class-sort';

const COLUMNS: { key: ClassSortKey; text: string; title: string }[] = [
  { key: 'name', text: 'Class', title: 'Class name' },
  { key: 'precision', text: 'Prec.', title: 'Precision: of the images predicted as this class, the share that are' },
  { key: 'recall', text: 'Recall', title: 'Recall: of the images of this class, the share found' },
  { key: 'f1', text: 'F1', title: 'F1: harmonic mean of precision and recall' },
  { key: 'support', text: 'Support', title: 'Support: test images of this class' },
];

/**
 * Precision, recall, F1 and support per class, each number over a bar drawn as its cell's
 * background (no extra width, so all five columns fit a narrow side column); headers sort, and a
 * row click filters the gallery by class.
 */
export function PerClassTable({ metrics, onClass }: { metrics: RunTestMetrics; onClass(labelId: number): void }) {
  const [sort, setSort] = useState<ClassSort>({ key: 'name', dir: 'asc' });
  const rows = sortClasses(metrics.perClass, sort);
  return (
    <table className="per-class" aria-label="Per-class metrics">
      <thead>
        <tr>
          {COLUMNS.map((c) => (
            <th key={c.key} scope="col" className={c.key === 'name' ? undefined : 'num'} aria-sort={sort.key === c.key ? (sort.dir === 'asc' ? 'ascending' : 'descending') : 'none'}>
              <button type="button" className="sort-head" title={`${c.title} — click to sort`} onClick={() => setSort((s) => nextSort(s, c.key))}>
                {c.text}
                {sort.key === c.key ? (sort.dir === 'asc' ? ' ↑' : ' ↓') : ''}
              </button>
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((c) => (
          <tr key={c.labelId}>
            <th scope="row" title={c.name}>
              <button className="link" onClick={() => onClass(c.labelId)} title={`Show ${c.name} in the gallery`}>
                {c.name}
              </button>
            </th>
            {[c.precision, c.recall, c.f1].map((v, i) => (
              <td key={i} className="num mono metric-cell" style={{ '--v': `${(v * 100).toFixed(1)}%` } as React.CSSProperties}>
                {percent(v, 0)}
              </td>
            ))}
            <td className="num mono">{c.support}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
