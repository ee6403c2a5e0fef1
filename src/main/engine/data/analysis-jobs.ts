import fs from 'node:fs';
import path from 'node:path';
import type { AnalysisKind, AnalysisStatus } from '../../../shared/api/data';
import type { ApiError } from '../../../shared/result';
import type { JobProgress } from '../../../shared/types';
import type { EngineContext } from '../context';
import { startAnalysisProcess, type AnalysisProcess, type AnalysisTaskName } from './analysis-process';
import { fingerprint } from './dataset-items';
import { briefOf, readBrief, resultFile, writeBrief, type AnalysisBrief } from './analysis-brief';
import type { ArgsOf } from '../../workers/protocol';
import type { WorkerTasks } from '../../tasks/registry';

// The engine's side of the data-loop analyses: one state per (dataset, analysis, model), a result
// cached in memory and on disk (cache/analysis) with the fingerprint of what it was computed on,
// and at most one analysis worker at a time (the others wait in line: two cores are shared with
// the UI and training). Asking for an analysis answers at once: ready, running, failed, cancelled.

export interface AnalysisRecord<V = unknown> {
  kind: AnalysisKind;
  datasetId: number;
  model: string;
  fingerprint: string;
  computedAt: string;
  /** Image id of each item index the worker saw. */
  imageIds: number[];
  /** Label id of each label index (kfold). */
  labelIds: number[];
  notes: string[];
  value: V;
  /** Files that belong to this result (deleted when a newer result replaces it). */
  files?: string[];
}

/** What starting an analysis needs: the worker task and its arguments, and what to keep with the result. */
export interface AnalysisPlan<N extends AnalysisTaskName = AnalysisTaskName> {
  task: N;
  args: (jobId: string) => ArgsOf<WorkerTasks, N>;
  imageIds: number[];
  labelIds: number[];
  notes: string[];
  /** Files the job writes (given its id): kept with the record, deleted when it is replaced. */
  files?: (jobId: string) => string[];
  /** Results of other analyses the job computes on the way (the map's neighbours). */
  companions?: (value: unknown) => { kind: AnalysisKind; value: unknown }[];
}

interface State {
  status: AnalysisStatus | 'none' | 'queued';
  jobId: string | null;
  jobFingerprint: string | null;
  progress: JobProgress | null;
  error: ApiError | null;
  process: AnalysisProcess<unknown> | null;
  /** The result: null when there is none, undefined while it is only on disk (read when asked for). */
  record: AnalysisRecord | null | undefined;
  /** What is known of the result without reading it (analysis-brief.ts); null when there is none. */
  brief: AnalysisBrief | null;
}

export interface AnalysisView<V> {
  status: AnalysisStatus;
  jobId: string | null;
  progress: JobProgress | null;
  /** The result (read from disk on first use). */
  readonly record: AnalysisRecord<V> | null;
  brief: AnalysisBrief | null;
  stale: boolean;
  error: ApiError | null;
}

let jobCounter = 0;

/** What an analysis is for, in the words of its progress line. */
const WHAT: Record<AnalysisKind, string> = {
  kfold: 'Suspicious labels and suggestions',
  map: 'The map',
  neighbors: 'Look-alikes and near-duplicates',
};

export class AnalysisJobs {
  private readonly states = new Map<string, State>();
  private readonly queue: (() => void)[] = [];
  private running = 0;
  /** Where results and their files live: cache/analysis/<datasetId>/. */
  readonly dir: string;

