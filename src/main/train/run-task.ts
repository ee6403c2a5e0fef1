import fs from 'node:fs';
import path from 'node:path';
import { loadCheckpoint } from '../model/checkpoint';
import { decodeRgb, outputSize } from '../model/preprocess';
import { saveCheckpoint } from '../model/save-checkpoint';
import { selectFeatureEngine } from '../inference/select-engine';
import { initBackend } from '../model/backend';
import { writeSafetensors } from '../model/safetensors';
import { AUGMENT_PRESET_CONFIGS, type AugmentConfig } from '../../shared/augment';
import { classificationMetrics, softmax, topK } from '../../shared/metrics';
import type { RunConfig, RunEpoch, Trainer, HeadSearch } from '../../shared/api/runs';
import type { Split } from '../../shared/types';
import { featureSize } from '../../shared/model/vit-config';
import { FeatureCache, modelCacheKey } from '../model/feature-cache';
import { extractMissing, type ExtractProgress } from './extract';
import { headLogits } from './head';
import { trainHeadTuned } from './head-search';
import { augmentedViews, cleanView, viewPixels, type ViewSpec } from './views';
import { scratchConfig, scratchLogits, trainScratch } from './scratch';
import { resolveModelFolder } from './model-folder';
import type { RunEvent, RunItem, RunTaskArgs } from './run-task-args';
import { unpackRunItems } from '../../shared/data/packed-items';

// One training run, start to finish, inside a worker process: resolve the model, extract the
// missing features into the cache (or build pixel sets, from scratch), train, evaluate every
// image, save the weights. Talks to the engine only through `emit` and its return value; the
// engine writes the database.

export interface RunPrediction {
  imageId: number;
  split: Split;
  trueLabel: number;
  predicted: number;
  confidence: number;
  topK: [number, number][];
}

export interface RunTaskResult {
  epochs: RunEpoch[];
  bestEpoch: number;
  predictions: RunPrediction[];
  test: ReturnType<typeof classificationMetrics> | null;
  timings: { extractionSeconds: number; trainingSeconds: number; imagesPerSecond: number; extracted: number; cached: number };
  weightsPath: string;
  /** Where the classifier (or the whole from-scratch model) was trained. */
  trainer: Trainer;
}

// The feature cache's key of a backbone (the engine re-scores runs with it too).
export { modelCacheKey } from '../model/feature-cache';

function augmentConfigOf(c: RunConfig): AugmentConfig {
  return (c.augmentConfig as AugmentConfig | null) ?? AUGMENT_PRESET_CONFIGS[c.augment as keyof typeof AUGMENT_PRESET_CONFIGS];
}

function viewsOf(c: RunConfig, item: RunItem): ViewSpec[] {
  const views = [cleanView()];
  if (item.split === 'train') views.push(...augmentedViews(augmentConfigOf(c), c.augmentSeed, item.hash, c.views));
  return views;
}

function predictionsFrom(logits: Float32Array, L: number, items: RunItem[]): RunPrediction[] {
  return items.map((item, i) => {
    const probs = softmax(logits.subarray(i * L, (i + 1) * L));
    const top = topK(probs, Math.min(5, L));
    return {
      imageId: item.imageId,
      split: item.split,
      trueLabel: item.label,
      predicted: top[0]!,
      confidence: probs[top[0]!]!,
      topK: top.map((c) => [c, probs[c]!] as [number, number]),
    };
  });
}

function testMetrics(preds: RunPrediction[], L: number) {
  const test = preds.filter((p) => p.split === 'test');
  if (!test.length) return null;
  return classificationMetrics(test.map((p) => p.trueLabel), test.map((p) => p.predicted), L);
}

