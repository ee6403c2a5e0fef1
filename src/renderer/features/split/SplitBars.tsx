import type { SplitSummaryRow } from '../../../shared/api/splits';

const PARTS = ['train', 'val', 'test', 'unassigned'] as const;

/** One horizontal stacked bar per label, widths relative to the largest label. */
export function SplitBars({ rows }: { rows: SplitSummaryRow[] }) {
  const totals = rows.map((r) => r.train + r.val + r.test + r.unassigned);
  const max = Math.max(1, ...totals);
  return (
    <div className="split-bars" role="table" aria-label="Split per label">
      <div className="split-legend" aria-hidden="true">
        {PARTS.map((p) => (
          <span key={p}>
            <span className={`dot part-${p}`} /> {p}
          </span>
        ))}
      </div>
      {rows.map((row, i) => (
        <div key={row.labelId ?? 'none'} className="split-row" role="row">
          <span className="split-name" role="rowheader">
            {row.labelId === null ? <em>Unlabeled</em> : row.name}
          </span>
          <span className="split-bar" role="cell" style={{ width: `${(totals[i]! / max) * 100}%` }}>
            {PARTS.map((p) =>
              row[p] > 0 ? (
                <span key={p} className={`part part-${p}`} style={{ flexGrow: row[p] }} title={`${p}: ${row[p]}`}>
                  {row[p]}
                </span>
              ) : null,
            )}
          </span>
          <span className="split-counts mono muted" role="cell">
            {row.train}/{row.val}/{row.test}
            {row.unassigned > 0 && ` +${row.unassigned}`}
          </span>
        </div>
      ))}
    </div>
  );
}
