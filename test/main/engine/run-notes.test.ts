import path from 'node:path';
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../../src/main/engine/engine';
import { tmpDir } from '../../helpers/make-images';
import { makeTinyCheckpoint } from '../../helpers/tiny-vit';
import { makeShapeDataset, useFreshWorkerBundle, waitForRun } from '../train/helpers';

// Issue 14, item 11: a name and a note per run, "retrain of #N", the columns of the runs list.
describe('run names, notes and lineage', () => {
  let engine: Engine;
  let datasetId: number;
  let first: number;
  const root = tmpDir('vit-notes-');

  beforeAll(async () => {
    await useFreshWorkerBundle();
    await makeShapeDataset(path.join(root, 'shapes'), 6);
    const model = makeTinyCheckpoint(path.join(root, 'tiny'), { hiddenSize: 32, layers: 2, heads: 4, imageSize: 32, patchSize: 8, labels: 0, seed: 3 }).folder;
    engine = new Engine(path.join(root, 'ws'));
    datasetId = (await engine.invoke('datasets.import', { folder: path.join(root, 'shapes'), labelsFrom: 'folders' })).dataset;
    await engine.invoke('splits.apply', { datasetId, ratios: [0.6, 0.2, 0.2] });
    first = (await engine.invoke('train.start', { datasetId, model, engine: 'tfjs', epochs: 2, lr: 0.001, augment: 'light', views: 1 })).runId;
    expect((await waitForRun(engine, first)).status).toBe('completed');
  }, 300_000);
  afterAll(() => {
    engine?.close();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('the list has epochs, augmentation and time of each run', async () => {
    const [run] = await engine.invoke('runs.list', { datasetId });
    expect(run).toMatchObject({ id: first, epochCount: 2, augment: 'light', views: 1, name: null, note: null, parentRunId: null });
    expect(run!.seconds).toBeGreaterThan(0);
  });

  it('names and notes a run; empty text or null clears; bad names are refused', async () => {
    const named = await engine.invoke('runs.annotate', { runId: first, name: '  baseline  ', note: 'light aug, 2 epochs' });
    expect(named).toMatchObject({ name: 'baseline', note: 'light aug, 2 epochs' });
    expect((await engine.invoke('runs.annotate', { runId: first, note: '' })).note).toBeNull();
    expect((await engine.invoke('runs.get', { runId: first })).name).toBe('baseline');
    await expect(engine.invoke('runs.annotate', { runId: first, name: 'a\u202egpj.exe' })).rejects.toThrow(/invisible/);
    await expect(engine.invoke('runs.annotate', { runId: 999, name: 'x' })).rejects.toThrow(/Run 999 does not exist/);
    expect((await engine.invoke('runs.annotate', { runId: first, name: null })).name).toBeNull();
  });

  it('a retrain records the run it retrains; deleting the parent keeps the retrain', async () => {
    const { runId } = await engine.invoke('train.rerun', { runId: first });
    expect((await waitForRun(engine, runId)).parentRunId).toBe(first);
    await engine.invoke('runs.delete', { runId: first });
    expect((await engine.invoke('runs.get', { runId })).parentRunId).toBeNull();
  });
});
