import { z } from 'zod';
import { channel } from './channel';
import { augmentConfigSchema, augmentPresetSchema } from './augment';
import type { AugmentConfig, AugmentPreset } from '../augment';
import { BACKBONE_PRECISIONS, DEFAULT_SCRATCH, type RunConfig } from './runs';
import { pathSchema } from './fields';
import { DEFAULT_MODEL_ID } from '../model/known-models';

/**
 * What the engine trains with where a request leaves a setting open (a frozen backbone's head, or a
 * ViT from scratch); the Train form starts from the same values.
 */
export const TRAIN_DEFAULTS = {
  frozen: { epochs: 5, lr: 3e-4 },
  scratch: { epochs: 30, lr: 1e-3 },
  batchSize: 32,
  weightDecay: 0,
} as const;

export const trainRequestSchema = z
  .object({
    datasetId: z.number().int().positive(),
    /** A Hugging Face hub id (optionally "id@revision") or a local model folder. */
    model: pathSchema().default(DEFAULT_MODEL_ID),
    epochs: z.number().int().min(1).max(1000).optional(),
    lr: z.number().positive().max(10).optional(),
    batchSize: z.number().int().min(1).max(4096).optional(),
    weightDecay: z.number().min(0).max(1).optional(),
    augment: augmentPresetSchema.default('none'),
    /** A full config instead of a preset's (the preset still names the default view count). */
    augmentConfig: augmentConfigSchema.optional(),
    /** Augmented views cached per training image; default 2 for light, 4 for strong. */
    views: z.number().int().min(0).max(32).optional(),
    augmentSeed: z.number().int().min(0).max(2 ** 31 - 1).default(0),
    fromScratch: z.boolean().default(false),
    /** From scratch only: the small ViT's shape. */
    scratch: z
      .object({
        imageSize: z.number().int().min(8).max(224).default(DEFAULT_SCRATCH.imageSize),
        patchSize: z.number().int().min(2).max(32).default(DEFAULT_SCRATCH.patchSize),
        hiddenSize: z.number().int().min(8).max(768).default(DEFAULT_SCRATCH.hiddenSize),
        layers: z.number().int().min(1).max(12).default(DEFAULT_SCRATCH.layers),
        heads: z.number().int().min(1).max(16).default(DEFAULT_SCRATCH.heads),
      })
      .strict()
      .refine((s) => s.imageSize % s.patchSize === 0, { message: 'the image size must be a multiple of the patch size', path: ['patchSize'] })
      .refine((s) => s.hiddenSize % s.heads === 0, { message: 'the width (hidden size) must be a multiple of the number of heads', path: ['heads'] })
      .optional(),
    /** Frozen-backbone engine; default ONNX Runtime when it loads, else TF.js. */
    engine: z.enum(['ort', 'tfjs']).optional(),
    /**
     * 'int8': ONNX Runtime's fast mode, the backbone's matrix products quantized (about 2.5× faster
     * on CPU). Its features differ slightly from fp32 ones, so they are cached apart.
     */
    precision: z.enum(BACKBONE_PRECISIONS).default('fp32'),
    device: z.string().max(40).optional(),
    /** Stop after this many epochs without a better validation accuracy. */
    earlyStopping: z.number().int().min(1).max(1000).optional(),
    classWeighting: z.boolean().default(false),
    seed: z.number().int().min(0).max(2 ** 31 - 1).default(0),
  })
  .strict();

export type TrainRequest = z.output<typeof trainRequestSchema>;

/**
 * The request that trains again as `config` did, on the dataset's current labels and splits: same
 * model and revision, engine asked for, hyperparameters, augmentation (and its seed), seeds.
 */
export function rerunRequest(datasetId: number, c: RunConfig): z.input<typeof trainRequestSchema> {
  return {
    datasetId,
    model: c.fromScratch ? 'scratch' : c.revision ? `${c.model}@${c.revision}` : c.model,
    epochs: c.epochs,
    lr: c.lr,
    batchSize: c.batchSize,
    weightDecay: c.weightDecay,
    // A custom augmentation travels as its config; the preset then only names nothing.
    augment: c.augment === 'custom' ? 'light' : (c.augment as AugmentPreset),
    ...(c.augment === 'custom' ? { augmentConfig: c.augmentConfig as AugmentConfig } : {}),
    views: c.views,
    augmentSeed: c.augmentSeed,
    fromScratch: c.fromScratch,
    ...(c.scratch ? { scratch: c.scratch } : {}),
    ...(c.engineRequested ? { engine: c.engineRequested } : {}),
    precision: c.precision ?? 'fp32',
    ...(c.earlyStopping !== null ? { earlyStopping: c.earlyStopping } : {}),
    classWeighting: c.classWeighting,
    seed: c.seed,
  };
}

export const trainApi = {
  /** Starts a run in a worker process and answers at once; progress arrives as events. */
  'train.start': channel<{ runId: number }>()(trainRequestSchema),
  /** Trains again with a finished run's settings (rerunRequest) on the current labels: after label fixes. */
  'train.rerun': channel<{ runId: number }>()(z.object({ runId: z.number().int().positive() }).strict()),
  'train.cancel': channel<{ cancelled: boolean }>()(z.object({ runId: z.number().int().positive() }).strict()),
};
