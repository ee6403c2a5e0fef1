import {
  augmentConfigKey,
  isIdentityConfig,
  sampleAugmentParams,
  viewSeed,
  type AugmentConfig,
} from '../../shared/augment';
import type { PreprocessorConfig } from '../../shared/model/vit-config';
import { outputSize, preprocessRaw, toPixelValues, type RgbImage } from '../model/preprocess';
import { applyAugment } from '../model/augment-apply';
import { hashString } from '../../shared/random';
import { CLEAN_VIEW } from '../model/feature-cache';

// The views a run trains on: every image's clean view (exactly what predict sees) and, for
// training images with augmentation on, K augmented views. A view's key names everything that
// decides its pixels, so the feature cache can reuse it across runs.

export interface ViewSpec {
  /** 'clean', or 'aug:<config hash>:<seed>:<k>' */
  key: string;
  /** null for the clean view */
  augment: { config: AugmentConfig; seed: number } | null;
}

export function cleanView(): ViewSpec {
  return { key: CLEAN_VIEW, augment: null };
}

/** Views 1…K of one image (by content hash) for an augmentation config and base seed. */
export function augmentedViews(config: AugmentConfig, baseSeed: number, hash: string, count: number): ViewSpec[] {
  if (count <= 0 || isIdentityConfig(config)) return [];
  const configHash = hashString(augmentConfigKey(config)).toString(16);
  return Array.from({ length: count }, (_, i) => ({
    key: `aug:${configHash}:${baseSeed}:${i + 1}`,
    augment: { config, seed: viewSeed(baseSeed, hash, i + 1) },
  }));
}

/** Pixel values [C, H, W] of one view of a decoded image, written into `out` at `offset`. */
export async function viewPixels(img: RgbImage, view: ViewSpec, pre: PreprocessorConfig, out: Float32Array, offset: number): Promise<void> {
  if (!view.augment) {
    out.set(await preprocessRaw(img.data, img.width, img.height, pre), offset);
    return;
  }
  const size = outputSize(pre);
  const params = sampleAugmentParams(view.augment.config, view.augment.seed, img);
  toPixelValues(await applyAugment(img, params, size), pre, out, offset);
}
