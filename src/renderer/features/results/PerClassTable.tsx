import type { RunTestMetrics } from '../../../shared/api/runs';
import { percent } from '../train/format';

function Bar({ value }: { value: number }) {
  return (
    <span className="metric-bar" aria-hidden="true">
      <span style={{ width: `${(value * 100).toFixed(1)}%` }} />
    </span>
  );
}

/** Precision, recall, F1 and support per class, with bars; a row click filters the gallery by class. */
export function PerClassTable({ metrics, onClass }: { metrics: RunTestMetrics; onClass(labelId: number): void }) {
  return (
    <table className="per-class" aria-label="Per-class metrics">
      <thead>
        <tr>
          <th scope="col">Class</th>
          <th scope="col">Precision</th>
          <th scope="col">Recall</th>
          <th scope="col">F1</th>
          <th scope="col" className="num">Support</th>
        </tr>
      </thead>
      <tbody>
        {metrics.perClass.map((c) => (
          <tr key={c.labelId}>
            <th scope="row">
              <button className="link" onClick={() => onClass(c.labelId)} title={`Show ${c.name} in the gallery`}>
                {c.name}
              </button>
            </th>
            {[c.precision, c.recall, c.f1].map((v, i) => (
              <td key={i}>
                <span className="metric-cell">
                  <Bar value={v} />
                  <span className="mono">{percent(v, 0)}</span>
                </span>
              </td>
            ))}
            <td className="num mono">{c.support}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