  constructor(private readonly ctx: EngineContext) {
    this.dir = path.join(ctx.ws.paths.root, 'cache', 'analysis');
    ctx.closing.addEventListener('abort', () => {
      for (const s of this.states.values()) s.process?.kill();
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
      s = { status: 'none', jobId: null, jobFingerprint: null, progress: null, error: null, process: null, record: undefined, brief: readBrief(file) };
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
    try {
      s.record = JSON.parse(fs.readFileSync(file, 'utf8')) as AnalysisRecord;
    } catch {
      s.record = null; // never computed, or an unreadable cache file: computed again
    }
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
    const busy = s.status === 'running' || s.status === 'queued';
    return this.withRecord<V, Omit<AnalysisView<V>, 'status' | 'record'> & { status: AnalysisStatus | 'none' }>(s, this.file(kind, datasetId, model), {
      status: busy ? 'running' : fresh ? 'ready' : (s.status as AnalysisStatus | 'none'),
      jobId: s.jobId,
      progress: s.progress,
      brief: s.brief,
      stale: !!s.brief && !fresh,
      error: s.error,
    });
  }

  /**
   * The analysis for the dataset's current state: the cached result when fresh, else the running
   * job, else the last failure (until `retry` or a change), else a new job planned by `plan`
   * (which throws an ApiFailure when the analysis cannot run, e.g. too few labels).
   */
  request<V>(kind: AnalysisKind, datasetId: number, model: string, retry: boolean, plan: () => AnalysisPlan): AnalysisView<V> {
    const s = this.state(kind, datasetId, model);
    this.full(s, this.file(kind, datasetId, model)); // its answer needs the result: a lost file is computed again
    let fp = fingerprint(this.ctx.ws.db, datasetId, kind, model);
    const view = (): AnalysisView<V> =>
      this.withRecord<V, Omit<AnalysisView<V>, 'record'>>(s, this.file(kind, datasetId, model), {
        status: s.status === 'queued' || s.status === 'none' ? 'running' : s.status,
        jobId: s.jobId,
        progress: s.progress,
        brief: s.brief,
        stale: !!s.brief && s.brief.fingerprint !== fp,
        error: s.error,
      });
    if (s.brief?.fingerprint === fp && s.status !== 'running' && s.status !== 'queued') {
      s.status = 'ready';
      return view();
    }
    if (s.jobFingerprint === fp) {
      if (s.status === 'running' || s.status === 'queued') return view();
      if ((s.status === 'failed' || s.status === 'cancelled') && !retry) return view();
    }
    this.cancelState(s);
    const p = plan();
    fp = fingerprint(this.ctx.ws.db, datasetId, kind, model); // the plan's disk check may have marked files
    if (s.brief?.fingerprint === fp) {
      s.status = 'ready';
      return view();
    }
    this.start(s, kind, datasetId, model, fp, p);
    return view();
  }

  private start(s: State, kind: AnalysisKind, datasetId: number, model: string, fp: string, plan: AnalysisPlan): void {
    const jobId = `analysis-${kind}-${datasetId}-${++jobCounter}`;
    Object.assign(s, { status: 'queued', jobId, jobFingerprint: fp, error: null, process: null });
    s.progress = { jobId, kind: 'analyze', phase: 'waiting for another analysis', done: 0, total: 0, rate: 0, etaSeconds: null, datasetId };
    const go = () => {
      if (s.jobId !== jobId || s.status !== 'queued') return this.next(); // cancelled while waiting
      s.status = 'running';
      this.running++;
      const emitProgress = (phase: string, p: { done: number; total: number; rate: number; etaSeconds: number | null }) => {
        s.progress = { jobId, kind: 'analyze', phase, ...p, datasetId, message: `${WHAT[kind]}, on the features of ${model}` };
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
              if (other.status === 'running' || other.status === 'queued') continue;
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
    this.save(record, s.brief);
    const used = new Set([...this.states.values()].flatMap((t) => t.brief?.files ?? []));
    for (const f of old) if (!used.has(f)) fs.rmSync(f, { force: true });
  }

  private save(record: AnalysisRecord, brief: AnalysisBrief): void {
    const file = this.file(record.kind, record.datasetId, record.model);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const tmp = `${file}.tmp-${process.pid}`;
    fs.writeFileSync(tmp, JSON.stringify(record));
    fs.renameSync(tmp, file);
    writeBrief(file, brief);
  }

  private cancelState(s: State): boolean {
    if (s.status !== 'running' && s.status !== 'queued') return false;
    s.process?.kill();
    s.process = null;
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
