// Images deleted or edited on disk between import and training are left out of the run and
// reported with it; the run itself completes.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../src/main/engine/engine';
import { makeImage, tmpDir } from '../helpers/make-images';
import { makeTinyCheckpoint } from '../helpers/tiny-vit';
import { makeShapeDataset, useFreshWorkerBundle, waitForRun } from '../main/train/helpers';

describe('the world changes between import and training', () => {
  const root = tmpDir('vit-world-');
  let engine: Engine;
  let datasetId: number;
  let modelDir: string;
  const dataDir = path.join(root, 'shapes');

  beforeAll(async () => {
    await useFreshWorkerBundle();
    await makeShapeDataset(dataDir, 8);
    modelDir = makeTinyCheckpoint(path.join(root, 'tiny'), { hiddenSize: 32, layers: 1, heads: 4, imageSize: 32, patchSize: 8, labels: 0, seed: 5 }).folder;
    engine = new Engine(path.join(root, 'ws'));
    datasetId = (await engine.invoke('datasets.import', { folder: dataDir, labelsFrom: 'folders' })).dataset;
    await engine.invoke('splits.apply', { datasetId });
  });
  afterAll(() => {
    engine?.close();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('leaves out deleted and modified images, marks them, and reports them in the run', async () => {
    const { items } = await engine.invoke('images.query', { datasetId, limit: 5000 });
    const [deleted, edited] = [items[0]!, items[1]!];
    fs.rmSync(path.join(dataDir, deleted.relPath));
    // New content, same name; a later mtime so a stat sees the change.
    const editedFile = path.join(dataDir, edited.relPath);
    await makeImage(editedFile, { color: '#00ff00', seed: 999, width: 32, height: 32 });
    const later = new Date(Date.now() + 5_000);
    fs.utimesSync(editedFile, later, later);

    const { runId } = await engine.invoke('train.start', { datasetId, model: modelDir, engine: 'tfjs', epochs: 2 });
    const run = await waitForRun(engine, runId);
    expect(run.status).toBe('completed');
    expect(run.skippedImages.map((s) => s.relPath).sort()).toEqual([deleted.relPath, edited.relPath].sort());
    expect(run.skippedImages.find((s) => s.imageId === deleted.id)!.reason).toMatch(/deleted/);
    expect(run.skippedImages.find((s) => s.imageId === edited.id)!.reason).toMatch(/modified/);
    expect(run.images.train + run.images.val + run.images.test).toBe(items.length - 2);
    expect((await engine.invoke('images.get', { id: deleted.id })).status).toBe('missing');
    expect((await engine.invoke('images.get', { id: edited.id })).status).toBe('changed');

    // An untouched file whose mtime alone moved is still used.
    const touched = path.join(dataDir, items[2]!.relPath);
    fs.utimesSync(touched, later, later);
    const again = await waitForRun(engine, (await engine.invoke('train.start', { datasetId, model: modelDir, engine: 'tfjs', epochs: 1 })).runId);
    expect(again.status).toBe('completed');
    expect(again.skippedImages).toEqual([]);
  });
});
