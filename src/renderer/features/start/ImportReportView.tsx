import type { ImportReport } from '../../../shared/types';

export function ImportReportView({ report, onOpen }: { report: ImportReport; onOpen(): void }) {
  const labels = Object.entries(report.labels).sort((a, b) => b[1] - a[1]);
  return (
    <div className="report" aria-label="Import report">
      <div className="report-head">
        <strong>{report.images.toLocaleString()} images</strong>
        <span className="muted">
          {labels.length} labels · {report.unlabeled.toLocaleString()} unlabeled · {report.duplicates.toLocaleString()} duplicates ·{' '}
          {report.skipped.length} skipped
        </span>
        <button className="primary" onClick={onOpen}>
          Browse →
        </button>
      </div>
      {labels.length > 0 && (
        <div className="chips">
          {labels.map(([name, n]) => (
            <span key={name} className="chip">
              {name} <span className="muted">{n}</span>
            </span>
          ))}
        </div>
      )}
      {report.skipped.length > 0 && (
        <details className="skipped">
          <summary>{report.skipped.length} files skipped</summary>
          <ul>
            {report.skipped.slice(0, 500).map((s) => (
              <li key={s.path}>
                <span className="mono">{s.path}</span> <span className="muted">— {s.reason}</span>
              </li>
            ))}
          </ul>
        </details>
      )}
    </div>
  );
}
