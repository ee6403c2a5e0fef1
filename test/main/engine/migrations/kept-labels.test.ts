import fs from 'node:fs';
import { afterAll, expect, it } from 'vitest';
import keptLabels from '../../../../src/main/engine/migrations/007_kept_labels';
import { openWorkspace } from '../../../../src/main/engine/workspace';
import { keptImages, setKept } from '../../../../src/main/engine/data/kept-labels';
import { tmpDir } from '../../../helpers/make-images';
import { databaseBefore } from '../../../helpers/migration';

const dir = tmpDir('vit-mig-kept-');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

it('upgrades a populated workspace: images and labels unchanged, nothing kept; keep decisions follow the label', () => {
  const db = databaseBefore(dir, keptLabels);
  db.prepare("INSERT INTO datasets (id, name, root, labels_from) VALUES (1, 'old', '/data/old', 'folders')").run();
  db.prepare("INSERT INTO labels (id, dataset_id, name, color) VALUES (1, 1, 'cat', '#111111'), (2, 1, 'dog', '#222222')").run();
  const ins = db.prepare("INSERT INTO images (id, dataset_id, rel_path, hash, bytes, width, height, format, label_id, split) VALUES (?, 1, ?, ?, 1, 1, 1, 'png', ?, 'train')");
  ins.run(1, 'cat/a.png', 'h1', 1);
  ins.run(2, 'dog/b.png', 'h2', 2);
  ins.run(3, 'c.png', 'h3', null);
  db.prepare("INSERT INTO label_edits (dataset_id, images) VALUES (1, '[[1,2,1]]')").run();
  db.close();

  const ws = openWorkspace(dir);
  try {
    expect(ws.db.prepare('SELECT id, rel_path, hash, label_id, split FROM images ORDER BY id').all()).toEqual([
      { id: 1, rel_path: 'cat/a.png', hash: 'h1', label_id: 1, split: 'train' },
      { id: 2, rel_path: 'dog/b.png', hash: 'h2', label_id: 2, split: 'train' },
      { id: 3, rel_path: 'c.png', hash: 'h3', label_id: null, split: 'train' },
    ]);
    expect(ws.db.prepare('SELECT images FROM label_edits').pluck().all()).toEqual(['[[1,2,1]]']);
    expect(ws.db.prepare('SELECT count(*) FROM kept_labels').pluck().get()).toBe(0);
    expect(keptImages(ws.db, 1)).toEqual(new Set());

    // Kept with its current label; an unlabelled image has nothing to keep.
    expect(setKept(ws.db, [1, 2, 3], true)).toEqual({ changed: 2, unchanged: 1 });
    expect(setKept(ws.db, [1], true)).toEqual({ changed: 0, unchanged: 1 });
    expect(keptImages(ws.db, 1)).toEqual(new Set([1, 2]));
    // Relabelled: reviewable again; back to the kept label: kept again.
    ws.db.prepare('UPDATE images SET label_id = 2 WHERE id = 1').run();
    expect(keptImages(ws.db, 1)).toEqual(new Set([2]));
    ws.db.prepare('UPDATE images SET label_id = 1 WHERE id = 1').run();
    expect(keptImages(ws.db, 1)).toEqual(new Set([1, 2]));
    // Forgetting a keep (the undo), and what a deleted label or image takes with it.
    expect(setKept(ws.db, [1], false)).toEqual({ changed: 1, unchanged: 0 });
    expect(keptImages(ws.db, 1)).toEqual(new Set([2]));
    setKept(ws.db, [1], true);
    ws.db.prepare('DELETE FROM labels WHERE id = 2').run();
    ws.db.prepare('DELETE FROM images WHERE id = 1').run();
    expect(ws.db.prepare('SELECT count(*) FROM kept_labels').pluck().get()).toBe(0);
  } finally {
    ws.close();
  }
});
