// Engine latency bench (#12, "nothing blocks the UI"): the requests the screens fire all the time,
// timed through Engine.invoke on a workspace of 100,000 images seeded as the grid and map benches
// seed it. The engine answers one request at a time on its event loop (SQLite is synchronous), so
// each of these blocks every other request while it runs. "before" times, on the same database in
// the same run, the SQL these calls ran before migration 008 (a scan of the images per count;
// test/main/engine/scan-counts.ts): three fingerprint scans and the unlabelled count for
// data.summary, one count per label for labels.list, the summary scan for datasets.list, the count
// of a grid page's filter for images.query; and the reads of migrations 011-012's calls before
// them (scan-queries.ts), and of migration 013's (the orders by width, height and import order, a
// filter under another order, searches: the straightforward SQL, scanPage). Then
// data.summary's first call after a start with cached 100,000-image results (kfold, map) on disk:
// "before", the first start after the upgrade (the results are read, as every start did before
// briefs); "now", the next start (only the briefs next to them are read).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Engine } from '../src/main/engine/engine';
import { resultFile } from '../src/main/engine/data/analysis-brief';
import { fingerprint } from '../src/main/engine/data/dataset-items';
import type Database from 'better-sqlite3';
import type { z } from 'zod';
import type { AnalysisKind } from '../src/shared/api/data';
import type { imageFilter } from '../src/shared/api/images';
import { isGreyImage } from '../src/main/engine/augment-traits-handlers';
import { scanDatasetCounts, scanFingerprintSums, scanImagesPage, scanLabelCounts } from '../test/main/engine/scan-counts';
import { scanEvenSample, scanIds, scanPage, scanSplitSummary } from '../test/main/engine/scan-queries';
import type { BenchSection } from './sections';
import { seedWorkspace } from './ui-bench';
import { watchEventLoop } from './event-loop-watch';
import { forgetKeptCounts } from '../src/main/engine/kept-counts';

const CALLS = 25;
type ImageFilterInput = z.input<typeof imageFilter>;
const TARGET_MS = 20;

