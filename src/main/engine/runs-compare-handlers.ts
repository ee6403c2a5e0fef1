// Runs compared like for like: each run's stored predictions (its frozen head on the cached
// features, computed for every image when it finished) scored on today's test split with today's
// labels, over the images every compared run can be scored on. Fixing test labels then moves all
// runs alike instead of showing a "gain" that is only a changed answer key.
import type Database from 'better-sqlite3';
import type { RunConfig, RunScore, RunsComparison } from '../../shared/api/runs';
import { headPredictor } from '../runs/rescore';
import { metricsFromConfusion } from '../../shared/metrics';
import { ApiFailure } from '../../shared/result';
import type { EngineContext } from './context';
import { requireDataset } from './datasets-store';
import type { HandlersFor } from './dispatch';

interface RunFacts {
  id: number;
  predicted: Map<number, number>;
  /** image → [label, split] when the run trained. */
  trained: Map<number, { label: number | null; split: string }>;
  recorded: RunScore['recorded'];
}

function loadRun(db: Database.Database, id: number): RunFacts {
  const predicted = new Map<number, number>();
  for (const r of db.prepare('SELECT image_id, predicted_label_id FROM run_predictions WHERE run_id = ?').raw().all(id) as [number, number][]) {
    predicted.set(r[0], r[1]);
  }
  const trained = new Map<number, { label: number | null; split: string }>();
  for (const r of db.prepare('SELECT image_id, label_id, split FROM run_images WHERE run_id = ?').raw().all(id) as [number, number | null, string][]) {
    trained.set(r[0], { label: r[1], split: r[2] });
  }
  const m = db.prepare('SELECT accuracy, macro_f1 AS macroF1, count FROM run_metrics WHERE run_id = ?').get(id) as RunScore['recorded'] | undefined;
  return { id, predicted, trained, recorded: m ?? null };
}

/** Accuracy and macro F1 over the classes that occur (as truth or prediction) in these pairs. */
function score(pairs: [truth: number, predicted: number][]): { accuracy: number; macroF1: number } | null {
  if (!pairs.length) return null;
  const classes = [...new Set(pairs.flat())].sort((a, b) => a - b);
  const index = new Map(classes.map((c, i) => [c, i]));
  const confusion = classes.map(() => new Array<number>(classes.length).fill(0));
  for (const [t, p] of pairs) confusion[index.get(t)!]![index.get(p)!]!++;
  const m = metricsFromConfusion(confusion);
  return { accuracy: m.accuracy, macroF1: m.macroF1 };
}

/**
 * Test images added after a run have no stored prediction: its head on their cached features
 * gives the one it would have made (features not cached yet leave the image out). Returns how
 * many predictions were added to the run's map.
 */
function rescoreUnseen(db: Database.Database, featuresDir: string, run: RunFacts, testRows: [number, number, string][]): number {
  const unseen = testRows.filter(([id]) => !run.predicted.has(id));
  if (!unseen.length) return 0;
  const row = db.prepare('SELECT config, weights_path FROM runs WHERE id = ?').get(run.id) as { config: string; weights_path: string | null };
  const predictor = headPredictor(featuresDir, JSON.parse(row.config) as RunConfig, row.weights_path);
  if (!predictor) return 0;
  let added = 0;
  try {
    for (const [id, , hash] of unseen) {
      const label = predictor.predict(hash);
      if (label !== null) {
        run.predicted.set(id, label);
        added++;
      }
    }
  } finally {
    predictor.close();
  }
  return added;
}

export function compareRuns(db: Database.Database, datasetId: number, runIds?: number[], featuresDir?: string): RunsComparison {
  requireDataset(db, datasetId);
  const rows = runIds
    ? (db.prepare('SELECT id, dataset_id, status FROM runs WHERE id IN (SELECT value FROM json_each(?)) ORDER BY id').all(JSON.stringify(runIds)) as {
        id: number; dataset_id: number; status: string;
      }[])
    : (db.prepare("SELECT id, dataset_id, status FROM runs WHERE dataset_id = ? AND status = 'completed' ORDER BY id").all(datasetId) as {
        id: number; dataset_id: number; status: string;
      }[]);
  if (runIds) {
    const missing = runIds.filter((id) => !rows.some((r) => r.id === id));
    if (missing.length) throw new ApiFailure('not_found', `Run ${missing.join(', ')} does not exist.`);
    const other = rows.find((r) => r.dataset_id !== datasetId);
    if (other) throw new ApiFailure('invalid_argument', `Run ${other.id} belongs to another dataset.`);
    const unfinished = rows.find((r) => r.status !== 'completed');
    if (unfinished) throw new ApiFailure('invalid_argument', `Run ${unfinished.id} is ${unfinished.status}: only completed runs have predictions to compare.`);
  }
  const runs = rows.map((r) => loadRun(db, r.id));
  const testRows = db
    .prepare(`SELECT id, label_id, hash FROM images WHERE dataset_id = ? AND status != 'missing' AND excluded = 0 AND split = 'test' AND label_id IS NOT NULL`)
    .raw()
    .all(datasetId) as [number, number, string][];
  const test = testRows.map(([id, label]) => [id, label] as [number, number]);
  const rescored = new Map(runs.map((r) => [r.id, featuresDir ? rescoreUnseen(db, featuresDir, r, testRows) : 0]));
  const labelNow = new Map(
    db.prepare(`SELECT id, label_id FROM images WHERE dataset_id = ? AND status != 'missing'`).raw().all(datasetId) as [number, number | null][],
  );
  const splitNow = new Map(
    db.prepare(`SELECT id, split FROM images WHERE dataset_id = ? AND status != 'missing' AND excluded = 0`).raw().all(datasetId) as [number, string | null][],
  );
  const common: [number, number][] = [];
  let notPredicted = 0;
  let trainedOn = 0;
  for (const [id, label] of test) {
    if (runs.some((r) => !r.predicted.has(id))) notPredicted++;
    else if (runs.some((r) => { const t = r.trained.get(id); return t !== undefined && t.split !== 'test'; })) trainedOn++;
    else common.push([id, label]);
  }
  return {
    count: common.length,
    leftOut: { notPredicted, trainedOn },
    runs: runs.map((r) => {
      let testLabelsChanged = 0;
      let testSetChanged = 0;
      for (const [id, t] of r.trained) {
        if (t.split !== 'test') continue;
        if (splitNow.get(id) !== 'test') testSetChanged++;
        else if ((labelNow.get(id) ?? null) !== t.label) testLabelsChanged++;
      }
      for (const [id] of test) if (r.trained.get(id)?.split !== 'test') testSetChanged++;
      return {
        runId: r.id,
        recorded: r.recorded,
        current: score(common.map(([id, label]) => [label, r.predicted.get(id)!])),
        testLabelsChanged,
        testSetChanged,
        rescored: rescored.get(r.id) ?? 0,
      };
    }),
  };
}

export function runsCompareHandlers(ctx: EngineContext): HandlersFor<'runs.compare'> {
  return { 'runs.compare': ({ datasetId, runIds }) => compareRuns(ctx.ws.db, datasetId, runIds, ctx.ws.paths.features) };
}
