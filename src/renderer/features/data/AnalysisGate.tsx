import type { ReactNode } from 'react';
import type { AnalysisReply, GoneSince } from '../../../shared/api/data';
import type { JobProgress } from '../../../shared/types';
import type { AnalysisChannel, AnalysisView, ResultOf } from './use-analysis';
import { BackbonePicker } from './BackbonePicker';

/** A progress bar with what runs, how far it is and a Cancel button. */
export function AnalysisProgress({ progress, title, onCancel }: { progress: JobProgress | null; title: string; onCancel(): void }) {
  const fraction = progress && progress.total > 0 ? Math.min(1, progress.done / progress.total) : null;
  return (
    <div className="analysis-progress" aria-live="polite">
      <div className="analysis-progress-head">
        <span>
          {title}
          {progress?.phase ? ` — ${progress.phase}` : '…'}
        </span>
        {progress && progress.total > 0 && (
          <span className="mono muted">
            {progress.done.toLocaleString()} / {progress.total.toLocaleString()}
          </span>
        )}
        {progress?.etaSeconds != null && <span className="mono muted">{Math.ceil(progress.etaSeconds)} s left</span>}
        <button className="analysis-cancel" onClick={onCancel}>
          Cancel
        </button>
      </div>
      <div className="progress" role="progressbar" aria-label={`${title} progress`} aria-valuemin={0} aria-valuemax={progress?.total || undefined} aria-valuenow={fraction === null ? undefined : progress!.done}>
        <div className={`progress-fill ${fraction === null ? 'indeterminate' : ''}`} style={{ width: fraction === null ? undefined : `${(fraction * 100).toFixed(1)}%` }} />
      </div>
      {progress?.message && <div className="small muted">{progress.message}</div>}
    </div>
  );
}

interface Props<C extends AnalysisChannel> {
  view: AnalysisView<C>;
  /** Shows which backbone's features it uses, with the choice of another (default true). */
  backbone?: boolean;
  /** What is being computed, for the progress line: "Checking labels". */
  title: string;
  children(result: ResultOf<C>, stale: boolean): ReactNode;
}

/**
 * The states of one data-loop answer, each with a sentence: asking, running (with progress and
 * Cancel, the previous result shown below as out of date), failed or cancelled (with Try again),
 * ready. Never a blank panel. Above them, which backbone's features it uses (BackbonePicker);
 * above the result, how many of its images are gone since it was computed, with Recompute.
 */
export function AnalysisGate<C extends AnalysisChannel>({ view, title, children, backbone = true }: Props<C>) {
  const reply = view.reply as AnalysisReply<ResultOf<C>> | undefined;
  // Also over a refusal (one label, no labels…): another backbone may be what the person wants to try.
  const picker = backbone && (reply || view.error) && view.datasetId !== null ? <BackbonePicker datasetId={view.datasetId} inUse={reply?.model ?? ''} /> : null;
  if (view.error && !reply) {
    return (
      <>
        {picker}
        <div className="analysis-message" role="alert">
          <p className="error">{view.error}</p>
          <button onClick={view.reload}>Try again</button>
        </div>
      </>
    );
  }
  if (!reply) return <p className="analysis-message muted">Asking the engine…</p>;
  const result = reply.result;
  const gone = (result as { goneSince?: GoneSince | null } | null)?.goneSince ?? null;
  return (
    <>
      {picker}
      {reply.status === 'running' && <AnalysisProgress progress={view.progress ?? reply.progress} title={title} onCancel={() => void view.cancel()} />}
      {(reply.status === 'failed' || reply.status === 'cancelled') && (
        <div className="analysis-message" role="alert">
          <p className={reply.status === 'failed' ? 'error' : 'muted'}>
            {reply.error?.message ?? (reply.status === 'cancelled' ? 'Cancelled.' : 'It failed.')}
          </p>
          <button onClick={view.retry}>{reply.status === 'cancelled' ? 'Start again' : 'Try again'}</button>
        </div>
      )}
      {result !== null ? (
        <>
          {reply.stale && reply.status !== 'running' && <p className="stale-note small muted">Computed before the latest changes.</p>}
          {gone && (
            <p className="gone-note small" role="status">
              {gone.sentence}
              {reply.status === 'ready' && (
                <>
                  {' — '}
                  <button className="link-button" onClick={view.retry}>
                    Recompute
                  </button>
                </>
              )}
            </p>
          )}
          {children(result, reply.stale || reply.status !== 'ready')}
        </>
      ) : reply.status === 'ready' ? (
        <p className="analysis-message muted">The engine answered without a result; try again.</p>
      ) : reply.status === 'running' ? (
        <p className="analysis-message muted">The first result appears here when this finishes; the rest of the app stays usable meanwhile.</p>
      ) : null}
    </>
  );
}
