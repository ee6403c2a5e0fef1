import { startTaskProcess, type TaskProcess } from '../../workers/connection';
import type { ArgsOf, ProgressOf, ReplyOf, ResultOf } from '../../workers/protocol';
import type { AnalysisEvent, WorkerTasks } from '../../tasks/registry';
import { analysisReplies } from './analysis-replies';

// One analysis runs in its own worker process (the bundled worker entry, like a training run): the
// engine's event loop never computes, and cancel is a kill.

export type AnalysisProcess<T> = TaskProcess<T>;

/** The worker tasks that report AnalysisEvents: the analyses. */
export type AnalysisTaskName = {
  [K in keyof WorkerTasks & string]: [ProgressOf<WorkerTasks, K>] extends [never] ? never : ProgressOf<WorkerTasks, K> extends AnalysisEvent ? K : never;
}[keyof WorkerTasks & string];

export function startAnalysisProcess<N extends AnalysisTaskName>(
  task: N,
  args: ArgsOf<WorkerTasks, N>,
  onEvent: (e: AnalysisEvent) => void,
): AnalysisProcess<ResultOf<WorkerTasks, N>> {
  return startTaskProcess<WorkerTasks, N>(task, args, analysisReplies[task] as ReplyOf<WorkerTasks, N>, onEvent as (e: ProgressOf<WorkerTasks, N>) => void, 'the analysis process');
}
