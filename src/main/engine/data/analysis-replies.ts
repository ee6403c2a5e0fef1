import { z } from 'zod';
import type { ReplyOf } from '../../workers/protocol';
import type { AnalysisEvent, KfoldResult, MapTaskResult, NeighborsResult, WorkerTasks } from '../../tasks/registry';
import { extractProgressSchema } from '../../runs/run-replies';

// What an analysis process may answer, checked where it arrives (the worker checks the arguments;
// the engine checks the events and the result before it keeps or caches them).

const analysisEvent: z.ZodType<AnalysisEvent, z.ZodTypeDef, unknown> = z.object({
  kind: z.literal('phase'),
  phase: z.string(),
  progress: extractProgressSchema,
});

const index = z.number().int().nonnegative();
const phases = z.record(z.object({ seconds: z.number().nonnegative(), cpuSeconds: z.number().nonnegative() }));
const probability = z.number().min(0).max(1);

const kfoldResult: z.ZodType<KfoldResult, z.ZodTypeDef, unknown> = z.object({
  predicted: z.array(z.number().int().min(-1)),
  predictedProb: z.array(z.number()),
  checked: index,
  issues: z.array(z.tuple([index, index, index, probability, probability])),
  suggestions: z.array(z.tuple([index, z.array(z.tuple([index, probability]))])),
  outOfFoldAccuracy: z.number(),
  folds: index,
  head: z.object({ lr: z.number().positive(), epochs: z.number().int().positive(), weightDecay: z.number().nonnegative() }),
  notes: z.array(z.string()),
  phases,
});

const neighborsResult: z.ZodType<NeighborsResult, z.ZodTypeDef, unknown> = z.object({
  n: index,
  p: index,
  k: index,
  D: index,
  modelKey: z.string().min(1),
  explained: z.number(),
  phases,
});

const unit = z.number().min(-1).max(1);
const mapResult: z.ZodType<MapTaskResult, z.ZodTypeDef, unknown> = z.object({
  x: z.array(unit),
  y: z.array(unit),
  method: z.string(),
  neighbors: neighborsResult,
});

/** The analyses' reply schemas, by task (see ReplySchema). */
export const analysisReplies: { [T in 'data.kfold' | 'data.neighbors' | 'data.map']: ReplyOf<WorkerTasks, T> } = {
  'data.kfold': { result: kfoldResult, progress: analysisEvent },
  'data.neighbors': { result: neighborsResult, progress: analysisEvent },
  'data.map': { result: mapResult, progress: analysisEvent },
};
