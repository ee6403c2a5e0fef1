// Temporary folders a test file makes and removes when it is done (vitest's afterAll).
import fs from 'node:fs';
import { afterAll } from 'vitest';
import { tmpDir } from './make-images';

/** Returns tmp(prefix): a new folder under the OS temp dir, removed after the file's tests. */
export function useTempDirs(): (prefix?: string) => string {
  const dirs: string[] = [];
  afterAll(() => {
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  });
  return (prefix) => {
    const d = tmpDir(prefix);
    dirs.push(d);
    return d;
  };
}
