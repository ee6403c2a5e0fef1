import type { JobProgress } from '../../../shared/types';

export function ImportProgress({ progress }: { progress: JobProgress | null }) {
  const fraction = progress && progress.total > 0 ? progress.done / progress.total : null;
  return (
    <div className="progress-block">
      <div
        className="progress"
        role="progressbar"
        aria-label="Import progress"
        aria-valuemin={0}
        aria-valuemax={progress?.total ?? 100}
        aria-valuenow={progress?.done}
      >
        <div className={`progress-fill ${fraction === null ? 'indeterminate' : ''}`} style={{ width: fraction === null ? undefined : `${(fraction * 100).toFixed(1)}%` }} />
      </div>
      <div className="progress-text muted">
        {progress ? (
          <>
            <span>{progress.phase}</span>
            <span className="mono">
              {progress.done.toLocaleString()} / {progress.total.toLocaleString()}
            </span>
            <span className="mono">{progress.rate.toFixed(0)} /s</span>
            {progress.etaSeconds !== null && <span className="mono">{Math.ceil(progress.etaSeconds)} s left</span>}
          </>
        ) : (
          <span>Scanning folder…</span>
        )}
      </div>
    </div>
  );
}
