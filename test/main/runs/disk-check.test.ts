import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Engine } from '../../../src/main/engine/engine';
import { findChangedOnDisk, markChanged, type ChangedImage, type DiskImage } from '../../../src/main/runs/disk-check';
import { tmpDir } from '../../helpers/make-images';

// The disk check of a run's or an analysis's images: what it finds, on both of its paths (a local
// disk's synchronous stats in slices; libuv's threads once stats are slow), without holding the event loop.
describe('findChangedOnDisk', () => {
  const root = tmpDir('vit-disk-check-');
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  const imageOf = (id: number, rel: string): DiskImage => {
    const file = path.join(root, rel);
    const stat = fs.statSync(file);
    return { id, rel_path: rel, hash: createHash('sha1').update(fs.readFileSync(file)).digest('hex'), bytes: stat.size, mtime_ms: Math.trunc(stat.mtimeMs) };
  };

  it('finds the deleted and the edited files, in order, and not those only touched', async () => {
    const names = ['a/same.png', 'a/deleted.png', 'b/edited.png', 'b/touched.png', 'b/same too.png'];
    for (const [i, rel] of names.entries()) {
      fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
      fs.writeFileSync(path.join(root, rel), `image ${i}`);
    }
    const images = names.map((rel, i) => imageOf(10 + i, rel));
    fs.rmSync(path.join(root, 'a/deleted.png'));
    fs.writeFileSync(path.join(root, 'b/edited.png'), 'another image, longer');
    fs.utimesSync(path.join(root, 'b/touched.png'), new Date(), new Date(Date.now() + 5000));
    for (const slowStatMs of [undefined, -1]) {
      const changed = await findChangedOnDisk(root, images.length, (i) => images[i]!, undefined, slowStatMs);
      expect(changed).toEqual([
        { index: 1, imageId: 11, relPath: 'a/deleted.png', reason: 'deleted or moved since import', status: 'missing' },
        { index: 2, imageId: 12, relPath: 'b/edited.png', reason: 'modified since import: rescan the dataset to use it', status: 'changed' },
      ]);
    }
  });

  it('lets the event loop run while it checks 20,000 files, on either path, and stops when aborted', async () => {
    const images = Array.from({ length: 20_000 }, (_, i): DiskImage => ({ id: i + 1, rel_path: `gone/${i}.png`, hash: 'h', bytes: 1, mtime_ms: 0 }));
    for (const slowStatMs of [undefined, -1]) {
      let turns = 0;
      const ping = setInterval(() => turns++, 0);
      const changed = await findChangedOnDisk(root, images.length, (i) => images[i]!, undefined, slowStatMs);
      clearInterval(ping);
      expect(changed.length).toBe(20_000);
      expect(changed.map((c) => c.index)).toEqual(images.map((_, i) => i));
      expect(turns).toBeGreaterThan(1); // a synchronous check gives the timer no turn before it ends
    }
    const abort = new AbortController();
    setTimeout(() => abort.abort(new Error('stop')), 1);
    await expect(findChangedOnDisk(root, images.length, (i) => images[i]!, abort.signal)).rejects.toThrow('stop');
  });

  it('marks in chunks between other requests, and says when something else was written meanwhile', async () => {
    const engine = new Engine(path.join(root, 'ws'));
    try {
      const db = engine.ctx.ws.db;
      const datasetId = Number(db.prepare("INSERT INTO datasets (name, root, labels_from) VALUES ('d', ?, 'none')").run(root).lastInsertRowid);
      const insert = db.prepare("INSERT INTO images (dataset_id, rel_path, hash, bytes, width, height, format) VALUES (?, ?, 'h', 1, 8, 8, 'png')");
      const ids = db.transaction(() => Array.from({ length: 6000 }, (_, i) => Number(insert.run(datasetId, `m/${i}.png`).lastInsertRowid)))();
      const gone = (from: number, to: number): ChangedImage[] =>
        ids.slice(from, to).map((id, k) => ({ index: from + k, imageId: id, relPath: `m/${from + k}.png`, reason: 'deleted or moved since import', status: 'missing' }));
      const missing = () => db.prepare("SELECT count(*) FROM images WHERE dataset_id = ? AND status = 'missing'").pluck().get(datasetId);
      expect(await markChanged(db, gone(0, 3000))).toBe(true);
      expect(missing()).toBe(3000);
      setImmediate(() => db.prepare("UPDATE images SET status = 'changed' WHERE id = ?").run(ids[5999])); // at the marking's first turn
      expect(await markChanged(db, gone(3000, 5999))).toBe(false);
      expect(missing()).toBe(5999);
    } finally {
      engine.close();
    }
  });
});
