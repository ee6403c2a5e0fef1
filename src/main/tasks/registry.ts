// The registry of the tasks a worker process serves (tasks/worker-entry.ts): each task is defined
// (defineTask: its args schema and its function) in the worker-side folder that owns it. The
// engine side imports only the types of this file (the lint allows `import type` of it and of
// nothing else worker-side), to type a WorkerPool or WorkerConnection.
import { z } from 'zod';
import { defineTask } from '../workers/protocol';
import { vitTasks } from '../model/vit-forward-task';
import { trainRunTask } from '../train/train-task';
import { analysisTasks } from '../analysis/tasks';

export const workerTasks = {
  ...vitTasks,
  'train.run': trainRunTask,
  ...analysisTasks,
  /** Health check of the worker plumbing: answers with its input and the worker's pid. */
  echo: defineTask(z.object({ value: z.unknown() }), async (args) => ({ value: args.value, pid: process.pid })),
};

export type WorkerTasks = typeof workerTasks;
export type { RunEvent, RunItem, RunTaskArgs } from '../train/run-task-args';
export type { RunPrediction, RunTaskResult } from '../train/run-task';
export type { KfoldArgs, KfoldResult } from '../analysis/kfold-task';
export type { NeighborsArgs, NeighborsResult } from '../analysis/neighbors-task';
export type { MapTaskResult } from '../analysis/map-task';
export type { AnalysisEvent } from '../analysis/events';
