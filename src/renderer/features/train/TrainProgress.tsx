import type { RunDetail } from '../../../shared/api/runs';
import type { JobProgress } from '../../../shared/types';
import { duration } from './format';
import { progressUnit, runPhases } from './progress-phases';

/** Phase steps, a bar with done/total, rate and ETA of the active phase, and the last message. */
export function TrainProgress({ run, progress }: { run: RunDetail; progress: JobProgress | null }) {
  const PHASES = runPhases(run.fromScratch);
  const current = progress?.kind ?? (run.epochs.length || run.fromScratch ? 'train' : 'download');
  const currentIndex = PHASES.findIndex((p) => p.kind === current);
  const fraction = progress && progress.total > 0 ? Math.min(1, progress.done / progress.total) : null;
  const unit = progressUnit(current, run.fromScratch);
  return (
    <div className="train-progress" aria-live="polite">
      <ol className="phases" aria-label="Phases">
        {PHASES.map((p, i) => (
          <li key={p.kind} className={i < currentIndex ? 'done' : i === currentIndex ? 'current' : ''} aria-current={i === currentIndex ? 'step' : undefined}>
            <span className="phase-dot" aria-hidden="true">{i < currentIndex ? '✓' : i + 1}</span>
            {p.title}
          </li>
        ))}
      </ol>
      <div
        className="progress"
        role="progressbar"
        aria-label={`${PHASES[currentIndex]?.title ?? 'Training'} progress`}
        aria-valuemin={0}
        aria-valuemax={progress?.total || undefined}
        aria-valuenow={fraction === null ? undefined : progress!.done}
      >
        <div className={`progress-fill ${fraction === null ? 'indeterminate' : ''}`} style={{ width: fraction === null ? undefined : `${(fraction * 100).toFixed(1)}%` }} />
      </div>
      <div className="progress-text muted" data-testid="progress-text">
        <span className="phase-name">{progress?.phase ?? (run.status === 'queued' ? 'queued' : 'starting…')}</span>
        {progress && progress.total > 0 && (
          <span className="mono">
            {progress.done.toLocaleString()} / {progress.total.toLocaleString()} {unit}
          </span>
        )}
        {progress && progress.rate > 0 && <span className="mono">{progress.rate >= 10 ? progress.rate.toFixed(0) : progress.rate.toFixed(1)} {unit || 'items'}/s</span>}
        {progress?.etaSeconds != null && <span className="mono">ETA {duration(progress.etaSeconds)}</span>}
      </div>
      {progress?.message && <div className="mono small muted">{progress.message}</div>}
    </div>
  );
}
