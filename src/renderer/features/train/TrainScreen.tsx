import { useEffect, useMemo, useState } from 'react';
import { DEFAULT_MODEL_ID } from '../../../shared/model/known-models';
import { describeRunCompute } from '../../../shared/api/runs';
import { invoke } from '../../app/client';
import { useApi, useEngineEvents, useLoad } from '../../app/api-context';
import type { ScreenProps } from '../../app/screen';
import { EpochCharts } from './EpochCharts';
import { duration, modelName, percent } from './format';
import { TrainForm } from './TrainForm';
import { TrainProgress } from './TrainProgress';
import { defaultOptions, optionsFromRun, withFittedAugment, readAugmentChoice, settingsLine, toRequest, validate, type TrainOptions } from './train-options';
import { isActive, useLiveRun } from './use-run';
import { fitReasons } from '../../../shared/augment-fit';
import './train.css';

const OPTIONS_KEY = 'vit-studio.train-options';

function loadOptions(): TrainOptions {
  try {
    const saved = JSON.parse(localStorage.getItem(OPTIONS_KEY) ?? 'null') as Partial<TrainOptions> | null;
    return { ...defaultOptions(DEFAULT_MODEL_ID), ...(saved ?? {}) };
  } catch {
    return defaultOptions(DEFAULT_MODEL_ID);
  }
}

export const openResults = (runId: number) => {
  location.hash = `#/results?run=${runId}`;
};

