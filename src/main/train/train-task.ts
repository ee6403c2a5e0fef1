import { defineTask } from '../workers/protocol';
import { executeRun, type RunTaskResult } from './run-task';
import { runTaskArgsSchema, type RunEvent, type RunTaskArgs } from './run-task-args';

/** Worker task 'train.run': one run, its events sent to the engine as progress messages. */
export const trainRunTask = defineTask<RunTaskArgs, RunTaskResult, RunEvent>(runTaskArgsSchema, (args, progress) => executeRun(args, progress));
