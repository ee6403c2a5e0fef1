import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../../../src/main/engine/engine';
import { tmpDir } from '../../../helpers/make-images';
import { makeTinyCheckpoint } from '../../../helpers/tiny-vit';
import { useFreshWorkerBundle } from '../../train/helpers';
import { makeColourDataset, untilDone } from './helpers';

// The map, "more like this" and near-duplicate groups end to end: a generated colour set, plus a
// re-encoded copy (PNG, resized) of one image that the split puts in test while its original is
// in train.
describe('data.map, data.similar and data.nearDuplicates', () => {
  const root = tmpDir('vit-neighbors-');
  let engine: Engine;
  let datasetId: number;
  let model: string;
  let original: number;
  let copy: number;

  beforeAll(async () => {
    await useFreshWorkerBundle();
    const dir = path.join(root, 'colours');
    await makeColourDataset(dir, 30);
    await sharp(path.join(dir, 'green', 'green_7.jpg')).resize(40, 30).png().toFile(path.join(dir, 'green', 'copy_of_green_7.png'));
    model = makeTinyCheckpoint(path.join(root, 'tiny'), { hiddenSize: 32, layers: 2, heads: 4, imageSize: 32, patchSize: 8, labels: 0, seed: 3 }).folder;
    engine = new Engine(path.join(root, 'ws'));
    datasetId = (await engine.invoke('datasets.import', { folder: dir, labelsFrom: 'folders' })).dataset;
    await engine.invoke('splits.apply', { datasetId });
    const images = (await engine.invoke('images.query', { datasetId, limit: 1000 })).items;
    original = images.find((i) => i.relPath === 'green/green_7.jpg')!.id;
    copy = images.find((i) => i.relPath === 'green/copy_of_green_7.png')!.id;
    await engine.invoke('images.setSplit', { imageIds: [original], split: 'train' });
    await engine.invoke('images.setSplit', { imageIds: [copy], split: 'test' });
  }, 120_000);
  afterAll(() => {
    engine?.close();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('lays out every image on a map that keeps labels together', async () => {
    const r = await untilDone(() => engine.invoke('data.map', { datasetId, model }));
    expect(r.error).toBeNull();
    const m = r.result!;
    expect(m.count).toBe(151);
    expect(m.x.every((v) => v >= -1 && v <= 1) && m.y.every((v) => v >= -1 && v <= 1)).toBe(true);
    expect(m.predictions).toBe('missing');
    let agree = 0;
    for (let i = 0; i < m.count; i++) {
      const near = m.imageIds
        .map((_, j) => [j === i ? Infinity : (m.x[i]! - m.x[j]!) ** 2 + (m.y[i]! - m.y[j]!) ** 2, j] as const)
        .sort((a, b) => a[0] - b[0])
        .slice(0, 10);
      agree += near.filter(([, j]) => m.labelIds[j] === m.labelIds[i]).length;
    }
    console.log(`map: 10-NN label agreement ${(agree / (m.count * 10)).toFixed(3)} (chance 0.2), ${m.method}`);
    expect(agree / (m.count * 10)).toBeGreaterThan(0.8);
    // The map made the neighbour index on the way.
    expect((await engine.invoke('data.summary', { datasetId, model })).analyses.neighbors.status).toBe('ready');
  });

  it('finds the re-encoded copy as the most similar image', async () => {
    const r = await untilDone(() => engine.invoke('data.similar', { datasetId, model, imageId: original, k: 5 }));
    expect(r.status).toBe('ready');
    const s = r.result!;
    expect(s.image.imageId).toBe(original);
    expect(s.neighbors).toHaveLength(5);
    expect(s.neighbors[0]!.imageId).toBe(copy);
    expect(s.neighbors[0]!.similarity).toBeGreaterThan(0.98);

    for (let i = 1; i < 5; i++) expect(s.neighbors[i]!.similarity).toBeLessThanOrEqual(s.neighbors[i - 1]!.similarity);
    const labelled = (await engine.invoke('data.similar', { datasetId, model, imageId: original, k: 3, labeledOnly: true })).result!;
    expect(labelled.neighbors.every((nb) => nb.labelId !== null)).toBe(true);
  });

  // The tiny random backbone sees little beyond colour: its same-colour images are 0.98–0.995 alike,
  // the copy 0.999, so the threshold here is 0.998 (a real backbone separates far more).
  it('groups the pair as near-duplicates and flags the train/test leakage', async () => {
    const r = await untilDone(() => engine.invoke('data.nearDuplicates', { datasetId, model, threshold: 0.998 }));
    const v = r.result!;
    const pair = v.groups.find((g) => g.images.some((i) => i.imageId === copy));
    expect(pair).toBeDefined();
    expect(pair!.images.map((i) => i.imageId).sort((a, b) => a - b)).toEqual([original, copy].sort((a, b) => a - b));
    expect(pair!.leakage).toBe(true);
    expect(pair!.splits.sort()).toEqual(['test', 'train']);
    expect(v.leakageGroups).toBeGreaterThanOrEqual(1);
    const leaks = (await engine.invoke('data.nearDuplicates', { datasetId, model, threshold: 0.998, leakageOnly: true })).result!;
    expect(leaks.groups.every((g) => g.leakage)).toBe(true);
    const none = (await engine.invoke('data.nearDuplicates', { datasetId, model, threshold: 1 })).result!;
    expect(none.notes.join(' ')).toMatch(/No two images are at least 1 similar/);
    const unknown = await engine.call('data.similar', { datasetId, model, imageId: 999_999 });
    expect(unknown).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  // The cached map, groups and look-alikes were computed with the copy there; deleted after, it
  // is left out of each (found by the engine's check of the files, nothing marked) and said; a
  // recompute (retry) marks it and computes without it.
  it('leaves out an image deleted after the results were computed, says so, and recomputes without it', async () => {
    const copyFile = (await engine.invoke('images.get', { id: copy })).relPath;
    const dir = (await engine.invoke('datasets.get', { datasetId })).root;
    fs.rmSync(path.join(dir, copyFile));
    const map = await engine.invoke('data.map', { datasetId, model, checkFiles: true });
    expect(map.status).toBe('ready');
    expect(map.stale).toBe(false);
    expect(map.result!.count).toBe(150);
    expect(map.result!.imageIds).not.toContain(copy);
    expect(map.result!.goneSince).toEqual({ count: 1, sentence: '1 image deleted since this map was computed is left out (green/copy_of_green_7.png).' });
    const dups = (await engine.invoke('data.nearDuplicates', { datasetId, model, threshold: 0.998 })).result!;
    expect(dups.groups.some((g) => g.images.some((i) => i.imageId === copy))).toBe(false);
    expect(dups.goneSince!.sentence).toBe('1 image deleted since the look-alikes were computed is left out (green/copy_of_green_7.png).');
    const similar = (await engine.invoke('data.similar', { datasetId, model, imageId: original, k: 5 })).result!;
    expect(similar.neighbors.map((nb) => nb.imageId)).not.toContain(copy);
    expect(similar.neighbors).toHaveLength(5);
    expect(await engine.call('data.similar', { datasetId, model, imageId: copy })).toMatchObject({ ok: false, error: { code: 'not_found', message: expect.stringMatching(/was deleted since the look-alikes were computed/) } });
    // Recompute: marked missing, computed again without it; nothing left to say.
    const again = await engine.invoke('data.map', { datasetId, model, retry: true });
    expect(again.status).toBe('running');
    expect(again.result!.goneSince!.count).toBe(1);
    const fresh = await untilDone(() => engine.invoke('data.map', { datasetId, model }));
    expect(fresh.result!.count).toBe(150);
    expect(fresh.result!.goneSince).toBeNull();
    expect(fresh.result!.computedAt).not.toBe(map.result!.computedAt);
    expect(fresh.result!.notes.join(' ')).toMatch(/1 image\(s\) were deleted or changed since import and are left out/);
  });
});
