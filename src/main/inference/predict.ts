// Classify images with a checkpoint's own classifier (predict, "try an image"), through the same
// FeatureEngine as feature extraction: ONNX Runtime by default (off the event loop, on every
// core or the GPU), TF.js when asked for (--engine tfjs, or a --backend).
//
//   const cache = new LoadedModels(2)                 LRU of loaded models, by folder and engine
//   const m = await cache.get(spec, {cacheDir})     hub id or folder → LoadedModel
//   await predictImages(m, [{name, input}], topK)     → [{image, predictions: [{label, score}]}]
//   topPredictions(logits, labels, k)                 softmax + top k, highest first
import path from 'node:path';
import type { ImagePredictions, Prediction } from '../../shared/api/model';
import type { PreprocessorConfig } from '../../shared/model/vit-config';
import type { BackendName } from '../model/backend';
import { loadModelConfig, requireWeightsFile } from '../model/checkpoint';
import type { FeatureEngine, FeatureEngineName } from '../model/feature-engine';
import { resolveModel, type DownloadProgress } from '../model/hub';
import { outputSize, preprocessBatch } from '../model/preprocess';
import { selectFeatureEngine } from './select-engine';
import type { BackbonePrecision } from '../../shared/api/runs';

export type { ImagePredictions, Prediction };

export interface LoadedModel {
  folder: string;
  precision: BackbonePrecision;
  engine: FeatureEngine;
  labels: string[];
  preprocessor: PreprocessorConfig;
}

export interface LoadModelOptions {
  revision?: string;
  onProgress?: (p: DownloadProgress) => void;
  signal?: AbortSignal;
  /** Frozen-backbone engine; default ONNX Runtime when it loads. */
  engine?: FeatureEngineName;
  /** ORT device (auto|cpu|cuda|dml|coreml) or, with engine tfjs, the TF.js backend. */
  device?: string;
  /** A TF.js backend: implies engine tfjs. */
  backend?: BackendName;
  /** Where ONNX graphs are cached (the workspace's graph cache). */
  cacheDir: string;
  /** 'int8': ORT fast mode (a run trained on int8 features predicts with them too). */
  precision?: BackbonePrecision;
  onNotice?(message: string): void;
}

/** A model without a classifier head has nothing to predict with: bad input, not a failure. */
export class NoClassifierError extends Error {
  readonly code = 'invalid_argument' as const;
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

  async get(spec: string, opts: LoadModelOptions): Promise<LoadedModel> {
    const folder = await resolveModel(spec, opts);
    const engineName = opts.backend ? 'tfjs' : opts.engine;
    const device = opts.backend ?? opts.device;
    const key = `${folder}\u0000${engineName ?? 'auto'}\u0000${device ?? ''}\u0000${opts.precision ?? 'fp32'}`;
    const hit = this.entries.get(key);
    if (hit) {
      this.entries.delete(key); // re-insert: most recently used last
      this.entries.set(key, hit);
      return hit;
    }
    const loading = (async (): Promise<LoadedModel> => {
      requireWeightsFile(folder);
      const { config, preprocessor } = await loadModelConfig(folder);
      const engine = await selectFeatureEngine(folder, {
        engine: engineName,
        device,
        cacheDir: opts.cacheDir,
        sessions: 1, // one request at a time: lowest latency
        precision: opts.precision,
        onNotice: opts.onNotice,
      });
      return { folder, precision: opts.precision ?? 'fp32', engine, labels: config.id2label, preprocessor };
    })();
    this.entries.set(key, loading);
    loading.catch(() => this.entries.delete(key));
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
  const { engine, labels } = model;
  if (engine.info.numLabels === 0) {
    throw new NoClassifierError(`${model.folder} is a backbone without a classifier: nothing to predict (train a head first)`);
  }
  const pre = model.preprocessor;
  const { height, width } = outputSize(pre);
  const size = pre.numChannels * height * width;
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
