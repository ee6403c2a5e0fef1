import fs from 'node:fs';
import path from 'node:path';
import type { AnalysisKind, AnalysisStatus } from '../../../shared/api/data';
import type { ApiError } from '../../../shared/result';
import type { JobProgress } from '../../../shared/types';
import type { EngineContext } from '../context';
import { startAnalysisProcess, type AnalysisProcess } from './analysis-process';
import { fingerprint } from './dataset-items';
import { yieldToEventLoop } from '../../runs/image-rows';
import { briefOf, readBrief, resultFile, writeBrief, type AnalysisBrief } from './analysis-brief';
import { readRecord, saveRecord, type AnalysisPlan, type AnalysisRecord, type AnalysisView } from './analysis-record';

// The engine's side of the data-loop analyses: one state per (dataset, analysis, model), a result
// cached in memory and on disk (cache/analysis) with the fingerprint of what it was computed on,
// and at most one analysis worker at a time (the others wait in line: two cores are shared with
// the UI and training). Asking for an analysis answers once its job is planned (the dataset read
// and checked on disk, between other requests): ready, running, failed, cancelled.

/** A job being planned: identical requests meanwhile wait for the same plan; cancel aborts it. */
interface Planning {
  jobId: string;
  fingerprint: string;
  abort: AbortController;
  /** Settles when the plan is done: the plan's error (an ApiFailure) for every caller, else null. */
  done: Promise<unknown>;
}

interface State {
  status: AnalysisStatus | 'none' | 'planning' | 'queued';
  jobId: string | null;
  jobFingerprint: string | null;
  progress: JobProgress | null;
  error: ApiError | null;
  process: AnalysisProcess<unknown> | null;
  planning: Planning | null;
  /** The result: null when there is none, undefined while it is only on disk (read when asked for). */
  record: AnalysisRecord | null | undefined;
  /** What is known of the result without reading it (analysis-brief.ts); null when there is none. */
  brief: AnalysisBrief | null;
}

let jobCounter = 0;
const busy = (s: State) => s.status === 'planning' || s.status === 'queued' || s.status === 'running';

/** What an analysis is for, in the words of its progress line. */
const WHAT: Record<AnalysisKind, string> = { kfold: 'Suspicious labels and suggestions', map: 'The map', neighbors: 'Look-alikes and near-duplicates' };
const messageOf = (kind: AnalysisKind, model: string) => `${WHAT[kind]}, on the features of ${model}`;

export class AnalysisJobs {
  private readonly states = new Map<string, State>();
  private readonly queue: (() => void)[] = [];
  private running = 0;
  /** Where results and their files live: cache/analysis/<datasetId>/. */
  readonly dir: string;

  constructor(private readonly ctx: EngineContext) {
    this.dir = path.join(ctx.ws.paths.root, 'cache', 'analysis');
    ctx.closing.addEventListener('abort', () => {
      for (const s of this.states.values()) {
        s.process?.kill();
        s.planning?.abort.abort();
      }
    });
  }

  private file(kind: AnalysisKind, datasetId: number, model: string): string {
    return resultFile(this.dir, kind, datasetId, model);
  }

  private state(kind: AnalysisKind, datasetId: number, model: string): State {
    const key = `${datasetId}\u0000${kind}\u0000${model}`;
    let s = this.states.get(key);
    if (!s) {
      const file = this.file(kind, datasetId, model);
      s = { status: 'none', jobId: null, jobFingerprint: null, progress: null, error: null, process: null, planning: null, record: undefined, brief: readBrief(file) };
      if (!s.brief) this.read(s, file); // a cache from before briefs (or without one): read once, brief written
      s.status = s.brief ? 'ready' : 'none';
      this.states.set(key, s);
    }
    return s;
  }

  /** The state's result, read from its file the first time it is needed. */
  private full(s: State, file: string): AnalysisRecord | null {
    if (s.record === undefined) this.read(s, file);
    return s.record ?? null;
  }

  private read(s: State, file: string): void {
    s.record = readRecord(file); // null: never computed, or an unreadable cache file: computed again
    if (!s.record && s.status === 'ready') s.status = 'none';
    const brief = s.record ? briefOf(s.record) : null;
    if (brief && JSON.stringify(brief) !== JSON.stringify(s.brief)) writeBrief(file, brief);
    s.brief = brief;
  }

  /** A view's result, read when a handler first asks for it (counts and freshness come from the brief). */
  private withRecord<V, T extends object>(s: State, file: string, view: T): T & { readonly record: AnalysisRecord<V> | null } {
    const full = () => this.full(s, file) as AnalysisRecord<V> | null;
    return Object.defineProperty(view, 'record', { get: full, enumerable: true }) as T & { readonly record: AnalysisRecord<V> | null };
  }

