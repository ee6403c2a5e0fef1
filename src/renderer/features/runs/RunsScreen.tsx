import { useEffect, useMemo, useState } from 'react';
import type { RunDetail, RunSummary } from '../../../shared/api/runs';
import { ConfirmDialog } from '../../app/ConfirmDialog';
import { invoke } from '../../app/client';
import { useApi, useEngineEvents, useLoad } from '../../app/api-context';
import type { ScreenProps } from '../../app/screen';
import { EpochCharts } from '../train/EpochCharts';
import { openResults } from '../train/TrainScreen';
import { CompareTable } from './CompareTable';
import { RunsTable } from './RunsTable';
import { EmptyState, goTo } from '../../app/EmptyState';
import './runs.css';

/** Line colours of the two compared runs: [train, validation]. */
export const COMPARE_COLORS: [string, string][] = [
  ['var(--train)', 'var(--train)'],
  ['var(--test)', 'var(--test)'],
];

/** Every run of the dataset with its key metrics; pick two to compare side by side. */
export function RunsScreen({ datasetId, notify }: ScreenProps) {
  const api = useApi();
  const id = datasetId!;
  const runs = useLoad(() => invoke(api, 'runs.list', { datasetId: id }), [api, id]);
  const [selected, setSelected] = useState<number[]>([]);
  const [focus, setFocus] = useState(0);
  const [deleting, setDeleting] = useState<RunSummary | null>(null);
  const [editing, setEditing] = useState<number | null>(null);
  useEngineEvents((e) => e.type === 'run-changed' && runs.reload());
  const list = runs.data ?? [];

  const compared = useLoad(
    () => Promise.all(selected.map((runId) => invoke(api, 'runs.get', { runId }))),
    [api, selected.join(',')],
  );

  const toggle = (runId: number) =>
    setSelected((s) => (s.includes(runId) ? s.filter((x) => x !== runId) : [...s, runId].slice(-2)));

  function onKeyDown(e: React.KeyboardEvent) {
    const run = list[focus];
    if (e.key === 'ArrowDown' || e.key === 'j') setFocus((f) => Math.min(list.length - 1, f + 1));
    else if (e.key === 'ArrowUp' || e.key === 'k') setFocus((f) => Math.max(0, f - 1));
    else if (e.key === ' ' && run) toggle(run.id);
    else if (e.key === 'Enter' && run) openResults(run.id);
    else if (e.key === 'Delete' && run) setDeleting(run);
    else return;
    e.preventDefault();
  }

  useEffect(() => {
    document.querySelector<HTMLElement>(`.runs-table tbody tr:nth-child(${focus + 1})`)?.scrollIntoView({ block: 'nearest' });
  }, [focus]);

  async function remove(run: RunSummary) {
    try {
      await invoke(api, 'runs.delete', { runId: run.id });
      setSelected((s) => s.filter((x) => x !== run.id));
      runs.reload();
    } catch (e) {
      notify(e instanceof Error ? e.message : String(e), 'error');
    }
  }

  // The pair scored like for like: today's test split, today's labels (bug 3: a "gain" that was
  // only a changed answer key). Reloaded when labels change.
  const pairIds = selected.length === 2 ? [...selected].sort((a, b) => a - b) : null;
  const comparison = useLoad(
    () => (pairIds ? invoke(api, 'runs.compare', { datasetId: id, runIds: pairIds }) : Promise.resolve(null)),
    [api, id, pairIds?.join(',')],
  );
  useEngineEvents((e) => e.type === 'dataset-changed' && e.datasetId === id && comparison.reload());
  // Every completed run scored on today's labels: the list flags runs whose answer key changed.
  const completedIds = list.filter((r) => r.status === 'completed').map((r) => r.id);
  const everyScore = useLoad(
    () => (completedIds.length ? invoke(api, 'runs.compare', { datasetId: id }) : Promise.resolve(null)),
    [api, id, completedIds.join(',')],
  );
  useEngineEvents((e) => e.type === 'dataset-changed' && e.datasetId === id && everyScore.reload());
  const allScores = useMemo(() => (everyScore.data ? new Map(everyScore.data.runs.map((s) => [s.runId, s])) : null), [everyScore.data]);
  const scores = useMemo(() => (comparison.data ? new Map(comparison.data.runs.map((s) => [s.runId, s])) : null), [comparison.data]);

  const details = (compared.data ?? []).filter((r): r is RunDetail => !!r);
  const pair = useMemo(() => (details.length === 2 && selected.length === 2 ? details : null), [details, selected.length]);

  return (
    <div className="runs-screen">
      <section className="card" aria-labelledby="runs-title">
        <div className="runs-head">
          <h1 id="runs-title">Runs</h1>
          <span className="muted small">
            <kbd>↑</kbd> <kbd>↓</kbd> move · <kbd>Space</kbd> select two to compare · <kbd>↵</kbd> results · <kbd>Del</kbd> delete · ✎ name and note
          </span>
        </div>
        {runs.error && <p className="error">{runs.error}</p>}
        {list.length === 0 && !runs.loading && (
          <div className="empty-state inline">
            <EmptyState message="No runs yet: each training run is listed here with its settings and metrics." actionLabel="Train a model →" action={() => goTo('train')} />
          </div>
        )}
        {list.length > 0 && (
          <div className="table-wrap">
            <RunsTable
              runs={list}
              selected={selected}
              focus={focus}
              scores={allScores}
              editing={editing}
              onFocus={setFocus}
              onToggle={toggle}
              onEdit={setEditing}
              onDelete={setDeleting}
              onKeyDown={onKeyDown}
              onSaved={runs.reload}
            />
          </div>
        )}
      </section>

      {selected.length === 1 && <p className="muted center">Select one more run to compare.</p>}
      {pair && (
        <section className="card compare" aria-labelledby="compare-title">
          <h2 id="compare-title">
            Run #{pair[0]!.id} <span className="muted">vs</span> run #{pair[1]!.id}
          </h2>
          {comparison.error && <p className="error small">Could not score the runs on today's labels: {comparison.error}</p>}
          <CompareTable runs={pair} colors={COMPARE_COLORS.map((c) => c[0])} scores={scores} commonCount={comparison.data?.count ?? null} />
          <EpochCharts runs={pair.map((r, i) => ({ name: `#${r.id}`, epochs: r.epochs, colors: COMPARE_COLORS[i]! }))} />
        </section>
      )}

      {deleting && (
        <ConfirmDialog
          title={`Delete run #${deleting.id}?`}
          confirmText="Delete"
          danger
          onCancel={() => setDeleting(null)}
          onConfirm={() => {
            const r = deleting;
            setDeleting(null);
            void remove(r);
          }}
        >
          Its metrics, predictions and trained weights are removed. The dataset and the feature cache stay.
        </ConfirmDialog>
      )}
    </div>
  );
}
