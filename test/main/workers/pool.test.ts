import { afterAll, describe, expect, it } from 'vitest';
import { WorkerPool } from '../../../src/main/workers/pool';

// Needs the bundled worker entry: `npm test` builds first.
describe('worker pool', () => {
  const pool = new WorkerPool(2);
  afterAll(() => pool.close());

  it('runs tasks in separate processes and passes typed arrays through', async () => {
    const data = new Float32Array([1.5, -2, 3]);
    const results = await Promise.all([
      pool.run('echo', { value: data }),
      pool.run('echo', { value: 'b' }),
    ]);
    expect(results[0].value).toBeInstanceOf(Float32Array);
    expect(Array.from(results[0].value as Float32Array)).toEqual([1.5, -2, 3]);
    expect(results[0].pid).not.toBe(process.pid);
    expect(new Set(results.map((r) => r.pid)).size).toBe(2);
  });

  it('rejects unknown tasks with a clear error', async () => {
    await expect(pool.run('nope' as 'echo', { value: 1 })).rejects.toThrow(/unknown worker task/);
  });
});
