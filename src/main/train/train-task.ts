import { postToParent } from '../workers/parent-port';
import { executeRun, type RunTaskArgs, type RunTaskResult } from './run-task';

/** Worker task: one run, its events sent to the parent as {type: 'run-event'} messages. */
export async function trainRunTask(args: RunTaskArgs): Promise<RunTaskResult> {
  return executeRun(args, (event) => postToParent({ type: 'run-event', runId: args.runId, event }));
}
