// Every way images-plan.ts reads a page (an order's own index, a filter column's index, a small set
// sorted, the duplicates by id, a search through the trigram index or tested on each path) gives what the straightforward
// SQL gave (scan-queries.ts: the filter's SQL through the path index, sorted in full, the search as
// instr(lower(path), lower(search))), on random data with ties and NULLs, through edits.
import { afterEach, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import path from 'node:path';
import { Engine } from '../../../src/main/engine/engine';
import { planLimits } from '../../../src/main/engine/images-plan';
import { syncPathTrigrams } from '../../../src/main/engine/path-trigrams';
import { IMAGE_SORTS, parseIdList } from '../../../src/shared/api/images';
import { seededRandom } from '../../../src/shared/random';
import { useTempDirs } from '../../helpers/temp-dirs';
import { scanIds, scanPage } from './scan-queries';

const tmp = useTempDirs();
const DEFAULT_LIMITS = { ...planLimits };
afterEach(() => Object.assign(planLimits, DEFAULT_LIMITS));

// Path pieces with ASCII case, letters lower() does not fold (É/é, Ω/ω, Ａ), LIKE's wildcards and escape, quotes.
const PIECES = ['cat', 'Cat', 'CAT', 'dog', 'É', 'é', 'Ω', 'ω', '\uff21', '%', '_', '\\', '"', "'", ' ', '/', 'img_0', '12', '.png', 'ß'];
// Searches of 1, 2 and 3+ characters: dense and rare, in either case, wildcards taken literally, a quote, a NUL byte.
const SEARCHES = ['c', 'A', 'é', '%', '_', '\\', 'at', 'AT', '_0', '%_', 'cat', 'CAT', 'cAt/', 'dog/img', 'img_0', 'É', 'éé', 'Ωω', 'ωΩ', '"', '"c', '\\%', '.png', '1.png', 'ß.p', 'zzz', 'a\0b', 'Ａ', 'Écat', 'écat', 'Ωdog', 'ωcat', 'ÉΩ/'];
const SORTS = IMAGE_SORTS.filter((s) => s !== 'picked');

function seed(db: Database.Database, rand: () => number) {
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;
  const datasets = [1, 2].map((k) => Number(db.prepare("INSERT INTO datasets (name, root, labels_from) VALUES (?, '/x', 'folders')").run(`d${k}`).lastInsertRowid));
  const labels = new Map(datasets.map((d) => [d, ['b', 'a', 'B', 'Ω'].map((name) => Number(db.prepare("INSERT INTO labels (dataset_id, name, color) VALUES (?, ?, '#000000')").run(d, name).lastInsertRowid))]));
  const insert = db.prepare('INSERT INTO images (dataset_id, rel_path, hash, bytes, width, height, format, label_id, split, status, excluded) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
  let file = 0;
  const path = () => Array.from({ length: 1 + Math.floor(rand() * 4) }, () => pick(PIECES)).join('') + `#${file++}`;
  const add = (d: number) =>
    insert.run(d, path(), `h${file}`, pick([10, 20, 30, 1000]), pick([8, 32, 640]), pick([8, 480, 481]), 'png', rand() < 0.25 ? null : pick(labels.get(d)!), pick(['train', 'val', 'test', null]), pick(['ok', 'ok', 'ok', 'missing', 'changed']), rand() < 0.1 ? 1 : 0);
  return { datasets, labels, pick, add, path };
}

function randomFilter(rand: () => number, pick: <T>(xs: readonly T[]) => T, datasetId: number, labels: number[]) {
  return {
    datasetId,
    sort: pick(SORTS),
    order: pick(['asc', 'desc'] as const),
    ...(rand() < 0.35 ? { labelId: pick([null, ...labels]) } : {}),
    ...(rand() < 0.35 ? { split: pick(['train', 'val', 'test', null] as const) } : {}),
    ...(rand() < 0.25 ? { status: pick(['ok', 'missing', 'changed'] as const) } : {}),
    ...(rand() < 0.15 ? { excluded: true } : {}),
    ...(rand() < 0.6 ? { search: pick(SEARCHES) } : {}),
    ...(rand() < 0.15 ? { duplicatesOnly: true } : {}),
  };
}

/** The engine's pages and id lists under each plan against the scans, for `filters` random filters per dataset. */
async function expectScans(engine: Engine, rand: () => number, s: ReturnType<typeof seed>, filters: number) {
  const db = engine.ctx.ws.db;
  for (const limits of [{ candidates: 0, smallSet: 0 }, { candidates: 1e9, smallSet: 1e9 }, DEFAULT_LIMITS, { candidates: 40, smallSet: 30 }]) {
    Object.assign(planLimits, limits);
    for (const datasetId of s.datasets) {
      for (let k = 0; k < filters; k++) {
        const filter = randomFilter(rand, s.pick, datasetId, s.labels.get(datasetId)!);
        const what = `${JSON.stringify(filter)} ${JSON.stringify(limits)}`;
        const all = scanIds(db, filter);
        expect(parseIdList(await engine.invoke('images.ids', filter)), what).toEqual(all);
        const offset = Math.floor(rand() * (all.length + 3));
        const limit = 1 + Math.floor(rand() * 40);
        expect(parseIdList(await engine.invoke('images.ids', { ...filter, offset, limit })), what).toEqual(all.slice(offset, offset + limit));
        const page = await engine.invoke('images.query', { ...filter, offset, limit });
        expect({ total: page.total, ids: page.items.map((i) => i.id) }, what).toEqual(scanPage(db, filter, offset, limit));
      }
    }
  }
}

it('pages and id lists equal the scans under every plan, searches included, through inserts, renames and deletes', async () => {
  const engine = new Engine(tmp('vit-plan-'));
  const db = engine.ctx.ws.db;
  try {
    const rand = seededRandom(29);
    const s = seed(db, rand);
    db.transaction(() => {
      for (let i = 0; i < 600; i++) s.add(s.pick(s.datasets));
      // Copies of earlier images (the duplicates filter shows them with their originals).
      db.prepare('UPDATE images SET duplicate_of = id - 7 WHERE id % 13 = 0').run();
      // Most paths in the trigram index, the last ones still in the triggers' log.
      syncPathTrigrams(db);
      for (let i = 0; i < 30; i++) s.add(s.pick(s.datasets));
    })();
    // Every search is checked in full once: the trigram index finds what instr(lower()) finds, and more only where the exact test removes it.
    for (const search of SEARCHES) {
      for (const limits of [{ candidates: 0, smallSet: 0 }, { candidates: 1e9, smallSet: 0 }]) {
        Object.assign(planLimits, limits);
        const filter = { datasetId: s.datasets[0]!, search };
        expect(parseIdList(await engine.invoke('images.ids', filter)), search).toEqual(scanIds(db, filter));
      }
    }
    expect(scanIds(db, { datasetId: s.datasets[0]!, search: 'cat' }).length).toBeGreaterThan(20);
    await expectScans(engine, rand, s, 25);
    for (let step = 0; step < 80; step++) {
      const ids = db.prepare('SELECT id, dataset_id AS d FROM images').all() as { id: number; d: number }[];
      const { id, d } = s.pick(ids);
      const edit = s.pick(['insert', 'delete', 'rename', 'label', 'split', 'status', 'excluded', 'width', 'duplicate']);
      if (edit === 'insert') s.add(d);
      if (edit === 'delete') db.prepare('DELETE FROM images WHERE id = ?').run(id);
      if (edit === 'rename') db.prepare('UPDATE images SET rel_path = ? WHERE id = ?').run(s.path(), id);
      if (edit === 'label') db.prepare('UPDATE images SET label_id = ? WHERE id = ?').run(rand() < 0.3 ? null : s.pick(s.labels.get(d)!), id);
      if (edit === 'split') db.prepare('UPDATE images SET split = ? WHERE id = ?').run(s.pick(['train', 'val', 'test', null]), id);
      if (edit === 'status') db.prepare('UPDATE images SET status = ? WHERE id = ?').run(s.pick(['ok', 'missing', 'changed']), id);
      if (edit === 'excluded') db.prepare('UPDATE images SET excluded = 1 - excluded WHERE id = ?').run(id);
      if (edit === 'duplicate') db.prepare('UPDATE images SET duplicate_of = ? WHERE id = ?').run(rand() < 0.3 ? null : s.pick(ids).id, id);
      if (edit === 'width') db.prepare('UPDATE images SET width = ?, height = ? WHERE id = ?').run(s.pick([8, 32, 640]), s.pick([8, 480]), id);
      if (step === 50) syncPathTrigrams(db);
      if (step % 40 === 39) await expectScans(engine, rand, s, 6);
    }
    // The edits above went into the triggers' log (searches took them as candidates); a dataset's
    // deletion moves the log into the index, which then holds exactly the images' paths (no row left
    // behind by a delete, a rename or the cascade).
    expect(db.prepare('SELECT count(*) FROM images_path_pending').pluck().get()).toBeGreaterThan(0);
    await engine.invoke('datasets.delete', { datasetId: s.datasets[1]! });
    expect(db.prepare('SELECT count(*) FROM images_path_pending').pluck().get()).toBe(0);
    const indexed = (search: string) => db.prepare('SELECT rowid FROM images_path_trigrams WHERE images_path_trigrams MATCH ? ORDER BY rowid').pluck().all(`"${search}"`);
    const holding = (search: string) => db.prepare('SELECT id FROM images WHERE instr(lower(rel_path), ?) > 0 ORDER BY id').pluck().all(search);
    for (const search of ['#12', 'cat', 'img_0', '.png', 'dog']) expect(indexed(search), search).toEqual(holding(search));
    await expectScans(engine, rand, { ...s, datasets: [s.datasets[0]!] }, 6);
  } finally {
    engine.close();
  }
});

it('keeps a search count for the next pages only while the database is unchanged, by this connection or another', async () => {
  const dir = tmp('vit-plan-kept-');
  const engine = new Engine(dir);
  const db = engine.ctx.ws.db;
  try {
    const datasetId = Number(db.prepare("INSERT INTO datasets (name, root, labels_from) VALUES ('d', '/x', 'none')").run().lastInsertRowid);
    const insert = db.prepare("INSERT INTO images (dataset_id, rel_path, hash, bytes, width, height, format, label_id) VALUES (?, ?, ?, 1, 1, 1, 'png', NULL)");
    for (let i = 0; i < 50; i++) insert.run(datasetId, `cat_${i}.png`, `h${i}`);
    // 'at' has 2 characters: counted by testing every path, so the count is kept.
    const total = async (sort: 'path' | 'label' = 'path') => (await engine.invoke('images.query', { datasetId, search: 'at', sort, offset: 10, limit: 5 })).total;
    expect(await total()).toBe(50);
    expect(await total('label')).toBe(50);
    insert.run(datasetId, 'cat_50.png', 'h50');
    expect(await total()).toBe(51);
    expect(await total('label')).toBe(51);
    // Another connection (another process on the workspace) writes.
    const other = new Database(path.join(dir, 'workspace.sqlite'));
    other.prepare("INSERT INTO images (dataset_id, rel_path, hash, bytes, width, height, format) VALUES (?, 'bat.png', 'h51', 1, 1, 1, 'png')").run(datasetId);
    expect(await total()).toBe(52);
    expect(await total('label')).toBe(52);
    other.prepare("UPDATE images SET rel_path = 'dog.png' WHERE hash = 'h51'").run();
    other.close();
    expect(await total()).toBe(51);
    // A write rolled back leaves the same answer.
    expect(() => db.transaction(() => {
      insert.run(datasetId, 'cat_x.png', 'hx');
      throw new Error('rolled back');
    })()).toThrow('rolled back');
    expect(await total()).toBe(51);
    expect(await total('label')).toBe(51);
  } finally {
    engine.close();
  }
});
