import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Engine } from '../../../src/main/engine/engine';
import { FeatureCache } from '../../../src/main/model/feature-cache';

describe('workspace storage', () => {
  let dir: string;
  let engine: Engine;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vit-storage-'));
    engine = new Engine(dir);
  });
  afterEach(() => {
    engine.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  function fill() {
    const { paths } = engine.ctx.ws;
    for (const [shard, name] of [['ab', 'ab12-256.jpg'], ['cd', 'cd34-256.jpg'], ['cd', 'cd34-128.jpg']]) {
      fs.mkdirSync(path.join(paths.thumbnails, shard!), { recursive: true });
      fs.writeFileSync(path.join(paths.thumbnails, shard!, name!), Buffer.alloc(1000));
    }
    const cache = new FeatureCache(paths.features);
    cache.put('model-a', [0, 1, 2].map((i) => ({ key: { hash: `h${i}`, view: 'clean' }, vec: new Float32Array(192).fill(i) })));
    cache.close();
    fs.writeFileSync(path.join(paths.graphs, 'k1.onnx'), Buffer.alloc(5000));
    fs.writeFileSync(path.join(paths.graphs, 'k1.onnx.data'), Buffer.alloc(7000));
    fs.writeFileSync(path.join(paths.graphs, 'notes.txt'), 'not a graph');
    fs.mkdirSync(path.join(paths.runs, '1'), { recursive: true });
    fs.writeFileSync(path.join(paths.runs, '1', 'head.safetensors'), Buffer.alloc(300));
  }

  it('reports each cache and clears one without touching the others, labels or runs', async () => {
    fill();
    const before = await engine.invoke('workspace.storage', {});
    const by = Object.fromEntries(before.caches.map((c) => [c.kind, c]));
    expect(by.thumbnails).toEqual({ kind: 'thumbnails', bytes: 3000, entries: 3 });
    expect(by.features!.entries).toBe(3);
    expect(by.features!.bytes).toBeGreaterThan(3 * 192 * 4);
    expect(by.graphs).toEqual({ kind: 'graphs', bytes: 12_000, entries: 1 });
    expect(before.runsBytes).toBe(300);

    expect(await engine.invoke('workspace.clearCache', { cache: 'thumbnails' })).toEqual({ freedBytes: 3000, entries: 3 });
    expect(await engine.invoke('workspace.clearCache', { cache: 'graphs' })).toEqual({ freedBytes: 12_000, entries: 1 });
    const freed = await engine.invoke('workspace.clearCache', { cache: 'features' });
    expect(freed.entries).toBe(3);
    expect(freed.freedBytes).toBe(by.features!.bytes);

    const after = await engine.invoke('workspace.storage', {});
    expect(after.caches.map((c) => [c.kind, c.entries, c.bytes])).toEqual([['thumbnails', 0, 0], ['features', 0, 0], ['graphs', 0, 0]]);
    expect(after.runsBytes).toBe(300);
    expect(fs.readFileSync(path.join(engine.ctx.ws.paths.graphs, 'notes.txt'), 'utf8')).toBe('not a graph');
    // The feature cache starts over empty the next time a run opens it.
    const reopened = new FeatureCache(engine.ctx.ws.paths.features);
    expect(reopened.missing('model-a', [{ hash: 'h0', view: 'clean' }])).toHaveLength(1);
    reopened.close();
  });

  it('refuses to clear features or graphs while a run is queued or running, and says why', async () => {
    fill();
    const { db } = engine.ctx.ws;
    db.prepare("INSERT INTO datasets (id, name, root, labels_from) VALUES (1, 'd', '/tmp/d', 'folders')").run();
    db.prepare("INSERT INTO runs (dataset_id, status, config, worker_pid) VALUES (1, 'running', '{}', ?)").run(process.pid);
    for (const cache of ['features', 'graphs'] as const) {
      const r = await engine.call('workspace.clearCache', { cache });
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.error.code).toBe('conflict');
        expect(r.error.message).toMatch(/a run is in progress/);
      }
    }
    expect((await engine.invoke('workspace.storage', {})).caches.find((c) => c.kind === 'features')!.entries).toBe(3);
    // Thumbnails are safe to clear at any time.
    expect((await engine.invoke('workspace.clearCache', { cache: 'thumbnails' })).entries).toBe(3);
    const bad = await engine.call('workspace.clearCache', { cache: 'labels' });
    expect(bad.ok).toBe(false);
  });
});
