import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Engine } from '../../../src/main/engine/engine';

describe('engine boundary', () => {
  let dir: string;
  let engine: Engine;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vit-dispatch-'));
    engine = new Engine(dir);
  });
  afterEach(() => {
    engine.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('answers a valid call with ok', async () => {
    const r = await engine.call('workspace.info', {});
    expect(r.ok).toBe(true);
    if (r.ok) expect((r.value as { path: string }).path).toBe(path.resolve(dir));
  });

  it('refuses unknown channels and non-string names with a result, not a throw', async () => {
    for (const name of ['nope', 42, null, undefined, '__proto__', 'constructor', 'toString']) {
      const r = await engine.call(name, {});
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error.code).toBe('invalid_argument');
    }
  });

  it('validates the request with the channel schema', async () => {
    const r = await engine.call('workspace.info', { unexpected: 1 });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('invalid_argument');
      expect(r.error.message).toMatch(/workspace\.info/);
    }
  });

  it('typed invoke unwraps the reply', async () => {
    const info = await engine.invoke('workspace.info', {});
    expect(info.datasets).toBe(0);
  });
});
