import path from 'node:path';
import { expect, it } from 'vitest';
import { Engine } from '../../../../src/main/engine/engine';
import { goneImages, goneSince } from '../../../../src/main/engine/data/gone-since';
import { makeImageFolder } from '../../../helpers/make-images';
import { useTempDirs } from '../../../helpers/temp-dirs';

const tmp = useTempDirs();

/** An engine with one dataset of five images a/a_0.jpg … a/a_4.jpg; their ids in that order. */
async function fiveImages() {
  const root = tmp('vit-gone-');
  const folder = path.join(root, 'images');
  await makeImageFolder(folder, ['a'], 5);
  const engine = new Engine(path.join(root, 'ws'));
  const datasetId = (await engine.invoke('datasets.import', { folder })).dataset;
  const ids = (await engine.invoke('images.query', { datasetId, limit: 10, sort: 'id' })).items.map((i) => i.id);
  return { engine, db: engine.ctx.ws.db, datasetId, ids };
}

it('knows the images marked missing or changed, left out of the dataset, or found missing on disk', async () => {
  const { engine, db, datasetId, ids } = await fiveImages();
  try {
    const [i1, i2, i3, i4] = ids;
    expect(goneImages(db, datasetId, new Set())).toEqual(new Map());
    db.prepare(`UPDATE images SET status = 'missing' WHERE id = ?`).run(i1);
    db.prepare(`UPDATE images SET status = 'changed' WHERE id = ?`).run(i2);
    await engine.invoke('images.setExcluded', { imageIds: [i3!], excluded: true });
    expect(goneImages(db, datasetId, new Set([i4!]))).toEqual(new Map([[i1, 'deleted'], [i2, 'changed'], [i3, 'removed'], [i4, 'deleted']]));
  } finally {
    engine.close();
  }
});

it('says how many of a result are gone in one sentence, with why and the first three names', async () => {
  const { engine, db, ids } = await fiveImages();
  try {
    const [i1, i2, i3, i4, i5] = ids as [number, number, number, number, number];
    const since = 'this map was computed';
    expect(goneSince(db, ids, new Map(), since)).toBeNull();
    expect(goneSince(db, ids, new Map([[999, 'deleted']]), since)).toBeNull(); // not one of the result's
    expect(goneSince(db, ids, new Map([[i2, 'deleted']]), since)).toEqual({ count: 1, sentence: '1 image deleted since this map was computed is left out (a/a_1.jpg).' });
    expect(goneSince(db, ids, new Map([[i1, 'deleted'], [i2, 'deleted'], [i3, 'deleted']]), since)!.sentence).toBe('3 images deleted since this map was computed are left out (a/a_0.jpg, a/a_1.jpg, a/a_2.jpg).');
    expect(goneSince(db, ids, new Map([[i1, 'removed'], [i2, 'deleted']]), 'the labels were checked')!.sentence).toBe(
      '2 images deleted or removed from the dataset since the labels were checked are left out (a/a_0.jpg, a/a_1.jpg).',
    );
    expect(goneSince(db, ids, new Map([[i1, 'removed'], [i2, 'changed'], [i4, 'deleted'], [i5, 'deleted']]), 'x')!.sentence).toBe(
      '4 images deleted, changed on disk or removed from the dataset since x are left out (a/a_0.jpg, a/a_1.jpg, a/a_3.jpg, …).',
    );
  } finally {
    engine.close();
  }
});