/** p50 and max over CALLS calls, in ms of this process's CPU time (user+sys) and of wall time. */
async function timed(call: () => unknown): Promise<{ p50CpuMs: number; maxCpuMs: number; p50WallMs: number; maxWallMs: number }> {
  const cpu: number[] = [];
  const wall: number[] = [];
  for (let i = 0; i < CALLS; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    await call();
    wall.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  const p50 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const round = (v: number) => Math.round(v * 100) / 100;
  return { p50CpuMs: round(p50(cpu)), maxCpuMs: round(Math.max(...cpu)), p50WallMs: round(p50(wall)), maxWallMs: round(Math.max(...wall)) };
}

export const engineBench: BenchSection = {
  name: 'engine',
  async run() {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'vit-engine-bench-'));
    const c0 = process.cpuUsage();
    const datasetId = seedWorkspace(path.join(tmp, 'ws'));
    const seed = process.cpuUsage(c0);
    const engine = new Engine(path.join(tmp, 'ws'));
    const db = engine.ctx.ws.db;
    try {
      // Photos of many sizes (the seed gives every image 32 × 32): 600 widths and 400 heights, ties among them.
      db.prepare('UPDATE images SET width = 32 + (id * 7919) % 600, height = 32 + (id * 104729) % 400 WHERE dataset_id = ?').run(datasetId);
      // 200 exact copies (each of the image before it): the duplicates filter shows 400 images.
      db.prepare('UPDATE images SET duplicate_of = id - 1 WHERE dataset_id = ? AND id % 500 = 0').run(datasetId);
      const images = db.prepare('SELECT count(*) FROM images WHERE dataset_id = ?').pluck().get(datasetId) as number;
      const calls: Record<string, { now: () => unknown; before: () => unknown }> = {
        'data.summary': {
          now: () => engine.invoke('data.summary', { datasetId }),
          before: () => {
            for (let k = 0; k < 3; k++) scanFingerprintSums(db, datasetId);
            return scanDatasetCounts(db, datasetId);
          },
        },
        'labels.list': { now: () => engine.invoke('labels.list', { datasetId }), before: () => scanLabelCounts(db, datasetId) },
        'datasets.list': { now: () => engine.invoke('datasets.list', {}), before: () => scanDatasetCounts(db, datasetId) },
        'datasets.get': { now: () => engine.invoke('datasets.get', { datasetId }), before: () => scanDatasetCounts(db, datasetId) },
        // The Browse grid's pages (200 images): the count of the filter's rows, then the page.
        'images.query first page': { now: () => engine.invoke('images.query', { datasetId }), before: () => scanImagesPage(db, datasetId, 0) },
        'images.query page at 50,000': { now: () => engine.invoke('images.query', { datasetId, offset: 50_000 }), before: () => scanImagesPage(db, datasetId, 50_000) },
        // Before migration 011 (scan-queries.ts): a scan per call, the grid's other orders sorted in full per page.
        'splits.summary': { now: () => engine.invoke('splits.summary', { datasetId }), before: () => scanSplitSummary(db, datasetId) },
        // The sample's files do not exist here: both sides try to open each of the 24 and fail the same way.
        'augment.traits': {
          now: () => engine.invoke('augment.traits', { datasetId }),
          before: async () => {
            for (const r of scanEvenSample(db, datasetId, 24)) await isGreyImage(path.join('/nonexistent/bench', r.rel_path)).catch(() => false);
          },
        },
        'images.query by label at 50,000': { now: () => engine.invoke('images.query', { datasetId, sort: 'label', offset: 50_000 }), before: () => scanPage(db, { datasetId, sort: 'label' }, 50_000, 200) },
        'images.query by size at 50,000': { now: () => engine.invoke('images.query', { datasetId, sort: 'size', offset: 50_000 }), before: () => scanPage(db, { datasetId, sort: 'size' }, 50_000, 200) },
        'images.query by label, desc, split val, at 5,000': {
          now: () => engine.invoke('images.query', { datasetId, sort: 'label', order: 'desc', split: 'val', offset: 5_000 }),
          before: () => scanPage(db, { datasetId, sort: 'label', order: 'desc', split: 'val' }, 5_000, 200),
        },
        // The default order under the sidebar's filters (a label, the unlabelled, a split, missing files), from migration 012's indexes.
        'images.query label filter at 5,000': { now: () => engine.invoke('images.query', { datasetId, labelId: 3, offset: 5_000 }), before: () => scanPage(db, { datasetId, labelId: 3 }, 5_000, 200) },
        'images.query unlabelled at 5,000': { now: () => engine.invoke('images.query', { datasetId, labelId: null, offset: 5_000 }), before: () => scanPage(db, { datasetId, labelId: null }, 5_000, 200) },
        'images.query split val at 5,000': { now: () => engine.invoke('images.query', { datasetId, split: 'val', offset: 5_000 }), before: () => scanPage(db, { datasetId, split: 'val' }, 5_000, 200) },
        // "Show only: Duplicates" (200 copies and their originals).
        'images.query duplicates filter': { now: () => engine.invoke('images.query', { datasetId, duplicatesOnly: true }), before: () => scanPage(db, { datasetId, duplicatesOnly: true }, 0, 200) },
        'images.query missing files': { now: () => engine.invoke('images.query', { datasetId, status: 'missing' }), before: () => scanPage(db, { datasetId, status: 'missing' }, 0, 200) },
        // Select all: every id (before: an array of them).
        'images.ids all': { now: () => engine.invoke('images.ids', { datasetId }), before: () => scanIds(db, { datasetId }) },
        'images.ids all by label': { now: () => engine.invoke('images.ids', { datasetId, sort: 'label' }), before: () => scanIds(db, { datasetId, sort: 'label' }) },
        'images.ids all by size': { now: () => engine.invoke('images.ids', { datasetId, sort: 'size' }), before: () => scanIds(db, { datasetId, sort: 'size' }) },
        // A shift-click range of 1,000 off the loaded pages (before: the renderer asked for every id and sliced).
        'images.ids range of 1,000 at 50,000': { now: () => engine.invoke('images.ids', { datasetId, offset: 50_000, limit: 1_000 }), before: () => scanIds(db, { datasetId }) },
        // Migration 013: the orders that sorted every image, a filter under another order, searches (images-plan.ts).
        ...pageCases(engine, db, datasetId, {
          'by width at 50,000': [{ sort: 'width' }, 50_000],
          'by height, desc, at 50,000': [{ sort: 'height', order: 'desc' }, 50_000],
          'by import order at 50,000': [{ sort: 'id' }, 50_000],
          'label filter by size at 5,000': [{ labelId: 3, sort: 'size' }, 5_000],
          'label filter by width, desc, at 5,000': [{ labelId: 3, sort: 'width', order: 'desc' }, 5_000],
          'unlabelled by split at 5,000': [{ labelId: null, sort: 'split' }, 5_000],
          'split val by status at 5,000': [{ split: 'val', sort: 'status' }, 5_000],
          // A search the trigrams narrow (10 and ~900 images), one they do not ("cat/": 9,091), every image ("img"), 1-2 characters.
          'search "img_01234"': [{ search: 'img_01234' }, 0],
          'search "bird/img_00" by size': [{ search: 'bird/img_00', sort: 'size' }, 0],
          'search "cat/"': [{ search: 'cat/' }, 0],
          'search "cat/" at 5,000': [{ search: 'cat/' }, 5_000],
          'search "img"': [{ search: 'img' }, 0],
          'search "a"': [{ search: 'a' }, 0],
          'search "e/"': [{ search: 'e/' }, 0],
          'search "img" at 50,000': [{ search: 'img' }, 50_000],
        }),
        // Scrolling a search's results: the next pages of the same search, its count kept.
        'images.query search "img" at 50,000, scrolling': {
          now: () => engine.invoke('images.query', { datasetId, search: 'img', offset: 50_000 }),
          before: () => scanPage(db, { datasetId, search: 'img' }, 50_000, 200),
        },
      };
      const results: Record<string, unknown> = {};
      for (const [name, c] of Object.entries(calls)) {
        const now = await timed(c.now);
        const before = await timed(c.before);
        results[name] = { ...now, target: TARGET_MS, pass: now.maxCpuMs <= TARGET_MS, before: { p50CpuMs: before.p50CpuMs, maxCpuMs: before.maxCpuMs } };
      }
      // augment.traits opens its sample's files in sharp's threads, off the event loop: what it holds the loop (the longest stall over CALLS calls).
      const stop = watchEventLoop();
      for (let i = 0; i < CALLS; i++) await calls['augment.traits']!.now();
      results['augment.traits'] = { ...(results['augment.traits'] as object), longestLoopStall: stop() };
      engine.close();
      results['data.summary first call after start'] = await firstSummaryAfterStart(path.join(tmp, 'ws'), datasetId);
      return { images, calls: CALLS, seedCpuSeconds: Number(((seed.user + seed.system) / 1e6).toFixed(2)), ...results };
    } finally {
      if (db.open) engine.close();
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  },
};

