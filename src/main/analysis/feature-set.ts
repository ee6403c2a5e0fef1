import { loadModelConfig } from '../model/checkpoint';
import { selectFeatureEngine } from '../inference/select-engine';
import { FeatureCache } from '../model/feature-cache';
import { extractMissing, type ExtractProgress } from '../train/extract';
import { resolveModelFolder } from '../train/model-folder';
import { modelCacheKey } from '../train/run-task';
import { cleanView } from '../train/views';
import { featureSize } from '../../shared/model/vit-config';

// The clean-view features of a list of images for one backbone, inside a worker: the model is
// resolved (downloaded when needed), the features not cached yet are extracted through the same
// cache and engine as training, then all of them are read into one [n, D] matrix.

export interface FeatureItem {
  hash: string;
  /** Absolute path, read only when the features are not cached. */
  path: string;
}

export interface FeatureSetArgs {
  model: string;
  revision: string | null;
  paths: { features: string; graphs: string };
}

export type FeaturePhase = { phase: 'downloading' | 'extracting features'; progress: ExtractProgress };

export interface FeatureSet {
  x: Float32Array; // [n, D]
  n: number;
  D: number;
  modelFolder: string;
  /** The feature cache's key of the backbone (to read single vectors later). */
  modelKey: string;
  /** Features computed now (the rest came from the cache). */
  extracted: number;
}

export async function loadFeatureSet(
  args: FeatureSetArgs,
  items: FeatureItem[],
  onPhase: (p: FeaturePhase) => void,
  signal?: AbortSignal,
): Promise<FeatureSet> {
  const modelFolder = await resolveModelFolder(args.model, args.revision, (progress) => onPhase({ phase: 'downloading', progress }), signal);
  const { config, preprocessor } = await loadModelConfig(modelFolder);
  const D = featureSize(config);
  const modelKey = modelCacheKey(modelFolder, { config, preprocessor }, 'fp32');
  const cache = new FeatureCache(args.paths.features);
  try {
    const wanted = items.map((it) => ({ hash: it.hash, path: it.path, views: [cleanView()] }));
    const missing = cache.missing(modelKey, items.map((it) => ({ hash: it.hash, view: 'clean' }))).length;
    let extracted = 0;
    onPhase({ phase: 'extracting features', progress: { done: 0, total: missing, rate: 0, etaSeconds: null } });
    if (missing > 0) {
      const engine = await selectFeatureEngine(modelFolder, { cacheDir: args.paths.graphs });
      try {
        extracted = (await extractMissing(wanted, { engine, cache, modelKey, preprocessor, signal, onProgress: (progress) => onPhase({ phase: 'extracting features', progress }) })).computed;
      } finally {
        await engine.dispose();
      }
    }
    const x = new Float32Array(items.length * D);
    items.forEach((it, row) => cache.readInto(modelKey, { hash: it.hash, view: 'clean' }, x, row, D));
    return { x, n: items.length, D, modelFolder, modelKey, extracted };
  } finally {
    cache.close();
  }
}
