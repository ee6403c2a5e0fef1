import { expect, it } from 'vitest';
import gridPathIndex from '../../../../src/main/engine/migrations/009_grid_path_index';
import { Engine } from '../../../../src/main/engine/engine';
import { databaseBefore } from '../../../helpers/migration';
import { useTempDirs } from '../../../helpers/temp-dirs';

const tmp = useTempDirs();

it('upgrades a populated workspace: the same grid pages, in path order, read through the new index', async () => {
  const dir = tmp('vit-mig-grid-');
  const db = databaseBefore(dir, gridPathIndex);
  db.prepare("INSERT INTO datasets (id, name, root, labels_from) VALUES (1, 'old', '/data/old', 'folders'), (2, 'other', '/data/other', 'none')").run();
  db.prepare("INSERT INTO labels (id, dataset_id, name, color) VALUES (1, 1, 'cat', '#111111')").run();
  const ins = db.prepare("INSERT INTO images (id, dataset_id, rel_path, hash, bytes, width, height, format, label_id, excluded) VALUES (?, ?, ?, ?, 1, 1, 1, 'png', ?, ?)");
  const names = ['b/2.png', 'a/9.png', 'c/1.png', 'a/10.png', 'b/1.png', 'z.png'];
  names.forEach((name, i) => ins.run(i + 1, 1, name, `h${i}`, i % 2 ? 1 : null, i === 2 ? 1 : 0));
  ins.run(7, 2, 'a/0.png', 'h7', null, 0);
  const page = (offset: number, excluded = 0) =>
    db.prepare('SELECT id FROM images WHERE dataset_id = 1 AND excluded = ? ORDER BY rel_path, id LIMIT 2 OFFSET ?').pluck().all(excluded, offset);
  const before = [page(0), page(2), page(4), page(0, 1)];
  db.close();

  const engine = new Engine(dir);
  try {
    const wdb = engine.ctx.ws.db;
    expect(wdb.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND name = 'images_by_path'").pluck().get()).toBe('images_by_path');
    const plan = wdb.prepare('EXPLAIN QUERY PLAN SELECT i.* FROM images i WHERE i.dataset_id = 1 AND i.excluded = 0 ORDER BY i.rel_path, i.id LIMIT 2').all() as { detail: string }[];
    expect(plan.map((r) => r.detail).join(' ')).toContain('images_by_path');
    const ids = async (offset: number, excluded = false) => (await engine.invoke('images.query', { datasetId: 1, offset, limit: 2, excluded })).items.map((r) => r.id);
    expect([await ids(0), await ids(2), await ids(4), await ids(0, true)]).toEqual(before);
    expect(before).toEqual([[4, 2], [5, 1], [6], [3]]);
    expect((await engine.invoke('images.query', { datasetId: 1 })).total).toBe(5);
  } finally {
    engine.close();
  }
});
