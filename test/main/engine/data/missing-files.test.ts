import fs from 'node:fs';
import path from 'node:path';
import { expect, it, vi } from 'vitest';
import { Engine } from '../../../../src/main/engine/engine';
import { MissingFiles, missingOnDisk } from '../../../../src/main/engine/data/missing-files';
import { fingerprint } from '../../../../src/main/engine/data/dataset-items';
import { makeImageFolder } from '../../../helpers/make-images';
import { useTempDirs } from '../../../helpers/temp-dirs';

const tmp = useTempDirs();

async function importFolder(classes = ['a', 'b'], perClass = 3) {
  const root = tmp('vit-missing-');
  const folder = path.join(root, 'images');
  await makeImageFolder(folder, classes, perClass);
  const engine = new Engine(path.join(root, 'ws'));
  const datasetId = (await engine.invoke('datasets.import', { folder, labelsFrom: 'folders' })).dataset;
  const ids = new Map((await engine.invoke('images.query', { datasetId, limit: 100 })).items.map((i) => [i.relPath, i.id]));
  return { engine, db: engine.ctx.ws.db, folder, datasetId, ids };
}

it('finds the files deleted from disk, in any folder, a whole folder too, without marking them', async () => {
  const { engine, db, folder, datasetId, ids } = await importFolder(['a', 'b', 'c']);
  try {
    expect(await missingOnDisk(db, datasetId)).toEqual(new Set());
    fs.rmSync(path.join(folder, 'a', 'a_1.jpg'));
    fs.rmSync(path.join(folder, 'c'), { recursive: true });
    const missing = await missingOnDisk(db, datasetId);
    expect([...missing].sort((x, y) => x - y)).toEqual([ids.get('a/a_1.jpg'), ids.get('c/c_0.jpg'), ids.get('c/c_1.jpg'), ids.get('c/c_2.jpg')].sort((x, y) => x! - y!));
    expect(db.prepare(`SELECT count(*) FROM images WHERE dataset_id = ? AND status != 'ok'`).pluck().get(datasetId)).toBe(0);
    // An image left out of the dataset is not looked for (nothing shows it).
    await engine.invoke('images.setExcluded', { imageIds: [ids.get('a/a_1.jpg')!], excluded: true });
    expect((await missingOnDisk(db, datasetId)).has(ids.get('a/a_1.jpg')!)).toBe(false);
    // The dataset's folder out of reach (an unplugged drive): nothing is known of its files.
    fs.renameSync(folder, `${folder}-away`);
    expect(await missingOnDisk(db, datasetId)).toEqual(new Set());
    fs.renameSync(`${folder}-away`, folder);
    expect((await missingOnDisk(db, datasetId)).size).toBe(3);
  } finally {
    engine.close();
  }
});

it('checks again at most every few seconds, says when the set of missing files changes, and marks them on demand', async () => {
  const { engine, db, folder, datasetId, ids } = await importFolder();
  const changed = vi.fn();
  const closing = new AbortController();
  const files = new MissingFiles(db, changed, closing.signal);
  try {
    await files.refresh(datasetId);
    expect(files.known(datasetId).size).toBe(0);
    expect(changed).not.toHaveBeenCalled();
    const victim = ids.get('b/b_2.jpg')!;
    fs.rmSync(path.join(folder, 'b', 'b_2.jpg'));
    // Moments after a check, another is only scheduled: the answer of the last one stands.
    await files.refresh(datasetId);
    expect(files.known(datasetId).size).toBe(0);
    await vi.waitFor(() => expect(changed).toHaveBeenCalledWith(datasetId), { timeout: 10_000, interval: 100 });
    expect([...files.known(datasetId)]).toEqual([victim]);
    // Put back: known again at the next check (its point comes back), and said.
    fs.copyFileSync(path.join(folder, 'b', 'b_1.jpg'), path.join(folder, 'b', 'b_2.jpg'));
    await files.refresh(datasetId, true);
    expect(files.known(datasetId).size).toBe(0);
    expect(changed).toHaveBeenCalledTimes(2);
    fs.rmSync(path.join(folder, 'b', 'b_2.jpg'));
    await files.refresh(datasetId, true);
    expect([...files.known(datasetId)]).toEqual([victim]);
    // Marking moves the analyses' fingerprint (so they compute again) and empties the list.
    const before = fingerprint(db, datasetId, 'map', 'm');
    expect(await files.mark(datasetId)).toBe(1);
    expect(db.prepare('SELECT status FROM images WHERE id = ?').pluck().get(victim)).toBe('missing');
    expect(fingerprint(db, datasetId, 'map', 'm')).not.toBe(before);
    expect(files.known(datasetId).size).toBe(0);
    expect(await files.mark(datasetId)).toBe(0);
  } finally {
    closing.abort();
    engine.close();
  }
}, 20_000);
