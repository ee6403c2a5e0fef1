import { decodeRgb, outputSize, preprocessImage, type RgbImage } from '../model/preprocess';
import type { FeatureEngine } from '../model/feature-engine';
import type { PreprocessorConfig } from '../../shared/model/vit-config';
import type { FeatureCache } from '../model/feature-cache';
import { viewPixels, type ViewSpec } from './views';

// Streams the views that are not cached yet through the frozen backbone, batch by batch: only one
// batch of pixels is ever in memory, whatever the dataset size. Each batch is committed to the
// cache as one transaction, so a killed run keeps what it finished.

export interface ExtractItem {
  hash: string;
  path: string;
  views: ViewSpec[];
}

export interface ExtractProgress {
  done: number;
  total: number;
  rate: number;
  etaSeconds: number | null;
}

export interface ExtractOptions {
  engine: FeatureEngine;
  cache: FeatureCache;
  modelKey: string;
  preprocessor: PreprocessorConfig;
  batchSize?: number;
  signal?: AbortSignal;
  onProgress?(p: ExtractProgress): void;
}

/** Computes every (hash, view) of `items` missing from the cache. Returns how many were computed. */
export async function extractMissing(items: ExtractItem[], o: ExtractOptions): Promise<{ computed: number; seconds: number }> {
  // Per distinct image, the views it still lacks.
  const todo = new Map<string, { path: string; views: ViewSpec[] }>();
  for (const item of items) {
    const entry = todo.get(item.hash) ?? { path: item.path, views: [] };
    for (const v of item.views) if (!entry.views.some((w) => w.key === v.key)) entry.views.push(v);
    todo.set(item.hash, entry);
  }
  const work: { hash: string; path: string; views: ViewSpec[] }[] = [];
  let total = 0;
  for (const [hash, { path, views }] of todo) {
    const missing = o.cache.missing(o.modelKey, views.map((v) => ({ hash, view: v.key })));
    if (!missing.length) continue;
    const keys = new Set(missing.map((m) => m.view));
    work.push({ hash, path, views: views.filter((v) => keys.has(v.key)) });
    total += missing.length;
  }
  const t0 = performance.now();
  if (!total) return { computed: 0, seconds: 0 };

  const B = o.batchSize ?? 16;
  const { height, width } = outputSize(o.preprocessor);
  const stride = o.preprocessor.numChannels * height * width;
  const D = o.engine.info.featureSize;
  let done = 0;

  // The views to compute, in order, each with the image it comes from.
  const queue = work.flatMap((item) => item.views.map((view) => ({ item, view })));
  // Decoding/preprocessing the next batch (sharp's threads) overlaps the backbone on this one:
  // two pixel buffers, so at most two batches of pixels exist at any time.
  const buffers = [new Float32Array(B * stride), new Float32Array(B * stride)];
  let decoded: { path: string; img: Promise<RgbImage> } | null = null;
  const decode = (p: string) => {
    if (decoded?.path !== p) {
      decoded = {
        path: p,
        img: decodeRgb(p).catch((e: unknown) => {
          throw new Error(`cannot read ${p}: ${e instanceof Error ? e.message : String(e)}`);
        }),
      };
    }
    return decoded.img;
  };
  const prepare = async (start: number, pixels: Float32Array) => {
    const batch = queue.slice(start, start + B);
    for (let i = 0; i < batch.length; i++) {
      if (o.signal?.aborted) throw new Error('cancelled');
      const { item, view } = batch[i]!;
      if (view.key === 'clean' && item.views.length === 1) {
        // One sharp pipeline from file to model size (no intermediate full-size RGB copy).
        pixels.set(await preprocessImage(item.path, o.preprocessor).catch((e: unknown) => {
          throw new Error(`cannot read ${item.path}: ${e instanceof Error ? e.message : String(e)}`);
        }), i * stride);
      } else {
        await viewPixels(await decode(item.path), view, o.preprocessor, pixels, i * stride);
      }
    }
    return batch.map(({ item, view }) => ({ hash: item.hash, view: view.key }));
  };

  o.onProgress?.({ done: 0, total, rate: 0, etaSeconds: null });
  let next = prepare(0, buffers[0]!);
  for (let start = 0, k = 0; start < queue.length; start += B, k++) {
    const keys = await next;
    const pixels = buffers[k % 2]!;
    const n = keys.length;
    const running = o.engine.extract(n === B ? pixels : pixels.subarray(0, n * stride), n);
    if (start + B < queue.length) {
      next = prepare(start + B, buffers[(k + 1) % 2]!);
      next.catch(() => undefined); // surfaced by the await above on the next turn
    }
    const { features } = await running;
    o.cache.put(o.modelKey, keys.map((key, i) => ({ key, vec: features.slice(i * D, (i + 1) * D) })));
    done += n;
    const seconds = (performance.now() - t0) / 1000;
    const rate = done / Math.max(seconds, 1e-6);
    o.onProgress?.({ done, total, rate, etaSeconds: rate > 0 ? (total - done) / rate : null });
  }
  return { computed: done, seconds: (performance.now() - t0) / 1000 };
}
