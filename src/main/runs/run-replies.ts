import { z } from 'zod';
import type { ReplyOf } from '../workers/protocol';
import type { RunEvent, RunTaskResult, WorkerTasks } from '../tasks/registry';

// What a training process may answer, checked where it arrives (the worker checks the run's
// arguments; the engine checks its events and result before they reach the database).

export const extractProgressSchema = z.object({
  done: z.number().nonnegative(),
  total: z.number().nonnegative(),
  rate: z.number(),
  etaSeconds: z.number().nullable(),
});

const runEpoch = z.object({
  epoch: z.number().int().nonnegative(),
  trainLoss: z.number(),
  trainAcc: z.number(),
  valLoss: z.number().nullable(),
  valAcc: z.number().nullable(),
});

const settings = { lr: z.number().positive(), epochs: z.number().int().positive(), weightDecay: z.number().nonnegative() };

const runEvent: z.ZodType<RunEvent, z.ZodTypeDef, unknown> = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('phase'),
    phase: z.enum(['downloading', 'extracting features', 'choosing head settings', 'training', 'evaluating']),
    progress: extractProgressSchema.optional(),
  }),
  z.object({ kind: z.literal('epoch'), epoch: runEpoch, epochs: z.number().int().positive() }),
  z.object({ kind: z.literal('batch'), epoch: z.number().int(), epochs: z.number().int(), batch: z.number().int(), batches: z.number().int() }),
  z.object({ kind: z.literal('notice'), message: z.string() }),
  z.object({ kind: z.literal('resolved'), engine: z.enum(['ort', 'tfjs']), device: z.string(), tfjsBackend: z.string(), modelFolder: z.string().nullable() }),
  z.object({
    kind: z.literal('tuned'),
    search: z.object({
      searched: z.array(z.enum(['lr', 'epochs', 'weightDecay'])),
      trials: z.array(z.object({ ...settings, valAcc: z.number(), valLoss: z.number() })),
      chosen: z.object(settings),
    }),
  }),
]);

const classMetrics = z.object({ precision: z.number(), recall: z.number(), f1: z.number(), support: z.number().int().nonnegative() });
const probability = z.number().min(0).max(1);

const runResult: z.ZodType<RunTaskResult, z.ZodTypeDef, unknown> = z.object({
  epochs: z.array(runEpoch),
  bestEpoch: z.number().int().nonnegative(),
  predictions: z.array(
    z.object({
      imageId: z.number().int(),
      split: z.enum(['train', 'val', 'test']),
      trueLabel: z.number().int().nonnegative(),
      predicted: z.number().int().nonnegative(),
      confidence: probability,
      topK: z.array(z.tuple([z.number().int().nonnegative(), probability])),
    }),
  ),
  test: z
    .object({
      accuracy: z.number(),
      perClass: z.array(classMetrics),
      macroF1: z.number(),
      weightedF1: z.number(),
      confusion: z.array(z.array(z.number().int().nonnegative())),
      count: z.number().int().nonnegative(),
    })
    .nullable(),
  timings: z.object({
    extractionSeconds: z.number().nonnegative(),
    trainingSeconds: z.number().nonnegative(),
    imagesPerSecond: z.number().nonnegative(),
    extracted: z.number().int().nonnegative(),
    cached: z.number().int().nonnegative(),
  }),
  weightsPath: z.string().min(1),
  trainer: z.enum(['native', 'ort', 'tfjs']),
});

export const runReply: ReplyOf<WorkerTasks, 'train.run'> = { result: runResult, progress: runEvent };
