import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Engine } from '../../../src/main/engine/engine';
import type { JobProgress } from '../../../src/shared/types';
import { tmpDir } from '../../helpers/make-images';
import { makeShapeDataset, useFreshWorkerBundle, waitForRun } from './helpers';

// From scratch, an epoch takes minutes: "waiting for the first epoch…" for 90 s is no progress.
// The run reports batches, with a rate and an ETA, and the shape it was given.
const root = tmpDir('vit-scratch-progress-');
let engine: Engine;
let datasetId: number;

beforeAll(async () => {
  await useFreshWorkerBundle();
  await makeShapeDataset(path.join(root, 'shapes'), 10);
  engine = new Engine(path.join(root, 'ws'));
  datasetId = (await engine.invoke('datasets.import', { folder: path.join(root, 'shapes'), labelsFrom: 'folders' })).dataset;
  await engine.invoke('splits.apply', { datasetId });
});
afterAll(() => engine?.close());

it('progress counts batches over the whole run with an ETA', async () => {
  const seen: JobProgress[] = [];
  engine.on((e) => e.type === 'progress' && e.progress.kind === 'train' && seen.push(e.progress));
  const shape = { imageSize: 16, patchSize: 8, hiddenSize: 16, layers: 1, heads: 2 };
  const { runId } = await engine.invoke('train.start', { datasetId, model: 'scratch', fromScratch: true, scratch: shape, epochs: 3, batchSize: 4 });
  const run = await waitForRun(engine, runId);
  expect(run.status, run.error ?? '').toBe('completed');
  expect(run.config.scratch).toEqual(shape);
  const batches = seen.filter((p) => /^batch \d+\/\d+$/.test(p.message ?? ''));
  expect(batches.length).toBeGreaterThan(0);
  const perEpoch = Math.ceil(run.images.train / 4);
  for (const p of batches) {
    expect(p.phase).toMatch(/^epoch [1-3]\/3$/);
    expect(p.total).toBe(3 * perEpoch);
    expect(p.message).toMatch(new RegExp(`/${perEpoch}$`));
  }
  expect(batches.some((p) => p.etaSeconds !== null)).toBe(true);
  // Counted from the start: batch 0 of the first epoch before any batch has run.
  expect(batches[0]).toMatchObject({ phase: 'epoch 1/3', done: 0, message: `batch 0/${perEpoch}`, etaSeconds: null });
  // Never backwards, epoch events included.
  const done = seen.filter((p) => p.phase.startsWith('epoch')).map((p) => p.done);
  expect(done).toEqual([...done].sort((a, b) => a - b));
  expect(done.at(-1)).toBe(3 * perEpoch);
  // A shape that cannot be built is refused before a run exists.
  const bad = await engine.call('train.start', { datasetId, model: 'scratch', fromScratch: true, scratch: { ...shape, hiddenSize: 15 } });
  expect(bad.ok ? null : bad.error.message).toMatch(/multiple of the number of heads/);
});
