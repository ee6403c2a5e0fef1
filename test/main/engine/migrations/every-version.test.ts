import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Engine } from '../../../../src/main/engine/engine';
import { migrations } from '../../../../src/main/engine/migrations';
import { openWorkspace } from '../../../../src/main/engine/workspace';
import { tmpDir } from '../../../helpers/make-images';

// A populated workspace of every older schema version upgrades to the current one with all of its
// data: the rows are built by running the migrations up to that version and inserting what a user
// of that version had (two datasets, labels, images with splits and duplicates, skipped files, an
// undo log, a completed run with epochs, metrics and predictions, a failed run). Columns a later
// migration added take their declared default; the engine then reads it all back.

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

const config = {
  model: 'google/vit-base-patch16-224', revision: null, modelFolder: '/models/vit', engine: 'ort', engineRequested: null, device: 'CPU (2 threads)',
  tfjsBackend: 'wasm', fromScratch: false, scratch: null, epochs: 3, lr: 3e-4, batchSize: 32, weightDecay: 0, augment: 'none', augmentConfig: null,
  views: 0, augmentSeed: 0, earlyStopping: null, classWeighting: false, seed: 0, splitSeed: 7, labels: [{ id: 1, name: 'cat' }, { id: 2, name: 'dog' }],
};

/** Rows in insertion order (foreign keys first). A column the version does not have yet is left out. */
const ROWS: [table: string, rows: Record<string, unknown>[]][] = [
  ['datasets', [
    { id: 1, name: 'pets', root: '/data/pets', labels_from: 'folders', created_at: '2026-11-01T10:00:00.000Z', split_seed: 7, split_ratios: '[0.7,0.2,0.1]', test_locked: 1, split_folders: 1, label_level: 2 },
    { id: 2, name: 'scans', root: '/data/scans', labels_from: 'none', created_at: '2026-11-02T09:30:00.000Z', split_seed: 42, split_ratios: '[0.8,0.1,0.1]', test_locked: 0 },
  ]],
  ['labels', [
    { id: 1, dataset_id: 1, name: 'cat', color: '#e6194b' },
    { id: 2, dataset_id: 1, name: 'dog', color: '#3cb44b' },
  ]],
  ['images', [
    { id: 1, dataset_id: 1, rel_path: 'cat/1.jpg', hash: 'a1', bytes: 1200, mtime_ms: 1730000000000, width: 640, height: 480, format: 'jpeg', label_id: 1, split: 'train', split_override: 0, status: 'ok' },
    { id: 2, dataset_id: 1, rel_path: 'cat/2.jpg', hash: 'a2', bytes: 1300, mtime_ms: 1730000001000, width: 640, height: 480, format: 'jpeg', label_id: 1, split: 'test', split_override: 1, status: 'ok' },
    { id: 3, dataset_id: 1, rel_path: 'dog/1.png', hash: 'b1', bytes: 900, mtime_ms: 1730000002000, width: 320, height: 240, format: 'png', label_id: 2, split: 'val', status: 'ok', excluded: 0 },
    { id: 4, dataset_id: 1, rel_path: 'dog/1 copy.png', hash: 'b1', bytes: 900, mtime_ms: 1730000003000, width: 320, height: 240, format: 'png', label_id: 2, split: 'train', status: 'ok', duplicate_of: 3, excluded: 1 },
    { id: 5, dataset_id: 1, rel_path: 'dog/gone.png', hash: 'b3', bytes: 10, width: 8, height: 8, format: 'png', label_id: null, split: null, status: 'missing' },
    { id: 6, dataset_id: 2, rel_path: 'scan-001.tif', hash: 'c1', bytes: 50000, width: 1024, height: 1024, format: 'tiff' },
  ]],
  ['skipped_files', [{ id: 1, dataset_id: 1, rel_path: 'notes.txt', reason: 'not an image' }]],
  ['label_edits', [{ id: 1, dataset_id: 1, created_at: '2026-11-01T11:00:00.000Z', images: '[[1,null,1]]', undone: 0 }]],
  ['kept_labels', [{ image_id: 3, label_id: 2, kept_at: '2026-11-04T10:00:00.000Z' }]],
  ['runs', [
    {
      id: 1, dataset_id: 1, status: 'completed', config: JSON.stringify(config), created_at: '2026-11-03T08:00:00.000Z', finished_at: '2026-11-03T08:01:00.000Z',
      error: null, worker_pid: 4242, best_epoch: 2, weights_path: '/ws/runs/1/head.safetensors', extraction_s: 12.5, training_s: 0.7, images_per_s: 8.1,
      extracted: 4, cached: 0, skipped: '[{"imageId":5,"relPath":"dog/gone.png","reason":"deleted or moved since import"}]', name: 'baseline', note: 'first try',
    },
    { id: 2, dataset_id: 1, status: 'failed', config: JSON.stringify(config), created_at: '2026-11-03T09:00:00.000Z', error: 'the hub was unreachable', parent_run_id: 1 },
  ]],
  ['run_images', [
    { run_id: 1, image_id: 1, label_id: 1, split: 'train' },
    { run_id: 1, image_id: 2, label_id: 1, split: 'test' },
    { run_id: 1, image_id: 3, label_id: 2, split: 'val' },
  ]],
  ['run_epochs', [
    { run_id: 1, epoch: 1, train_loss: 0.69, train_acc: 0.5, val_loss: 0.6, val_acc: 0.5 },
    { run_id: 1, epoch: 2, train_loss: 0.41, train_acc: 1, val_loss: 0.35, val_acc: 1 },
  ]],
  ['run_metrics', [
    { run_id: 1, accuracy: 1, macro_f1: 1, weighted_f1: 1, confusion: '[[1,0],[0,0]]', count: 1,
      per_class: '[{"precision":1,"recall":1,"f1":1,"support":1},{"precision":0,"recall":0,"f1":0,"support":0}]' },
  ]],
  ['run_predictions', [
    { run_id: 1, image_id: 2, split: 'test', true_label_id: 1, predicted_label_id: 1, confidence: 0.93, top_k: '[[1,0.93],[2,0.07]]' },
    { run_id: 1, image_id: 3, split: 'val', true_label_id: 2, predicted_label_id: 1, confidence: 0.55, top_k: '[[1,0.55],[2,0.45]]' },
  ]],
];