  /** Where an analysis stands, without starting anything. */
  peek<V>(kind: AnalysisKind, datasetId: number, model: string): Omit<AnalysisView<V>, 'status'> & { status: AnalysisStatus | 'none' } {
    const s = this.state(kind, datasetId, model);
    const fp = fingerprint(this.ctx.ws.db, datasetId, kind, model);
    const fresh = s.brief?.fingerprint === fp;
    return this.withRecord<V, Omit<AnalysisView<V>, 'status' | 'record'> & { status: AnalysisStatus | 'none' }>(s, this.file(kind, datasetId, model), {
      status: busy(s) ? 'running' : fresh ? 'ready' : (s.status as AnalysisStatus | 'none'),
      jobId: s.jobId,
      progress: s.progress,
      brief: s.brief,
      stale: !!s.brief && !fresh,
      error: s.error,
    });
  }

  /**
   * The analysis for the dataset's current state: the cached result when fresh, else the job
   * planning or running, else the last failure (until `retry` or a change), else a new job planned
   * by `plan`, which reads the dataset between other requests (identical requests meanwhile wait
   * for the same plan) and throws an ApiFailure when the analysis cannot run (e.g. too few labels):
   * every caller waiting for that plan gets it.
   */
  async request<V>(kind: AnalysisKind, datasetId: number, model: string, retry: boolean, plan: (signal: AbortSignal) => Promise<AnalysisPlan>): Promise<AnalysisView<V>> {
    const s = this.state(kind, datasetId, model);
    this.full(s, this.file(kind, datasetId, model)); // its answer needs the result: a lost file is computed again
    const fp = fingerprint(this.ctx.ws.db, datasetId, kind, model);
    const view = (): AnalysisView<V> => {
      const now = fingerprint(this.ctx.ws.db, datasetId, kind, model); // planning may have marked files
      return this.withRecord<V, Omit<AnalysisView<V>, 'record'>>(s, this.file(kind, datasetId, model), {
        status: busy(s) || s.status === 'none' ? 'running' : (s.status as AnalysisStatus),
        jobId: s.jobId,
        progress: s.progress,
        brief: s.brief,
        stale: !!s.brief && s.brief.fingerprint !== now,
        error: s.error,
      });
    };
    if (s.brief?.fingerprint === fp && !busy(s)) {
      s.status = 'ready';
      return view();
    }
    if (s.planning?.fingerprint === fp) return this.planned(s.planning, view);
    if (s.jobFingerprint === fp) {
      if (s.status === 'running' || s.status === 'queued') return view();
      if ((s.status === 'failed' || s.status === 'cancelled') && !retry) return view();
    }
    this.cancelState(s);
    return this.planned(this.planJob(s, kind, datasetId, model, fp, plan), view);
  }

  /** The view once `planning` is done, or its plan's error (a cancelled or replaced plan: the view says so). */
  private async planned<V>(planning: Planning, view: () => AnalysisView<V>): Promise<AnalysisView<V>> {
    const error = await planning.done;
    if (error) throw error;
    return view();
  }

  private planJob(s: State, kind: AnalysisKind, datasetId: number, model: string, fp: string, plan: (signal: AbortSignal) => Promise<AnalysisPlan>): Planning {
    const jobId = `analysis-${kind}-${datasetId}-${++jobCounter}`;
    const before = { status: s.status, jobId: s.jobId, jobFingerprint: s.jobFingerprint, error: s.error, progress: s.progress };
    const planning: Planning = { jobId, fingerprint: fp, abort: new AbortController(), done: Promise.resolve(null) };
    Object.assign(s, { status: 'planning', jobId, jobFingerprint: fp, error: null, planning });
    s.progress = { jobId, kind: 'analyze', phase: 'checking the images', done: 0, total: 0, rate: 0, etaSeconds: null, datasetId, message: messageOf(kind, model) };
    const planned = plan(planning.abort.signal).then(
      async (p) => {
        await yieldToEventLoop(); // starting the worker (a fork, the message) is an event-loop task of its own
        if (s.planning !== planning || this.ctx.closing.aborted) return null; // cancelled or replaced meanwhile: the state says so
        s.planning = null;
        // The plan's disk check may have marked files; a plan read while the images kept changing keeps
        // the fingerprint from before, so that its result is known to be stale.
        const now = p.settled === false ? fp : fingerprint(this.ctx.ws.db, datasetId, kind, model);
        if (s.brief?.fingerprint === now) Object.assign(s, { status: 'ready', progress: null });
        else this.start(s, jobId, kind, datasetId, model, now, p);
        return null;
      },
      (e: unknown) => {
        if (s.planning !== planning) return null;
        Object.assign(s, before, { planning: null }); // the analysis stays as it was; the callers learn why
        return e;
      },
    );
    // A cancelled plan lets its callers go at once (its reading stops at its next turn).
    const cancelled = new Promise<null>((r) => planning.abort.signal.addEventListener('abort', () => r(null), { once: true }));
    planning.done = Promise.race([planned, cancelled]);
    return planning;
  }

