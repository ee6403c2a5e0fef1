import { describe, expect, it, vi } from 'vitest';
import { FeatureCache } from '../../../src/main/model/feature-cache';
import { useTempDirs } from '../../helpers/temp-dirs';

describe('feature cache: reading many rows', () => {
  const tempDir = useTempDirs();
  const D = 64;
  const vec = (i: number) => Float32Array.from({ length: D }, (_, d) => i * 10 + d);

  function filled(rows: number) {
    const cache = new FeatureCache(tempDir('vit-feature-cache-'));
    const put = Array.from({ length: rows }, (_, i) => ({ key: { hash: `h${i}`, view: 'clean' }, vec: vec(i) }));
    cache.put('model', put);
    // Same hashes under another model and another view: never read.
    cache.put('other', [{ key: { hash: 'h1', view: 'clean' }, vec: vec(999) }]);
    cache.put('model', [{ key: { hash: 'h2', view: 'flip' }, vec: vec(888) }]);
    return cache;
  }

  // Few rows are looked up one by one, most of the file by one scan: both must give the same answer.
  it.each([
    [10, 0],
    [5000, 1],
  ])('copies %i wanted rows in order, repeats included, and names the missing ones (scans: %i)', (count, scans) => {
    const cache = filled(count);
    const scan = vi.spyOn((cache as unknown as { scanStmt: { iterate(...a: unknown[]): unknown } }).scanStmt, 'iterate');
    try {
      const hashes = Array.from({ length: count }, (_, i) => `h${count - 1 - i}`);
      hashes[3] = 'h1'; // a repeated image
      hashes[5] = 'absent';
      const out = new Float32Array(count * D).fill(-1);
      expect(cache.readMany('model', 'clean', hashes, out, D)).toEqual([5]);
      for (let row = 0; row < count; row++) {
        if (row === 5) expect(out.subarray(row * D, row * D + D).every((v) => v === -1)).toBe(true);
        else expect(Array.from(out.subarray(row * D, row * D + D))).toEqual(Array.from(vec(Number(hashes[row]!.slice(1)))));
      }
      expect(scan).toHaveBeenCalledTimes(scans);
    } finally {
      cache.close();
    }
  });

  it('refuses a row of another width', () => {
    const cache = filled(3);
    try {
      expect(() => cache.readMany('model', 'clean', ['h0'], new Float32Array(8), 8)).toThrow(/has 64 values, expected 8/);
    } finally {
      cache.close();
    }
  });
});
