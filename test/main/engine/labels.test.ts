import fs from 'node:fs';
import { parseIdList } from '../../../src/shared/api/images';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../../src/main/engine/engine';
import { makeImageFolder, makeImage, tmpDir } from '../../helpers/make-images';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

describe('labels, images and undo', () => {
  let engine: Engine;
  let datasetId: number;

  beforeAll(async () => {
    const root = tmpDir('vit-labels-');
    dirs.push(root);
    await makeImageFolder(root, ['cat', 'dog'], 3);
    await makeImage(path.join(root, 'loose.jpg'), { noise: true, seed: 99 });
    engine = new Engine(tmpDir('vit-ws-'));
    dirs.push(engine.ctx.ws.paths.root);
    datasetId = (await engine.invoke('datasets.import', { folder: root, labelsFrom: 'folders' })).dataset;
  });
  afterAll(() => engine.close());

  const labelByName = async (name: string) =>
    (await engine.invoke('labels.list', { datasetId })).find((l) => l.name === name)!;
  const ids = async (filter: Record<string, unknown> = {}) => parseIdList(await engine.invoke('images.ids', { datasetId, ...filter }));

  it('lists labels with counts and palette colors', async () => {
    const labels = await engine.invoke('labels.list', { datasetId });
    expect(labels.map((l) => [l.name, l.count])).toEqual([['cat', 3], ['dog', 3]]);
    expect(labels.every((l) => /^#[0-9a-f]{6}$/.test(l.color))).toBe(true);
    expect(labels[0]!.color).not.toBe(labels[1]!.color);
    expect(await ids({ labelId: null })).toHaveLength(1);
  });

  it('queries with filters, sorting and paging', async () => {
    const page = await engine.invoke('images.query', { datasetId, sort: 'path', order: 'desc', offset: 1, limit: 2 });
    expect(page.total).toBe(7);
    expect(page.items.map((i) => i.relPath)).toEqual(['dog/dog_2.jpg', 'dog/dog_1.jpg']); // loose.jpg sorts first
    expect((await engine.invoke('images.query', { datasetId, search: 'CAT_1' })).items.map((i) => i.relPath)).toEqual(['cat/cat_1.jpg']);
    const cat = await labelByName('cat');
    expect(await ids({ labelId: cat.id })).toHaveLength(3);
  });

  it("sorts picked images in the order given ('picked': look-alikes, most similar first), with other filters and paging", async () => {
    const all = await ids({ sort: 'id' });
    const given = [all[4]!, all[0]!, all[6]!, all[2]!];
    expect(await ids({ imageIds: given, sort: 'picked' })).toEqual(given);
    expect(await ids({ imageIds: given, sort: 'picked', order: 'desc' })).toEqual([...given].reverse());
    const cat = await labelByName('cat');
    const cats = new Set(await ids({ labelId: cat.id }));
    const page = await engine.invoke('images.query', { datasetId, imageIds: given, labelId: cat.id, sort: 'picked', offset: 1, limit: 5 });
    expect(page.total).toBe(given.filter((id) => cats.has(id)).length);
    expect(page.items.map((i) => i.id)).toEqual(given.filter((id) => cats.has(id)).slice(1));
    expect(await ids({ sort: 'picked' })).toEqual(all); // without imageIds: import order
  });

  it('sets labels in one undoable edit, then undoes and redoes it', async () => {
    const cat = await labelByName('cat');
    const dogIds = await ids({ labelId: (await labelByName('dog')).id });
    const loose = await ids({ labelId: null });
    const result = await engine.invoke('images.setLabel', { imageIds: [...dogIds.slice(0, 2), ...loose], labelId: cat.id });
    expect(result).toMatchObject({ updated: 3, unchanged: 0 });
    expect((await labelByName('cat')).count).toBe(6);
    const undo = await engine.invoke('edits.undo', { datasetId });
    expect(undo).toEqual({ images: 3, canUndo: false, canRedo: true });
    expect((await labelByName('cat')).count).toBe(3);
    expect(await ids({ labelId: null })).toEqual(loose);
    expect((await engine.invoke('edits.redo', { datasetId })).images).toBe(3);
    expect((await labelByName('cat')).count).toBe(6);
    expect((await engine.invoke('edits.redo', { datasetId })).images).toBe(0);
    await engine.invoke('edits.undo', { datasetId });
    // A new edit drops the redo stack.
    await engine.invoke('images.setLabel', { imageIds: loose, labelId: null });
    await engine.invoke('images.setLabel', { imageIds: loose, labelId: (await labelByName('dog')).id });
    expect((await engine.invoke('edits.redo', { datasetId })).canRedo).toBe(false);
    await engine.invoke('edits.undo', { datasetId });
  });

  it('gives each image its own label in one undoable edit (bulk accept)', async () => {
    const cat = await labelByName('cat');
    const dog = await labelByName('dog');
    const [c1] = await ids({ labelId: cat.id });
    const [d1] = await ids({ labelId: dog.id });
    const result = await engine.invoke('images.setLabels', { assignments: [{ imageId: c1!, labelId: dog.id }, { imageId: d1!, labelId: dog.id }] });
    expect(result).toMatchObject({ updated: 1, unchanged: 1 });
    expect((await engine.invoke('images.get', { id: c1! })).labelId).toBe(dog.id);
    expect((await engine.invoke('edits.undo', { datasetId })).images).toBe(1);
    expect((await engine.invoke('images.get', { id: c1! })).labelId).toBe(cat.id);
    const twice = await engine.call('images.setLabels', { assignments: [{ imageId: c1!, labelId: dog.id }, { imageId: c1!, labelId: cat.id }] });
    expect(twice).toMatchObject({ ok: false, error: { code: 'invalid_argument' } });
    const unknown = await engine.call('images.setLabels', { assignments: [{ imageId: c1!, labelId: 999_999 }] });
    expect(unknown).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  it('creates, renames, recolors, merges and deletes labels', async () => {
    const bird = await engine.invoke('labels.create', { datasetId, name: '  bird ' });
    expect(bird).toMatchObject({ name: 'bird', count: 0 });
    const dup = await engine.call('labels.create', { datasetId, name: 'cat' });
    expect(dup).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect((await engine.invoke('labels.rename', { labelId: bird.id, name: 'birds' })).name).toBe('birds');
    expect((await engine.invoke('labels.recolor', { labelId: bird.id, color: '#ABCDEF' })).color).toBe('#abcdef');
    const cat = await labelByName('cat');
    await engine.invoke('images.setLabel', { imageIds: (await ids({ labelId: cat.id })).slice(0, 2), labelId: bird.id });
    const merged = await engine.invoke('labels.merge', { sourceId: bird.id, targetId: cat.id });
    expect(merged.count).toBe(3);
    expect((await engine.invoke('labels.list', { datasetId })).map((l) => l.name)).toEqual(['cat', 'dog']);
    // Merge clears the history: nothing to undo that could point at the removed label.
    expect((await engine.invoke('edits.undo', { datasetId })).images).toBe(0);
    const dog = await labelByName('dog');
    expect(await engine.invoke('labels.delete', { labelId: dog.id })).toEqual({ deleted: true, unlabeled: 3 });
    expect(await ids({ labelId: null })).toHaveLength(4);
  });

  it('answers bad requests with invalid_argument and unknown ids with not_found', async () => {
    const bad = [
      ['images.query', { datasetId: -1 }],
      ['images.query', { datasetId, limit: 5001 }],
      ['images.setLabel', { imageIds: [], labelId: null }],
      ['images.setLabel', { imageIds: [1.5], labelId: null }],
      ['labels.create', { datasetId, name: '' }],
      ['labels.create', { datasetId, name: 'x'.repeat(101) }],
      ['labels.recolor', { labelId: 1, color: 'red' }],
      ['splits.apply', { datasetId, ratios: [0.5, 0.5, 0.5] }],
      ['datasets.import', { folder: '' }],
      ['datasets.import', { folder: '/tmp', labelsFrom: 'magic' }],
      ['images.get', { id: '1' }],
      ['images.query', { datasetId, extra: 1 }],
    ] as const;
    for (const [channel, payload] of bad) {
      const r = await engine.call(channel, payload);
      expect(r.ok ? 'ok' : r.error.code, `${channel} ${JSON.stringify(payload)}`).toBe('invalid_argument');
    }
    const missing = [
      ['images.get', { id: 999999 }],
      ['datasets.get', { datasetId: 999 }],
      ['labels.rename', { labelId: 999, name: 'x' }],
      ['images.setLabel', { imageIds: [999999], labelId: null }],
      ['datasets.import', { folder: '/definitely/not/here' }],
    ] as const;
    for (const [channel, payload] of missing) {
      const r = await engine.call(channel, payload);
      expect(r.ok ? 'ok' : r.error.code, channel).toBe('not_found');
      if (!r.ok) expect(r.error.message.length).toBeGreaterThan(10);
    }
  });
});
