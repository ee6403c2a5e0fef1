// A completed frozen-backbone run's head applied again to cached features: the prediction of an
// image the run never saw (added after it trained) when its features are in the cache, as the
// run itself would have made it. Used to compare runs like for like on today's test split.
import path from 'node:path';
import type { RunConfig } from '../../shared/api/runs';
import { loadModelConfigSync } from '../model/checkpoint';
import { CLEAN_VIEW, FeatureCache, modelCacheKey } from '../model/feature-cache';
import { SafetensorsFile } from '../model/safetensors';

export interface HeadPredictor {
  /** The label id the run predicts for this image content, or null when its features are not cached. */
  predict(hash: string): number | null;
  close(): void;
}

/** null when the run cannot be re-scored: from scratch, no head file, or its backbone folder is gone. */
export function headPredictor(featuresDir: string, config: RunConfig, weightsPath: string | null): HeadPredictor | null {
  if (config.fromScratch || !weightsPath || !config.modelFolder || path.extname(weightsPath) !== '.safetensors') return null;
  let modelKey: string;
  let weight: Float32Array;
  let bias: Float32Array;
  try {
    modelKey = modelCacheKey(config.modelFolder, loadModelConfigSync(config.modelFolder), config.precision ?? 'fp32');
    const head = SafetensorsFile.open(weightsPath);
    try {
      weight = head.readFloat32('classifier.weight'); // [L, D]
      bias = head.readFloat32('classifier.bias'); // [L]
    } finally {
      head.close();
    }
  } catch {
    return null;
  }
  const L = bias.length;
  const D = weight.length / L;
  if (L !== config.labels.length || !Number.isInteger(D)) return null;
  const cache = new FeatureCache(featuresDir);
  const x = new Float32Array(D);
  const view = CLEAN_VIEW;
  return {
    predict(hash) {
      try {
        cache.readInto(modelKey, { hash, view }, x, 0, D);
      } catch {
        return null;
      }
      let best = 0;
      let bestLogit = -Infinity;
      for (let l = 0; l < L; l++) {
        let logit = bias[l]!;
        for (let d = 0; d < D; d++) logit += weight[l * D + d]! * x[d]!;
        if (logit > bestLogit) [best, bestLogit] = [l, logit];
      }
      return config.labels[best]!.id;
    },
    close: () => cache.close(),
  };
}
