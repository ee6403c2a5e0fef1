import { z } from 'zod';
import { channel } from './channel';
import type { KnownModel } from '../model/known-models';

export interface Prediction {
  label: string;
  /** Softmax probability. */
  score: number;
}

export interface ImagePredictions {
  /** The path as given, or "image" for imageData. */
  image: string;
  predictions: Prediction[];
}

export interface KnownModelInfo extends KnownModel {
  /** Already in the local hub cache (no download needed). */
  cached: boolean;
}

/** 50 MB of image bytes as base64. */
const MAX_IMAGE_BASE64 = 70_000_000;

/**
 * The pretrained model itself: classify images with its own classifier and list the checkpoints
 * the UI offers (what runs them is workspace.info's `compute`). `model` is a hub id
 * ("google/vit-base-patch16-224"), a local folder or a run ("run:<id>"); a hub model is
 * downloaded once into the Hugging Face cache.
 */
export const modelApi = {
  'model.predict': channel<ImagePredictions[]>()(
    z
      .object({
        model: z.string().min(1).max(1000),
        images: z.array(z.string().min(1).max(4096)).min(1).max(1000).optional(),
        /** "Try an image": the encoded file (JPEG, PNG…) as base64. */
        imageData: z.string().min(1).max(MAX_IMAGE_BASE64).optional(),
        topK: z.number().int().min(1).max(1000).default(5),
        revision: z.string().min(1).max(200).optional(),
        /** Backbone engine: ONNX Runtime (default when it loads) or TF.js. */
        engine: z.enum(['ort', 'tfjs']).optional(),
        /** ORT device (auto|cpu|cuda|dml|coreml) or TF.js backend (tensorflow|wasm|cpu). */
        device: z.enum(['auto', 'cpu', 'cuda', 'dml', 'coreml', 'tensorflow', 'wasm']).optional(),
      })
      .strict()
      .refine((r) => (r.images ? 1 : 0) + (r.imageData ? 1 : 0) === 1, {
        message: 'give either images (paths) or imageData (base64), not both',
      }),
  ),
  'model.known': channel<KnownModelInfo[]>()(z.object({}).strict()),
};
