import { expect, it } from 'vitest';
import splitTotalsAndIndexes from '../../../../src/main/engine/migrations/011_split_totals_and_sort_indexes';
import { Engine } from '../../../../src/main/engine/engine';
import { fingerprint } from '../../../../src/main/engine/data/dataset-items';
import { datasetCounts, fingerprintSums } from '../../../../src/main/engine/image-totals';
import { parseIdList } from '../../../../src/shared/api/images';
import { databaseBefore } from '../../../helpers/migration';
import { useTempDirs } from '../../../helpers/temp-dirs';
import { scanDatasetCounts, scanFingerprintSums } from '../scan-counts';
import { scanEvenSample, scanIds, scanPage, scanSplitSummary } from '../scan-queries';

const tmp = useTempDirs();

it('upgrades a populated schema-10 workspace: totals per split, the same summaries, pages, id lists and sample, fingerprints unchanged', async () => {
  const dir = tmp('vit-mig-split-totals-');
  const db = databaseBefore(dir, splitTotalsAndIndexes);
  db.prepare("INSERT INTO datasets (id, name, root, labels_from) VALUES (1, 'old', '/data/old', 'folders'), (2, 'other', '/data/other', 'none')").run();
  db.prepare("INSERT INTO labels (id, dataset_id, name, color) VALUES (1, 1, 'dog', '#111111'), (2, 1, 'cat', '#222222'), (3, 1, 'empty', '#333333')").run();
  const ins = db.prepare('INSERT INTO images (id, dataset_id, rel_path, hash, bytes, width, height, format, label_id, split, status, excluded, duplicate_of) VALUES (?, ?, ?, ?, ?, 1, 1, ?, ?, ?, ?, ?, ?)');
  const rows: [number, number, string, string, number, number | null, string | null, string, number, number | null][] = [
    [1, 1, 'dog/a.png', 'a1', 300, 1, 'train', 'ok', 0, null],
    [2, 1, 'dog/a-copy.png', 'a1', 300, 1, 'test', 'ok', 0, 1],
    [3, 1, 'cat/b.png', 'b2', 100, 2, 'val', 'ok', 0, null],
    [4, 1, 'cat/gone.png', 'c3', 200, 2, 'train', 'missing', 0, null],
    [5, 1, 'cat/edited.png', 'd4', 50, 2, null, 'changed', 0, null],
    [6, 1, 'left-out.png', 'e5', 300, 1, 'train', 'ok', 1, null],
    [7, 1, 'loose.png', 'f6', 10, null, null, 'ok', 0, null],
    [8, 1, 'loose2.png', 'g7', 300, null, 'test', 'ok', 0, null],
    [9, 1, 'cat/c.png', 'h8', 100, 2, 'train', 'ok', 0, null],
    [10, 2, 'x.png', 'i9', 1, null, 'train', 'ok', 0, null],
  ];
  for (const [id, ds, rel, hash, bytes, label, split, status, excluded, dup] of rows) ins.run(id, ds, rel, hash, bytes, 'png', label, split, status, excluded, dup);
  const filters = [
    { sort: 'label' as const }, { sort: 'label' as const, order: 'desc' as const }, { sort: 'size' as const }, { sort: 'split' as const, order: 'desc' as const },
    { sort: 'status' as const }, { sort: 'label' as const, split: null }, { sort: 'size' as const, excluded: true }, { sort: 'path' as const, labelId: 2 },
  ];
  const before = [1, 2].map((id) => ({
    summary: scanSplitSummary(db, id),
    sample: scanEvenSample(db, id, 3),
    fingerprints: (['kfold', 'map'] as const).map((kind) => fingerprint(db, id, kind, 'm')),
    pages: filters.map((f) => scanPage(db, { datasetId: id, ...f }, 1, 3)),
    ids: filters.map((f) => scanIds(db, { datasetId: id, ...f })),
  }));
  expect(before[0]!.summary).toEqual([
    { labelId: 2, name: 'cat', train: 1, val: 1, test: 0, unassigned: 1 },
    { labelId: 1, name: 'dog', train: 1, val: 0, test: 1, unassigned: 0 },
    { labelId: null, name: '(unlabeled)', train: 0, val: 0, test: 1, unassigned: 1 },
  ]);
  db.close();

  const engine = new Engine(dir);
  try {
    const wdb = engine.ctx.ws.db;
    expect(wdb.pragma('user_version', { simple: true })).toBeGreaterThanOrEqual(11);
    expect(wdb.prepare("SELECT count(*) FROM pragma_table_info('image_totals') WHERE name = 'split'").pluck().get()).toBe(1);
    const indexes = wdb.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND name IN ('images_by_label_order', 'images_by_split_order', 'images_by_status_order', 'images_by_size')").pluck().all();
    expect(indexes).toHaveLength(4);
    const plan = (sql: string) => (wdb.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[]).map((r) => r.detail).join(' ');
    expect(plan('SELECT id FROM images WHERE dataset_id = 1 AND excluded = 0 ORDER BY bytes, id LIMIT 5')).toContain('images_by_size');
    expect(plan("SELECT id FROM images WHERE dataset_id = 1 AND excluded = 0 AND status = 'ok' AND id > 3 ORDER BY id LIMIT 1")).toContain('COVERING INDEX images_by_status_order');
    // A group of a label or split order is read in id order from its index, never sorted.
    for (const [column, index] of [['label_id', 'images_by_label_order'], ['split', 'images_by_split_order'], ['status', 'images_by_status_order']]) {
      const group = plan(`SELECT i.* FROM images i LEFT JOIN labels l ON l.id = i.label_id WHERE i.dataset_id = 1 AND i.excluded = 0 AND i.${column} IS 2 ORDER BY i.id DESC LIMIT 5 OFFSET 1`);
      expect(group).toContain(index);
      expect(group).not.toContain('TEMP B-TREE');
    }
    for (const [k, id] of [1, 2].entries()) {
      const b = before[k]!;
      expect(datasetCounts(wdb, id)).toEqual(scanDatasetCounts(wdb, id));
      expect(fingerprintSums(wdb, id)).toEqual(scanFingerprintSums(wdb, id));
      expect((['kfold', 'map'] as const).map((kind) => fingerprint(wdb, id, kind, 'm'))).toEqual(b.fingerprints);
      expect(await engine.invoke('splits.summary', { datasetId: id })).toEqual(b.summary);
      expect((await engine.invoke('datasets.get', { datasetId: id })).imageCount).toBe(scanDatasetCounts(wdb, id).images);
      for (const [j, f] of filters.entries()) {
        const page = await engine.invoke('images.query', { datasetId: id, ...f, offset: 1, limit: 3 });
        expect({ total: page.total, ids: page.items.map((i) => i.id) }, JSON.stringify(f)).toEqual(b.pages[j]);
        expect(parseIdList(await engine.invoke('images.ids', { datasetId: id, ...f }))).toEqual(b.ids[j]);
      }
    }
    expect(scanEvenSample(wdb, 1, 3)).toEqual(before[0]!.sample);
    // Edits after the upgrade keep the per-split totals in step.
    wdb.prepare("UPDATE images SET split = 'val' WHERE id = 1").run();
    wdb.prepare('UPDATE images SET split = NULL WHERE id = 8').run();
    wdb.prepare('DELETE FROM images WHERE id = 9').run();
    expect(await engine.invoke('splits.summary', { datasetId: 1 })).toEqual(scanSplitSummary(wdb, 1));
    expect((await engine.invoke('splits.summary', { datasetId: 1 }))[1]).toEqual({ labelId: 1, name: 'dog', train: 0, val: 1, test: 1, unassigned: 0 });
  } finally {
    engine.close();
  }
});
