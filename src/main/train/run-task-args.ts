import { z } from 'zod';
import { BACKBONE_PRECISIONS, type HeadSearch, type RunConfig, type RunEpoch, type Trainer } from '../../shared/api/runs';
import type { ExtractProgress } from './extract';
import { augmentConfigSchema } from '../../shared/api/augment';
import { packedRunItemsSchema, type PackedRunItems } from '../../shared/data/packed-items';

// The messages of the 'train.run' worker task: its arguments, checked in the worker before a run
// starts (the engine builds them from the database; a bad one fails the run with a sentence, not
// halfway), and the events it reports while it runs (its progress messages).

const engineName = z.enum(['ort', 'tfjs']);
const trainer = z.enum(['native', 'ort', 'tfjs'] satisfies [Trainer, ...Trainer[]]);

export const runConfigSchema: z.ZodType<RunConfig, z.ZodTypeDef, unknown> = z.object({
  model: z.string(),
  revision: z.string().nullable(),
  modelFolder: z.string().nullable(),
  engine: engineName,
  engineRequested: engineName.nullable(),
  precision: z.enum(BACKBONE_PRECISIONS).optional(),
  device: z.string(),
  tfjsBackend: z.string(),
  trainer: trainer.nullable().optional(),
  fromScratch: z.boolean(),
  scratch: z
    .object({
      imageSize: z.number().int().positive(),
      patchSize: z.number().int().positive(),
      hiddenSize: z.number().int().positive(),
      layers: z.number().int().positive(),
      heads: z.number().int().positive(),
    })
    .passthrough()
    .nullable(),
  epochs: z.number().int().positive(),
  lr: z.number().positive(),
  batchSize: z.number().int().positive(),
  weightDecay: z.number().nonnegative(),
  augment: z.string(),
  augmentConfig: augmentConfigSchema,
  views: z.number().int().nonnegative(),
  augmentSeed: z.number().int(),
  earlyStopping: z.number().int().positive().nullable(),
  classWeighting: z.boolean(),
  seed: z.number().int(),
  splitSeed: z.number().int(),
  labels: z.array(z.object({ id: z.number().int(), name: z.string() })).min(2),
  // A field added to RunConfig later reaches the worker even before it is checked here.
}).passthrough();

export type { RunItem } from '../../shared/data/packed-items';

export const runTaskArgsSchema = z.object({
  runId: z.number().int().positive(),
  paths: z.object({ features: z.string().min(1), graphs: z.string().min(1), runDir: z.string().min(1) }),
  config: runConfigSchema,
  /** The run's images (RunItem each), packed: shared/data/packed-items.ts. */
  items: packedRunItemsSchema,
});
/** The items typed as the engine builds them (zod infers typed arrays of ArrayBuffer only). */
export type RunTaskArgs = Omit<z.infer<typeof runTaskArgsSchema>, 'items'> & { items: PackedRunItems };

export type RunEvent =
  | { kind: 'phase'; phase: 'downloading' | 'extracting features' | 'choosing head settings' | 'training' | 'evaluating'; progress?: ExtractProgress }
  | { kind: 'epoch'; epoch: RunEpoch; epochs: number }
  /** From scratch: one batch done (sent at most a few times per second, and at each epoch's end). */
  | { kind: 'batch'; epoch: number; epochs: number; batch: number; batches: number }
  | { kind: 'notice'; message: string }
  | { kind: 'resolved'; engine: 'ort' | 'tfjs'; device: string; tfjsBackend: string; modelFolder: string | null }
  /** The head settings the search chose (the engine records them in the run's config). */
  | { kind: 'tuned'; search: HeadSearch };
