import { useCallback, useEffect, useState } from 'react';
import type { PredictionItem } from '../../../shared/api/runs';
import { invoke } from '../../app/client';
import { useApi, useEngineEvents, useLoad } from '../../app/api-context';
import type { ScreenProps } from '../../app/screen';
import { duration, modelName, percent } from '../train/format';
import { ConfusionSection } from './ConfusionSection';
import { PerClassTable } from './PerClassTable';
import { PredictionGallery } from './PredictionGallery';
import { DEFAULT_FILTER, withCell, type GalleryFilter } from './prediction-filter';
import { TryImage } from './TryImage';
import { RescoreNote } from './RescoreNote';
import { EmptyState, goTo } from '../../app/EmptyState';
import { testFixWarning } from './test-fix-warning';
import { ExportDialog } from './ExportDialog';
import { usePredictionList } from './use-predictions';
import '../train/train.css';
import './results.css';

function runFromHash(): number | null {
  const m = /[?&]run=(\d+)/.exec(location.hash);
  return m ? Number(m[1]) : null;
}

/** One run: metrics, per-class table, confusion matrix, predictions gallery, try an image. */
export function ResultsScreen({ datasetId, notify, openDataset }: ScreenProps) {
  const api = useApi();
  const id = datasetId!;
  const runs = useLoad(() => invoke(api, 'runs.list', { datasetId: id }), [api, id]);
  const labels = useLoad(() => invoke(api, 'labels.list', { datasetId: id }), [api, id]);
  const [chosen, setChosen] = useState<number | null>(runFromHash);
  const completed = (runs.data ?? []).filter((r) => r.status === 'completed');
  const runId = chosen !== null && (runs.data === undefined || runs.data.some((r) => r.id === chosen)) ? chosen : (completed[0]?.id ?? null);
  const run = useLoad(() => (runId === null ? Promise.resolve(null) : invoke(api, 'runs.get', { runId })), [api, runId]);
  const [filter, setFilter] = useState<GalleryFilter>(DEFAULT_FILTER);
  const [overrides, setOverrides] = useState(() => new Map<number, number | null>());
  const list = usePredictionList(run.data?.status === 'completed' ? run.data.id : null, filter);

  useEffect(() => {
    const onHash = () => setChosen(runFromHash());
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  useEffect(() => {
    setFilter(DEFAULT_FILTER);
    setOverrides(new Map());
  }, [runId]);
  useEngineEvents((e) => {
    if (e.type === 'run-changed') runs.reload();
    if (e.type === 'dataset-changed' && e.datasetId === id) labels.reload();
  });

  const choose = (next: number) => {
    history.replaceState(null, '', `#/results?run=${next}`);
    setChosen(next);
  };

  const onSetLabel = useCallback(
    async (item: PredictionItem, labelId: number | null) => {
      try {
        const change = await invoke(api, 'images.setLabel', { imageIds: [item.imageId], labelId });
        setOverrides((m) => new Map(m).set(item.imageId, labelId));
        const name = labels.data?.find((l) => l.id === labelId)?.name ?? 'no label';
        const done = `${item.relPath} is now labeled ${name} (Ctrl+Z on the Label screen undoes it).`;
        if (change.testImages > 0) notify(`${done} ${testFixWarning(change.testImages)}`, 'error');
        else notify(done);
      } catch (e) {
        notify(e instanceof Error ? e.message : String(e), 'error');
      }
    },
    [api, labels.data, notify],
  );

  // Labels fixed here are what a retrain is for: it reuses the cached features, so it takes seconds.
  const [retraining, setRetraining] = useState(false);
  const [exporting, setExporting] = useState(false);
  const fixes = overrides.size;
  async function retrain(from: number) {
    setRetraining(true);
    try {
      const { runId: started } = await invoke(api, 'train.rerun', { runId: from });
      notify(`Run #${started} started with run #${from}'s settings${fixes ? ` and your ${fixes} label fix${fixes > 1 ? 'es' : ''}` : ''}.`);
      openDataset(id, 'train');
    } catch (e) {
      notify(e instanceof Error ? e.message : String(e), 'error');
    } finally {
      setRetraining(false);
    }
  }

  const detail = run.data;
  const test = detail?.test ?? null;
  const labelList = labels.data ?? [];

  return (
    <div className="results-screen">
      <header className="results-head">
        <h1>Results</h1>
        <select aria-label="Run" value={runId ?? ''} onChange={(e) => choose(Number(e.target.value))} disabled={!completed.length}>
          {!completed.length && <option value="">no completed run</option>}
          {(runs.data ?? [])
            .filter((r) => r.status === 'completed' || r.id === runId)
            .map((r) => (
              <option key={r.id} value={r.id}>
                Run #{r.id}{r.name ? ` “${r.name}”` : ''} · {modelName(r.model)} · {percent(r.testAccuracy)}
              </option>
            ))}
        </select>
        {detail && (
          <dl className="metrics-inline" aria-label="Test metrics">
            <div>
              <dt>Accuracy</dt>
              <dd>{percent(test?.accuracy)}</dd>
            </div>
            <div>
              <dt>Macro F1</dt>
              <dd>{percent(test?.macroF1)}</dd>
            </div>
            <div>
              <dt>Weighted F1</dt>
              <dd>{percent(test?.weightedF1)}</dd>
            </div>
            <div>
              <dt>Test images</dt>
              <dd>{test?.count ?? '—'}</dd>
            </div>
            <div>
              <dt>Training time</dt>
              <dd>{duration(detail.timings ? detail.timings.extractionSeconds + detail.timings.trainingSeconds : null)}</dd>
            </div>
          </dl>
        )}
        {detail?.status === 'completed' && (
          <button className="push-right" onClick={() => setExporting(true)}>
            Export…
          </button>
        )}
        {detail?.status === 'completed' && (
          <button
            className={fixes ? 'primary' : undefined}
            onClick={() => void retrain(detail.id)}
            disabled={retraining}
            title="Train again with this run's settings on the current labels (cached features: seconds)"
          >
            {retraining ? 'Starting…' : fixes ? `Retrain with ${fixes} fix${fixes > 1 ? 'es' : ''}` : 'Retrain'}
          </button>
        )}
      </header>
      {detail?.status === 'completed' && <RescoreNote datasetId={id} runId={detail.id} />}
      {exporting && detail && <ExportDialog runId={detail.id} onClose={() => setExporting(false)} notify={notify} />}
      {run.error && <p className="error banner">{run.error}</p>}
      {!runId && runs.data && <EmptyState message="No completed run yet: train one, and its metrics, confusion matrix and predictions appear here." actionLabel="Train a model →" action={() => goTo('train')} />}
      {detail && detail.status !== 'completed' && (
        <p className="banner muted">
          Run #{detail.id} is {detail.status}
          {detail.error ? `: ${detail.error}` : ''}.
        </p>
      )}
      {detail && detail.status === 'completed' && (
        <div className="results-body">
          <div className="results-side">
            {test ? (
              <>
                <ConfusionSection
                  confusion={test.confusion}
                  labels={detail.config.labels}
                  active={filter.cell}
                  onCell={(t, p) => setFilter((f) => withCell(f, t, p, 'test'))}
                />
                <section aria-labelledby="per-class-title" className="card-section">
                  <h2 id="per-class-title">Per class</h2>
                  <PerClassTable metrics={test} onClass={(labelId) => setFilter((f) => ({ ...f, labelId, cell: null }))} />
                </section>
              </>
            ) : (
              <p className="muted">This run has no test split, so there are no test metrics.</p>
            )}
            <TryImage runId={detail.id} />
          </div>
          <PredictionGallery list={list} filter={filter} onFilter={setFilter} labels={labelList} overrides={overrides} onSetLabel={onSetLabel} />
        </div>
      )}
    </div>
  );
}
