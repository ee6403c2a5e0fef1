import { expect, it } from 'vitest';
import filteredPathIndexes from '../../../../src/main/engine/migrations/012_filtered_path_indexes';
import { Engine } from '../../../../src/main/engine/engine';
import { parseIdList } from '../../../../src/shared/api/images';
import { databaseBefore } from '../../../helpers/migration';
import { useTempDirs } from '../../../helpers/temp-dirs';
import { scanIds, scanPage } from '../scan-queries';

const tmp = useTempDirs();

it('upgrades a populated workspace: the same pages under label, split and status filters, read through the new indexes', async () => {
  const dir = tmp('vit-mig-filtered-path-');
  const db = databaseBefore(dir, filteredPathIndexes);
  db.prepare("INSERT INTO datasets (id, name, root, labels_from) VALUES (1, 'old', '/data/old', 'folders'), (2, 'other', '/data/other', 'none')").run();
  db.prepare("INSERT INTO labels (id, dataset_id, name, color) VALUES (1, 1, 'cat', '#111111'), (2, 1, 'dog', '#222222')").run();
  const ins = db.prepare('INSERT INTO images (id, dataset_id, rel_path, hash, bytes, width, height, format, label_id, split, status, excluded) VALUES (?, ?, ?, ?, 1, 1, 1, ?, ?, ?, ?, ?)');
  const names = ['b/2.png', 'a/9.png', 'c/1.png', 'a/10.png', 'b/1.png', 'z.png', 'a/1.png', 'y.png'];
  names.forEach((name, i) => ins.run(i + 1, 1, name, `h${i}`, 'png', [1, 2, null][i % 3], ['train', 'val', null, 'test'][i % 4], i === 5 ? 'missing' : 'ok', i === 2 ? 1 : 0));
  ins.run(9, 2, 'a/0.png', 'h9', 'png', null, 'train', 'ok', 0);
  const filters = [{ labelId: 1 }, { labelId: null }, { split: 'val' as const }, { split: null }, { status: 'missing' as const }, { labelId: 2, split: 'val' as const }, { labelId: 1, excluded: true }];
  const before = filters.map((f) => ({ page: scanPage(db, { datasetId: 1, ...f }, 1, 2), ids: scanIds(db, { datasetId: 1, ...f }) }));
  expect(before[0]!.ids).toEqual([7, 4, 1]); // cat: a/1, a/10, b/2
  db.close();

  const engine = new Engine(dir);
  try {
    const wdb = engine.ctx.ws.db;
    const plan = (where: string) =>
      (wdb.prepare(`EXPLAIN QUERY PLAN SELECT i.* FROM images i WHERE i.dataset_id = 1 AND i.excluded = 0 AND ${where} ORDER BY i.rel_path, i.id LIMIT 2`).all() as { detail: string }[])
        .map((r) => r.detail)
        .join(' ');
    expect(plan('i.label_id = 1')).toContain('images_by_label_path');
    expect(plan('i.label_id IS NULL')).toContain('images_by_label_path');
    expect(plan("i.split = 'val'")).toContain('images_by_split_path');
    expect(plan("i.status = 'missing'")).toContain('images_by_status_path');
    for (const [k, f] of filters.entries()) {
      const page = await engine.invoke('images.query', { datasetId: 1, ...f, offset: 1, limit: 2 });
      expect({ total: page.total, ids: page.items.map((i) => i.id) }, JSON.stringify(f)).toEqual(before[k]!.page);
      expect(parseIdList(await engine.invoke('images.ids', { datasetId: 1, ...f }))).toEqual(before[k]!.ids);
    }
  } finally {
    engine.close();
  }
});
