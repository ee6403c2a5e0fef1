import fs from 'node:fs';
import { spawnWorker, workerEntry } from '../workers/spawn';
import type { RunEvent, RunTaskArgs, RunTaskResult } from './run-task';

// A run gets its own worker process (the bundled worker entry, task 'train.run'): the engine's
// event loop never does model work, and cancel is a kill. VIT_STUDIO_WORKER_ENTRY points tests
// at a freshly bundled entry.

export interface RunJob {
  pid: number;
  result: Promise<RunTaskResult>;
  /** Kills the process; `result` then rejects with a RunKilled. */
  kill(): void;
}

export class RunProcessExit extends Error {
  constructor(readonly signal: NodeJS.Signals | null, readonly code: number | null) {
    super(`training process exited (${signal ?? `code ${code}`})`);
  }
}


export function startRunProcess(args: RunTaskArgs, onEvent: (e: RunEvent) => void): RunJob {
  const entry = workerEntry();
  if (!fs.existsSync(entry)) throw new Error(`Worker bundle missing at ${entry}: run "npm run build".`);
  const child = spawnWorker(entry);
  const result = new Promise<RunTaskResult>((resolve, reject) => {
    let settled = false;
    child.onMessage((msg: { type?: string; event?: RunEvent; id?: number; ok?: boolean; value?: unknown; error?: string }) => {
      if (msg.type === 'run-event' && msg.event) onEvent(msg.event);
      else if (msg.id === 1) {
        settled = true;
        if (msg.ok) resolve(msg.value as RunTaskResult);
        else reject(new Error(msg.error ?? 'training failed'));
        child.disconnect();
      }
    });
    child.onExit((code, signal) => {
      if (!settled) reject(new RunProcessExit(signal as NodeJS.Signals | null, code));
      settled = true;
    });
  });
  child.send({ id: 1, task: 'train.run', args });
  return { pid: child.pid!, result, kill: () => child.kill() };
}
