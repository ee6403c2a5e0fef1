import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { datasetItems } from '../../../src/main/engine/data/dataset-items';
import { Engine } from '../../../src/main/engine/engine';
import { makeDataset, tmpDir } from '../../helpers/make-images';

// "672 duplicates" while the filter showed 1,272 images: copies come in groups, and "keep one"
// leaves the other copies out of the dataset without touching a file.
describe('exact duplicates: groups and keep one', () => {
  let engine: Engine;
  let root: string;
  let datasetId: number;
  const files = ['cat/a.jpg', 'cat/b.jpg', 'dog/a-copy.jpg', 'dog/d.jpg', 'dog/d-copy.jpg', 'dog/f.jpg'];

  beforeAll(async () => {
    root = tmpDir('vit-dups-');
    engine = new Engine(tmpDir('vit-ws-'));
    await makeDataset(root, { 'cat/a.jpg': {}, 'dog/d.jpg': {}, 'dog/f.jpg': {} });
    fs.copyFileSync(path.join(root, 'cat/a.jpg'), path.join(root, 'cat/b.jpg'));
    fs.copyFileSync(path.join(root, 'cat/a.jpg'), path.join(root, 'dog/a-copy.jpg'));
    fs.copyFileSync(path.join(root, 'dog/d.jpg'), path.join(root, 'dog/d-copy.jpg'));
    datasetId = (await engine.invoke('datasets.import', { folder: root, labelsFrom: 'folders' })).dataset;
  });
  afterAll(() => {
    engine.close();
    fs.rmSync(root, { recursive: true, force: true });
    fs.rmSync(engine.ctx.ws.paths.root, { recursive: true, force: true });
  });

  const paths = async (filter: { excluded?: boolean; duplicatesOnly?: boolean } = {}) =>
    (await engine.invoke('images.query', { datasetId, ...filter })).items.map((i) => i.relPath).sort();

  it('groups copies by content, largest group first', async () => {
    const { total, images, groups } = await engine.invoke('images.duplicateGroups', { datasetId });
    expect([total, images]).toEqual([2, 5]);
    expect(groups.map((g) => g.images.map((i) => i.relPath))).toEqual([
      ['cat/a.jpg', 'cat/b.jpg', 'dog/a-copy.jpg'],
      ['dog/d-copy.jpg', 'dog/d.jpg'], // by import order: paths sorted, '-' before '.'
    ]);
    expect((await engine.invoke('datasets.get', { datasetId })).duplicateCount).toBe(3);
  });

  it('keep one excludes the other copies, keeps every file, and can be undone', async () => {
    const b = (await engine.invoke('images.query', { datasetId, search: 'cat/b' })).items[0]!;
    expect(await engine.invoke('images.keepOne', { imageId: b.id })).toEqual({ kept: b.id, excluded: 2 });
    for (const f of files) expect(fs.existsSync(path.join(root, f)), f).toBe(true);
    expect(await paths()).toEqual(['cat/b.jpg', 'dog/d-copy.jpg', 'dog/d.jpg', 'dog/f.jpg']);
    expect(await paths({ excluded: true })).toEqual(['cat/a.jpg', 'dog/a-copy.jpg']);
    expect(await engine.invoke('datasets.get', { datasetId })).toMatchObject({ imageCount: 4, excludedCount: 2, duplicateCount: 1 });
    expect((await engine.invoke('images.duplicateGroups', { datasetId })).total).toBe(1);
    expect(await engine.invoke('labels.list', { datasetId })).toMatchObject([{ name: 'cat', count: 1 }, { name: 'dog', count: 3 }]);
    // The data-loop analyses (label issues, suggestions, near-duplicates) leave them out too.
    expect([...(await datasetItems(engine.ctx.ws.db, datasetId)).items.relPaths].sort()).toEqual(['cat/b.jpg', 'dog/d-copy.jpg', 'dog/d.jpg', 'dog/f.jpg']);
    const split = await engine.invoke('splits.summary', { datasetId });
    expect(split.reduce((s, r) => s + r.train + r.val + r.test + r.unassigned, 0)).toBe(4);

    // A rescan keeps them excluded; bringing one back makes it a duplicate again.
    expect((await engine.invoke('datasets.rescan', { datasetId })).images).toBe(4);
    const a = (await engine.invoke('images.query', { datasetId, excluded: true, search: 'cat/a' })).items[0]!;
    expect(await engine.invoke('images.setExcluded', { imageIds: [a.id], excluded: false })).toEqual({ updated: 1 });
    expect(await engine.invoke('datasets.get', { datasetId })).toMatchObject({ imageCount: 5, excludedCount: 1, duplicateCount: 2 });
  });

  it('refuses an unknown image', async () => {
    const r = await engine.call('images.keepOne', { imageId: 999 });
    expect(r.ok ? null : r.error.code).toBe('not_found');
  });
});
