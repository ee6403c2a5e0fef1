import { expect, it } from 'vitest';
import { openWorkspace, type Workspace } from '../../../src/main/engine/workspace';
import { datasetCounts, filteredCount, fingerprintSums, splitTotals } from '../../../src/main/engine/image-totals';
import { filterSql } from '../../../src/main/engine/images-query';
import { imageFilter } from '../../../src/shared/api/images';
import { datasetSummary, recomputeDuplicates, requireDataset } from '../../../src/main/engine/datasets-store';
import { Engine } from '../../../src/main/engine/engine';
import { seededRandom } from '../../../src/shared/random';
import { useTempDirs } from '../../helpers/temp-dirs';
import { scanDatasetCounts, scanFingerprintSums, scanLabelCounts } from './scan-counts';
import { scanSplitSummary } from './scan-queries';

const tmp = useTempDirs();

/** Every count and sum the triggers keep equals the scan of the images table it replaces. */
function expectSameAsScan(ws: Workspace, datasetIds: number[]): void {
  for (const id of datasetIds) {
    expect(datasetCounts(ws.db, id)).toEqual(scanDatasetCounts(ws.db, id));
    expect(fingerprintSums(ws.db, id)).toEqual(scanFingerprintSums(ws.db, id));
    // images.query's count for every filter the totals answer, against the count of the filter's rows.
    const labelIds = ws.db.prepare('SELECT id FROM labels WHERE dataset_id = ?').pluck().all(id) as number[];
    for (const labelId of [undefined, null, ...labelIds])
      for (const status of [undefined, 'ok', 'missing', 'changed'] as const)
        for (const excluded of [false, true])
          for (const split of [undefined, null, 'train', 'val', 'test'] as const) {
            const filter = imageFilter.parse({ datasetId: id, labelId, status, excluded, split });
            const { from, params } = filterSql(filter);
            expect(filteredCount(ws.db, filter)).toBe(ws.db.prepare(`SELECT count(*) ${from}`).pluck().get(...params));
          }
    expect(splitTotals(ws.db, id)).toEqual(scanSplitSummary(ws.db, id));
    expect(filteredCount(ws.db, imageFilter.parse({ datasetId: id, search: 'f1' }))).toBeNull();
    expect(filteredCount(ws.db, imageFilter.parse({ datasetId: id, duplicatesOnly: true }))).toBeNull();
  }
}

const labelCountsOf = async (engine: Engine, datasetId: number) =>
  Object.fromEntries((await engine.invoke('labels.list', { datasetId })).map((l) => [l.id, l.count]));

