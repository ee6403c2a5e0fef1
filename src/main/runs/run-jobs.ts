import type Database from 'better-sqlite3';
import path from 'node:path';
import type { JobProgress, EngineEvent } from '../../shared/types';
import type { TrainRequest } from '../../shared/api/train';
import type { RunEvent } from '../tasks/registry';
import { isProcessAlive } from '../workers/spawn';
import { startRunProcess, RunProcessExit, type RunJob } from './job-runner';
import { RunsStore } from './runs-store';
import { runConfigOf } from './run-config';
import { packRunItems, trainingSet } from './training-set';
import { TrainingProgress } from './training-progress';

// The runs that are training now, each in its own worker process. This side keeps the database
// (one transaction per logical write) and turns the worker's events into engine events.

/** What the run jobs need of the engine (its EngineContext fits). */
export interface RunJobsContext {
  ws: { db: Database.Database; paths: { features: string; graphs: string; runs: string } };
  emit(event: EngineEvent): void;
  closing: AbortSignal;
}

export class RunJobs {
  readonly store: RunsStore;
  private readonly jobs = new Map<number, { job: RunJob; cancelled: boolean }>();
  private readonly training = new TrainingProgress();

  constructor(private readonly ctx: RunJobsContext) {
    this.store = new RunsStore(ctx.ws.db);
    // Runs whose worker died with a previous engine are over.
    this.store.markInterrupted(isProcessAlive);
    ctx.closing.addEventListener('abort', () => {
      for (const [runId, j] of this.jobs) {
        j.cancelled = true;
        j.job.kill();
        this.store.finish(runId, 'interrupted', 'the app closed during training');
      }
    });
  }

  /** Whether `runId` is training in this engine. */
  has(runId: number): boolean {
    return this.jobs.has(runId);
  }

  /** Kills a run's process; false when it is not training here. */
  cancel(runId: number): boolean {
    const j = this.jobs.get(runId);
    if (!j) return false;
    j.cancelled = true;
    j.job.kill();
    return true;
  }

  async start(r: TrainRequest): Promise<{ runId: number }> {
    const { ctx, store } = this;
    const set = await trainingSet(ctx.ws.db, r.datasetId, ctx.closing);
    const { labels, splitSeed, skipped } = set;
    const config = runConfigOf(r, labels, splitSeed);
    const items = await packRunItems(set);
    const runId = await store.create(r.datasetId, config, set.images, skipped);
    if (skipped.length) ctx.emit({ type: 'dataset-changed', datasetId: r.datasetId });
    const runDir = path.join(ctx.ws.paths.runs, String(runId));
    let job: RunJob;
    try {
      job = startRunProcess(
        { runId, paths: { features: ctx.ws.paths.features, graphs: ctx.ws.paths.graphs, runDir }, config, items },
        (e) => this.onEvent(runId, r.datasetId, e),
      );
    } catch (e) {
      store.finish(runId, 'failed', e instanceof Error ? e.message : String(e));
      throw e;
    }
    const entry = { job, cancelled: false };
    this.jobs.set(runId, entry);
    store.setRunning(runId, job.pid);
    ctx.emit({ type: 'run-changed', runId });
    const settle = (write: () => void) => {
      this.jobs.delete(runId);
      this.training.forget(runId);
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
  }

  private progress(runId: number, datasetId: number, kind: JobProgress['kind'], p: Partial<JobProgress>): void {
    this.ctx.emit({
      type: 'progress',
      progress: { jobId: `run-${runId}`, kind, phase: '', done: 0, total: 0, rate: 0, etaSeconds: null, runId, datasetId, ...p },
    });
  }

  private onEvent(runId: number, datasetId: number, e: RunEvent): void {
    // Messages still in flight from a worker killed by close() find the database closed.
    if (this.ctx.closing.aborted) return;
    if (e.kind === 'phase') {
      if (e.phase === 'training') this.training.start(runId);
      const kind = e.phase === 'downloading' ? 'download' : e.phase === 'extracting features' ? 'extract' : e.phase === 'evaluating' ? 'evaluate' : 'train';
      this.progress(runId, datasetId, kind, { phase: e.phase, ...(e.progress ?? {}) });
    } else if (e.kind === 'batch') {
      this.progress(runId, datasetId, 'train', this.training.batch(runId, e));
    } else if (e.kind === 'epoch') {
      this.store.addEpoch(runId, e.epoch);
      const val = e.epoch.valAcc === null ? '' : `, val loss ${e.epoch.valLoss!.toFixed(4)}, val acc ${(e.epoch.valAcc * 100).toFixed(1)}%`;
      this.progress(runId, datasetId, 'train', this.training.epoch(runId, e.epoch.epoch, e.epochs, `train loss ${e.epoch.trainLoss.toFixed(4)}${val}`));
      this.ctx.emit({ type: 'run-changed', runId });
    } else if (e.kind === 'tuned') {
      this.store.updateConfig(runId, { ...e.search.chosen, headSearch: e.search });
      this.ctx.emit({ type: 'run-changed', runId });
    } else if (e.kind === 'resolved') {
      this.store.updateConfig(runId, { engine: e.engine, device: e.device, tfjsBackend: e.tfjsBackend, modelFolder: e.modelFolder });
    } else {
      this.ctx.emit({ type: 'notice', level: 'warning', message: e.message });
    }
  }
}
