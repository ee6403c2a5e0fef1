import fs from 'node:fs';
import { afterAll, expect, it } from 'vitest';
import datasetLayout from '../../../../src/main/engine/migrations/004_dataset_layout';
import { openWorkspace } from '../../../../src/main/engine/workspace';
import { tmpDir } from '../../../helpers/make-images';
import { databaseBefore } from '../../../helpers/migration';

const dir = tmpDir('vit-mig-');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

it('upgrades a populated workspace: its datasets keep plain folders at level 1', () => {
  const db = databaseBefore(dir, datasetLayout);
  db.prepare("INSERT INTO datasets (id, name, root, labels_from) VALUES (1, 'old', '/data/old', 'folders')").run();
  db.prepare("INSERT INTO labels (id, dataset_id, name, color) VALUES (1, 1, 'train', '#fff')").run();
  db.prepare("INSERT INTO images (dataset_id, rel_path, hash, bytes, width, height, format, label_id, split) VALUES (1, 'train/a.png', 'h', 1, 1, 1, 'png', 1, 'val')").run();
  db.close();

  const ws = openWorkspace(dir);
  try {
    expect(ws.db.prepare('SELECT name, split_folders, label_level FROM datasets').all()).toEqual([
      { name: 'old', split_folders: 0, label_level: 1 },
    ]);
    expect(ws.db.prepare('SELECT rel_path, label_id, split FROM images').all()).toEqual([
      { rel_path: 'train/a.png', label_id: 1, split: 'val' },
    ]);
  } finally {
    ws.close();
  }
});
