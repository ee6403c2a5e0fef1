import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { migrations } from '../../../../src/main/engine/migrations';
import runNotes from '../../../../src/main/engine/migrations/006_run_notes';
import { openWorkspace } from '../../../../src/main/engine/workspace';
import { tmpDir } from '../../../helpers/make-images';

const dir = tmpDir('vit-mig-notes-');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

it('upgrades a populated workspace: runs keep everything and get no name, note or parent', () => {
  const version = migrations.indexOf(runNotes);
  expect(version).toBeGreaterThan(0);
  const db = new Database(path.join(dir, 'workspace.sqlite'));
  for (const sql of migrations.slice(0, version)) db.exec(sql);
  db.pragma(`user_version = ${version}`);
  db.prepare("INSERT INTO datasets (id, name, root, labels_from) VALUES (1, 'old', '/data/old', 'folders')").run();
  const ins = db.prepare("INSERT INTO runs (id, dataset_id, status, config, error, best_epoch) VALUES (?, 1, ?, '{\"epochs\":5}', ?, ?)");
  ins.run(1, 'completed', null, 3);
  ins.run(2, 'failed', 'the hub was unreachable', null);
  db.close();

  const ws = openWorkspace(dir);
  try {
    expect(ws.db.prepare('SELECT id, status, error, best_epoch, config, name, note, parent_run_id FROM runs ORDER BY id').all()).toEqual([
      { id: 1, status: 'completed', error: null, best_epoch: 3, config: '{"epochs":5}', name: null, note: null, parent_run_id: null },
      { id: 2, status: 'failed', error: 'the hub was unreachable', best_epoch: null, config: '{"epochs":5}', name: null, note: null, parent_run_id: null },
    ]);
    // The lineage column points at runs; a deleted parent leaves the retrain without one.
    ws.db.prepare('UPDATE runs SET parent_run_id = 1 WHERE id = 2').run();
    ws.db.prepare('DELETE FROM runs WHERE id = 1').run();
    expect(ws.db.prepare('SELECT parent_run_id FROM runs WHERE id = 2').get()).toEqual({ parent_run_id: null });
  } finally {
    ws.close();
  }
});
