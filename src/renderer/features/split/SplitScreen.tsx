import { useState } from 'react';
import { ConfirmDialog } from '../../app/ConfirmDialog';
import { invoke } from '../../app/client';
import { useApi, useEngineEvents, useLoad } from '../../app/api-context';
import type { ScreenProps } from '../../app/screen';
import { SplitBars } from './SplitBars';

/** Ratios + seed, per-label train/val/test bars, re-split (asks first) and the test-set lock. */
export function SplitScreen({ datasetId, notify }: ScreenProps) {
  const api = useApi();
  const id = datasetId!;
  const summary = useLoad(() => invoke(api, 'splits.summary', { datasetId: id }), [api, id]);
  const dataset = useLoad(() => invoke(api, 'datasets.get', { datasetId: id }), [api, id]);
  const [percent, setPercent] = useState<[number, number, number]>([80, 10, 10]);
  const [seed, setSeed] = useState(42);
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);

  useEngineEvents((e) => {
    if (e.type === 'dataset-changed' && e.datasetId === id) {
      summary.reload();
      dataset.reload();
    }
  });

  const sum = percent[0] + percent[1] + percent[2];
  const valid = sum === 100 && percent.every((p) => p >= 0);
  const rows = summary.data ?? [];
  const unassigned = rows.reduce((n, r) => n + r.unassigned, 0);
  const locked = dataset.data?.testLocked ?? false;

  async function apply(mode: 'unassigned' | 'all') {
    setBusy(true);
    try {
      const r = await invoke(api, 'splits.apply', {
        datasetId: id,
        ratios: [percent[0] / 100, percent[1] / 100, percent[2] / 100],
        seed,
        mode,
      });
      notify(`Assigned ${r.assigned.toLocaleString()} images: ${r.train} train · ${r.val} val · ${r.test} test`);
      summary.reload();
    } catch (e) {
      notify(e instanceof Error ? e.message : String(e), 'error');
    } finally {
      setBusy(false);
    }
  }

  async function setLocked(value: boolean) {
    try {
      await invoke(api, 'splits.lockTest', { datasetId: id, locked: value });
      dataset.reload();
    } catch (e) {
      notify(e instanceof Error ? e.message : String(e), 'error');
    }
  }

  const setPart = (i: number, value: number) => setPercent((p) => p.map((x, j) => (j === i ? value : x)) as [number, number, number]);

  return (
    <div className="split-screen">
      <section className="card split-controls" aria-labelledby="split-title">
        <h1 id="split-title">Train / validation / test split</h1>
        <p className="muted">Stratified per label and reproducible: the same seed gives the same split.</p>
        <div className="ratio-row">
          {(['Train', 'Val', 'Test'] as const).map((name, i) => (
            <label key={name} className={`ratio ratio-${name.toLowerCase()}`}>
              <span>{name}</span>
              <span className="ratio-input">
                <input type="number" min={0} max={100} value={percent[i]} aria-label={`${name} percent`} onChange={(e) => setPart(i, Math.round(Number(e.target.value)))} />%
              </span>
            </label>
          ))}
          <label className="ratio">
            <span>Seed</span>
            <input type="number" min={0} value={seed} aria-label="Seed" onChange={(e) => setSeed(Math.max(0, Math.round(Number(e.target.value))))} />
          </label>
        </div>
        {!valid && <p className="error">The three parts must add up to 100% (now {sum}%).</p>}
        <div className="actions">
          <button className="primary" disabled={!valid || busy || unassigned === 0} onClick={() => apply('unassigned')}>
            Split {unassigned.toLocaleString()} unassigned images
          </button>
          <button disabled={!valid || busy} onClick={() => setConfirming(true)}>
            Re-split everything…
          </button>
          <span className="grow" />
          <label className="switch">
            <input type="checkbox" role="switch" checked={locked} aria-checked={locked} onChange={(e) => setLocked(e.target.checked)} />
            Lock test set
          </label>
        </div>
        {locked && <p className="muted small">While locked, no image enters or leaves the test split — evaluation stays comparable.</p>}
      </section>
      <section className="card" aria-labelledby="per-label-title">
        <h2 id="per-label-title">Per label</h2>
        {summary.error && <p className="error">{summary.error}</p>}
        <SplitBars rows={rows} />
      </section>
      {confirming && (
        <ConfirmDialog
          title="Re-split every image?"
          confirmText="Re-split"
          danger
          onCancel={() => setConfirming(false)}
          onConfirm={() => {
            setConfirming(false);
            void apply('all');
          }}
        >
          Every image without a manual override gets a new split from seed {seed}
          {locked ? ' (the locked test set stays as it is)' : ''}. Runs trained on the old split will no longer match it.
        </ConfirmDialog>
      )}
    </div>
  );
}
