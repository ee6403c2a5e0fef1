import fs from 'node:fs';
import os from 'node:os';
import type { TaskName, TaskArgs, TaskResult } from './tasks';
import { spawnWorker, workerEntry, type WorkerHandle } from './spawn';

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
}

interface Slot {
  child: WorkerHandle;
  busy: number;
}

/**
 * A pool of worker *processes* (not threads): multi-threaded WASM does not start in Node, so
 * parallel TF.js work needs one process per core, each with its own single-threaded backend.
 * Processes come from spawn.ts (fork under Node, utilityProcess in a packaged Electron app).
 */
export class WorkerPool {
  private readonly slots: Slot[] = [];
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private closed = false;

  constructor(
    readonly size: number = Math.max(1, os.availableParallelism?.() ?? os.cpus().length),
    private readonly env: NodeJS.ProcessEnv = {},
  ) {}

  private spawn(): Slot {
    const entry = workerEntry();
    if (!fs.existsSync(entry)) {
      throw new Error(`Worker bundle missing at ${entry}: run "npm run build".`);
    }
    const child = spawnWorker(entry, this.env);
    const slot: Slot = { child, busy: 0 };
    child.onMessage((msg: { id: number; ok: boolean; value?: unknown; error?: string }) => {
      const p = this.pending.get(msg.id);
      if (!p) return;
      this.pending.delete(msg.id);
      slot.busy--;
      if (msg.ok) p.resolve(msg.value);
      else p.reject(new Error(msg.error ?? 'worker task failed'));
    });
    child.onExit((code, signal) => {
      const i = this.slots.indexOf(slot);
      if (i >= 0) this.slots.splice(i, 1);
      if (!this.closed) {
        // Fail everything that was in flight on that process; later tasks get a new one.
        for (const [id, p] of this.pending) {
          if ((p as Pending & { slot?: Slot }).slot === slot) {
            this.pending.delete(id);
            p.reject(new Error(`worker process exited (${signal ?? code})`));
          }
        }
      }
    });
    this.slots.push(slot);
    return slot;
  }

  private pick(): Slot {
    if (this.slots.length < this.size) {
      const idle = this.slots.find((s) => s.busy === 0);
      return idle ?? this.spawn();
    }
    return this.slots.reduce((a, b) => (b.busy < a.busy ? b : a));
  }

  run<T extends TaskName>(task: T, args: TaskArgs<T>): Promise<TaskResult<T>> {
    if (this.closed) return Promise.reject(new Error('worker pool is closed'));
    const slot = this.pick();
    const id = this.nextId++;
    slot.busy++;
    return new Promise<TaskResult<T>>((resolve, reject) => {
      const p = { resolve, reject, slot } as unknown as Pending;
      this.pending.set(id, p);
      slot.child.send({ id, task, args });
    });
  }

  close(): void {
    this.closed = true;
    for (const { child } of this.slots) child.kill();
    this.slots.length = 0;
    for (const p of this.pending.values()) p.reject(new Error('worker pool closed'));
    this.pending.clear();
  }
}
