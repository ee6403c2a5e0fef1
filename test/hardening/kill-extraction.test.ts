// SIGKILL in the middle of feature extraction: both databases stay sound, the run is marked
// interrupted, and the next run resumes: what was extracted before the kill comes from the cache.
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../src/main/engine/engine';
import { tmpDir } from '../helpers/make-images';
import { makeTinyCheckpoint } from '../helpers/tiny-vit';
import { makeShapeDataset, useFreshWorkerBundle, waitForRun } from '../main/train/helpers';

describe('killed during feature extraction', () => {
  const root = tmpDir('vit-kill-extract-');
  let engine: Engine;
  let datasetId: number;
  let modelDir: string;

  beforeAll(async () => {
    await useFreshWorkerBundle();
    await makeShapeDataset(path.join(root, 'shapes'), 40);
    // Big enough (224 px, 6 layers) that extraction takes seconds, so the kill lands inside it.
    modelDir = makeTinyCheckpoint(path.join(root, 'model'), { hiddenSize: 96, layers: 6, heads: 4, imageSize: 224, patchSize: 16, labels: 0, seed: 9 }).folder;
    engine = new Engine(path.join(root, 'ws'));
    datasetId = (await engine.invoke('datasets.import', { folder: path.join(root, 'shapes') })).dataset;
    await engine.invoke('splits.apply', { datasetId });
  });
  afterAll(() => {
    engine?.close();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('keeps both databases sound and resumes from the feature cache', async () => {
    let extracted = 0;
    const off = engine.on((e) => {
      if (e.type === 'progress' && e.progress.kind === 'extract') extracted = Math.max(extracted, e.progress.done);
    });
    const { runId } = await engine.invoke('train.start', { datasetId, model: modelDir, engine: 'ort', epochs: 2 });
    for (let i = 0; i < 1200 && extracted < 32; i++) await new Promise((r) => setTimeout(r, 25));
    expect(extracted).toBeGreaterThanOrEqual(32);
    const pid = (engine.ctx.ws.db.prepare('SELECT worker_pid FROM runs WHERE id = ?').get(runId) as { worker_pid: number }).worker_pid;
    process.kill(pid, 'SIGKILL');
    const killed = await waitForRun(engine, runId);
    off();
    expect(killed.status).toBe('interrupted');
    const total = killed.images.train + killed.images.val + killed.images.test;
    expect(total).toBe(240);

    expect(engine.ctx.ws.db.pragma('integrity_check', { simple: true })).toBe('ok');
    const features = new Database(path.join(root, 'ws', 'cache', 'features', 'features.sqlite'), { readonly: true });
    expect(features.pragma('integrity_check', { simple: true })).toBe('ok');
    features.close();

    // The next run computes only what the killed one had not finished.
    const again = await waitForRun(engine, (await engine.invoke('train.start', { datasetId, model: modelDir, engine: 'ort', epochs: 2 })).runId);
    expect(again.status).toBe('completed');
    expect(again.timings!.cached).toBeGreaterThanOrEqual(32);
    expect(again.timings!.extracted).toBeGreaterThan(0); // the kill landed inside extraction
    expect(again.timings!.extracted).toBeLessThan(total);
    expect(again.timings!.extracted + again.timings!.cached).toBe(total);
  });
});
