import fs from 'node:fs';
import { afterAll, expect, it } from 'vitest';
import imageExcluded from '../../../../src/main/engine/migrations/005_image_excluded';
import { openWorkspace } from '../../../../src/main/engine/workspace';
import { tmpDir } from '../../../helpers/make-images';
import { databaseBefore } from '../../../helpers/migration';

const dir = tmpDir('vit-mig-');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

it('upgrades a populated workspace: every image stays in its dataset', () => {
  const db = databaseBefore(dir, imageExcluded);
  db.prepare("INSERT INTO datasets (id, name, root, labels_from) VALUES (1, 'old', '/data/old', 'folders')").run();
  const ins = db.prepare("INSERT INTO images (id, dataset_id, rel_path, hash, bytes, width, height, format, duplicate_of) VALUES (?, 1, ?, 'h', 1, 1, 1, 'png', ?)");
  ins.run(1, 'a.png', null);
  ins.run(2, 'b.png', 1);
  db.close();

  const ws = openWorkspace(dir);
  try {
    expect(ws.db.prepare('SELECT id, rel_path, duplicate_of, excluded FROM images ORDER BY id').all()).toEqual([
      { id: 1, rel_path: 'a.png', duplicate_of: null, excluded: 0 },
      { id: 2, rel_path: 'b.png', duplicate_of: 1, excluded: 0 },
    ]);
  } finally {
    ws.close();
  }
});
