import type { RunScore, RunSummary } from '../../../shared/api/runs';
import { duration, modelName, percent, when } from '../train/format';
import { openResults } from '../train/TrainScreen';
import { RunNoteEditor } from './RunNoteEditor';

interface Props {
  runs: RunSummary[];
  selected: number[];
  focus: number;
  /** Each completed run scored on today's labels (runs.compare), to flag a changed answer key. */
  scores: ReadonlyMap<number, RunScore> | null;
  editing: number | null;
  onFocus(index: number): void;
  onToggle(runId: number): void;
  onEdit(runId: number | null): void;
  onDelete(run: RunSummary): void;
  onKeyDown(e: React.KeyboardEvent): void;
  onSaved(): void;
}

const COLUMNS = 11;

/** "Dec 1, 23:10": the list's date column, short (the full date is its tooltip). */
function shortWhen(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString(undefined, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
}

/** What a run's augmentation was, short: "light ×2", "none". */
export function augmentText(r: Pick<RunSummary, 'augment' | 'views'>): string {
  return r.augment === 'none' || !r.views ? r.augment : `${r.augment} ×${r.views}`;
}

/** Every run of the dataset: name and note, lineage, settings that differ, time, metrics, why it failed. */
export function RunsTable({ runs, selected, focus, scores, editing, onFocus, onToggle, onEdit, onDelete, onKeyDown, onSaved }: Props) {
  return (
    <table className="runs-table" aria-label="Runs" aria-multiselectable="true" tabIndex={0} onKeyDown={onKeyDown}>
      <thead>
        <tr>
          <th scope="col" className="sel">
            <span className="sr-only">Compare</span>
          </th>
          <th scope="col">Run</th>
          <th scope="col">Status</th>
          <th scope="col">Model</th>
          <th scope="col" className="num">Epochs</th>
          <th scope="col">Augment</th>
          <th scope="col" className="num">Time</th>
          <th scope="col" className="num">Test acc.</th>
          <th scope="col" className="num">Macro F1</th>
          <th scope="col">Date</th>
          <th scope="col">
            <span className="sr-only">Actions</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {runs.map((r, i) => {
          const changed = scores?.get(r.id)?.testLabelsChanged ?? 0;
          const isSelected = selected.includes(r.id);
          return [
            <tr
              key={r.id}
              aria-selected={isSelected}
              className={`${i === focus ? 'focused' : ''}${isSelected ? ' selected' : ''}`}
              onClick={() => {
                onFocus(i);
                onToggle(r.id);
              }}
            >
              <td className="sel">
                <input type="checkbox" tabIndex={-1} checked={isSelected} aria-label={`Compare run ${r.id}`} onChange={() => onToggle(r.id)} onClick={(e) => e.stopPropagation()} />
              </td>
              <td className="run-name-cell">
                <span className="mono">#{r.id}</span>
                {r.name && <strong> {r.name}</strong>}
                {r.parentRunId !== null && <span className="lineage muted small"> retrain of #{r.parentRunId}</span>}
                {r.note && (
                  <span className="run-note-text muted small" title={r.note}>
                    {r.note}
                  </span>
                )}
                {r.error && r.status !== 'completed' && (
                  <span className="run-reason small" data-testid={`run-reason-${r.id}`}>
                    {r.status === 'failed' ? 'Failed' : r.status === 'cancelled' ? 'Cancelled' : 'Interrupted'}: {r.error}
                  </span>
                )}
              </td>
              <td>
                <span className={`status status-${r.status}`}>{r.status}</span>
              </td>
              <td className="mono model-cell" title={r.model}>
                {modelName(r.model)}
              </td>
              <td className="num">{r.epochCount}</td>
              <td>{augmentText(r)}</td>
              <td className="num">{duration(r.seconds)}</td>
              <td className="num">
                {percent(r.testAccuracy)}
                {changed > 0 && (
                  <span className="label-changed" title={`${changed} of this run's test labels changed since it trained: select it with another run to compare on today's labels`}>
                    {' '}
                    ⚠
                  </span>
                )}
              </td>
              <td className="num">{percent(r.macroF1)}</td>
              <td className="muted" title={when(r.createdAt)}>
                {shortWhen(r.createdAt)}
              </td>
              <td className="row-buttons" onClick={(e) => e.stopPropagation()}>
                <button className="icon-button" aria-label={`Name or note run ${r.id}`} title="Name and note" onClick={() => onEdit(editing === r.id ? null : r.id)}>
                  ✎
                </button>
                <button className="link" disabled={r.status !== 'completed'} onClick={() => openResults(r.id)}>
                  Results
                </button>
                <button className="icon-button" aria-label={`Delete run ${r.id}`} title="Delete (Del)" onClick={() => onDelete(r)}>
                  ✕
                </button>
              </td>
            </tr>,
            editing === r.id && (
              <tr key={`${r.id}-edit`} className="edit-row">
                <td colSpan={COLUMNS}>
                  <RunNoteEditor run={r} onDone={() => onEdit(null)} onSaved={onSaved} />
                </td>
              </tr>
            ),
          ];
        })}
      </tbody>
    </table>
  );
}
