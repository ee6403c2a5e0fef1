import { useState } from 'react';
import { useApi } from '../../app/api-context';
import { invoke } from '../../app/client';
import { AnalysisGate } from '../data/AnalysisGate';
import { useAnalysis } from '../data/use-analysis';

interface Props {
  datasetId: number;
  notify(message: string, kind?: 'info' | 'error'): void;
  onClose(): void;
}

/**
 * The flagged images whose label a person kept: they stay out of the queue after every later
 * analysis (until relabelled). Each can be put back in the queue ("Review again"), or all at once.
 */
export function KeptLabels({ datasetId, notify, onClose }: Props) {
  const api = useApi();
  const view = useAnalysis('data.labelIssues', { datasetId, kept: true, limit: 1000 });
  const [busy, setBusy] = useState(false);
  const reopen = async (imageIds: number[]) => {
    setBusy(true);
    try {
      const r = await invoke(api, 'data.keepLabels', { datasetId, imageIds, keep: false });
      notify(`${r.changed} image${r.changed === 1 ? '' : 's'} back in the suspicious-labels queue.`);
      view.reload();
    } catch (e) {
      notify(e instanceof Error ? e.message : String(e), 'error');
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="kept-labels" aria-label="Kept labels">
      <div className="dup-head">
        <h3 className="sidebar-title">Flagged, label kept</h3>
        <span className="grow" />
        <button onClick={onClose}>Back to the queue</button>
      </div>
      <AnalysisGate view={view} title="Checking every label" backbone={false}>
        {(result) =>
          result.issues.length === 0 ? (
            <p className="small muted">No kept labels: every flagged image you keep in the queue is listed here, and stays out of the queue until its label changes.</p>
          ) : (
            <>
              <p className="small muted">
                {result.total === 1
                  ? '1 flagged image whose label you kept: later checks leave it out until its label changes.'
                  : `${result.total.toLocaleString()} flagged images whose label you kept: later checks leave them out until their label changes.`}{' '}
                <button className="link-button" disabled={busy} onClick={() => void reopen(result.issues.map((i) => i.imageId))}>
                  Review all again
                </button>
              </p>
              <ul className="dup-images">
                {result.issues.map((i) => (
                  <li key={i.imageId} className="dup-image kept-image" title={i.relPath}>
                    <img src={api.mediaUrl('thumb', datasetId, i.relPath)} alt={i.relPath} loading="lazy" />
                    <span className="small">kept “{i.givenLabel}”</span>
                    <span className="small muted">looks like “{i.suggestedLabel}”</span>
                    <button className="link-button small" disabled={busy} onClick={() => void reopen([i.imageId])}>
                      Review again
                    </button>
                  </li>
                ))}
              </ul>
            </>
          )
        }
      </AnalysisGate>
    </section>
  );
}
