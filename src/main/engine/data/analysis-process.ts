import fs from 'node:fs';
import { spawnWorker, workerEntry } from '../../workers/spawn';
import type { AnalysisEvent } from '../../analysis/events';
import type { TaskArgs, TaskName, TaskResult } from '../../workers/tasks';

// One analysis runs in its own worker process (the bundled worker entry, like a training run): the
// engine's event loop never computes, and cancel is a kill.

export interface AnalysisProcess<T> {
  pid: number;
  result: Promise<T>;
  kill(): void;
}

export function startAnalysisProcess<N extends TaskName>(
  task: N,
  args: TaskArgs<N>,
  onEvent: (e: AnalysisEvent) => void,
): AnalysisProcess<TaskResult<N>> {
  const entry = workerEntry();
  if (!fs.existsSync(entry)) throw new Error(`Worker bundle missing at ${entry}: run "npm run build".`);
  const child = spawnWorker(entry);
  const result = new Promise<TaskResult<N>>((resolve, reject) => {
    let settled = false;
    child.onMessage((msg: { type?: string; event?: AnalysisEvent; id?: number; ok?: boolean; value?: unknown; error?: string }) => {
      if (msg.type === 'analysis-event' && msg.event) onEvent(msg.event);
      else if (msg.id === 1) {
        settled = true;
        if (msg.ok) resolve(msg.value as TaskResult<N>);
        else reject(new Error(msg.error ?? `${task} failed`));
        child.disconnect();
      }
    });
    child.onExit((code, signal) => {
      if (!settled) reject(new Error(`the analysis process exited (${signal ?? `code ${code}`})`));
      settled = true;
    });
  });
  child.send({ id: 1, task, args });
  return { pid: child.pid!, result, kill: () => child.kill() };
}
