// Worker-process side of batched ViT forward passes on WASM (one single-threaded backend per
// process; the pool gives one process per core).
//
//   vitTasks['vit-forward']({folder, pixelValues, batchSize, backend?}) → {features, logits}
//     the checkpoint is loaded once per process (by folder); the worker registry serves vitTasks.
//   poolExtract(pool, folder, pixelValues, batchSize, {chunk}) → FeatureBatch
//     splits a batch into chunks over the pool's processes and stitches the outputs in order.
import { z } from 'zod';
import type { WorkerPool } from '../workers/pool';
import { defineTask, type ReplyOf } from '../workers/protocol';
import { BACKEND_NAMES, type BackendName } from './backend';
import type { FeatureBatch, FeatureEngineInfo } from './feature-engine';
import { TfjsFeatureEngine } from './tfjs-feature-engine';

const backendSchema = z.enum(BACKEND_NAMES).optional();
const modelArgs = z.object({ folder: z.string().min(1), backend: backendSchema });
const forwardArgs = modelArgs.extend({
  /** [B, C, H, W] */
  pixelValues: z.instanceof(Float32Array),
  batchSize: z.number().int().positive(),
});
export type VitForwardArgs = z.infer<typeof forwardArgs>;

let loaded: { folder: string; engine: Promise<TfjsFeatureEngine> } | null = null;

/** This process's model for `folder`, loaded once; switching folders frees the previous one. */
function engineFor(folder: string, backend: BackendName | undefined): Promise<TfjsFeatureEngine> {
  if (loaded?.folder === folder) return loaded.engine;
  const previous = loaded;
  const entry = { folder, engine: TfjsFeatureEngine.load(folder, { backend }) };
  loaded = entry;
  entry.engine.catch(() => loaded === entry && (loaded = null)); // a failed load is retried next time
  previous?.engine.then((e) => e.dispose()).catch(() => undefined);
  return entry.engine;
}

async function vitForward(args: VitForwardArgs): Promise<FeatureBatch> {
  const engine = await engineFor(args.folder, args.backend);
  return engine.extract(args.pixelValues, args.batchSize);
}

export async function poolExtract(
  pool: WorkerPool<VitTasks>,
  folder: string,
  pixelValues: Float32Array,
  batchSize: number,
  opts: { chunk?: number; backend?: BackendName } = {},
): Promise<FeatureBatch> {
  const per = pixelValues.length / batchSize;
  const chunk = opts.chunk ?? Math.max(1, Math.ceil(batchSize / pool.size));
  const jobs: Promise<FeatureBatch>[] = [];
  for (let start = 0; start < batchSize; start += chunk) {
    const n = Math.min(chunk, batchSize - start);
    jobs.push(
      pool.run(
        'vit-forward',
        { folder, pixelValues: pixelValues.slice(start * per, (start + n) * per), batchSize: n, backend: opts.backend },
        vitReplies['vit-forward'],
      ),
    );
  }
  const parts = await Promise.all(jobs);
  const D = parts[0]!.features.length / Math.min(chunk, batchSize);
  const features = new Float32Array(batchSize * D);
  const hasLogits = parts[0]!.logits !== null;
  const L = hasLogits ? parts[0]!.logits!.length / Math.min(chunk, batchSize) : 0;
  const logits = hasLogits ? new Float32Array(batchSize * L) : null;
  parts.forEach((p, i) => {
    features.set(p.features, i * chunk * D);
    if (logits && p.logits) logits.set(p.logits, i * chunk * L);
  });
  return { features, logits };
}

/** Loads (or reuses) the process's model and reports the process's peak RSS: for the bench. */
async function vitLoadStats(args: z.infer<typeof modelArgs>): Promise<{ maxRssBytes: number; loadMs: number }> {
  const t0 = performance.now();
  await engineFor(args.folder, args.backend);
  return { maxRssBytes: process.resourceUsage().maxRSS * 1024, loadMs: performance.now() - t0 };
}

/** Loads (or reuses) the process's model and says what it runs on. */
async function vitDescribe(args: z.infer<typeof modelArgs>): Promise<FeatureEngineInfo> {
  return (await engineFor(args.folder, args.backend)).info;
}

/** The TF.js forward-pass tasks a worker process serves (see train/tasks.ts). */
export const vitTasks = {
  'vit-forward': defineTask(forwardArgs, vitForward),
  'vit-describe': defineTask(modelArgs, vitDescribe),
  'vit-load-stats': defineTask(modelArgs, vitLoadStats),
};
export type VitTasks = typeof vitTasks;

const featureBatch = z.object({ features: z.instanceof(Float32Array), logits: z.instanceof(Float32Array).nullable() });
const engineInfo = z.object({
  engine: z.enum(['ort', 'tfjs']),
  device: z.string(),
  featureSize: z.number().int().positive(),
  numLabels: z.number().int().nonnegative(),
});

/** What the engine side checks the answers of vitTasks against (see ReplySchema). */
export const vitReplies: { [T in keyof VitTasks]: ReplyOf<VitTasks, T> } = {
  'vit-forward': { result: featureBatch, progress: null },
  'vit-describe': { result: engineInfo, progress: null },
  'vit-load-stats': { result: z.object({ maxRssBytes: z.number().nonnegative(), loadMs: z.number().nonnegative() }), progress: null },
};
