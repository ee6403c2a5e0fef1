import { tasks } from './tasks';

// A worker process: runs one task per message, answers with {id, ok, value|error}.
process.on('message', async (msg: { id: number; task: string; args: unknown }) => {
  const fn = (tasks as Record<string, (a: unknown) => Promise<unknown>>)[msg.task];
  try {
    if (!fn) throw new Error(`unknown worker task ${msg.task}`);
    const value = await fn(msg.args);
    process.send!({ id: msg.id, ok: true, value });
  } catch (e) {
    process.send!({ id: msg.id, ok: false, error: e instanceof Error ? e.message : String(e) });
  }
});
// Exit with the parent: an orphaned worker must never keep a workspace busy.
process.on('disconnect', () => process.exit(0));
