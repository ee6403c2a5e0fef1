import { exitWithParent, onParentMessage, postToParent } from './parent-port';
import { firstIssue, toWorkerSchema, WorkerTaskError, type FromWorker, type TaskMap } from './protocol';

/**
 * The worker's side of the protocol: runs each task it is sent (arguments checked against the
 * task's schema first), posts its progress and then its result or error. One process may run
 * several tasks at once (the pool sends more than one when every process is busy).
 */
export function serveTasks(tasks: TaskMap): void {
  const post = (m: FromWorker) => postToParent(m);
  onParentMessage(async (raw: unknown) => {
    const parsed = toWorkerSchema.safeParse(raw);
    if (!parsed.success) return; // not a protocol message: nobody waits for an answer
    const { id, task, args } = parsed.data;
    try {
      const def = Object.hasOwn(tasks, task) ? tasks[task] : undefined;
      if (!def) throw new WorkerTaskError('invalid_task', `unknown worker task ${task}`);
      const checked = def.args.safeParse(args);
      if (!checked.success) {
        throw new WorkerTaskError('invalid_args', `bad arguments for worker task ${task}: ${firstIssue(checked.error)}`);
      }
      const value = await def.run(checked.data, (progress: unknown) => post({ kind: 'progress', id, progress }));
      post({ kind: 'done', id, value });
    } catch (e) {
      const code = e instanceof WorkerTaskError ? e.code : 'failed';
      post({ kind: 'failed', id, error: { code, message: e instanceof Error ? e.message : String(e) } });
    }
  });
  // An orphaned worker must never keep a workspace busy.
  exitWithParent();
}
