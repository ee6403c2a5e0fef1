import { z } from 'zod';

// The engine↔worker protocol, in one place (as src/shared/api is for renderer↔engine).
//
//   engine → worker   { kind: 'run', id, task, args }
//   worker → engine   { kind: 'progress', id, progress }   any number of times, while the task runs
//                     { kind: 'done', id, value }
//                     { kind: 'failed', id, error: { code, message } }
//
// A task is a TaskDef: the zod schema of its arguments (checked in the worker before it runs) and
// the function that runs it, with a `progress` callback typed by the task. The side that owns a set
// of tasks writes them as a TaskMap; the worker serves one (serveTasks), the engine side talks to
// it through a WorkerPool<TaskMap> or a WorkerConnection<TaskMap> typed by that map alone, so this
// folder imports no task. Every message is checked against the schemas below where it arrives.

export interface TaskDef<A, R, P = never> {
  args: z.ZodType<A, z.ZodTypeDef, unknown>;
  run(args: A, progress: (p: P) => void): Promise<R>;
}

/** Defines a task; the types of args, result and progress follow from the schema and function. */
export function defineTask<A, R, P = never>(args: z.ZodType<A, z.ZodTypeDef, unknown>, run: (args: A, progress: (p: P) => void) => Promise<R>): TaskDef<A, R, P> {
  return { args, run };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type TaskMap = Record<string, TaskDef<any, any, any>>;
export type TaskName<M extends TaskMap> = keyof M & string;
export type ArgsOf<M extends TaskMap, T extends TaskName<M>> = M[T] extends TaskDef<infer A, unknown, unknown> ? A : never;
export type ResultOf<M extends TaskMap, T extends TaskName<M>> = Awaited<ReturnType<M[T]['run']>>;
export type ProgressOf<M extends TaskMap, T extends TaskName<M>> = Parameters<Parameters<M[T]['run']>[1]>[0];

/**
 * What the engine side checks a task's answers against where they arrive, as the worker checks its
 * arguments: the result, and each progress message (null: the task sends none). The engine side
 * owns these schemas (it cannot import worker code); typed by the task, so they cannot drift from it.
 */
export interface ReplySchema<R, P> {
  result: z.ZodType<R, z.ZodTypeDef, unknown>;
  progress: z.ZodType<P, z.ZodTypeDef, unknown> | null;
}
export type ReplyOf<M extends TaskMap, T extends TaskName<M>> = ReplySchema<ResultOf<M, T>, ProgressOf<M, T>>;

/**
 * Codes a caller can branch on (never the message text). `invalid_reply`: the worker answered
 * something its task's ReplySchema refuses (set on the engine side; the worker never sends it).
 */
export const WORKER_ERROR_CODES = ['invalid_task', 'invalid_args', 'failed', 'invalid_reply'] as const;
export type WorkerErrorCode = (typeof WORKER_ERROR_CODES)[number];

export const toWorkerSchema = z.object({
  kind: z.literal('run'),
  id: z.number().int().positive(),
  task: z.string().min(1),
  args: z.unknown(),
});
export type ToWorker = z.infer<typeof toWorkerSchema>;

export const fromWorkerSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('progress'), id: z.number().int().positive(), progress: z.unknown() }),
  z.object({ kind: z.literal('done'), id: z.number().int().positive(), value: z.unknown() }),
  z.object({
    kind: z.literal('failed'),
    id: z.number().int().positive(),
    error: z.object({ code: z.enum(WORKER_ERROR_CODES), message: z.string() }),
  }),
]);
export type FromWorker = z.infer<typeof fromWorkerSchema>;

/** The first problem zod found, as "path: message" for an error sentence. */
export function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  return `${issue?.path.join('.') || '(root)'}: ${issue?.message}`;
}

/** A task that failed in the worker (or was refused there), with its code. */
export class WorkerTaskError extends Error {
  constructor(readonly code: WorkerErrorCode, message: string) {
    super(message);
  }
}

/** The worker process ended before the task answered (killed, crashed, out of memory). */
export class WorkerExit extends Error {
  readonly code = 'worker_exit' as const;
  constructor(readonly signal: string | null, readonly exitCode: number | null, what = 'worker process') {
    super(`${what} exited (${signal ?? `code ${exitCode}`})`);
  }
}
