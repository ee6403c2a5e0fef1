import fs from 'node:fs';
import { spawnWorker, workerEntry, type WorkerHandle } from './spawn';
import {
  fromWorkerSchema,
  WorkerExit,
  WorkerTaskError,
  type ArgsOf,
  type ProgressOf,
  type ResultOf,
  type TaskMap,
  type TaskName,
  type ToWorker,
} from './protocol';

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
  progress(p: unknown): void;
}

/**
 * The engine's end of one worker process, typed by the TaskMap the worker serves: sends tasks,
 * routes each reply and progress message to its caller (messages that do not fit the protocol
 * are dropped), and fails whatever is in flight when the process ends.
 */
export class WorkerConnection<M extends TaskMap> {
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private exited = false;

  private constructor(
    private readonly child: WorkerHandle,
    private readonly what: string,
  ) {
    child.onMessage((raw: unknown) => {
      const parsed = fromWorkerSchema.safeParse(raw);
      if (!parsed.success) return;
      const msg = parsed.data;
      const p = this.pending.get(msg.id);
      if (!p) return;
      if (msg.kind === 'progress') return p.progress(msg.progress);
      this.pending.delete(msg.id);
      if (msg.kind === 'done') p.resolve(msg.value);
      else p.reject(new WorkerTaskError(msg.error.code, msg.error.message));
    });
    child.onExit((code, signal) => {
      this.exited = true;
      const error = new WorkerExit(signal, code, this.what);
      for (const p of this.pending.values()) p.reject(error);
      this.pending.clear();
    });
  }

  /** Starts a worker process on the bundled worker entry. `what` names it in errors. */
  static open<M extends TaskMap>(opts: { env?: NodeJS.ProcessEnv; what?: string } = {}): WorkerConnection<M> {
    const entry = workerEntry();
    if (!fs.existsSync(entry)) throw new Error(`Worker bundle missing at ${entry}: run "npm run build".`);
    return new WorkerConnection<M>(spawnWorker(entry, opts.env ?? {}), opts.what ?? 'worker process');
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** Tasks sent and not answered yet. */
  get busy(): number {
    return this.pending.size;
  }

  get alive(): boolean {
    return !this.exited;
  }

  run<T extends TaskName<M>>(task: T, args: ArgsOf<M, T>, onProgress?: (p: ProgressOf<M, T>) => void): Promise<ResultOf<M, T>> {
    if (this.exited) return Promise.reject(new WorkerExit(null, null, this.what));
    const id = this.nextId++;
    return new Promise<ResultOf<M, T>>((resolve, reject) => {
      this.pending.set(id, {
        resolve: resolve as (v: unknown) => void,
        reject,
        progress: (p) => onProgress?.(p as ProgressOf<M, T>),
      });
      const message: ToWorker = { kind: 'run', id, task, args };
      this.child.send(message);
    });
  }

  /** Fails what is in flight with `error` and kills the process (SIGKILL: cancel means now). */
  kill(error?: Error): void {
    if (error) for (const p of this.pending.values()) p.reject(error);
    if (error) this.pending.clear();
    this.child.kill();
  }

  /** Lets the process exit on its own once its work is done. */
  disconnect(): void {
    this.child.disconnect();
  }
}

/** One task in a process of its own (a training run, an analysis): cancel is a kill. */
export interface TaskProcess<R> {
  pid: number;
  /** Rejects with a WorkerExit when the process ends first (killed, crashed). */
  result: Promise<R>;
  /** Kills the process (SIGKILL). */
  kill(): void;
}

/** Starts `task` in a new worker process, which exits once it has answered. */
export function startTaskProcess<M extends TaskMap, T extends TaskName<M>>(
  task: T,
  args: ArgsOf<M, T>,
  onProgress: (p: ProgressOf<M, T>) => void,
  what: string,
): TaskProcess<ResultOf<M, T>> {
  const worker = WorkerConnection.open<M>({ what });
  const result = worker.run(task, args, onProgress);
  // Once it has answered, the process may exit on its own (it is gone already after a WorkerExit).
  result.then(
    () => worker.disconnect(),
    (e: unknown) => e instanceof WorkerExit || worker.disconnect(),
  );
  return { pid: worker.pid!, result, kill: () => worker.kill() };
}
