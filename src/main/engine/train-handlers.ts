import fs from 'node:fs';
import path from 'node:path';
import type { EngineContext } from './context';
import type { HandlersFor } from './dispatch';
import { setParentRun } from './run-notes';
import { ApiFailure } from '../../shared/result';
import { AUGMENT_PRESET_CONFIGS, DEFAULT_VIEWS, sampleAugmentParams, type AugmentConfig } from '../../shared/augment';
import { DEFAULT_SCRATCH, type RunConfig } from '../../shared/api/runs';
import { rerunRequest, trainRequestSchema, type TrainRequest } from '../../shared/api/train';
import type { JobProgress, Split } from '../../shared/types';
import { RunsStore } from '../train/runs-store';
import { startRunProcess, RunProcessExit, type RunJob } from '../train/job-runner';
import type { RunEvent, RunItem } from '../train/run-task';
import { exportRun } from '../train/export';
import { exportOnnx } from '../train/export-onnx';
import { checkExportFolder, EXPORT_MARKER, markExportFolder } from '../train/export-target';
import { runModelFolder } from '../train/run-model';
import { decodeRgb } from '../model/preprocess';
import { applyAugment, toJpegDataUrl } from '../train/augment-apply';
import { checkImagesOnDisk, type DiskImage } from '../train/disk-check';
import { checkModelSpec } from './model-source';
import { TrainingProgress } from './training-progress';

