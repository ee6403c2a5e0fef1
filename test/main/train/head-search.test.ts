import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Engine } from '../../../src/main/engine/engine';
import { tmpDir } from '../../helpers/make-images';
import { makeTinyCheckpoint } from '../../helpers/tiny-vit';
import { makeColourDataset } from '../engine/data/helpers';
import { useFreshWorkerBundle, waitForRun } from './helpers';
import { HEAD_SEARCH, searchHeadSettings } from '../../../src/main/train/head-search';
import { trainHeadAuto } from '../../../src/main/train/head-trainer';
import { scoreLinear } from '../../../src/main/train/head-score';
import { transpose } from '../../../src/main/train/head-loop';
import { noisyFeatures } from '../../helpers/noisy-features';

describe('head settings chosen on the validation split', () => {
  // Small-valued features of 10 overlapping classes: the default lr 3e-4 for 5 epochs underfits.
  const D = 64, L = 10;
  const all = noisyFeatures(1000, D, L, 0, 8, 4);
  const x = all.x.map((v) => v * 0.05);
  const slice = (from: number, to: number) => ({ x: x.slice(from * D, to * D), y: all.labels.slice(from, to) });
  const train = slice(0, 600), val = slice(600, 800), test = slice(800, 1000);
  const base = { dim: D, numLabels: L, epochs: 5, lr: 3e-4, batchSize: 32, weightDecay: 0, patience: null, classWeighting: false, seed: 1 };
  const accuracy = async (o: typeof base) => {
    const h = await trainHeadAuto(train, val, o);
    return scoreLinear(test, transpose(h.weight, L, D), h.bias, D, L, new Float32Array(L).fill(1)).acc;
  };

  it('beats the defaults when every setting is open, and records every trial', async () => {
    const search = await searchHeadSettings(train, val, base, ['lr', 'epochs', 'weightDecay']);
    expect(search.trials).toHaveLength(HEAD_SEARCH.lr.length * HEAD_SEARCH.weightDecay.length);
    expect(HEAD_SEARCH.lr).toContain(search.chosen.lr);
    expect(search.chosen.epochs).toBeGreaterThanOrEqual(1);
    const best = Math.max(...search.trials.map((t) => t.valAcc));
    expect(search.trials.find((t) => t.lr === search.chosen.lr && t.weightDecay === search.chosen.weightDecay)!.valAcc).toBe(best);
    const defaults = await accuracy(base);
    const chosen = await accuracy({ ...base, ...search.chosen });
    console.log(`test accuracy: defaults ${(defaults * 100).toFixed(1)}%, searched (lr ${search.chosen.lr}, ${search.chosen.epochs} epochs, wd ${search.chosen.weightDecay}) ${(chosen * 100).toFixed(1)}%`);
    expect(chosen).toBeGreaterThan(defaults + 0.05);
  });

  it('keeps the values the user gave', async () => {
    const search = await searchHeadSettings(train, val, { ...base, lr: 0.01 }, ['weightDecay']);
    expect(search.trials.map((t) => t.lr)).toEqual([0.01, 0.01]);
    expect(search.chosen).toMatchObject({ lr: 0.01, epochs: 5 });
    expect(search.trials.every((t) => t.epochs <= 5)).toBe(true);
  });
});

describe('a run with open head settings', () => {
  it('records the search and its chosen values; a rerun trains with them as given', async () => {
    await useFreshWorkerBundle();
    const root = tmpDir('vit-head-search-');
    await makeColourDataset(path.join(root, 'colours'), 12);
    const model = makeTinyCheckpoint(path.join(root, 'tiny'), { hiddenSize: 32, layers: 1, heads: 4, imageSize: 32, patchSize: 8, labels: 0, seed: 2 }).folder;
    const engine = new Engine(path.join(root, 'ws'));
    try {
      const datasetId = (await engine.invoke('datasets.import', { folder: path.join(root, 'colours') })).dataset;
      await engine.invoke('splits.apply', { datasetId, ratios: [0.6, 0.2, 0.2] });
      const { runId } = await engine.invoke('train.start', { datasetId, model, lr: 0.01 });
      const run = await waitForRun(engine, runId);
      expect(run.status, run.error ?? '').toBe('completed');
      expect(run.config.tune).toEqual(['epochs', 'weightDecay']);
      const search = run.config.headSearch!;
      expect(search.trials).toHaveLength(HEAD_SEARCH.weightDecay.length);
      expect(run.config).toMatchObject({ lr: 0.01, epochs: search.chosen.epochs, weightDecay: search.chosen.weightDecay });
      expect(run.epochs.length).toBeLessThanOrEqual(search.chosen.epochs);
      const again = await waitForRun(engine, (await engine.invoke('train.rerun', { runId })).runId);
      expect(again.config.tune).toEqual([]);
      expect(again.config.headSearch).toBeNull();
      expect(again.config).toMatchObject({ lr: 0.01, epochs: search.chosen.epochs, weightDecay: search.chosen.weightDecay });
    } finally {
      engine.close();
      fs.rmSync(root, { recursive: true, force: true });
    }
  }, 240_000);
});
