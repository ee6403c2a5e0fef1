import os from 'node:os';
import { WorkerConnection } from './connection';
import type { ArgsOf, ProgressOf, ReplyOf, ResultOf, TaskMap, TaskName } from './protocol';

/**
 * A pool of worker *processes* (not threads): multi-threaded WASM does not start in Node, so
 * parallel TF.js work needs one process per core, each with its own single-threaded backend.
 * Generic over the TaskMap its workers serve: the pool knows no task.
 */
export class WorkerPool<M extends TaskMap> {
  private readonly slots: WorkerConnection<M>[] = [];
  private closed = false;

  constructor(
    readonly size: number = Math.max(1, os.availableParallelism?.() ?? os.cpus().length),
    private readonly env: NodeJS.ProcessEnv = {},
  ) {}

  private pick(): WorkerConnection<M> {
    // A process that exited is replaced by the next task; what was in flight on it has failed.
    for (let i = this.slots.length - 1; i >= 0; i--) if (!this.slots[i]!.alive) this.slots.splice(i, 1);
    if (this.slots.length < this.size) {
      const idle = this.slots.find((s) => s.busy === 0);
      if (idle) return idle;
      const slot = WorkerConnection.open<M>({ env: this.env });
      this.slots.push(slot);
      return slot;
    }
    return this.slots.reduce((a, b) => (b.busy < a.busy ? b : a));
  }

  run<T extends TaskName<M>>(task: T, args: ArgsOf<M, T>, reply: ReplyOf<M, T>, onProgress?: (p: ProgressOf<M, T>) => void): Promise<ResultOf<M, T>> {
    if (this.closed) return Promise.reject(new Error('worker pool is closed'));
    return this.pick().run(task, args, reply, onProgress);
  }

  close(): void {
    this.closed = true;
    const error = new Error('worker pool closed');
    for (const slot of this.slots) slot.kill(error);
    this.slots.length = 0;
  }
}
