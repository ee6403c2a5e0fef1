import { decodeRgb } from '../model/preprocess';
import { outputSize } from '../model/preprocess';
import type { FeatureEngine } from '../model/feature-engine';
import type { PreprocessorConfig } from '../../shared/model/vit-config';
import type { FeatureCache } from './feature-cache';
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
  const C = 3;
  const stride = C * height * width;
  const D = o.engine.info.featureSize;
  const pixels = new Float32Array(B * stride);
  let pending: { hash: string; view: string }[] = [];
  let done = 0;

  const flush = async () => {
    if (!pending.length) return;
    const n = pending.length;
    const { features } = await o.engine.extract(n === B ? pixels : pixels.subarray(0, n * stride), n);
    o.cache.put(
      o.modelKey,
      pending.map((key, i) => ({ key, vec: features.slice(i * D, (i + 1) * D) })),
    );
    done += n;
    pending = [];
    const seconds = (performance.now() - t0) / 1000;
    const rate = done / Math.max(seconds, 1e-6);
    o.onProgress?.({ done, total, rate, etaSeconds: rate > 0 ? (total - done) / rate : null });
  };

  o.onProgress?.({ done: 0, total, rate: 0, etaSeconds: null });
  for (const item of work) {
    if (o.signal?.aborted) throw new Error('cancelled');
    let img;
    try {
      img = await decodeRgb(item.path);
    } catch (e) {
      throw new Error(`cannot read ${item.path}: ${e instanceof Error ? e.message : String(e)}`);
    }
    for (const view of item.views) {
      await viewPixels(img, view, o.preprocessor, pixels, pending.length * stride);
      pending.push({ hash: item.hash, view: view.key });
      if (pending.length === B) await flush();
    }
  }
  await flush();
  return { computed: done, seconds: (performance.now() - t0) / 1000 };
}