/** Model + hyperparameters on the left; the current run's live progress and curves on the right. */
export function TrainScreen({ datasetId, notify }: ScreenProps) {
  const api = useApi();
  const id = datasetId!;
  const known = useLoad(() => invoke(api, 'model.known', {}), [api]);
  const cached = useLoad(() => invoke(api, 'model.cached', {}), [api]);
  const compute = useLoad(async () => (await invoke(api, 'workspace.info', {})).compute, [api]);
  const runs = useLoad(() => invoke(api, 'runs.list', { datasetId: id }), [api, id]);
  const [options, setOptions] = useState<TrainOptions>(loadOptions);
  const [runId, setRunId] = useState<number | null>(null);
  const [starting, setStarting] = useState(false);
  const [logLoss, setLogLoss] = useState(false);
  const live = useLiveRun(runId);
  const augmentChoice = readAugmentChoice(id);

  useEffect(() => localStorage.setItem(OPTIONS_KEY, JSON.stringify({ ...options, augmentConfig: null })), [options]);

  // The custom augmentation comes from the Augment screen; a preset is fitted to the data (no
  // flips for digits and characters, no hue on grey images: augment-fit.ts).
  const traits = useLoad(() => invoke(api, 'augment.traits', { datasetId: id }), [api, id]);
  const effective: TrainOptions = useMemo(() => withFittedAugment(options, augmentChoice?.config ?? null, traits.data ?? null), [options, augmentChoice?.config, traits.data]);
  const fitNote = effective.augment !== 'none' && effective.augment !== 'custom' && effective.augmentConfig && traits.data ? fitReasons(traits.data).join(' ') : null;

  // Show the active run of this dataset, else its latest, when the screen opens.
  useEffect(() => {
    if (runId !== null || !runs.data?.length) return;
    const active = runs.data.find((r) => isActive(r.status));
    setRunId((active ?? runs.data[0]!).id);
  }, [runs.data, runId]);
  useEffect(() => {
    setRunId(null);
    // The preset chosen on the Augment screen for this dataset becomes the default here; with
    // none, no augmentation: a choice made for another dataset does not carry over.
    const choice = readAugmentChoice(id);
    setOptions((o) => ({ ...o, augment: choice?.preset ?? 'none', views: null }));
  }, [id]);
  useEngineEvents((e) => e.type === 'run-changed' && runs.reload());

  const run = live.run;
  const running = isActive(run?.status);
  const problems = validate(effective);

  async function start() {
    if (problems.length || running || starting) return;
    setStarting(true);
    try {
      const { runId: started } = await invoke(api, 'train.start', toRequest(id, effective));
      setRunId(started);
      runs.reload();
    } catch (e) {
      notify(e instanceof Error ? e.message : String(e), 'error');
    } finally {
      setStarting(false);
    }
  }

  async function cancel() {
    if (!run || !running) return;
    try {
      await invoke(api, 'train.cancel', { runId: run.id });
    } catch (e) {
      notify(e instanceof Error ? e.message : String(e), 'error');
    }
  }

  async function browse() {
    const r = await api.call('dialog.openFolder', { title: 'Choose a model folder' });
    if (r.ok && r.value.path) setOptions((o) => ({ ...o, model: r.value.path! }));
  }

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!(e.ctrlKey || e.metaKey) || e.altKey) return;
      if (e.key === 'Enter') {
        e.preventDefault();
        void start();
      } else if (e.key === '.') {
        e.preventDefault();
        void cancel();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  return (
    <div className="train-screen">
      <section className="card train-setup" aria-labelledby="train-setup-title">
        <h1 id="train-setup-title">Next run{runs.data ? ` (#${Math.max(0, ...runs.data.map((r) => r.id)) + 1})` : ''}</h1>
        <p className="muted small">A linear head on frozen ViT features (or a small ViT from scratch), on this dataset's train split; validation picks the best epoch, the test split is scored once at the end.</p>
        <TrainForm
          options={effective}
          onChange={setOptions}
          known={known.data ?? []}
          cached={cached.data ?? []}
          compute={compute.data}
          computeError={compute.error}
          disabled={running || starting}
          onBrowse={api.host === 'electron' ? browse : null}
          hasCustomAugment={!!augmentChoice && augmentChoice.preset === 'custom'}
          augmentNote={fitNote}
        />
        {problems.length > 0 && (
          <ul className="problems error small">
            {problems.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
        )}
        <div className="actions">
          <button className="primary" onClick={start} disabled={problems.length > 0 || running || starting} aria-keyshortcuts="Control+Enter">
            {starting ? 'Starting…' : 'Train'} <kbd className="on-primary">Ctrl ↵</kbd>
          </button>
          <button onClick={cancel} disabled={!running} aria-keyshortcuts="Control+.">
            Cancel <kbd>Ctrl .</kbd>
          </button>
        </div>
      </section>

      <section className="card train-live" aria-labelledby="train-live-title">
        <div className="live-head">
          <h2 id="train-live-title">{run ? `Run #${run.id}` : 'No run yet'}</h2>
          {run && <span className={`status status-${run.status}`}>{run.status}</span>}
          {run && <span className="muted small mono">{run.fromScratch ? 'from scratch' : modelName(run.model)}</span>}
          {run && <span className="muted small" data-testid="run-compute">{describeRunCompute(run.config)}</span>}
          <span className="grow" />
          {runs.data && runs.data.length > 1 && (
            <select aria-label="Shown run" value={runId ?? ''} onChange={(e) => setRunId(Number(e.target.value))}>
              {runs.data.map((r) => (
                <option key={r.id} value={r.id}>
                  #{r.id}{r.name ? ` “${r.name}”` : ''} · {r.status}
                </option>
              ))}
            </select>
          )}
        </div>
        {run && (
          <div className="shown-settings">
            <span className="muted">Settings of run #{run.id}:</span>
            <span className="mono" data-testid="shown-settings">{settingsLine({ ...run.config, model: run.model })}</span>
            {!running && (
              <button type="button" className="link" onClick={() => setOptions((o) => optionsFromRun(run.config, o))} title="Fill the form on the left with this run's settings">
                Use these settings
              </button>
            )}
          </div>
        )}
        {!run && !live.error && <p className="muted">Set up a run on the left and press Train. Progress, loss and accuracy appear here.</p>}
        {live.error && <p className="error">{live.error}</p>}
        {run && running && <TrainProgress run={run} progress={live.progress} />}
        {run?.status === 'failed' && (
          <div className="run-error" role="alert">
            <strong>Training failed.</strong> {run.error ?? 'No reason was recorded.'}
          </div>
        )}
        {run && (run.status === 'cancelled' || run.status === 'interrupted') && (
          <div className="run-note" role="status">
            Run {run.status}
            {run.error ? `: ${run.error}` : '.'}
          </div>
        )}
        {run?.status === 'completed' && (
          <div className="run-summary" role="status">
            <dl className="metrics-inline">
              <div>
                <dt>Test accuracy</dt>
                <dd>{percent(run.test?.accuracy)}</dd>
              </div>
              <div>
                <dt>Macro F1</dt>
                <dd>{percent(run.test?.macroF1)}</dd>
              </div>
              <div>
                <dt>Best epoch</dt>
                <dd>{run.bestEpoch ?? '—'}</dd>
              </div>
              <div>
                <dt>Time</dt>
                <dd>{duration((run.timings?.extractionSeconds ?? 0) + (run.timings?.trainingSeconds ?? 0))}</dd>
              </div>
            </dl>
            <button className="primary" onClick={() => openResults(run.id)}>
              Open results →
            </button>
          </div>
        )}
        {run && (running || run.epochs.length > 0) && (
          <>
            <div className="chart-tools">
              <button type="button" className="toggle" aria-pressed={logLoss} onClick={() => setLogLoss((v) => !v)}>
                Log-scale loss
              </button>
              <span className="muted small">
                {run.images.train} train · {run.images.val} val · {run.images.test} test images
              </span>
              {run.skippedImages.length > 0 && (
                <span
                  className="small run-skipped"
                  role="note"
                  title={run.skippedImages.map((s) => `${s.relPath}: ${s.reason}`).join('\n')}
                >
                  ⚠ {run.skippedImages.length} image{run.skippedImages.length === 1 ? '' : 's'} left out (deleted or changed on
                  disk since import; rescan to update)
                </span>
              )}
            </div>
            <EpochCharts runs={[{ name: `#${run.id}`, epochs: run.epochs }]} logLoss={logLoss} />
          </>
        )}
      </section>
    </div>
  );
}
