import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { startTaskProcess } from '../../../src/main/workers/connection';
import { WorkerPool } from '../../../src/main/workers/pool';
import { isProcessAlive } from '../../../src/main/workers/spawn';
import { WorkerTaskError, type ReplyOf } from '../../../src/main/workers/protocol';
import type { WorkerTasks } from '../../../src/main/tasks/registry';

// Needs the bundled worker entry: `npm test` builds first.
const echoReply: ReplyOf<WorkerTasks, 'echo'> = {
  result: z.object({ value: z.unknown(), pid: z.number().int().positive() }).transform(({ value, pid }) => ({ value, pid })),
  progress: null,
};
/** A reply schema the echo task's answer does not fit: what a worker out of step with the engine sends. */
const strictEcho: ReplyOf<WorkerTasks, 'echo'> = { result: z.object({ value: z.string(), pid: z.number() }), progress: null };

describe('worker pool', () => {
  const pool = new WorkerPool<WorkerTasks>(2);
  afterAll(() => pool.close());

  it('runs tasks in separate processes and passes typed arrays through', async () => {
    const data = new Float32Array([1.5, -2, 3]);
    const results = await Promise.all([pool.run('echo', { value: data }, echoReply), pool.run('echo', { value: 'b' }, echoReply)]);
    expect(results[0].value).toBeInstanceOf(Float32Array);
    expect(Array.from(results[0].value as Float32Array)).toEqual([1.5, -2, 3]);
    expect(results[0].pid).not.toBe(process.pid);
    expect(new Set(results.map((r) => r.pid)).size).toBe(2);
  });

  it('rejects unknown tasks with a clear error', async () => {
    await expect(pool.run('nope' as 'echo', { value: 1 }, echoReply)).rejects.toThrow(/unknown worker task/);
  });

  it('checks each answer against the task reply schema: a malformed one fails with invalid_reply, and the pool goes on', async () => {
    const error = await pool.run('echo', { value: 42 }, strictEcho).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WorkerTaskError);
    expect((error as WorkerTaskError).code).toBe('invalid_reply');
    expect((error as WorkerTaskError).message).toMatch(/echo sent a malformed result: value: Expected string/);
    expect((await pool.run('echo', { value: 'fits' }, strictEcho)).value).toBe('fits');
  });
});

describe('a task in a process of its own', () => {
  it('answers and lets the process exit', async () => {
    const job = startTaskProcess<WorkerTasks, 'echo'>('echo', { value: 7 }, echoReply, () => {}, 'echo process');
    expect((await job.result).pid).toBe(job.pid);
    await expect.poll(() => isProcessAlive(job.pid)).toBe(false);
  });

  it('kills the process whose answer does not fit the reply schema', async () => {
    const job = startTaskProcess<WorkerTasks, 'echo'>('echo', { value: 7 }, strictEcho, () => {}, 'echo process');
    await expect(job.result).rejects.toMatchObject({ code: 'invalid_reply' });
    await expect.poll(() => isProcessAlive(job.pid)).toBe(false);
  });
});
