// The grid's pages and id lists (images-order.ts), splits.summary and augment.traits' sample read
// from indexes and running totals (migration 011) give what the straightforward scans gave
// (scan-queries.ts), on random data and after random inserts, deletes and edits.
import { expect, it } from 'vitest';
import type Database from 'better-sqlite3';
import { Engine } from '../../../src/main/engine/engine';
import { evenSample } from '../../../src/main/engine/augment-traits-handlers';
import { IMAGE_SORTS, parseIdList } from '../../../src/shared/api/images';
import { seededRandom } from '../../../src/shared/random';
import { useTempDirs } from '../../helpers/temp-dirs';
import { scanEvenSample, scanIds, scanPage, scanSplitSummary } from './scan-queries';

const tmp = useTempDirs();
// Names whose order differs between UTF-8 bytes (SQLite) and UTF-16 units (JavaScript): U+FF21 and an emoji.
const NAMES = ['b', 'B', 'a', 'Ω', '\uff21', '😀', 'cat', 'ca'];
const SPLITS = ['train', 'val', 'test', null];
const STATUSES = ['ok', 'ok', 'ok', 'missing', 'changed'];

function seed(db: Database.Database, rand: () => number) {
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;
  const datasets = [1, 2].map((k) => Number(db.prepare("INSERT INTO datasets (name, root, labels_from) VALUES (?, '/x', 'folders')").run(`d${k}`).lastInsertRowid));
  const labels = new Map(
    datasets.map((d) => [d, NAMES.map((name) => Number(db.prepare("INSERT INTO labels (dataset_id, name, color) VALUES (?, ?, '#000000')").run(d, name).lastInsertRowid))]),
  );
  const insert = db.prepare('INSERT INTO images (dataset_id, rel_path, hash, bytes, width, height, format, label_id, split, status, excluded) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
  let file = 0;
  const add = (d: number) =>
    insert.run(d, `${pick(['x', 'y/', 'Z'])}${file++}.png`, `h${file}`, pick([10, 20, 30, 1000]), pick([8, 32, 640]), pick([8, 480]), 'png', rand() < 0.2 ? null : pick(labels.get(d)!.slice(0, 6)), pick(SPLITS), pick(STATUSES), rand() < 0.1 ? 1 : 0);
  return { datasets, labels, pick, add };
}

it('pages, id lists, split summaries and the traits sample equal the scans through inserts, deletes and edits', async () => {
  const engine = new Engine(tmp('vit-order-'));
  const db = engine.ctx.ws.db;
  try {
    const rand = seededRandom(11);
    const { datasets, labels, pick, add } = seed(db, rand);
    db.transaction(() => {
      for (let i = 0; i < 400; i++) add(pick(datasets));
    })();
    const check = async (filters: number, of = datasets) => {
      for (const datasetId of of) {
        expect(await engine.invoke('splits.summary', { datasetId })).toEqual(scanSplitSummary(db, datasetId));
        for (const size of [1, 5, 24, 1000]) expect(evenSample(db, datasetId, size)).toEqual(scanEvenSample(db, datasetId, size));
        for (let k = 0; k < filters; k++) {
          const filter = {
            datasetId,
            sort: pick(IMAGE_SORTS.filter((s) => s !== 'picked')),
            order: pick(['asc', 'desc'] as const),
            ...(rand() < 0.3 ? { labelId: pick([null, ...labels.get(datasetId)!]) } : {}),
            ...(rand() < 0.3 ? { split: pick(SPLITS) as 'train' | null } : {}),
            ...(rand() < 0.2 ? { status: pick(['ok', 'missing', 'changed'] as const) } : {}),
            ...(rand() < 0.15 ? { excluded: true } : {}),
            ...(rand() < 0.1 ? { search: pick(['y/', '1', 'z']) } : {}),
            ...(rand() < 0.1 ? { duplicatesOnly: true } : {}),
          };
          const all = scanIds(db, filter);
          expect(parseIdList(await engine.invoke('images.ids', filter)), JSON.stringify(filter)).toEqual(all);
          const offset = Math.floor(rand() * (all.length + 5));
          const limit = 1 + Math.floor(rand() * 60);
          expect(parseIdList(await engine.invoke('images.ids', { ...filter, offset, limit }))).toEqual(all.slice(offset, offset + limit));
          expect(parseIdList(await engine.invoke('images.ids', { ...filter, offset }))).toEqual(all.slice(offset));
          const page = await engine.invoke('images.query', { ...filter, offset, limit });
          expect({ total: page.total, ids: page.items.map((i) => i.id) }, JSON.stringify(filter)).toEqual(scanPage(db, filter, offset, limit));
        }
      }
    };
    await check(60);
    for (let step = 0; step < 120; step++) {
      const ids = db.prepare('SELECT id, dataset_id AS d FROM images').all() as { id: number; d: number }[];
      const { id, d } = pick(ids);
      const edit = pick(['insert', 'delete', 'label', 'split', 'status', 'excluded', 'bytes', 'rename', 'duplicate']);
      if (edit === 'insert') add(d);
      if (edit === 'delete') db.prepare('DELETE FROM images WHERE id = ?').run(id);
      if (edit === 'label') db.prepare('UPDATE images SET label_id = ? WHERE id = ?').run(rand() < 0.3 ? null : pick(labels.get(d)!), id);
      if (edit === 'split') db.prepare('UPDATE images SET split = ? WHERE id = ?').run(pick(SPLITS), id);
      if (edit === 'status') db.prepare('UPDATE images SET status = ? WHERE id = ?').run(pick(STATUSES), id);
      if (edit === 'excluded') db.prepare('UPDATE images SET excluded = 1 - excluded WHERE id = ?').run(id);
      if (edit === 'bytes') db.prepare('UPDATE images SET bytes = ? WHERE id = ?').run(pick([10, 20, 5000]), id);
      if (edit === 'rename') db.prepare("UPDATE labels SET name = name || '~' WHERE id = ?").run(pick(labels.get(d)!));
      if (edit === 'duplicate') db.prepare('UPDATE images SET duplicate_of = ? WHERE id = ?').run(pick(ids).id, id);
      if (step % 30 === 29) await check(15);
    }
    // Through the engine: split changes, a label merged away (SET NULL by the foreign key), a dataset deleted.
    const [d1] = datasets;
    await engine.invoke('splits.apply', { datasetId: d1!, mode: 'all', seed: 5, ratios: [0.5, 0.3, 0.2] });
    await engine.invoke('images.setSplit', { imageIds: scanIds(db, { datasetId: d1!, split: 'train' }).slice(0, 7), split: 'test' });
    await engine.invoke('labels.merge', { sourceId: labels.get(d1!)![0]!, targetId: labels.get(d1!)![1]! });
    await check(30);
    await engine.invoke('datasets.delete', { datasetId: datasets[1]! });
    expect(db.prepare('SELECT count(*) FROM image_totals WHERE dataset_id = ?').pluck().get(datasets[1]!)).toBe(0);
    await check(10, [d1!]);
  } finally {
    engine.close();
  }
});

it('answers an empty dataset and ranges past the end with nothing', async () => {
  const engine = new Engine(tmp('vit-order-empty-'));
  try {
    const datasetId = Number(engine.ctx.ws.db.prepare("INSERT INTO datasets (name, root, labels_from) VALUES ('e', '/x', 'none')").run().lastInsertRowid);
    expect(await engine.invoke('splits.summary', { datasetId })).toEqual([]);
    expect(await engine.invoke('augment.traits', { datasetId })).toEqual({ grey: false, glyphs: false, sampled: 0, greyCount: 0 });
    for (const sort of IMAGE_SORTS) {
      expect(await engine.invoke('images.ids', { datasetId, sort })).toEqual({ ids: '' });
      expect(await engine.invoke('images.query', { datasetId, sort, offset: 10 })).toEqual({ total: 0, items: [] });
    }
    const bad = await engine.call('images.ids', { datasetId, limit: 0 });
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid_argument' } });
  } finally {
    engine.close();
  }
});
