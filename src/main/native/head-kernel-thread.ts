import { Worker } from 'node:worker_threads';
import type { HeadKernel } from './head-kernel';

// The native head kernel on a worker thread of its own: epoch() returns a promise, so that two
// heads (the K-fold analysis's independent folds) train at once on a machine's two cores from one
// process. Same kernel file, same calls, same results as calling it in place. The features, labels
// and class weights go to the thread once per head (features in a SharedArrayBuffer are shared, not
// copied: the caller should put large ones there); each call sends the epoch's order and the
// small weight/moment arrays [D + 1, L] and gets them back updated (the same x, y and class weight
// arrays are taken as unchanged: a head's data is never written while it trains).
//
// Inline source (no extra bundle entry), as onnx/session-worker.ts: it requires the kernel file
// by its absolute path, so it works from dist/, vitest and a packaged app alike.

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const kernel = require(workerData.kernelPath);
let data = null;
parentPort.on('message', (msg) => {
  try {
    if (msg.data) data = msg.data;
    const { order, w, m, v, params } = msg;
    const stats = new Float64Array(4);
    kernel.epoch(data.x, data.y, data.classWeight, order, w, m, v, params, stats);
    parentPort.postMessage({ ok: true, w, m, v, stats });
  } catch (e) {
    parentPort.postMessage({ ok: false, error: e && e.message ? e.message : String(e) });
  }
});
`;

export interface ThreadHeadKernel {
  epoch(...args: Parameters<HeadKernel['epoch']>): Promise<void>;
  isa(): string;
  /** Ends the thread. */
  close(): Promise<void>;
}

type Reply = { ok: true; w: Float32Array; m: Float32Array; v: Float32Array; stats: Float64Array } | { ok: false; error: string };

/** The kernel file `kernelPath` (already loaded here as `kernel`) on a new worker thread. */
export function headKernelThread(kernel: HeadKernel, kernelPath: string): ThreadHeadKernel {
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { kernelPath } });
  worker.unref();
  let sent: unknown[] = [];
  let waiting: { resolve(r: Reply): void; reject(e: Error): void } | null = null;
  let dead: Error | null = null;
  const fail = (e: Error) => {
    dead = e;
    waiting?.reject(e);
    waiting = null;
  };
  worker.on('message', (r: Reply) => {
    const w = waiting;
    waiting = null;
    w?.resolve(r);
  });
  worker.on('error', fail);
  worker.on('exit', () => fail(new Error('head kernel thread exited')));
  return {
    isa: () => kernel.isa(),
    async epoch(x, y, classWeight, order, w, m, v, params, stats) {
      if (dead) throw dead;
      if (waiting) throw new Error('head kernel thread: one epoch at a time');
      const same = sent[0] === x && sent[1] === y && sent[2] === classWeight;
      const data = same ? undefined : { x, y, classWeight };
      sent = [x, y, classWeight];
      const reply = await new Promise<Reply>((resolve, reject) => {
        waiting = { resolve, reject };
        worker.postMessage({ data, order, w, m, v, params });
      });
      if (!reply.ok) {
        sent = [];
        throw new Error(reply.error);
      }
      w.set(reply.w);
      m.set(reply.m);
      v.set(reply.v);
      stats.set(reply.stats);
    },
    async close() {
      worker.removeAllListeners('exit');
      fail(new Error('head kernel thread closed'));
      await worker.terminate();
    },
  };
}
