import { z } from 'zod';
import { defineTask } from '../workers/protocol';
import type { AnalysisEvent } from './events';
import type { FeatureSetArgs } from './feature-set';
import { packedItemsSchema } from '../../shared/data/packed-items';
import { kfoldTask, type KfoldArgs, type KfoldResult } from './kfold-task';
import { mapTask, type MapTaskResult } from './map-task';
import { neighborsTask, type NeighborsArgs, type NeighborsResult } from './neighbors-task';

// The data-loop analyses as worker tasks (tasks/registry.ts serves them): each one's arguments
// are checked in the worker before it starts, and its AnalysisEvents are its progress messages.

const featureSetArgs = z.object({
  model: z.string().min(1),
  revision: z.string().nullable(),
  paths: z.object({ features: z.string().min(1), graphs: z.string().min(1) }),
}) satisfies z.ZodType<FeatureSetArgs>;

const kfoldArgs = z.object({
  jobId: z.string(),
  features: featureSetArgs,
  items: packedItemsSchema.refine((p) => !!p.labels, 'labels: missing'),
  labels: z.number().int().positive(),
  folds: z.number().int().positive(),
  seed: z.number().int(),
}) satisfies z.ZodType<KfoldArgs>;

const neighborsArgs = z.object({
  jobId: z.string(),
  features: featureSetArgs,
  items: packedItemsSchema,
  base: z.string().min(1),
}) satisfies z.ZodType<NeighborsArgs>;

export const analysisTasks = {
  'data.kfold': defineTask<KfoldArgs, KfoldResult, AnalysisEvent>(kfoldArgs, kfoldTask),
  'data.neighbors': defineTask<NeighborsArgs, NeighborsResult, AnalysisEvent>(neighborsArgs, neighborsTask),
  'data.map': defineTask<NeighborsArgs, MapTaskResult, AnalysisEvent>(neighborsArgs, mapTask),
};