it('keeps counts and fingerprint sums equal to a scan of the images through inserts, edits, cascades and deletes', async () => {
  const engine = new Engine(tmp('vit-totals-'));
  const ws = engine.ctx.ws;
  const db = ws.db;
  try {
    const rand = seededRandom(7);
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;
    const datasets = [1, 2].map((k) => Number(db.prepare("INSERT INTO datasets (name, root, labels_from) VALUES (?, '/x', 'folders')").run(`d${k}`).lastInsertRowid));
    const labels = new Map<number, number[]>();
    for (const d of datasets) {
      labels.set(d, ['a', 'b', 'c', 'd'].map((name) => Number(db.prepare("INSERT INTO labels (dataset_id, name, color) VALUES (?, ?, '#000000')").run(d, name).lastInsertRowid)));
    }
    const insert = db.prepare('INSERT INTO images (dataset_id, rel_path, hash, bytes, width, height, format, label_id, split, status, excluded) VALUES (?, ?, ?, 1, 1, 1, ?, ?, ?, ?, ?)');
    const hashes = ['', 'a', 'ab', 'ffee00', 'é☃x9', '0123456789abcdef'];
    for (let i = 0; i < 300; i++) {
      const d = pick(datasets);
      insert.run(d, `f${i}.png`, `${pick(hashes)}${i % 3 ? '' : i}`, 'png', rand() < 0.2 ? null : pick(labels.get(d)!), pick(['train', 'val', 'test', null]), pick(['ok', 'ok', 'missing', 'changed']), rand() < 0.15 ? 1 : 0);
    }
    const byRow = () => db.prepare('SELECT id, dataset_id AS d FROM images').all() as { id: number; d: number }[];
    const check = async () => {
      expectSameAsScan(ws, datasets);
      for (const d of datasets) {
        if (!db.prepare('SELECT 1 FROM datasets WHERE id = ?').get(d)) continue;
        expect(await labelCountsOf(engine, d)).toEqual(scanLabelCounts(db, d));
        const summary = await engine.invoke('datasets.get', { datasetId: d });
        const scan = scanDatasetCounts(db, d);
        expect([summary.imageCount, summary.labeledCount, summary.duplicateCount, summary.excludedCount]).toEqual([scan.images, scan.labeled, scan.duplicates, scan.excluded]);
        expect((await engine.invoke('data.summary', { datasetId: d })).unlabeled).toBe(scan.unlabeled);
      }
    };
    await check();
    for (const d of datasets) recomputeDuplicates(db, d);
    await check();
    // Single-row edits of every column the totals depend on, and some that they do not.
    for (let step = 0; step < 200; step++) {
      const { id, d } = pick(byRow());
      const edit = pick(['label', 'status', 'excluded', 'hash', 'duplicate', 'split', 'delete']);
      if (edit === 'label') db.prepare('UPDATE images SET label_id = ? WHERE id = ?').run(rand() < 0.3 ? null : pick(labels.get(d)!), id);
      if (edit === 'status') db.prepare('UPDATE images SET status = ? WHERE id = ?').run(pick(['ok', 'missing', 'changed']), id);
      if (edit === 'excluded') db.prepare('UPDATE images SET excluded = 1 - excluded WHERE id = ?').run(id);
      if (edit === 'hash') db.prepare('UPDATE images SET hash = ? WHERE id = ?').run(pick(hashes), id);
      if (edit === 'duplicate') db.prepare('UPDATE images SET duplicate_of = ? WHERE id = ?').run(rand() < 0.5 ? null : pick(byRow()).id, id);
      if (edit === 'split') db.prepare('UPDATE images SET split = ? WHERE id = ?').run(pick(['train', 'val', 'test']), id);
      if (edit === 'delete') db.prepare('DELETE FROM images WHERE id = ?').run(id);
      if (step % 20 === 0) await check();
    }
    await check();
    // Bulk edits through the engine: merge and delete labels (SET NULL by the foreign key), move an image's id.
    const [a, b, c] = labels.get(datasets[0]!)!;
    await engine.invoke('labels.merge', { sourceId: a!, targetId: b! });
    await check();
    await engine.invoke('labels.delete', { labelId: c! });
    await check();
    const last = Number(db.prepare('SELECT max(id) FROM images').pluck().get());
    db.prepare('UPDATE images SET id = ? WHERE id = ?').run(last + 1000, last);
    await check();
    // Deleting a dataset cascades to its images: its totals go, the other dataset's stay.
    await engine.invoke('datasets.delete', { datasetId: datasets[0]! });
    expect(db.prepare('SELECT count(*) FROM image_totals WHERE dataset_id = ?').pluck().get(datasets[0]!)).toBe(0);
    expect(() => requireDataset(db, datasets[0]!)).toThrow();
    await check();
    expect(datasetSummary(db, requireDataset(db, datasets[1]!)).imageCount).toBeGreaterThan(0);
  } finally {
    engine.close();
  }
});

it('answers zeros for a dataset without images', () => {
  const ws = openWorkspace(tmp('vit-totals-empty-'));
  try {
    const id = Number(ws.db.prepare("INSERT INTO datasets (name, root, labels_from) VALUES ('e', '/x', 'none')").run().lastInsertRowid);
    expectSameAsScan(ws, [id]);
    expect(datasetCounts(ws.db, id)).toEqual({ images: 0, labeled: 0, duplicates: 0, excluded: 0, unlabeled: 0 });
  } finally {
    ws.close();
  }
});
