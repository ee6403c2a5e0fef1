import { z } from 'zod';
import { channel } from './channel';
import type { Split } from '../types';
import type { ClassMetrics } from '../metrics';
import { nameSchema, offsetSchema, pathSchema } from './fields';

export type RunStatus = 'queued' | 'running' | 'completed' | 'failed' | 'cancelled' | 'interrupted';

export const BACKBONE_PRECISIONS = ['fp32', 'int8'] as const;
export type BackbonePrecision = (typeof BACKBONE_PRECISIONS)[number];

/** The small ViT trained from scratch. */
export interface ScratchShape {
  imageSize: number;
  patchSize: number;
  hiddenSize: number;
  layers: number;
  heads: number;
}

/** 32 px, patch 8, 2 layers of width 64: trains in about a minute on a laptop CPU. */
export const DEFAULT_SCRATCH: ScratchShape = { imageSize: 32, patchSize: 8, hiddenSize: 64, layers: 2, heads: 4 };

/** Named shapes for a ViT from scratch (UI picker, `vit-studio train --scratch-preset`). */
export const SCRATCH_PRESETS = {
  quick: { shape: DEFAULT_SCRATCH, description: '32 px, patch 8, width 64, 2 blocks, 4 heads: about a minute on a laptop CPU' },
  tutorial: {
    shape: { imageSize: 96, patchSize: 16, hiddenSize: 512, layers: 2, heads: 8 },
    description: '96 px, patch 16, width 512, 2 blocks, 8 heads: the ViT-from-scratch tutorial\'s recipe for Fashion-MNIST',
  },
} as const satisfies Record<string, { shape: ScratchShape; description: string }>;
export type ScratchPreset = keyof typeof SCRATCH_PRESETS;

/** What trained a head: the native kernel (fused AdamW in C), ONNX Runtime, or TF.js. From-scratch models train on TF.js. */
export type Trainer = 'native' | 'ort' | 'tfjs';

export const TRAINER_NAMES: Record<Trainer, string> = { native: 'native kernel', ort: 'ONNX Runtime', tfjs: 'TF.js' };

/** "ONNX Runtime · CPU (2 threads) · head: native kernel": what computed a run, for its header and comparisons. */
export function describeRunCompute(config: Pick<RunConfig, 'engine' | 'device' | 'trainer'>): string {
  const engine = config.engine === 'ort' ? 'ONNX Runtime' : 'TF.js';
  return `${engine}${config.device ? ` · ${config.device}` : ''}${config.trainer ? ` · head: ${TRAINER_NAMES[config.trainer]}` : ''}`;
}

/** Head settings a run may leave open: then a search on the validation split chooses them. */
export type TunedSetting = 'lr' | 'epochs' | 'weightDecay';

/** The search that chose a run's head settings (its chosen values are also the run's lr/epochs/weightDecay). */
export interface HeadSearch {
  searched: TunedSetting[];
  /** Every trial: its settings, its best epoch and that epoch's validation accuracy and loss. */
  trials: { lr: number; weightDecay: number; epochs: number; valAcc: number; valLoss: number }[];
  chosen: { lr: number; epochs: number; weightDecay: number };
}

/** Everything that decided what a run computed, as stored in runs.config. */
export interface RunConfig {
  model: string;
  revision: string | null;
  /** Folder the backbone was read from, after download. */
  modelFolder: string | null;
  /** The engine that ran (after fallback); engineRequested is what the user asked for (null: default). */
  engine: 'ort' | 'tfjs';
  engineRequested: 'ort' | 'tfjs' | null;
  /** The frozen backbone's precision ('int8': ORT fast mode); absent in runs made before it existed. */
  precision?: BackbonePrecision;
  device: string;
  tfjsBackend: string;
  /** What trained the head (or the from-scratch model); null until done. */
  trainer?: Trainer | null;
  fromScratch: boolean;
  scratch: ScratchShape | null;
  epochs: number;
  lr: number;
  batchSize: number;
  weightDecay: number;
  /** Settings the user left open, chosen by a search on the validation split before training (absent in older runs). */
  tune?: TunedSetting[];
  /** That search, once done (null when nothing was searched, e.g. no validation images). */
  headSearch?: HeadSearch | null;
  augment: string;
  augmentConfig: unknown;
  views: number;
  augmentSeed: number;
  earlyStopping: number | null;
  classWeighting: boolean;
  seed: number;
  splitSeed: number;
  labels: { id: number; name: string }[];
}

export interface RunEpoch {
  epoch: number;
  trainLoss: number;
  trainAcc: number;
  valLoss: number | null;
  valAcc: number | null;
}

export interface RunTimings {
  extractionSeconds: number;
  trainingSeconds: number;
  /** Images (views) through the backbone per second during extraction. */
  imagesPerSecond: number;
  /** Features computed by this run (the rest came from the cache). */
  extracted: number;
  cached: number;
}

export interface RunTestMetrics {
  accuracy: number;
  macroF1: number;
  weightedF1: number;
  perClass: (ClassMetrics & { labelId: number; name: string })[];
  /** confusion[t][p], in the order of config.labels. */
  confusion: number[][];
  count: number;
}