export async function executeRun(args: RunTaskArgs, emit: (e: RunEvent) => void, signal?: AbortSignal): Promise<RunTaskResult> {
  const { config } = args;
  const items = unpackRunItems(args.items);
  const L = config.labels.length;
  const names = config.labels.map((l) => l.name);
  const backend = await initBackend(config.engine === 'tfjs' && config.device ? (config.device as never) : undefined);
  fs.mkdirSync(args.paths.runDir, { recursive: true });
  const byId = (split: Split) => items.filter((i) => i.split === split);
  const patience = config.earlyStopping;
  const hyper = {
    epochs: config.epochs,
    lr: config.lr,
    batchSize: config.batchSize,
    weightDecay: config.weightDecay,
    patience,
    classWeighting: config.classWeighting,
    seed: config.seed,
    signal,
    onEpoch: (epoch: RunEpoch) => emit({ kind: 'epoch', epoch, epochs: config.epochs }),
  };

  if (config.fromScratch) {
    emit({ kind: 'resolved', engine: 'tfjs', device: backend.device, tfjsBackend: backend.backend, modelFolder: null });
    const { config: vitConfig, preprocessor } = scratchConfig(config.scratch!, names);
    const { height: S } = outputSize(preprocessor);
    const stride = 3 * S * S;
    // Pixels of every view (small images: held in memory for the epochs).
    const t0 = performance.now();
    const build = async (list: RunItem[], withAug: boolean) => {
      const views = list.map((it) => (withAug ? viewsOf(config, it) : [cleanView()]));
      const n = views.reduce((s, v) => s + v.length, 0);
      const x = new Float32Array(n * stride);
      const y = new Int32Array(n);
      let row = 0;
      for (let i = 0; i < list.length; i++) {
        if (signal?.aborted) throw new Error('cancelled');
        const img = await decodeRgb(list[i]!.path);
        for (const v of views[i]!) {
          await viewPixels(img, v, preprocessor, x, row * stride);
          y[row++] = list[i]!.label;
        }
      }
      return { x, y };
    };
    emit({ kind: 'phase', phase: 'extracting features' });
    const train = await build(byId('train'), true);
    const val = await build(byId('val'), false);
    const extractionSeconds = (performance.now() - t0) / 1000;
    emit({ kind: 'phase', phase: 'training' });
    const t1 = performance.now();
    let lastBatchSent = 0;
    const onBatch = (epoch: number, batch: number, batches: number) => {
      const now = performance.now();
      if (batch < batches && now - lastBatchSent < 250) return;
      lastBatchSent = now;
      emit({ kind: 'batch', epoch, epochs: config.epochs, batch, batches });
    };
    const { weights, epochs, bestEpoch } = await trainScratch(vitConfig, train, val.y.length ? val : null, { ...hyper, onBatch });
    const trainingSeconds = (performance.now() - t1) / 1000;
    emit({ kind: 'phase', phase: 'evaluating' });
    const { ViT } = await import('../model/vit/model');
    const vit = ViT.fromWeights(vitConfig, weights);
    try {
      const all = await build(items, false);
      const logits = await scratchLogits(vit, all.x, items.length);
      const predictions = predictionsFrom(logits, L, items);
      const modelDir = path.join(args.paths.runDir, 'model');
      saveCheckpoint(modelDir, { config: vitConfig, preprocessor, weights });
      return {
        epochs,
        bestEpoch,
        predictions,
        test: testMetrics(predictions, L),
        timings: { extractionSeconds, trainingSeconds, imagesPerSecond: 0, extracted: train.y.length + val.y.length, cached: 0 },
        weightsPath: modelDir,
        trainer: 'tfjs',
      };
    } finally {
      vit.dispose();
    }
  }

  // Frozen backbone.
  emit({ kind: 'phase', phase: 'downloading' });
  const modelFolder = await resolveModelFolder(
    config.model,
    config.revision,
    (progress) => emit({ kind: 'phase', phase: 'downloading', progress }),
    signal,
    (message) => emit({ kind: 'notice', message }),
  );
  const checkpointInfo = loadCheckpoint(modelFolder);
  const preprocessor = checkpointInfo.preprocessor;
  const D = featureSize(checkpointInfo.config);
  const modelKey = modelCacheKey(modelFolder, checkpointInfo, config.precision);
  const cache = new FeatureCache(args.paths.features);
  try {
    const wanted = items.map((it) => ({ hash: it.hash, path: it.path, views: viewsOf(config, it) }));
    const allKeys = wanted.flatMap((w) => w.views.map((v) => ({ hash: w.hash, view: v.key })));
    const missing = cache.missing(modelKey, allKeys).length;
    const distinct = new Set(allKeys.map((k) => `${k.hash}\u0000${k.view}`)).size;
    let extracted = { computed: 0, seconds: 0 };
    emit({ kind: 'phase', phase: 'extracting features', progress: { done: 0, total: missing, rate: 0, etaSeconds: null } });
    if (missing > 0) {
      const engine = await selectFeatureEngine(modelFolder, {
        engine: config.engineRequested ?? undefined,
        device: config.device || undefined,
        cacheDir: args.paths.graphs,
        precision: config.precision,
        onNotice: (message) => emit({ kind: 'notice', message }),
      });
      emit({ kind: 'resolved', engine: engine.info.engine, device: engine.info.device, tfjsBackend: backend.backend, modelFolder });
      try {
        extracted = await extractMissing(wanted, {
          engine,
          cache,
          modelKey,
          preprocessor,
          signal,
          onProgress: (progress) => emit({ kind: 'phase', phase: 'extracting features', progress }),
        });
      } finally {
        await engine.dispose();
      }
    } else {
      // Nothing to extract: the backbone did not run in this run.
      emit({ kind: 'resolved', engine: config.engine, device: 'all features from cache', tfjsBackend: backend.backend, modelFolder });
    }

    const load = (list: RunItem[], withAug: boolean) => {
      const keys = list.flatMap((it) => (withAug ? viewsOf(config, it) : [cleanView()]).map((v) => ({ it, view: v.key })));
      const x = new Float32Array(keys.length * D);
      const y = new Int32Array(keys.length);
      keys.forEach(({ it, view }, row) => {
        cache.readInto(modelKey, { hash: it.hash, view }, x, row, D);
        y[row] = it.label;
      });
      return { x, y };
    };
    emit({ kind: 'phase', phase: 'training' });
    const t1 = performance.now();
    const val = load(byId('val'), false);
    const train = load(byId('train'), true);
    const head = await trainHeadTuned(train, val, { dim: D, numLabels: L, ...hyper }, config, emit);
    const trainingSeconds = (performance.now() - t1) / 1000;

    emit({ kind: 'phase', phase: 'evaluating' });
    const all = load(items, false);
    const predictions = predictionsFrom(headLogits(all.x, items.length, D, head.weight, head.bias), L, items);
    const weightsPath = path.join(args.paths.runDir, 'head.safetensors');
    writeSafetensors(
      weightsPath,
      [
        { name: 'classifier.weight', shape: [L, D], data: head.weight },
        { name: 'classifier.bias', shape: [L], data: head.bias },
      ],
      { model_folder: modelFolder, model_key: modelKey },
    );
    return {
      epochs: head.epochs,
      bestEpoch: head.bestEpoch,
      predictions,
      test: testMetrics(predictions, L),
      timings: {
        extractionSeconds: extracted.seconds,
        trainingSeconds,
        imagesPerSecond: extracted.seconds > 0 ? extracted.computed / extracted.seconds : 0,
        extracted: extracted.computed,
        cached: distinct - extracted.computed,
      },
      weightsPath,
      trainer: head.trainer,
    };
  } finally {
    cache.close();
  }
}