  private start(s: State, jobId: string, kind: AnalysisKind, datasetId: number, model: string, fp: string, plan: AnalysisPlan): void {
    Object.assign(s, { status: 'queued', jobId, jobFingerprint: fp, error: null, process: null });
    s.progress = { jobId, kind: 'analyze', phase: 'waiting for another analysis', done: 0, total: 0, rate: 0, etaSeconds: null, datasetId };
    const go = () => {
      if (s.jobId !== jobId || s.status !== 'queued') return this.next(); // cancelled while waiting
      s.status = 'running';
      this.running++;
      const emitProgress = (phase: string, p: { done: number; total: number; rate: number; etaSeconds: number | null }) => {
        s.progress = { jobId, kind: 'analyze', phase, ...p, datasetId, message: messageOf(kind, model) };
        this.ctx.emit({ type: 'progress', progress: s.progress });
      };
      let proc: AnalysisProcess<unknown>;
      try {
        proc = startAnalysisProcess(plan.task, plan.args(jobId) as never, (e) => emitProgress(e.phase, e.progress));
      } catch (e) {
        this.running--;
        this.settle(s, jobId, kind, datasetId, { code: 'unavailable', message: e instanceof Error ? e.message : String(e) });
        return this.next();
      }
      s.process = proc;
      emitProgress('starting', { done: 0, total: 0, rate: 0, etaSeconds: null });
      proc.result.then(
        (value) => {
          const base = { datasetId, model, computedAt: new Date().toISOString(), imageIds: plan.imageIds, labelIds: plan.labelIds, notes: plan.notes };
          const files = plan.files?.(jobId) ?? [];
          if (s.jobId === jobId) {
            this.replace(s, { ...base, kind, fingerprint: fp, value, files });
            for (const c of plan.companions?.(value) ?? []) {
              const other = this.state(c.kind, datasetId, model);
              if (busy(other)) continue;
              other.status = 'ready';
              this.replace(other, { ...base, kind: c.kind, fingerprint: fingerprint(this.ctx.ws.db, datasetId, c.kind, model), value: c.value, files });
            }
          } else for (const f of files) fs.rmSync(f, { force: true });
          this.finish(s, jobId, kind, datasetId, null);
        },
        (e: unknown) => this.finish(s, jobId, kind, datasetId, { code: 'internal', message: e instanceof Error ? e.message : String(e) }),
      );
    };
    this.queue.push(go);
    this.next();
  }

  private finish(s: State, jobId: string, kind: AnalysisKind, datasetId: number, error: ApiError | null): void {
    this.running--;
    if (!this.ctx.closing.aborted) this.settle(s, jobId, kind, datasetId, error);
    this.next();
  }

  private settle(s: State, jobId: string, kind: AnalysisKind, datasetId: number, error: ApiError | null): void {
    if (s.jobId !== jobId || s.status === 'cancelled') return; // cancelled or replaced: already said
    s.process = null;
    s.progress = null;
    s.status = error ? 'failed' : 'ready';
    s.error = error;
    this.ctx.emit({ type: 'analysis-changed', datasetId, analysis: kind, status: s.status });
  }

  private next(): void {
    while (this.running === 0 && this.queue.length) this.queue.shift()!();
  }

  /** Keeps a new record (memory and disk) and deletes the files of the one it replaces, unless shared. */
  private replace(s: State, record: AnalysisRecord): void {
    const old = s.brief?.files ?? [];
    s.record = record;
    s.brief = briefOf(record);
    saveRecord(this.file(record.kind, record.datasetId, record.model), record, s.brief);
    const used = new Set([...this.states.values()].flatMap((t) => t.brief?.files ?? []));
    for (const f of old) if (!used.has(f)) fs.rmSync(f, { force: true });
  }

  private cancelState(s: State): boolean {
    if (!busy(s)) return false;
    s.process?.kill();
    s.process = null;
    s.planning?.abort.abort();
    s.planning = null;
    s.status = 'cancelled';
    s.progress = null;
    s.error = { code: 'cancelled', message: 'The analysis was cancelled.' };
    return true;
  }

  /** Cancels the running or waiting analyses of a dataset (of one kind, or all). */
  cancel(datasetId: number, kind?: AnalysisKind): number {
    let n = 0;
    for (const [key, s] of this.states) {
      const [ds, k] = key.split('\u0000');
      if (Number(ds) !== datasetId || (kind && k !== kind)) continue;
      if (this.cancelState(s)) {
        n++;
        this.ctx.emit({ type: 'analysis-changed', datasetId, analysis: k as AnalysisKind, status: 'cancelled' });
      }
    }
    return n;
  }

  /** The fresh-or-stale record of a finished analysis, without starting one. */
  record<V>(kind: AnalysisKind, datasetId: number, model: string): AnalysisRecord<V> | null {
    return this.full(this.state(kind, datasetId, model), this.file(kind, datasetId, model)) as AnalysisRecord<V> | null;
  }
}
