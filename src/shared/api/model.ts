import { z } from 'zod';
import { channel } from './channel';
import type { KnownModel } from '../model/known-models';
import { BACKBONE_DEVICES } from '../devices';
import { BACKBONE_PRECISIONS, type BackbonePrecision } from './runs';
import { pathSchema } from './fields';

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

/** A hub model already downloaded into the local Hugging Face cache (usable offline). */
export interface CachedModelInfo {
  id: string;
  commit: string;
  folder: string;
  /** config.json's model_type ("vit", "dinov2", …); null when unreadable. */
  modelType: string | null;
  /** Bytes of model.safetensors. */
  bytes: number;
  /** One of the checkpoints the UI offers (model.known). */
  known: boolean;
}

/** A model spec as typed, checked before Train: what it is and whether it needs a download. */
export interface ModelCheck {
  kind: 'folder' | 'hub' | 'run';
  /** Where the weights are read from; null for a hub model still to download. */
  folder: string | null;
  /** Usable now, without a download. */
  ready: boolean;
  modelType: string | null;
  /** One sentence for the form, e.g. "Local model folder (vit)." */
  message: string;
}

/** A model loaded to predict with (model.load): what it is and what runs it. */
export interface LoadedModelInfo {
  /** The spec as given (hub id, folder or run:N). */
  model: string;
  /** The folder its weights are read from. */
  folder: string;
  engine: 'ort' | 'tfjs';
  /** What actually runs it, e.g. "CPU (2 threads)" or "WASM SIMD (1 thread)". */
  device: string;
  precision: BackbonePrecision;
  /** Its classifier's labels (empty for a bare backbone). */
  labels: string[];
}

/** Which model and what runs it: model.load's request, and the part of model.predict's that picks the model. */
const modelChoice = {
  model: pathSchema(1000),
  revision: z.string().min(1).max(200).optional(),
  /** Backbone engine: ONNX Runtime (default when it loads) or TF.js. */
  engine: z.enum(['ort', 'tfjs']).optional(),
  /** ORT device (auto|cpu|cuda|dml|coreml) or TF.js backend (tensorflow|wasm|cpu). */
  device: z.enum(BACKBONE_DEVICES).optional(),
  /** 'int8': ONNX Runtime's fast mode for a hub model or folder (a run:N predicts with the precision it trained on). */
  precision: z.enum(BACKBONE_PRECISIONS).optional(),
};

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
        ...modelChoice,
        images: z.array(pathSchema()).min(1).max(1000).optional(),
        /** "Try an image": the encoded file (JPEG, PNG…) as base64. */
        imageData: z.string().min(1).max(MAX_IMAGE_BASE64).optional(),
        topK: z.number().int().min(1).max(1000).default(5),
      })
      .strict()
      .refine((r) => (r.images ? 1 : 0) + (r.imageData ? 1 : 0) === 1, {
        message: 'give either images (paths) or imageData (base64), not both',
      }),
  ),
  /** Loads a model (downloading it once) into the engine's cache and says what runs it; model.predict with the same choice reuses it. */
  'model.load': channel<LoadedModelInfo>()(z.object(modelChoice).strict()),
  'model.known': channel<KnownModelInfo[]>()(z.object({}).strict()),
  /** Every hub model in the local cache (offline, pick one of these or a local folder). */
  'model.cached': channel<CachedModelInfo[]>()(z.object({}).strict()),
  /**
   * Checks a typed model (folder path, hub id, run:N) before Train; a folder that is not a model, a
   * spec that is neither, or an uncached hub model while offline fail with a sentence saying why.
   */
  'model.check': channel<ModelCheck>()(z.object({ model: z.string().min(1).max(4096) }).strict()),
};
