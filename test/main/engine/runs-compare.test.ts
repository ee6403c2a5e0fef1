import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../../src/main/engine/engine';
import { tmpDir } from '../../helpers/make-images';
import { makeTinyCheckpoint } from '../../helpers/tiny-vit';
import { makeShapeDataset, useFreshWorkerBundle, waitForRun } from '../train/helpers';

// Bug: fixing two test labels and retraining showed 62.8 % → 63.6 % ▲ with identical curves: only
// the answer key had changed. Runs compared like for like move together.
describe('runs compared like for like', () => {
  let engine: Engine;
  let datasetId: number;
  const root = tmpDir('vit-compare-');

  beforeAll(async () => {
    await useFreshWorkerBundle();
    await makeShapeDataset(path.join(root, 'shapes'), 12);
    const model = makeTinyCheckpoint(path.join(root, 'tiny'), { hiddenSize: 32, layers: 2, heads: 4, imageSize: 32, patchSize: 8, labels: 0, seed: 3 }).folder;
    engine = new Engine(path.join(root, 'ws'));
    datasetId = (await engine.invoke('datasets.import', { folder: path.join(root, 'shapes'), labelsFrom: 'folders' })).dataset;
    await engine.invoke('splits.apply', { datasetId, ratios: [0.5, 0.1, 0.4] });
    // Few epochs at a low rate: a weak model, so the test split has errors to "fix".
    const { runId } = await engine.invoke('train.start', { datasetId, model, engine: 'tfjs', epochs: 2, lr: 0.001 });
    expect((await waitForRun(engine, runId)).status).toBe('completed');
  }, 300_000);
  afterAll(() => engine?.close());

  it('fixing two test labels and retraining shows no spurious gain', async () => {
    const [first] = await engine.invoke('runs.list', { datasetId });
    const before = await engine.invoke('runs.get', { runId: first!.id });
    const wrong = (await engine.invoke('runs.predictions', { runId: before.id, split: 'test', errorsOnly: true })).items;
    expect(wrong.length).toBeGreaterThanOrEqual(2);
    // "Fix" two test labels to what the model answered: the answer key moves towards the model.
    const change = await engine.invoke('images.setLabels', {
      assignments: wrong.slice(0, 2).map((p) => ({ imageId: p.imageId, labelId: p.predictedLabelId })),
    });
    expect(change).toEqual({ updated: 2, unchanged: 0, testImages: 2 });

    const retrained = await waitForRun(engine, (await engine.invoke('train.rerun', { runId: before.id })).runId);
    expect(retrained.status).toBe('completed');
    // The figures recorded at training show a gain that is only the changed answer key…
    expect(retrained.test!.accuracy).toBeGreaterThan(before.test!.accuracy);

    const comparison = await engine.invoke('runs.compare', { datasetId });
    const [a, b] = comparison.runs;
    expect(comparison.count).toBe(before.test!.count);
    expect(comparison.leftOut).toEqual({ notPredicted: 0, trainedOn: 0 });
    expect(a).toMatchObject({ runId: before.id, testLabelsChanged: 2, testSetChanged: 0 });
    expect(b).toMatchObject({ runId: retrained.id, testLabelsChanged: 0, testSetChanged: 0 });
    expect(a!.recorded!.accuracy).toBeCloseTo(before.test!.accuracy, 9);
    // …like for like, both runs score the same on today's labels: no gain.
    expect(a!.current!.accuracy).toBeCloseTo(b!.current!.accuracy, 9);
    expect(b!.current!.accuracy).toBeCloseTo(retrained.test!.accuracy, 9);
    expect(a!.current!.accuracy).toBeCloseTo(before.test!.accuracy + 2 / before.test!.count, 9);
  });

  it('test images added after a run are scored with its head on their cached features', async () => {
    const runs = await engine.invoke('runs.list', { datasetId });
    // Three new images, put in test; a new run extracts (caches) their features.
    await makeShapeDataset(path.join(root, 'shapes-more'), 1, 32, 7);
    for (const cls of fs.readdirSync(path.join(root, 'shapes-more')).slice(0, 3)) {
      fs.copyFileSync(path.join(root, 'shapes-more', cls, '0.png'), path.join(root, 'shapes', cls, 'late.png'));
    }
    expect((await engine.invoke('datasets.rescan', { datasetId })).added).toBe(3);
    const late = (await engine.invoke('images.query', { datasetId, search: 'late.png' })).items;
    await engine.invoke('images.setSplit', { imageIds: late.map((i) => i.id), split: 'test' });
    const before = await engine.invoke('runs.compare', { datasetId });
    expect(before.runs.map((r) => r.rescored)).toEqual([0, 0]); // not cached yet: left out
    expect(before.leftOut.notPredicted).toBe(3);
    const third = await waitForRun(engine, (await engine.invoke('train.rerun', { runId: runs.at(-1)!.id })).runId);
    const after = await engine.invoke('runs.compare', { datasetId });
    expect(after.leftOut.notPredicted).toBe(0);
    expect(after.count).toBe(before.count + 3);
    expect(after.runs.map((r) => r.rescored)).toEqual([3, 3, 0]);
    // The rerun on the same labels is the same head: same answers, same score.
    expect(after.runs[1]!.current!.accuracy).toBeCloseTo(after.runs[2]!.current!.accuracy, 9);
    expect(after.runs[2]!.current!.accuracy).toBeCloseTo(third.test!.accuracy, 9);
  });

  it('a run cannot be scored on images it trained on or never saw; bad requests are refused', async () => {
    const runs = await engine.invoke('runs.list', { datasetId });
    const train = (await engine.invoke('images.query', { datasetId, split: 'train', limit: 3 })).items;
    const moved = train.length;
    await engine.invoke('images.setSplit', { imageIds: train.map((i) => i.id), split: 'test' });
    const comparison = await engine.invoke('runs.compare', { datasetId, runIds: runs.map((r) => r.id) });
    expect(comparison.leftOut.trainedOn).toBe(3);
    expect(comparison.runs.slice(0, 2).every((r) => r.testSetChanged === moved + 3)).toBe(true);
    await expect(engine.invoke('runs.compare', { datasetId, runIds: [999] })).rejects.toThrow(/Run 999 does not exist/);
  });
});