// train.* / runs.* / augment.preview. Runs execute in their own worker process; this side keeps
// the database (one transaction per logical write) and turns worker events into engine events.

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function trainHandlers(
  ctx: EngineContext,
): HandlersFor<'train.start' | 'train.rerun' | 'train.cancel' | 'runs.list' | 'runs.get' | 'runs.predictions' | 'runs.export' | 'runs.delete' | 'augment.preview'> {
  const db = ctx.ws.db;
  const store = new RunsStore(db);
  const jobs = new Map<number, { job: RunJob; cancelled: boolean }>();
  // Runs whose worker died with a previous engine are over.
  for (const runId of store.markInterrupted(isAlive)) void runId;
  ctx.closing.addEventListener('abort', () => {
    for (const [runId, j] of jobs) {
      j.cancelled = true;
      j.job.kill();
      store.finish(runId, 'interrupted', 'the app closed during training');
    }
  });

  const gatherItems = (datasetId: number) => {
    const ds = db.prepare('SELECT id, root, split_seed FROM datasets WHERE id = ?').get(datasetId) as
      | { id: number; root: string; split_seed: number }
      | undefined;
    if (!ds) throw new ApiFailure('not_found', `Dataset ${datasetId} does not exist.`);
    const allRows = db
      .prepare(
        `SELECT i.id, i.hash, i.rel_path, i.bytes, i.mtime_ms, i.label_id, i.split, l.name AS label
         FROM images i JOIN labels l ON l.id = i.label_id
         WHERE i.dataset_id = ? AND i.status = 'ok' AND i.excluded = 0 AND i.label_id IS NOT NULL ORDER BY i.id`,
      )
      .all(datasetId) as (DiskImage & { label_id: number; split: Split | null; label: string })[];
    // Files deleted or edited since import are left out and reported with the run, never fatal.
    const skipped = checkImagesOnDisk(db, ds.root, allRows);
    const gone = new Set(skipped.map((s) => s.imageId));
    const rows = allRows.filter((r) => !gone.has(r.id));
    if (!rows.length) {
      throw new ApiFailure(
        'invalid_argument',
        skipped.length
          ? `None of the labeled images can be read any more (${skipped.length} deleted or changed on disk): rescan the dataset.`
          : 'This dataset has no labeled images to train on.',
      );
    }
    const unsplit = rows.filter((r) => r.split === null).length;
    if (unsplit) {
      throw new ApiFailure(
        'invalid_argument',
        `${unsplit} labeled image(s) have no train/val/test split yet: apply a split first (splits.apply).`,
      );
    }
    const labels = [...new Map(rows.map((r) => [r.label_id, r.label])).entries()].sort((a, b) => a[0] - b[0]).map(([id, name]) => ({ id, name }));
    if (labels.length < 2) throw new ApiFailure('invalid_argument', 'Training needs images of at least two labels.');
    if (!rows.some((r) => r.split === 'train')) throw new ApiFailure('invalid_argument', 'The train split is empty.');
    const index = new Map(labels.map((l, i) => [l.id, i]));
    const items: RunItem[] = rows.map((r) => ({
      imageId: r.id,
      hash: r.hash,
      path: path.join(ds.root, r.rel_path),
      label: index.get(r.label_id)!,
      split: r.split!,
    }));
    return { items, labels, labelIds: new Map(rows.map((r) => [r.id, r.label_id])), splitSeed: ds.split_seed, skipped };
  };

  const configOf = (r: TrainRequest, labels: RunConfig['labels'], splitSeed: number): RunConfig => {
    const scratch = r.fromScratch
      ? { ...DEFAULT_SCRATCH, ...(r.scratch ?? {}) }
      : null;
    const [model, revision] = r.model.includes('@') && !fs.existsSync(r.model) ? r.model.split('@') : [r.model, null];
    return {
      model: r.fromScratch ? 'scratch' : fs.existsSync(model!) ? path.resolve(model!) : model!,
      revision: revision ?? null,
      modelFolder: null,
      engine: r.fromScratch ? 'tfjs' : (r.engine ?? 'ort'),
      engineRequested: r.engine ?? null,
      precision: r.precision,
      device: r.device ?? '',
      tfjsBackend: '',
      fromScratch: r.fromScratch,
      scratch,
      epochs: r.epochs ?? (r.fromScratch ? 30 : 5),
      lr: r.lr ?? (r.fromScratch ? 1e-3 : 3e-4),
      batchSize: r.batchSize ?? 32,
      weightDecay: r.weightDecay ?? 0,
      augment: r.augmentConfig ? 'custom' : r.augment,
      augmentConfig: r.augmentConfig ?? AUGMENT_PRESET_CONFIGS[r.augment],
      views: r.views ?? DEFAULT_VIEWS[r.augment],
      augmentSeed: r.augmentSeed,
      earlyStopping: r.earlyStopping ?? null,
      classWeighting: r.classWeighting,
      seed: r.seed,
      splitSeed,
      labels,
    };
  };

  const progress = (runId: number, datasetId: number, kind: JobProgress['kind'], p: Partial<JobProgress>) =>
    ctx.emit({
      type: 'progress',
      progress: { jobId: `run-${runId}`, kind, phase: '', done: 0, total: 0, rate: 0, etaSeconds: null, runId, datasetId, ...p },
    });

  const training = new TrainingProgress();
  const onEvent = (runId: number, datasetId: number, e: RunEvent) => {
    // Messages still in flight from a worker killed by close() find the database closed.
    if (ctx.closing.aborted) return;
    if (e.kind === 'phase') {
      if (e.phase === 'training') training.start(runId);
      const kind = e.phase === 'downloading' ? 'download' : e.phase === 'extracting features' ? 'extract' : e.phase === 'evaluating' ? 'evaluate' : 'train';
      progress(runId, datasetId, kind, { phase: e.phase, ...(e.progress ?? {}) });
    } else if (e.kind === 'batch') {
      progress(runId, datasetId, 'train', training.batch(runId, e));
    } else if (e.kind === 'epoch') {
      store.addEpoch(runId, e.epoch);
      const val = e.epoch.valAcc === null ? '' : `, val loss ${e.epoch.valLoss!.toFixed(4)}, val acc ${(e.epoch.valAcc * 100).toFixed(1)}%`;
      progress(runId, datasetId, 'train', training.epoch(runId, e.epoch.epoch, e.epochs, `train loss ${e.epoch.trainLoss.toFixed(4)}${val}`));
      ctx.emit({ type: 'run-changed', runId });
    } else if (e.kind === 'resolved') {
      store.updateConfig(runId, { engine: e.engine, device: e.device, tfjsBackend: e.tfjsBackend, modelFolder: e.modelFolder });
    } else {
      ctx.emit({ type: 'notice', level: 'warning', message: e.message });
    }
  };

  const runOrFail = (runId: number) => {
    const detail = store.detail(runId);
    if (!detail) throw new ApiFailure('not_found', `Run ${runId} does not exist.`);
    return detail;
  };

  const start = (r: TrainRequest): { runId: number } => {
    if (r.precision === 'int8' && (r.fromScratch || r.engine === 'tfjs')) {
      throw new ApiFailure(
        'invalid_argument',
        r.fromScratch ? 'int8 fast mode quantizes a frozen backbone: a model trained from scratch has none.' : 'int8 fast mode runs on ONNX Runtime: choose the ONNX Runtime (or Auto) engine.',
      );
    }
    // A typed folder that is not a model, or a hub model offline, is refused here, not as a failed run.
    if (!r.fromScratch) checkModelSpec(r.model);
    const { items, labels, labelIds, splitSeed, skipped } = gatherItems(r.datasetId);
    const config = configOf(r, labels, splitSeed);
    const runId = store.create(r.datasetId, config, items, labelIds, skipped);
    if (skipped.length) ctx.emit({ type: 'dataset-changed', datasetId: r.datasetId });
    const runDir = path.join(ctx.ws.paths.runs, String(runId));
    let job: RunJob;
    try {
      job = startRunProcess(
        { runId, paths: { features: ctx.ws.paths.features, graphs: ctx.ws.paths.graphs, runDir }, config, items },
        (e) => onEvent(runId, r.datasetId, e),
      );
    } catch (e) {
      store.finish(runId, 'failed', e instanceof Error ? e.message : String(e));
      throw e;
    }
    const entry = { job, cancelled: false };
    jobs.set(runId, entry);
    store.setRunning(runId, job.pid);
    ctx.emit({ type: 'run-changed', runId });
    const settle = (write: () => void) => {
      jobs.delete(runId);
      training.forget(runId);
      if (ctx.closing.aborted) return; // close() already marked the run interrupted
      try {
        write();
      } catch (e) {
        store.finish(runId, 'failed', `saving the run failed: ${e instanceof Error ? e.message : String(e)}`);
      }
      ctx.emit({ type: 'run-changed', runId });
    };
    job.result.then(
      (result) => settle(() => store.complete(runId, result, labels)),
      (e: unknown) =>
        settle(() => {
          if (entry.cancelled) store.finish(runId, 'cancelled', null);
          else if (e instanceof RunProcessExit) store.finish(runId, 'interrupted', e.message);
          else store.finish(runId, 'failed', e instanceof Error ? e.message : String(e));
        }),
    );
    return { runId };
  };

  return {
    'train.start': start,
    'train.rerun': ({ runId }) => {
      const run = runOrFail(runId);
      if (!run.config.labels.length || !run.config.model) throw new ApiFailure('invalid_argument', `Run ${runId} has no settings to train with again.`);
      const started = start(trainRequestSchema.parse(rerunRequest(run.datasetId, run.config)));
      setParentRun(ctx.ws.db, started.runId, runId);
      return started;
    },
    'train.cancel': ({ runId }) => {
      const j = jobs.get(runId);
      if (!j) {
        runOrFail(runId);
        return { cancelled: false };
      }
      j.cancelled = true;
      j.job.kill();
      return { cancelled: true };
    },
    'runs.list': ({ datasetId }) => store.list(datasetId),
    'runs.get': ({ runId }) => runOrFail(runId),
    'runs.predictions': (q) => {
      runOrFail(q.runId);
      return store.predictions(q);
    },
    'runs.export': ({ runId, folder, format, overwrite }) => {
      const run = runOrFail(runId);
      const row = store.row(runId)!;
      if (run.status !== 'completed' || !row.weights_path) throw new ApiFailure('conflict', `Run ${runId} has not completed (${run.status}).`);
      const target = checkExportFolder(folder, { overwrite });
      const files =
        format === 'onnx' ? exportOnnx(runModelFolder(ctx.ws, runId), target, runId) : exportRun(run.config, row.weights_path, target);
      markExportFolder(target, runId, format);
      return { folder: target, files: files.filter((f) => path.basename(f) !== EXPORT_MARKER) };
    },
    'runs.delete': ({ runId }) => {
      if (jobs.has(runId)) throw new ApiFailure('conflict', `Run ${runId} is still training: cancel it first.`);
      const row = store.row(runId);
      if (!row) throw new ApiFailure('not_found', `Run ${runId} does not exist.`);
      store.delete(runId);
      fs.rmSync(path.join(ctx.ws.paths.runs, String(runId)), { recursive: true, force: true });
      return { deleted: true as const };
    },
    'augment.preview': async (r) => {
      const image = db
        .prepare('SELECT i.rel_path, d.root FROM images i JOIN datasets d ON d.id = i.dataset_id WHERE i.id = ?')
        .get(r.imageId) as { rel_path: string; root: string } | undefined;
      if (!image) throw new ApiFailure('not_found', `Image ${r.imageId} does not exist.`);
      const config: AugmentConfig = (r.config as AugmentConfig | undefined) ?? AUGMENT_PRESET_CONFIGS[r.preset ?? 'light'];
      let img;
      try {
        img = await decodeRgb(path.join(image.root, image.rel_path));
      } catch (e) {
        throw new ApiFailure('unavailable', `Cannot read the image: ${e instanceof Error ? e.message : String(e)}`);
      }
      const scale = r.size / Math.max(img.width, img.height);
      const size = { width: Math.max(1, Math.round(img.width * scale)), height: Math.max(1, Math.round(img.height * scale)) };
      const samples = [];
      for (let k = 0; k < r.count; k++) {
        const seed = (r.seed + k) >>> 0;
        const params = sampleAugmentParams(config, seed, img);
        samples.push({ dataUrl: await toJpegDataUrl(await applyAugment(img, params, size)), params, seed });
      }
      return { samples };
    },
  };
}
