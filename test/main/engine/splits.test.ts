import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../../src/main/engine/engine';
import { parseIdList } from '../../../src/shared/api/images';
import { assignSplits, type SplitItem } from '../../../src/shared/split';
import type { Split } from '../../../src/shared/types';
import { makeDataset, makeImageFolder, tmpDir } from '../../helpers/make-images';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

const items = (groups: Record<string, number>): SplitItem[] => {
  const out: SplitItem[] = [];
  let id = 1;
  for (const [group, n] of Object.entries(groups)) {
    for (let i = 0; i < n; i++, id++) {
      out.push({ id, key: `h${group}${i}`, tieBreak: `${group}/${i}`, group, split: null, pinned: false });
    }
  }
  return out;
};
const opts = { ratios: [0.8, 0.1, 0.1] as const, seed: 42, mode: 'all' as const, testLocked: false };

describe('assignSplits (pure)', () => {
  it('stratifies: per group each split within ±1 of its ratio', () => {
    const all = items({ a: 53, b: 17, c: 4, unlabeled: 31 });
    const result = assignSplits(all, opts);
    for (const [group, n] of Object.entries({ a: 53, b: 17, c: 4, unlabeled: 31 })) {
      const counts = { train: 0, val: 0, test: 0 };
      for (const it of all.filter((x) => x.group === group)) counts[result.get(it.id)!]++;
      expect(Math.abs(counts.train - 0.8 * n)).toBeLessThanOrEqual(1);
      expect(Math.abs(counts.val - 0.1 * n)).toBeLessThanOrEqual(1);
      expect(Math.abs(counts.test - 0.1 * n)).toBeLessThanOrEqual(1);
    }
  });

  it('is reproducible whatever the row order, and depends on the seed', () => {
    const all = items({ a: 40, b: 40 });
    const a = assignSplits(all, opts);
    const b = assignSplits([...all].reverse(), opts);
    expect([...b].sort()).toEqual([...a].sort());
    const c = assignSplits(all, { ...opts, seed: 7 });
    expect([...c].sort()).not.toEqual([...a].sort());
  });

  it('unassigned mode moves nothing that has a split, pinned items never move, a locked test stays', () => {
    const all = items({ a: 30 });
    const first = assignSplits(all, opts);
    const assigned = all.map((x) => ({ ...x, split: first.get(x.id)! as Split }));
    const more = [...assigned, ...items({ a: 40 }).slice(30).map((x) => ({ ...x, id: x.id + 100 }))];
    const next = assignSplits(more, { ...opts, mode: 'unassigned' });
    for (const x of assigned) expect(next.has(x.id)).toBe(false);
    expect(next.size).toBe(10);

    const pinned = assigned.map((x, i) => (i < 5 ? { ...x, split: 'test' as Split, pinned: true } : x));
    const again = assignSplits(pinned, { ...opts, seed: 9 });
    for (const x of pinned.slice(0, 5)) expect(again.has(x.id)).toBe(false);

    const locked = assignSplits(assigned, { ...opts, seed: 123, testLocked: true });
    for (const x of assigned) {
      const after = locked.get(x.id) ?? x.split;
      expect(after === 'test').toBe(x.split === 'test');
    }
  });
});

