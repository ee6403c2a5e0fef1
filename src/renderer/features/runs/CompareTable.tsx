import type { RunDetail, RunScore } from '../../../shared/api/runs';
import { compareRows } from './compare-rows';

/** Two runs' settings and metrics in columns; the better like-for-like metric is marked. */
export function CompareTable({ runs, colors, scores, commonCount }: { runs: RunDetail[]; colors: string[]; scores: ReadonlyMap<number, RunScore> | null; commonCount: number | null }) {
  return (
    <table className="compare-table">
      <thead>
        <tr>
          <th scope="col" />
          {runs.map((r, i) => (
            <th key={r.id} scope="col">
              <span className="legend-line" style={{ borderColor: colors[i] }} aria-hidden="true" /> Run #{r.id}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {compareRows(runs, scores, commonCount).map((row) => (
          <tr key={row.name}>
            <th scope="row">
              {row.name}
              {row.note && <span className="row-note">{row.note}</span>}
            </th>
            {row.cells.map((cell, i) => (
              <td key={runs[i]!.id} className={i === row.better ? 'better' : undefined}>
                {cell}
                {i === row.better && <span className="sr-only"> (better)</span>}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
