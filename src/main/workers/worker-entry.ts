import { tasks } from './tasks';
import { exitWithParent, onParentMessage, postToParent } from './parent-port';

// A worker process: runs one task per message, answers with {id, ok, value|error}.
onParentMessage(async (msg: { id: number; task: string; args: unknown }) => {
  const fn = (tasks as Record<string, (a: unknown) => Promise<unknown>>)[msg.task];
  try {
    if (!fn) throw new Error(`unknown worker task ${msg.task}`);
    const value = await fn(msg.args);
    postToParent({ id: msg.id, ok: true, value });
  } catch (e) {
    postToParent({ id: msg.id, ok: false, error: e instanceof Error ? e.message : String(e) });
  }
});
// An orphaned worker must never keep a workspace busy.
exitWithParent();