describe('splits through the engine', () => {
  let engine: Engine;
  let root: string;
  let datasetId: number;
  const splitsOf = async () => {
    const { items } = await engine.invoke('images.query', { datasetId, limit: 5000 });
    return new Map(items.map((i) => [i.relPath, i.split]));
  };

  beforeAll(async () => {
    root = tmpDir('vit-splits-');
    dirs.push(root);
    await makeImageFolder(root, ['a', 'b', 'c'], 20, { width: 8, height: 8 });
    engine = new Engine(tmpDir('vit-ws-'));
    dirs.push(engine.ctx.ws.paths.root);
    datasetId = (await engine.invoke('datasets.import', { folder: root, labelsFrom: 'folders' })).dataset;
  });
  afterAll(() => engine.close());

  it('import assigns a stratified split; the summary shows it per label', async () => {
    const summary = await engine.invoke('splits.summary', { datasetId });
    expect(summary.map((r) => [r.name, r.train, r.val, r.test, r.unassigned])).toEqual([
      ['a', 16, 2, 2, 0],
      ['b', 16, 2, 2, 0],
      ['c', 16, 2, 2, 0],
    ]);
  });

  it('is reproducible: the same apply twice gives the same assignment', async () => {
    await engine.invoke('splits.apply', { datasetId, mode: 'all', seed: 5 });
    const first = await splitsOf();
    await engine.invoke('splits.apply', { datasetId, mode: 'all', seed: 6 });
    expect(await splitsOf()).not.toEqual(first);
    await engine.invoke('splits.apply', { datasetId, mode: 'all', seed: 5 });
    expect(await splitsOf()).toEqual(first);
  });

  it('images added later get a split and no existing image moves', async () => {
    const before = await splitsOf();
    const spec: Record<string, object> = {};
    for (let i = 0; i < 10; i++) spec[`a/new_${i}.jpg`] = { width: 8, height: 8, seed: 1000 + i };
    await makeDataset(root, spec);
    const report = await engine.invoke('datasets.rescan', { datasetId });
    expect(report.added).toBe(10);
    const after = await splitsOf();
    for (const [p, s] of before) expect(after.get(p)).toBe(s);
    expect([...after.values()].filter((s) => s === null)).toHaveLength(0);
    const a = (await engine.invoke('splits.summary', { datasetId })).find((r) => r.name === 'a')!;
    expect(Math.abs(a.train - 24)).toBeLessThanOrEqual(1);
    expect(Math.abs(a.test - 3)).toBeLessThanOrEqual(1);
  });

  it('respects per-image overrides and the test lock', async () => {
    const ids = parseIdList(await engine.invoke('images.ids', { datasetId, split: 'train' }));
    await engine.invoke('images.setSplit', { imageIds: ids.slice(0, 3), split: 'val' });
    await engine.invoke('splits.lockTest', { datasetId, locked: true });
    const testBefore = new Set(parseIdList(await engine.invoke('images.ids', { datasetId, split: 'test' })));
    await engine.invoke('splits.apply', { datasetId, mode: 'all', seed: 77, ratios: [0.6, 0.2, 0.2] });
    const testAfter = new Set(parseIdList(await engine.invoke('images.ids', { datasetId, split: 'test' })));
    expect(testAfter).toEqual(testBefore);
    for (const id of ids.slice(0, 3)) expect((await engine.invoke('images.get', { id })).split).toBe('val');
    expect((await engine.invoke('datasets.get', { datasetId })).testLocked).toBe(true);
    await engine.invoke('splits.lockTest', { datasetId, locked: false });
    await engine.invoke('splits.apply', { datasetId, mode: 'all', seed: 77, ratios: [0.6, 0.2, 0.2] });
    expect(new Set(parseIdList(await engine.invoke('images.ids', { datasetId, split: 'test' })))).not.toEqual(testBefore);
  });
});

describe('rescan keeps labels through moves and renames', () => {
  it('moved/renamed files keep label and split, vanished ones go missing, changed ones are marked', async () => {
    const root = tmpDir('vit-rescan-');
    dirs.push(root);
    await makeImageFolder(root, ['cat', 'dog'], 3, { width: 8, height: 8 });
    const engine = new Engine(tmpDir('vit-ws-'));
    dirs.push(engine.ctx.ws.paths.root);
    try {
      const { dataset: datasetId } = await engine.invoke('datasets.import', { folder: root, labelsFrom: 'folders' });
      const dog = (await engine.invoke('labels.list', { datasetId })).find((l) => l.name === 'dog')!;
      const cat = (await engine.invoke('labels.list', { datasetId })).find((l) => l.name === 'cat')!;
      const byPath = async (p: string) =>
        (await engine.invoke('images.query', { datasetId, limit: 100 })).items.find((i) => i.relPath === p);
      // The user relabels cat_0 as dog, then reorganizes the folder.
      const cat0 = (await byPath('cat/cat_0.jpg'))!;
      await engine.invoke('images.setLabel', { imageIds: [cat0.id], labelId: dog.id });
      fs.mkdirSync(path.join(root, 'misc'));
      fs.renameSync(path.join(root, 'cat/cat_0.jpg'), path.join(root, 'misc/renamed.jpg'));
      fs.renameSync(path.join(root, 'dog/dog_1.jpg'), path.join(root, 'dog/dog_one.jpg'));
      fs.rmSync(path.join(root, 'dog/dog_2.jpg'));
      await makeDataset(root, { 'cat/cat_1.jpg': { width: 8, height: 8, seed: 555 } });
      const report = await engine.invoke('datasets.rescan', { datasetId });
      expect(report).toMatchObject({ added: 0, vanished: 1, images: 5 });
      expect(await byPath('misc/renamed.jpg')).toMatchObject({ id: cat0.id, labelId: dog.id, split: cat0.split });
      expect((await byPath('dog/dog_one.jpg'))!.labelId).toBe(dog.id);
      expect((await byPath('dog/dog_2.jpg'))!.status).toBe('missing');
      expect(await byPath('cat/cat_1.jpg')).toMatchObject({ status: 'changed', labelId: cat.id });
      expect(parseIdList(await engine.invoke('images.ids', { datasetId, status: 'missing' }))).toHaveLength(1);
      // Missing file coming back takes its old row again.
      await makeDataset(root, { 'dog/dog_2.jpg': { width: 8, height: 8, seed: 777 } });
      const back = await engine.invoke('datasets.rescan', { datasetId });
      expect(back.images).toBe(6);
      expect((await byPath('dog/dog_2.jpg'))!.status).not.toBe('missing');
    } finally {
      engine.close();
    }
  });
});
