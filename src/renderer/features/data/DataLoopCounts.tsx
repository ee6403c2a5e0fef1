import { openReview, useDataSummary } from './use-data-summary';

/**
 * The data loop's counts where people label: suspicious labels to review and unlabelled images
 * to label with suggestions, each a link to its queue. Says so when labels were not checked yet.
 */
export function DataLoopCounts({ datasetId, variant = 'sidebar' }: { datasetId: number; variant?: 'sidebar' | 'card' }) {
  const summary = useDataSummary(datasetId);
  const s = summary.data;
  if (summary.error) return variant === 'card' ? <p className="small muted">{summary.error}</p> : null;
  if (!s) return null;
  const running = s.analyses.kfold.status === 'running';
  return (
    <div className={`data-loop-counts in-${variant}`} aria-label="Data loop">
      <button className="link-button" onClick={() => openReview('suspicious')}>
        {s.labelIssues === null ? (running ? 'Checking labels…' : 'Check labels for mistakes') : `Review ${s.labelIssues.toLocaleString()} suspicious label${s.labelIssues === 1 ? '' : 's'}`}
        {s.labelIssues !== null && s.analyses.kfold.stale && <span className="muted"> (updating)</span>}
      </button>
      {s.unlabeled > 0 && (
        <button className="link-button" onClick={() => openReview('next')}>
          Label next: {s.unlabeled.toLocaleString()} unlabelled{s.suggestions !== null ? ' with suggestions' : ''}
        </button>
      )}
      {variant === 'card' && <span className="small muted break">On the features of {s.model}{s.keptLabels ? ` · ${s.keptLabels.toLocaleString()} flagged label${s.keptLabels === 1 ? '' : 's'} kept` : ''}</span>}
    </div>
  );
}

/** The Start screen's card for the open dataset: what the data loop found, and where to act on it. */
export function DataLoopCard({ datasetId, name }: { datasetId: number; name?: string }) {
  return (
    <section className="card" aria-labelledby="data-loop-title">
      <h2 id="data-loop-title">Improve {name ?? 'this dataset'}</h2>
      <p className="muted small">Checked on this machine with the cached features: nothing is uploaded.</p>
      <DataLoopCounts datasetId={datasetId} variant="card" />
      <button className="link-button" onClick={() => (location.hash = '#/map')}>
        See the dataset as a map
      </button>
    </section>
  );
}
