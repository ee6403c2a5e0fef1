// Classify images with a checkpoint's own classifier (predict, "try an image").
//
//   const cache = new LoadedModels(2)                 LRU of loaded TF.js models, by folder
//   const m = await cache.get(spec, {onProgress})     hub id or folder → LoadedModel
//   await predictImages(m, [{name, input}], topK)     → [{image, predictions: [{label, score}]}]
//   topPredictions(logits, labels, k)                 softmax + top k, highest first
import { type BackendName, initBackend } from './backend';
import { loadCheckpoint } from './checkpoint';
import { resolveModel, type DownloadProgress } from './hub';
import { outputSize, preprocessBatch } from './preprocess';
import { TfjsFeatureEngine } from './tfjs-feature-engine';

export interface Prediction {
  label: string;
  score: number;
}

export interface ImagePredictions {
  image: string;
  predictions: Prediction[];
}

export interface LoadedModel {
  folder: string;
  engine: TfjsFeatureEngine;
}

export function topPredictions(logits: ArrayLike<number>, labels: string[], k: number): Prediction[] {
  let max = -Infinity;
  for (let i = 0; i < logits.length; i++) max = Math.max(max, logits[i]!);
  const exp = Array.from(logits, (v) => Math.exp(v - max));
  const sum = exp.reduce((a, b) => a + b, 0);
  return exp
    .map((e, i) => ({ label: labels[i] ?? `LABEL_${i}`, score: e / sum }))
    .sort((a, b) => b.score - a.score)
    .slice(0, k);
}

/** A small LRU of loaded models: a ViT-B/16 holds ~350 MB, so keep one or two. */
export class LoadedModels {
  private readonly entries = new Map<string, Promise<LoadedModel>>();

  constructor(private readonly capacity = 2) {}

  async get(
    spec: string,
    opts: { revision?: string; onProgress?: (p: DownloadProgress) => void; signal?: AbortSignal; backend?: BackendName } = {},
  ): Promise<LoadedModel> {
    const folder = await resolveModel(spec, opts);
    const hit = this.entries.get(folder);
    if (hit) {
      this.entries.delete(folder); // re-insert: most recently used last
      this.entries.set(folder, hit);
      return hit;
    }
    const loading = (async () => {
      const compute = await initBackend(opts.backend);
      return { folder, engine: TfjsFeatureEngine.fromCheckpoint(loadCheckpoint(folder), compute) };
    })();
    this.entries.set(folder, loading);
    loading.catch(() => this.entries.delete(folder));
    while (this.entries.size > this.capacity) {
      const [oldest, evicted] = this.entries.entries().next().value!;
      this.entries.delete(oldest);
      evicted.then((m) => m.engine.dispose()).catch(() => undefined);
    }
    return loading;
  }

  async clear(): Promise<void> {
    const all = [...this.entries.values()];
    this.entries.clear();
    for (const p of all) await p.then((m) => m.engine.dispose()).catch(() => undefined);
  }
}

export async function predictImages(
  model: LoadedModel,
  images: Array<{ name: string; input: string | Buffer }>,
  topK = 5,
  batchSize = 8,
): Promise<ImagePredictions[]> {
  const { engine } = model;
  const labels = engine.checkpoint.config.id2label;
  if (engine.info.numLabels === 0) {
    throw new Error(`${model.folder} is a backbone without a classifier: nothing to predict (train a head first)`);
  }
  const pre = engine.checkpoint.preprocessor;
  const { height, width } = outputSize(pre);
  const size = 3 * height * width;
  const out: ImagePredictions[] = [];
  for (let start = 0; start < images.length; start += batchSize) {
    const batch = images.slice(start, start + batchSize);
    const pixels = await preprocessBatch(batch.map((b) => b.input), pre);
    if (pixels.length !== batch.length * size) throw new Error('preprocessing produced the wrong size');
    const { logits } = await engine.extract(pixels, batch.length);
    const L = engine.info.numLabels;
    batch.forEach((b, i) => {
      out.push({ image: b.name, predictions: topPredictions(logits!.subarray(i * L, (i + 1) * L), labels, topK) });
    });
  }
  return out;
}
