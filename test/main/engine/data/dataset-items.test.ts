import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type Database from 'better-sqlite3';
import { Engine } from '../../../../src/main/engine/engine';
import { datasetItems, packForWorker } from '../../../../src/main/engine/data/dataset-items';
import { unpackItems } from '../../../../src/shared/data/packed-items';
import { tmpDir } from '../../../helpers/make-images';
import { makeColourDataset } from './helpers';
import { syncDatasetItems } from './sync-dataset-items';
import { seedEmptyImageFiles } from '../../../helpers/empty-image-files';

// What an analysis reads of its dataset, now read in pages and checked on disk between other
// requests: the same as the synchronous reading before, a turn for the event loop meanwhile, and
// one state of the dataset even when it changes during the reading.
describe('datasetItems', () => {
  const root = tmpDir('vit-dataset-items-');
  let engine: Engine;
  let db: Database.Database;
  afterAll(() => {
    engine?.close();
    fs.rmSync(root, { recursive: true, force: true });
  });
  beforeAll(() => {
    engine = new Engine(path.join(root, 'ws'));
    db = engine.ctx.ws.db;
  });

  it('reads what the synchronous reading read, says the same skipped images and marks the same', async () => {
    await makeColourDataset(path.join(root, 'colours'), 4);
    const datasetId = (await engine.invoke('datasets.import', { folder: path.join(root, 'colours') })).dataset;
    const rows = db.prepare('SELECT id, rel_path FROM images WHERE dataset_id = ? ORDER BY id').all(datasetId) as { id: number; rel_path: string }[];
    const file = (k: number) => path.join(root, 'colours', rows[k]!.rel_path);
    fs.rmSync(file(1));
    fs.writeFileSync(file(5), 'not the image imported');
    db.prepare("UPDATE images SET status = 'changed' WHERE id = ?").run(rows[7]!.id); // found by an earlier run
    db.prepare('UPDATE images SET excluded = 1 WHERE id = ?').run(rows[9]!.id);
    await engine.invoke('images.setLabel', { imageIds: [rows[2]!.id], labelId: null });
    const statuses = () => db.prepare('SELECT id, status FROM images WHERE dataset_id = ? ORDER BY id').all(datasetId);
    const before = statuses();

    const read = await datasetItems(db, datasetId);
    const marked = statuses();
    db.prepare("UPDATE images SET status = 'ok' WHERE id IN (?, ?)").run(rows[1]!.id, rows[5]!.id);
    expect(statuses()).toEqual(before);
    const old = syncDatasetItems(db, datasetId);
    expect(statuses()).toEqual(marked);

    expect(read.settled).toBe(true);
    expect(read.root).toBe(path.join(root, 'colours'));
    expect(read.items).toEqual({
      imageIds: old.items.map((i) => i.imageId),
      hashes: old.items.map((i) => i.hash),
      relPaths: old.items.map((i) => i.relPath),
      labelIds: old.items.map((i) => i.labelId),
    });
    expect(read.items.imageIds).toHaveLength(rows.length - 4);
    expect(read.items.labelIds).toContain(null);
    expect(read.skipped).toEqual(old.skipped);
    expect(read.skipped.map((s) => s.relPath)).toEqual([rows[1]!.rel_path, rows[5]!.rel_path, rows[7]!.rel_path]);
    // Packed for the worker: each item's absolute path, as the old items had them.
    expect(unpackItems(await packForWorker(read)).map((i) => i.path)).toEqual(old.items.map((i) => i.path));
  });

  describe('at 20,000 images', () => {
    let datasetId: number;
    let labelIds: number[];
    beforeAll(() => {
      ({ datasetId, labelIds } = seedEmptyImageFiles(db, path.join(root, 'many'), 20_000, ['a', 'b'], (i) => i % 2));
    });

    it('lets the event loop run while it reads and checks them', async () => {
      let turns = 0;
      const ping = setInterval(() => turns++, 0);
      const read = await datasetItems(db, datasetId);
      clearInterval(ping);
      expect(read.items.imageIds).toHaveLength(20_000);
      expect(read.skipped).toEqual([]);
      expect(turns).toBeGreaterThan(2); // a synchronous reading gives the timer no turn before it ends
    });

    it('reads again when a label is set during the reading, and says when the dataset never settles', async () => {
      const first = (db.prepare('SELECT min(id) FROM images WHERE dataset_id = ?').pluck().get(datasetId) as number);
      const setLabel = (label: number) => db.prepare('UPDATE images SET label_id = ? WHERE id = ?').run(label, first);
      setImmediate(() => setLabel(labelIds[1]!)); // runs at the reading's first turn of the event loop
      const once = await datasetItems(db, datasetId);
      expect(once.settled).toBe(true);
      expect(once.items.labelIds[0]).toBe(labelIds[1]);

      // An "a" image after another becomes "b": the labels' sum moves every time (a toggle could come back).
      const as = db.prepare('SELECT id FROM images WHERE dataset_id = ? AND label_id = ? ORDER BY id').pluck().all(datasetId, labelIds[0]) as number[];
      const relabel = setInterval(() => db.prepare('UPDATE images SET label_id = ? WHERE id = ?').run(labelIds[1], as.pop()), 0);
      const never = await datasetItems(db, datasetId);
      clearInterval(relabel);
      expect(never.settled).toBe(false);
      expect(never.items.imageIds).toHaveLength(20_000);
    });
  });
});
