import { ApiFailure } from '../../shared/result';
import { AUGMENT_PRESET_CONFIGS, sampleAugmentParams, type AugmentConfig } from '../../shared/augment';
import { decodeRgb } from '../model/preprocess';
import { applyAugment, toJpegDataUrl } from '../model/augment-apply';
import type { EngineContext } from './context';
import type { HandlersFor } from './dispatch';
import { imageFile } from './datasets-store';

/** augment.preview: sampled augmentations of one image, made by the code that makes training views. */
export function augmentHandlers(ctx: EngineContext): HandlersFor<'augment.preview'> {
  return {
    'augment.preview': async (r) => {
      const file = imageFile(ctx.ws.db, r.imageId);
      if (!file) throw new ApiFailure('not_found', `Image ${r.imageId} does not exist.`);
      const config: AugmentConfig = (r.config as AugmentConfig | undefined) ?? AUGMENT_PRESET_CONFIGS[r.preset ?? 'light'];
      let img;
      try {
        img = await decodeRgb(file);
      } catch (e) {
        throw new ApiFailure('unavailable', `Cannot read the image: ${e instanceof Error ? e.message : String(e)}`);
      }
      const scale = r.size / Math.max(img.width, img.height);
      const size = { width: Math.max(1, Math.round(img.width * scale)), height: Math.max(1, Math.round(img.height * scale)) };
      const samples = [];
      for (let k = 0; k < r.count; k++) {
        const seed = (r.seed + k) >>> 0;
        const params = sampleAugmentParams(config, seed, img);
        samples.push({ dataUrl: await toJpegDataUrl(await applyAugment(img, params, size)), params, seed });
      }
      return { samples };
    },
  };
}