export interface RunSummary {
  id: number;
  datasetId: number;
  status: RunStatus;
  model: string;
  fromScratch: boolean;
  createdAt: string;
  finishedAt: string | null;
  testAccuracy: number | null;
  macroF1: number | null;
  bestEpoch: number | null;
  error: string | null;
  /** The user's name and note for the run (null: none). */
  name: string | null;
  note: string | null;
  /** The run this one retrains (train.rerun), if any. */
  parentRunId: number | null;
  /** Epochs asked for. */
  epochCount: number;
  /** Augmentation preset and views per image. */
  augment: string;
  views: number;
  /** Feature extraction plus training, for a completed run. */
  seconds: number | null;
}

export interface RunDetail extends RunSummary {
  config: RunConfig;
  epochs: RunEpoch[];
  test: RunTestMetrics | null;
  timings: RunTimings | null;
  images: { train: number; val: number; test: number };
  /** Images left out because they were deleted or changed on disk since import. */
  skippedImages: { imageId: number; relPath: string; reason: string }[];
}

export interface PredictionItem {
  imageId: number;
  relPath: string;
  datasetId: number;
  split: Split;
  trueLabelId: number | null;
  trueLabel: string | null;
  predictedLabelId: number;
  predictedLabel: string;
  confidence: number;
  correct: boolean;
  topK: { labelId: number; label: string; score: number }[];
}

/** A run's figures recorded when it finished, and the same run scored like for like today. */
export interface RunScore {
  runId: number;
  /** As recorded when the run finished: its own test split and the labels of that time. */
  recorded: { accuracy: number; macroF1: number; count: number } | null;
  /** Its stored predictions scored on today's labels over the comparison's common test images; null when there are none. */
  current: { accuracy: number; macroF1: number } | null;
  /** The run's test images whose label is different today (the answer key changed since it trained). */
  testLabelsChanged: number;
  /** Images that entered or left the test split since the run trained. */
  testSetChanged: number;
  /** Test images added after the run, scored now with its head on their cached features. */
  rescored: number;
}

/**
 * Runs compared like for like: every run scored on the same images (today's test split) with the
 * same answer key (today's labels). A gain between two `current` figures is the model's; a gain
 * between two `recorded` figures may only be a changed answer key.
 */
export interface RunsComparison {
  /** Today's labelled test images every compared run is scored on. */
  count: number;
  /** Today's labelled test images left out: a run has no prediction for them (added later), or trained on them. */
  leftOut: { notPredicted: number; trainedOn: number };
  runs: RunScore[];
}

const runId = z.number().int().positive();

export const runsApi = {
  'runs.list': channel<RunSummary[]>()(z.object({ datasetId: z.number().int().positive().optional() }).strict()),
  'runs.get': channel<RunDetail>()(z.object({ runId }).strict()),
  'runs.predictions': channel<{ total: number; items: PredictionItem[] }>()(
    z
      .object({
        runId,
        split: z.enum(['train', 'val', 'test']).optional(),
        errorsOnly: z.boolean().default(false),
        /** Images whose true OR predicted label is this one. */
        labelId: z.number().int().positive().optional(),
        /** One cell of the confusion matrix: true label and predicted label. */
        trueLabelId: z.number().int().positive().optional(),
        predictedLabelId: z.number().int().positive().optional(),
        minConf: z.number().min(0).max(1).optional(),
        maxConf: z.number().min(0).max(1).optional(),
        sort: z.enum(['confidence', '-confidence', 'path', 'image']).default('confidence'),
        offset: offsetSchema,
        limit: z.number().int().min(1).max(10000).default(500),
      })
      .strict(),
  ),
  /** Writes a Hugging Face checkpoint folder (ViTForImageClassification) of the run's model. */
  /** 'hf': a Hugging Face folder (safetensors) its family's *ForImageClassification loads; 'onnx': model.onnx (fp32, standard ops) + configs. */
  'runs.export': channel<{ folder: string; files: string[] }>()(
    z
      .object({
        runId,
        folder: pathSchema(),
        format: z.enum(['hf', 'onnx']).default('hf'),
        /** Write into a folder holding files this app did not write (the UI asks first; the CLI's --force). */
        overwrite: z.boolean().default(false),
      })
      .strict(),
  ),
  'runs.delete': channel<{ deleted: true }>()(z.object({ runId }).strict()),
  /** Names a run and/or writes its note; null clears. */
  'runs.annotate': channel<RunSummary>()(
    z
      .object({
        runId,
        name: nameSchema(80).nullable().optional(),
        note: z
          .string()
          .max(2000)
          .refine((s) => !s.includes('\u0000'), 'must not contain a NUL byte')
          .nullable()
          .optional(),
      })
      .strict(),
  ),
  /** The dataset's completed runs (or the given ones, of one dataset) scored on today's test split and labels. */
  'runs.compare': channel<RunsComparison>()(
    z
      .object({ datasetId: z.number().int().positive(), runIds: z.array(runId).min(1).max(1000).optional() })
      .strict(),
  ),
};
