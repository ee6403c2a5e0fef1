import { createRequire } from 'node:module';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { InferenceSession } from 'onnxruntime-node';

// One ONNX Runtime session on its own worker thread. onnxruntime-node's run() is synchronous on
// the calling thread (a ViT-B batch blocks for a second), which would freeze the Electron main
// process / serve host and serialise image decoding behind the forward pass. On a worker thread
// extract() is truly asynchronous, and several sessions can run side by side.
//
// The worker is inline source (no extra bundle entry to ship); it requires onnxruntime-node by
// the absolute path resolved here, so it works from dist/, vitest and a packaged app alike.

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const ort = require(workerData.ortPath);
let session = null;
parentPort.on('message', async (msg) => {
  try {
    if (msg.type === 'open') {
      session = await ort.InferenceSession.create(msg.graphPath, msg.options);
      parentPort.postMessage({ id: msg.id, ok: true, value: { outputNames: session.outputNames } });
    } else if (msg.type === 'run') {
      const input = new ort.Tensor('float32', msg.pixels, msg.dims);
      const result = await session.run({ [msg.inputName]: input }, msg.outputs);
      const value = {};
      for (const name of msg.outputs) value[name] = result[name].data;
      parentPort.postMessage({ id: msg.id, ok: true, value });
    } else if (msg.type === 'release') {
      if (session) await session.release();
      session = null;
      parentPort.postMessage({ id: msg.id, ok: true, value: null });
    }
  } catch (e) {
    parentPort.postMessage({ id: msg.id, ok: false, error: e && e.message ? e.message : String(e) });
  }
});
`;

function ortEntryPath(): string {
  // The app bundle is CommonJS (require exists); under vitest's ESM fall back to resolving from cwd.
  const req = typeof require === 'function' && typeof require.resolve === 'function' ? require : createRequire(path.join(process.cwd(), 'index.js'));
  return req.resolve('onnxruntime-node');
}

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
}

export class SessionWorker {
  private readonly worker: Worker;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private dead: Error | null = null;
  /** Runs in flight, for picking the least busy session. */
  busy = 0;
  outputNames: readonly string[] = [];

  private constructor() {
    this.worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { ortPath: ortEntryPath() } });
    this.worker.on('message', (msg: { id: number; ok: boolean; value?: unknown; error?: string }) => {
      const p = this.pending.get(msg.id);
      if (!p) return;
      this.pending.delete(msg.id);
      // An idle worker must not keep the process alive (a CLI that forgot dispose() still exits).
      if (this.pending.size === 0) this.worker.unref();
      if (msg.ok) p.resolve(msg.value);
      else p.reject(new Error(msg.error ?? 'ONNX Runtime failed'));
    });
    const fail = (e: Error) => {
      this.dead = e;
      for (const p of this.pending.values()) p.reject(e);
      this.pending.clear();
    };
    this.worker.on('error', fail);
    this.worker.on('exit', (code) => fail(new Error(`ONNX Runtime worker exited (${code})`)));
  }

  private call<T>(msg: Record<string, unknown>): Promise<T> {
    if (this.dead) return Promise.reject(this.dead);
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.worker.ref();
      this.worker.postMessage({ ...msg, id });
    });
  }

  /** Starts a worker and opens the session; the worker is terminated if the session fails to open. */
  static async open(graphPath: string, options: InferenceSession.SessionOptions): Promise<SessionWorker> {
    const w = new SessionWorker();
    try {
      const { outputNames } = await w.call<{ outputNames: string[] }>({ type: 'open', graphPath, options });
      w.outputNames = outputNames;
      return w;
    } catch (e) {
      await w.worker.terminate();
      throw e;
    }
  }

  async run(inputName: string, pixels: Float32Array, dims: number[], outputs: string[]): Promise<Record<string, Float32Array>> {
    this.busy++;
    try {
      return await this.call({ type: 'run', inputName, pixels, dims, outputs });
    } finally {
      this.busy--;
    }
  }

  async close(): Promise<void> {
    try {
      if (!this.dead) await this.call({ type: 'release' });
    } finally {
      await this.worker.terminate();
    }
  }
}
