import { describeRunCompute, type RunDetail, type RunScore } from '../../../shared/api/runs';
import { duration, modelName, percent } from '../train/format';

export interface CompareRow {
  name: string;
  /** What each run's cell says, in run order. */
  cells: string[];
  /** Index of the better run (marked ▲), or -1: only like-for-like figures are ever marked. */
  better: number;
  /** A note under the row name (what the figure is scored on). */
  note?: string;
}

function betterOf(scores: (number | null | undefined)[]): number {
  if (scores.length < 2 || scores.some((s) => s == null)) return -1;
  const values = scores as number[];
  const max = Math.max(...values);
  // Equal within rounding of the shown figure (0.1 %) is a tie, not a gain.
  if (values.filter((v) => Math.abs(v - max) < 0.0005).length > 1) return -1;
  return values.indexOf(max);
}

/**
 * The rows of the run comparison. Metrics are compared like for like: each run's predictions
 * scored on today's test split with today's labels (runs.compare), and only those are marked
 * better. The figures recorded at training stay visible, unmarked, with how many of each run's
 * test labels changed since: a gain there may only be a changed answer key (issue 14, bug 3).
 */
export function compareRows(runs: RunDetail[], scores: ReadonlyMap<number, RunScore> | null, commonCount: number | null): CompareRow[] {
  const score = (r: RunDetail) => scores?.get(r.id) ?? null;
  const rows: CompareRow[] = [];
  if (scores) {
    const note = commonCount !== null ? `today's labels, the same ${commonCount} test images` : undefined;
    const acc = runs.map((r) => score(r)?.current?.accuracy);
    const f1 = runs.map((r) => score(r)?.current?.macroF1);
    rows.push({ name: 'Test accuracy', note, cells: acc.map((v) => percent(v)), better: betterOf(acc) });
    rows.push({ name: 'Macro F1', note, cells: f1.map((v) => percent(v)), better: betterOf(f1) });
  }
  rows.push({
    name: scores ? 'Recorded at training' : 'Test accuracy · macro F1',
    note: scores ? 'its own test split and the labels of that time' : undefined,
    cells: runs.map((r) => (r.test ? `${percent(r.test.accuracy)} · F1 ${percent(r.test.macroF1)} on ${r.test.count}` : '—')),
    better: -1,
  });
  if (scores) {
    rows.push({
      name: 'Test labels changed since',
      cells: runs.map((r) => {
        const s = score(r);
        if (!s) return '—';
        const moved = s.testSetChanged ? `, ${s.testSetChanged} moved in/out of test` : '';
        return `${s.testLabelsChanged}${moved}`;
      }),
      better: -1,
    });
  }
  const plain = (name: string, value: (r: RunDetail) => string) => rows.push({ name, cells: runs.map(value), better: -1 });
  plain('Best epoch', (r) => `${r.bestEpoch ?? '—'} of ${r.epochs.length}`);
  plain('Model', (r) => (r.config.fromScratch ? `from scratch (${r.config.scratch?.layers}×${r.config.scratch?.hiddenSize})` : modelName(r.config.model)));
  plain('Engine', (r) => describeRunCompute(r.config));
  plain('Epochs · lr · batch', (r) => `${r.config.epochs} · ${r.config.lr} · ${r.config.batchSize}`);
  plain('Augmentation', (r) => `${r.config.augment}${r.config.views ? `, ${r.config.views} views` : ''}`);
  plain('Early stopping · class weights', (r) => `${r.config.earlyStopping ?? 'off'} · ${r.config.classWeighting ? 'on' : 'off'}`);
  plain('Images (train/val/test)', (r) => `${r.images.train}/${r.images.val}/${r.images.test}`);
  plain('Time', (r) => (r.timings ? duration(r.timings.extractionSeconds + r.timings.trainingSeconds) : '—'));
  return rows;
}
