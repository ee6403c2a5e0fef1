import { loadModelConfig } from '../model/checkpoint';
import { selectFeatureEngine } from '../inference/select-engine';
import { CLEAN_VIEW, FeatureCache } from '../model/feature-cache';
import { extractMissing, type ExtractProgress } from '../train/extract';
import { resolveModelFolder } from '../train/model-folder';
import { modelCacheKey } from '../train/run-task';
import { cleanView } from '../train/views';
import { featureSize } from '../../shared/model/vit-config';
import type { PhaseClock } from './phase-clock';

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
  clock?: PhaseClock,
): Promise<FeatureSet> {
  const modelFolder = await resolveModelFolder(args.model, args.revision, (progress) => onPhase({ phase: 'downloading', progress }), signal);
  const { config, preprocessor } = await loadModelConfig(modelFolder);
  const D = featureSize(config);
  const modelKey = modelCacheKey(modelFolder, { config, preprocessor }, 'fp32');
  const cache = new FeatureCache(args.paths.features);
  try {
    // Read first: the rows the cache lacks are extracted, then read.
    const x = new Float32Array(items.length * D);
    const missingRows = cache.readMany(modelKey, CLEAN_VIEW, items.map((it) => it.hash), x, D);
    clock?.lap('features: read');
    let extracted = 0;
    onPhase({ phase: 'extracting features', progress: { done: 0, total: missingRows.length, rate: 0, etaSeconds: null } });
    if (missingRows.length > 0) {
      const wanted = missingRows.map((row) => ({ hash: items[row]!.hash, path: items[row]!.path, views: [cleanView()] }));
      const engine = await selectFeatureEngine(modelFolder, { cacheDir: args.paths.graphs });
      try {
        extracted = (await extractMissing(wanted, { engine, cache, modelKey, preprocessor, signal, onProgress: (progress) => onPhase({ phase: 'extracting features', progress }) })).computed;
      } finally {
        await engine.dispose();
      }
      missingRows.forEach((row) => cache.readInto(modelKey, { hash: items[row]!.hash, view: CLEAN_VIEW }, x, row, D));
      clock?.lap('features: extract');
    }
    return { x, n: items.length, D, modelFolder, modelKey, extracted };
  } finally {
    cache.close();
  }
}
