import fs from 'node:fs';
import { afterAll, expect, it } from 'vitest';
import analysisBackbone from '../../../../src/main/engine/migrations/010_analysis_backbone';
import { Engine } from '../../../../src/main/engine/engine';
import { tmpDir } from '../../../helpers/make-images';
import { databaseBefore } from '../../../helpers/migration';

const dir = tmpDir('vit-mig-backbone-');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

it('upgrades a populated workspace: datasets keep everything and have no backbone chosen; one can be chosen per dataset', async () => {
  const db = databaseBefore(dir, analysisBackbone);
  db.prepare("INSERT INTO datasets (id, name, root, labels_from, split_seed, test_locked) VALUES (1, 'pets', '/data/pets', 'folders', 7, 1), (2, 'scans', '/data/scans', 'none', 42, 0)").run();
  db.prepare("INSERT INTO labels (id, dataset_id, name, color) VALUES (1, 1, 'cat', '#111111')").run();
  db.prepare("INSERT INTO images (id, dataset_id, rel_path, hash, bytes, width, height, format, label_id, split) VALUES (1, 1, 'cat/a.png', 'h1', 1, 1, 1, 'png', 1, 'train')").run();
  db.close();

  const engine = new Engine(dir);
  try {
    const ws = engine.ctx.ws;
    expect(ws.db.prepare('SELECT id, name, root, split_seed, test_locked, analysis_model FROM datasets ORDER BY id').all()).toEqual([
      { id: 1, name: 'pets', root: '/data/pets', split_seed: 7, test_locked: 1, analysis_model: null },
      { id: 2, name: 'scans', root: '/data/scans', split_seed: 42, test_locked: 0, analysis_model: null },
    ]);
    expect(ws.db.prepare('SELECT id, rel_path, label_id, split FROM images').all()).toEqual([{ id: 1, rel_path: 'cat/a.png', label_id: 1, split: 'train' }]);
    expect(await engine.invoke('data.backbone', { datasetId: 1 })).toEqual({ datasetId: 1, model: null });
    await engine.invoke('data.chooseBackbone', { datasetId: 1, model: 'facebook/dinov2-small' });
    expect((await engine.invoke('data.backbone', { datasetId: 1 })).model).toBe('facebook/dinov2-small');
    expect((await engine.invoke('data.backbone', { datasetId: 2 })).model).toBeNull();
    expect((await engine.invoke('datasets.list', {})).map((d) => d.name)).toEqual(['pets', 'scans']);
  } finally {
    engine.close();
  }
});
