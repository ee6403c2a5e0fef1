import fs from 'node:fs';
import { spawnWorker, workerEntry, type WorkerHandle } from './spawn';
import {
  firstIssue,
  fromWorkerSchema,
  WorkerExit,
  WorkerTaskError,
  type ArgsOf,
  type ProgressOf,
  type ReplyOf,
  type ResultOf,
  type TaskMap,
  type TaskName,
  type ToWorker,
} from './protocol';

interface Pending {
  task: string;
  reply: ReplyOf<TaskMap, string>;
  resolve(value: unknown): void;
  reject(error: Error): void;
  progress(p: unknown): void;
}

/**
 * The engine's end of one worker process, typed by the TaskMap the worker serves: sends tasks,
 * routes each reply and progress message to its caller (messages that do not fit the protocol
 * are dropped), checks each against the task's ReplySchema (a task whose answer does not fit it
 * fails with 'invalid_reply'), and fails whatever is in flight when the process ends.
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
      if (msg.kind === 'failed') {
        this.pending.delete(msg.id);
        return p.reject(new WorkerTaskError(msg.error.code, msg.error.message));
      }
      const schema = msg.kind === 'done' ? p.reply.result : p.reply.progress;
      const checked = schema?.safeParse(msg.kind === 'done' ? msg.value : msg.progress);
      if (!checked?.success) {
        this.pending.delete(msg.id);
        const what = msg.kind === 'done' ? 'result' : 'progress message';
        const why = checked ? firstIssue(checked.error) : 'this task sends none';
        return p.reject(new WorkerTaskError('invalid_reply', `worker task ${p.task} sent a malformed ${what}: ${why}`));
      }
      if (msg.kind === 'progress') return p.progress(checked.data);
      this.pending.delete(msg.id);
      p.resolve(checked.data);
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

  /** Runs `task`; `reply` checks what comes back (see ReplySchema). */
  run<T extends TaskName<M>>(task: T, args: ArgsOf<M, T>, reply: ReplyOf<M, T>, onProgress?: (p: ProgressOf<M, T>) => void): Promise<ResultOf<M, T>> {
    if (this.exited) return Promise.reject(new WorkerExit(null, null, this.what));
    const id = this.nextId++;
    return new Promise<ResultOf<M, T>>((resolve, reject) => {
      this.pending.set(id, {
        task,
        reply: reply as ReplyOf<TaskMap, string>,
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
  reply: ReplyOf<M, T>,
  onProgress: (p: ProgressOf<M, T>) => void,
  what: string,
): TaskProcess<ResultOf<M, T>> {
  const worker = WorkerConnection.open<M>({ what });
  // The task's message is sent in an event-loop task after the fork's: its serialization (megabytes
  // for 100,000 images) and the fork each hold the engine's loop a few ms (rule 5). Killed before
  // it is sent, it never is (a send to a dying process would throw on the engine).
  let killed = false;
  const result = new Promise<void>((r) => setImmediate(r)).then(() =>
    killed ? Promise.reject(new WorkerExit('SIGKILL', null, what)) : worker.run(task, args, reply, onProgress),
  );
  // Once it has answered, the process may exit on its own (it is gone already after a WorkerExit);
  // after a malformed answer it may still be working, for nobody: it is killed.
  result.then(
    () => worker.disconnect(),
    (e: unknown) => e instanceof WorkerExit || (e instanceof WorkerTaskError && e.code === 'invalid_reply' ? worker.kill() : worker.disconnect()),
  );
  const kill = () => {
    killed = true;
    worker.kill();
  };
  return { pid: worker.pid!, result, kill };
}
