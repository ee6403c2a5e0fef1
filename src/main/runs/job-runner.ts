import { startTaskProcess } from '../workers/connection';
import { WorkerExit } from '../workers/protocol';
import type { RunEvent, RunTaskArgs, RunTaskResult, WorkerTasks } from '../tasks/registry';
import { runReply } from './run-replies';

// A run gets its own worker process (the bundled worker entry, task 'train.run'): the engine's
// event loop never does model work, and cancel is a kill. VIT_STUDIO_WORKER_ENTRY points tests
// at a freshly bundled entry.

export interface RunJob {
  pid: number;
  result: Promise<RunTaskResult>;
  /** Kills the process (SIGKILL); `result` then rejects with a RunProcessExit. */
  kill(): void;
}

/** The run's process ended before the run did (killed, cancelled, crashed). */
export class RunProcessExit extends WorkerExit {}

export function startRunProcess(args: RunTaskArgs, onEvent: (e: RunEvent) => void): RunJob {
  const job = startTaskProcess<WorkerTasks, 'train.run'>('train.run', args, runReply, onEvent, 'training process');
  const result = job.result.catch((e: unknown) => {
    throw e instanceof WorkerExit ? new RunProcessExit(e.signal, e.exitCode, 'training process') : e;
  });
  return { ...job, result };
}