/**
 * images.query cases (a page of 200 at an offset), each beside the straightforward SQL (scanPage: the
 * filter's count, then its rows sorted in full). A search's count is forgotten before each call (the
 * engine keeps it for the next pages while nothing changes): these time a search's first page.
 */
function pageCases(engine: Engine, db: Database.Database, datasetId: number, cases: Record<string, [Omit<ImageFilterInput, 'datasetId'>, number]>) {
  return Object.fromEntries(
    Object.entries(cases).map(([name, [filter, offset]]) => [
      `images.query ${name}`,
      {
        now: () => {
          forgetKeptCounts(db);
          return engine.invoke('images.query', { datasetId, ...filter, offset });
        },
        before: () => scanPage(db, { datasetId, ...filter }, offset, 200),
      },
    ]),
  );
}

/** Writes kfold and map results of every image (as an analysis of 100,000 images leaves them), then times data.summary's first call on two starts. */
async function firstSummaryAfterStart(workspace: string, datasetId: number): Promise<Record<string, unknown>> {
  const model = 'bench/backbone';
  const writer = new Engine(workspace);
  const db = writer.ctx.ws.db;
  const imageIds = db.prepare('SELECT id FROM images WHERE dataset_id = ? ORDER BY id').pluck().all(datasetId) as number[];
  const labelIds = db.prepare('SELECT id FROM labels WHERE dataset_id = ? ORDER BY id').pluck().all(datasetId) as number[];
  const p = (i: number) => Math.round(((i * 7919) % 10007) / 10007 * 1e5) / 1e5;
  const unlabeled = imageIds.map((_, i) => i).filter((i) => i % 11 === 10);
  const kfold = {
    predicted: imageIds.map((_, i) => i % 10), predictedProb: imageIds.map((_, i) => p(i)), checked: imageIds.length - unlabeled.length,
    issues: imageIds.map((_, i) => i).filter((i) => i % 20 === 3).map((i) => [i, i % 10, (i + 1) % 10, p(i), p(i + 1)]),
    suggestions: unlabeled.map((i) => [i, [[i % 10, p(i)], [(i + 1) % 10, p(i + 1)], [(i + 2) % 10, p(i + 2)]]]),
    outOfFoldAccuracy: 0.9, folds: 5, head: { lr: 0.03, epochs: 100, weightDecay: 0 }, notes: [], phases: {},
  };
  const neighbors = { n: imageIds.length, p: 64, k: 15, D: 768, modelKey: 'bench', explained: 0.9, phases: {} };
  const map = { x: imageIds.map((_, i) => p(i) * 2 - 1), y: imageIds.map((_, i) => p(i + 5) * 2 - 1), method: 'umap', neighbors };
  const sizes: Record<string, number> = {};
  for (const [kind, value] of [['kfold', kfold], ['map', map]] as [AnalysisKind, unknown][]) {
    const file = resultFile(path.join(workspace, 'cache', 'analysis'), kind, datasetId, model);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const text = JSON.stringify({ kind, datasetId, model, fingerprint: fingerprint(db, datasetId, kind, model), computedAt: '', imageIds, labelIds, notes: [], value, files: [] });
    fs.writeFileSync(file, text);
    sizes[kind] = Number((text.length / 1e6).toFixed(1));
  }
  writer.close();
  const firstCall = async () => {
    const engine = new Engine(workspace);
    try {
      const c0 = process.cpuUsage();
      const summary = await engine.invoke('data.summary', { datasetId, model });
      const c = process.cpuUsage(c0);
      if (summary.analyses.kfold.status !== 'ready' || summary.labelIssues !== kfold.issues.length) throw new Error('engine bench: the cached results were not found');
      return Math.round((c.user + c.system) / 10) / 100;
    } finally {
      engine.close();
    }
  };
  const before = await firstCall();
  const now = await firstCall();
  return { resultsMB: sizes, cpuMs: now, target: TARGET_MS, pass: now <= TARGET_MS, before: { cpuMs: before } };
}
