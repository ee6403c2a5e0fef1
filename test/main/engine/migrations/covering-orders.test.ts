import { expect, it } from 'vitest';
import coveringOrders from '../../../../src/main/engine/migrations/013_covering_orders_and_path_search';
import { Engine } from '../../../../src/main/engine/engine';
import { syncPathTrigrams } from '../../../../src/main/engine/path-trigrams';
import { IMAGE_SORTS, parseIdList } from '../../../../src/shared/api/images';
import { databaseBefore } from '../../../helpers/migration';
import { useTempDirs } from '../../../helpers/temp-dirs';
import { scanIds, scanPage } from '../scan-queries';

const tmp = useTempDirs();

it('upgrades a populated workspace: the same pages and searches, each order walked from its index, every path in the trigram index', async () => {
  const dir = tmp('vit-mig-covering-');
  const db = databaseBefore(dir, coveringOrders);
  db.prepare("INSERT INTO datasets (id, name, root, labels_from) VALUES (1, 'old', '/data/old', 'folders'), (2, 'other', '/data/other', 'none')").run();
  db.prepare("INSERT INTO labels (id, dataset_id, name, color) VALUES (1, 1, 'cat', '#111111'), (2, 1, 'dog', '#222222')").run();
  const ins = db.prepare('INSERT INTO images (id, dataset_id, rel_path, hash, bytes, width, height, format, label_id, split, status, excluded) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
  const names = ['Cat/IMG_2.png', 'dog/img_9.png', 'cat/1.png', 'Dog/IMG_10.png', 'cat/img_1.png', 'z.png', 'dog/é_1.png', 'y.png', 'CAT/Ébène.png'];
  // Ties in every key (bytes, width, height), NULL labels and splits, a missing image, an excluded one.
  names.forEach((name, i) => ins.run(i + 1, 1, name, `h${i}`, [30, 10, 30][i % 3], [640, 32][i % 2], [480, 480, 8][i % 3], 'png', [1, 2, null][i % 3], ['train', 'val', null, 'test'][i % 4], i === 5 ? 'missing' : 'ok', i === 2 ? 1 : 0));
  ins.run(10, 2, 'cat/0.png', 'h10', 5, 5, 5, 'png', null, 'train', 'ok', 0);
  const filters = [
    ...IMAGE_SORTS.filter((s) => s !== 'picked').flatMap((sort) => [{ sort }, { sort, order: 'desc' as const }, { sort, labelId: 1 }, { sort, split: null }]),
    { sort: 'width' as const, search: 'img' },
    { sort: 'path' as const, search: 'IMG_1' },
    { sort: 'height' as const, order: 'desc' as const, search: 'ébè' },
    { search: 'g/' },
    { search: 'at/', excluded: true },
  ];
  const before = filters.map((f) => ({ page: scanPage(db, { datasetId: 1, ...f }, 1, 3), ids: scanIds(db, { datasetId: 1, ...f }) }));
  expect(before.at(-4)!.ids).toEqual([4, 5]); // IMG_1 in either case: Dog/IMG_10, cat/img_1
  db.close();

  const engine = new Engine(dir);
  try {
    const wdb = engine.ctx.ws.db;
    expect(wdb.pragma('user_version', { simple: true })).toBeGreaterThanOrEqual(13);
    expect(wdb.prepare('SELECT count(*) FROM images').pluck().get()).toBe(10);
    const plan = (sql: string) => (wdb.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[]).map((r) => r.detail).join(' ');
    // Each order, under a label filter too, walks its index in grid order (ties by id) and tests the filter on the index entry.
    for (const [key, index] of [['bytes', 'images_by_size'], ['width', 'images_by_width_order'], ['height', 'images_by_height_order']]) {
      for (const dir of ['ASC', 'DESC']) {
        const walk = plan(`SELECT i.* FROM images i INDEXED BY ${index} WHERE i.dataset_id = 1 AND i.excluded = 0 AND i.label_id IS NULL AND i.split = 'val' ORDER BY i.${key} ${dir}, i.id ${dir} LIMIT 5 OFFSET 1`);
        expect(walk).toContain(index);
        expect(walk).not.toContain('TEMP B-TREE');
      }
    }
    for (const index of ['images_by_id_order', 'images_by_label_order', 'images_by_split_order', 'images_by_status_order']) {
      const walk = plan(`SELECT i.id FROM images i INDEXED BY ${index} WHERE i.dataset_id = 1 AND i.excluded = 0 AND i.label_id IS 2 AND i.split IS 'val' AND i.status IS 'ok' ORDER BY i.id DESC LIMIT 5`);
      expect(walk).toContain(`COVERING INDEX ${index}`);
      expect(walk).not.toContain('TEMP B-TREE');
    }
    // Every path is in the trigram index, case-folded.
    const trigrams = (search: string) => wdb.prepare('SELECT rowid FROM images_path_trigrams WHERE images_path_trigrams MATCH ? ORDER BY rowid').pluck().all(search);
    expect(trigrams('"img_"')).toEqual([1, 2, 4, 5]);
    expect(trigrams('"cat/"')).toEqual([1, 3, 5, 9, 10]);
    expect(trigrams('"ébène"')).toEqual([9]);
    for (const [k, f] of filters.entries()) {
      const page = await engine.invoke('images.query', { datasetId: 1, ...f, offset: 1, limit: 3 });
      expect({ total: page.total, ids: page.items.map((i) => i.id) }, JSON.stringify(f)).toEqual(before[k]!.page);
      expect(parseIdList(await engine.invoke('images.ids', { datasetId: 1, ...f })), JSON.stringify(f)).toEqual(before[k]!.ids);
    }
    // New and renamed images are indexed…
    wdb.prepare("UPDATE images SET rel_path = 'renamed/Zebra.png' WHERE id = 8").run();
    wdb.prepare("INSERT INTO images (dataset_id, rel_path, hash, bytes, width, height, format) VALUES (1, 'new/zebra_2.png', 'h11', 1, 1, 1, 'png')").run();
    // …through the triggers' log: found before it is moved into the index, and after.
    expect(wdb.prepare('SELECT id FROM images_path_pending ORDER BY id').pluck().all()).toEqual([8, 11]);
    expect(parseIdList(await engine.invoke('images.ids', { datasetId: 1, search: 'ZEBRA' }))).toEqual([11, 8]);
    syncPathTrigrams(wdb);
    expect(wdb.prepare('SELECT count(*) FROM images_path_pending').pluck().get()).toBe(0);
    expect(trigrams('"zebra"')).toEqual([8, 11]);
    expect(trigrams('"y.png"')).toEqual([]);
    expect(parseIdList(await engine.invoke('images.ids', { datasetId: 1, search: 'ZEBRA' }))).toEqual([11, 8]);
  } finally {
    engine.close();
  }
});
