import { useEffect, useState } from 'react';
import { useApi } from '../../app/api-context';
import { invoke } from '../../app/client';
import { useAnalysis } from '../data/use-analysis';

interface Props {
  datasetId: number;
  unlabeled: number;
  notify(message: string, kind?: 'info' | 'error'): void;
}

const SAMPLES = 12;
const ASSIGNMENTS_PER_EDIT = 20_000;

/**
 * "Accept every suggestion above N %": first what it would do — how many images, how many per
 * label, a sample of them — then one undoable edit (images.setLabels) when asked.
 */
export function BulkAccept({ datasetId, unlabeled, notify }: Props) {
  const api = useApi();
  const [open, setOpen] = useState(false);
  const [percentValue, setPercentValue] = useState(90);
  const [threshold, setThreshold] = useState(0.9);
  const [busy, setBusy] = useState(false);
  // The preview follows the slider after a short pause, not on every step.
  useEffect(() => {
    const t = setTimeout(() => setThreshold(percentValue / 100), 250);
    return () => clearTimeout(t);
  }, [percentValue]);
  const preview = useAnalysis('data.suggestions', open ? { datasetId, minScore: threshold, limit: SAMPLES } : null);
  const result = preview.reply?.result ?? null;
  const count = result?.total ?? 0;
  const stale = !!preview.reply && (preview.reply.stale || preview.reply.status !== 'ready');

  async function accept() {
    setBusy(true);
    try {
      const all = await invoke(api, 'data.suggestions', { datasetId, minScore: threshold, limit: 100_000 });
      const suggestions = all.result?.suggestions ?? [];
      if (suggestions.length === 0) return notify('No suggestion is that confident any more.');
      const assignments = suggestions.map((s) => ({ imageId: s.imageId, labelId: s.suggestedLabelId }));
      // One undoable edit per request; a request stays under the server's body limit (1 MB).
      let updated = 0;
      let edits = 0;
      for (let i = 0; i < assignments.length; i += ASSIGNMENTS_PER_EDIT, edits++) {
        updated += (await invoke(api, 'images.setLabels', { assignments: assignments.slice(i, i + ASSIGNMENTS_PER_EDIT) })).updated;
      }
      const undo = edits === 1 ? 'Ctrl+Z on the Label screen undoes it' : `${edits} edits: Ctrl+Z on the Label screen undoes one at a time`;
      notify(`Labelled ${updated.toLocaleString()} images from suggestions above ${Math.round(threshold * 100)} % (${undo}).`);
      setOpen(false);
    } catch (e) {
      notify(e instanceof Error ? e.message : String(e), 'error');
    } finally {
      setBusy(false);
    }
  }

  if (!open) {
    return (
      <div className="bulk-accept closed">
        <button onClick={() => setOpen(true)} disabled={unlabeled === 0}>
          Accept every suggestion above a confidence…
        </button>
      </div>
    );
  }
  return (
    <section className="bulk-accept" aria-label="Accept suggestions in bulk">
      <div className="bulk-row">
        <label className="field-inline">
          Accept every suggestion above
          <input type="range" min={50} max={99} value={percentValue} onChange={(e) => setPercentValue(Number(e.target.value))} aria-label="Confidence threshold" />
          <span className="mono">{percentValue} %</span>
        </label>
        <span className="grow" />
        <button onClick={() => setOpen(false)}>Close</button>
        <button className="primary" onClick={() => void accept()} disabled={busy || count === 0 || percentValue / 100 !== threshold}>
          {busy ? 'Labelling…' : `Label ${count.toLocaleString()} image${count === 1 ? '' : 's'}`}
        </button>
      </div>
      {preview.error && <p className="error small">{preview.error}</p>}
      {!result ? (
        <p className="small muted">Counting the suggestions above {percentValue} %…</p>
      ) : count === 0 ? (
        <p className="small muted">No suggestion reaches {percentValue} % yet: lower the threshold, or label a few more images first.</p>
      ) : (
        <>
          <p className="small">
            This labels {count.toLocaleString()} of {unlabeled.toLocaleString()} unlabelled images:{' '}
            {result.byLabel.map((b, i) => (
              <span key={b.labelId}>
                {i > 0 && ', '}
                <strong>{b.count.toLocaleString()}</strong> {b.label}
              </span>
            ))}
            .{stale && ' (The suggestions are being updated with your latest labels.)'}
          </p>
          <ul className="bulk-samples" aria-label="Sample of the images it labels">
            {result.suggestions.map((s) => (
              <li key={s.imageId} title={`${s.relPath}: ${s.suggestedLabel} ${Math.round(s.score * 100)} %`}>
                <img src={api.mediaUrl('thumb', datasetId, s.relPath)} alt={s.relPath} loading="lazy" />
                <span>{s.suggestedLabel}</span>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