const columnsOf = (db: Database.Database, table: string) =>
  db.prepare(`SELECT name, dflt_value FROM pragma_table_info(?)`).all(table) as { name: string; dflt_value: string | null }[];

/** A column's declared default as the value SQLite stores (NULL, a number or a quoted string). */
function defaultValue(sql: string | null): unknown {
  if (sql === null || sql.toUpperCase() === 'NULL') return null;
  if (/^-?\d+(\.\d+)?$/.test(sql)) return Number(sql);
  if (/^'.*'$/.test(sql)) return sql.slice(1, -1).replace(/''/g, "'");
  return undefined; // an expression (a timestamp): not checked
}

/** A workspace at `version`, populated with what that version can hold; returns the rows as inserted. */
function populatedAt(dir: string, version: number): Map<string, Record<string, unknown>[]> {
  const db = new Database(path.join(dir, 'workspace.sqlite'));
  for (const sql of migrations.slice(0, version)) db.exec(sql);
  db.pragma(`user_version = ${version}`);
  const inserted = new Map<string, Record<string, unknown>[]>();
  for (const [table, rows] of ROWS) {
    const columns = new Set(columnsOf(db, table).map((c) => c.name));
    if (!columns.size) continue; // the table came later
    const kept = rows.map((r) => Object.fromEntries(Object.entries(r).filter(([k]) => columns.has(k))));
    for (const r of kept) {
      const keys = Object.keys(r);
      db.prepare(`INSERT INTO ${table} (${keys.join(', ')}) VALUES (${keys.map(() => '?').join(', ')})`).run(...keys.map((k) => r[k] as never));
    }
    inserted.set(table, kept);
  }
  db.close();
  return inserted;
}

describe('upgrading a populated workspace of every older schema version', () => {
  const versions = Array.from({ length: migrations.length - 1 }, (_, i) => i + 1);

  it.each(versions)('schema %i → the current one keeps every row and value', async (version) => {
    const dir = tmpDir(`vit-mig-v${version}-`);
    dirs.push(dir);
    const inserted = populatedAt(dir, version);
    expect(inserted.get('datasets')).toHaveLength(2);

    const ws = openWorkspace(dir);
    try {
      expect(ws.db.pragma('user_version', { simple: true })).toBe(migrations.length);
      expect(ws.db.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(ws.db.pragma('foreign_key_check')).toEqual([]);
      for (const [table, rows] of inserted) {
        const now = columnsOf(ws.db, table);
        const all = ws.db.prepare(`SELECT * FROM ${table} ORDER BY rowid`).all() as Record<string, unknown>[];
        expect(all, table).toHaveLength(rows.length);
        rows.forEach((row, i) => {
          // Every value the old version held, unchanged…
          expect(Object.fromEntries(Object.keys(row).map((k) => [k, all[i]![k]])), `${table} row ${i + 1}`).toEqual(row);
          // …and every other column (one added since, or left to SQLite) holds its declared default.
          for (const c of now) {
            const want = defaultValue(c.dflt_value);
            if (!(c.name in row) && want !== undefined) expect(all[i]![c.name], `${table}.${c.name} of row ${i + 1}`).toEqual(want);
          }
        });
      }
    } finally {
      ws.close();
    }

    // The app reads the upgraded workspace as it reads a new one.
    const engine = new Engine(dir);
    try {
      const datasets = await engine.invoke('datasets.list', {});
      expect(datasets.map((d) => d.name).sort()).toEqual(['pets', 'scans']);
      // Every path is found by a search (through the trigram index of migration 013).
      expect((await engine.invoke('images.query', { datasetId: 1, search: 'GONE.p' })).items.map((i) => i.id)).toEqual([5]);
      if (version >= 2) {
        const runs = await engine.invoke('runs.list', { datasetId: 1 });
        expect(runs.map((r) => [r.id, r.status])).toEqual([[2, 'failed'], [1, 'completed']]);
        const run = await engine.invoke('runs.get', { runId: 1 });
        expect(run.test?.accuracy).toBe(1);
        expect(run.epochs.map((e) => e.trainLoss)).toEqual([0.69, 0.41]);
        expect(run.bestEpoch).toBe(2);
        const preds = await engine.invoke('runs.predictions', { runId: 1, sort: 'image' });
        expect(preds.items.map((p) => [p.relPath, p.predictedLabel, p.correct])).toEqual([['cat/2.jpg', 'cat', true], ['dog/1.png', 'cat', false]]);
      }
    } finally {
      engine.close();
    }
  });
});
