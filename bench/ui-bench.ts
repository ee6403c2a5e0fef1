// UI bench: the Browse grid of a 100,000-image dataset in headless Chromium over `serve`.
// Rows are inserted straight into the workspace database (no files: thumbnails 404, which is
// fine — this measures the grid, not image decoding).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openWorkspace } from '../src/main/engine/workspace';
import { startServer } from '../src/main/hosts/serve/server';
import { launchBrowser, openApp, recordLongTasks, takeLongTasks } from '../test/helpers/browser';
import type { BenchSection } from './sections';

const IMAGES = 100_000;
const LABELS = ['airplane', 'automobile', 'bird', 'cat', 'deer', 'dog', 'frog', 'horse', 'ship', 'truck'];

export function seedWorkspace(dir: string): number {
  const ws = openWorkspace(dir);
  try {
    const db = ws.db;
    return db.transaction(() => {
      const dataset = db.prepare("INSERT INTO datasets (name, root, labels_from) VALUES ('bench-100k', '/nonexistent/bench', 'folders')").run();
      const datasetId = Number(dataset.lastInsertRowid);
      const palette = ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac'];
      const labelIds = LABELS.map((name, i) => Number(db.prepare('INSERT INTO labels (dataset_id, name, color) VALUES (?, ?, ?)').run(datasetId, name, palette[i]).lastInsertRowid));
      const insert = db.prepare(
        'INSERT INTO images (dataset_id, rel_path, hash, bytes, width, height, format, label_id, split) VALUES (?, ?, ?, ?, 32, 32, ?, ?, ?)',
      );
      for (let i = 0; i < IMAGES; i++) {
        const label = i % 11 === 10 ? null : labelIds[i % 10]!;
        const split = i % 10 < 8 ? 'train' : i % 10 === 8 ? 'val' : 'test';
        const folder = label === null ? '' : `${LABELS[i % 10]}/`;
        insert.run(datasetId, `${folder}img_${String(i).padStart(6, '0')}.png`, i.toString(16).padStart(64, '0'), 2048 + (i % 997), 'png', label, split);
      }
      return datasetId;
    })();
  } finally {
    ws.close();
  }
}

export const uiBench: BenchSection = {
  name: 'ui',
  async run() {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'vit-ui-bench-'));
    const t0 = performance.now();
    const datasetId = seedWorkspace(path.join(tmp, 'ws'));
    const seedMs = performance.now() - t0;
    const server = await startServer({ workspace: path.join(tmp, 'ws'), port: 0 });
    const browser = await launchBrowser();
    try {
      const { page, context } = await openApp(browser, server.url, { width: 1440, height: 900 });
      await recordLongTasks(context);
      await page.evaluate((id) => localStorage.setItem('vit-studio.dataset', String(id)), datasetId);
      const origin = new URL(server.url).origin;

      // First grid paint: from navigation start to the first frame with filled cells.
      const paints: number[] = [];
      for (let run = 0; run < 3; run++) {
        await page.goto(`${origin}/?run=${run}#/browse`);
        const handle = await page.waitForFunction(
          () => (document.querySelector('[role=gridcell] .caption')?.textContent ? performance.now() : 0),
          undefined,
          { polling: 'raf', timeout: 30_000 },
        );
        paints.push(Math.round(await handle.jsonValue()));
      }

      // Scrolling: 240 frames of wheel-like steps plus far jumps, collecting long tasks.
      await takeLongTasks(page);
      const scroll = await page.evaluate(async () => {
        const el = document.querySelector('[role=grid]') as HTMLElement;
        const frame = () => new Promise((r) => requestAnimationFrame(r));
        const start = performance.now();
        let frames = 0;
        let worstFrame = 0;
        let last = start;
        for (let i = 0; i < 240; i++) {
          el.scrollTop = i % 60 === 59 ? Math.random() * el.scrollHeight : el.scrollTop + 400;
          await frame();
          const now = performance.now();
          worstFrame = Math.max(worstFrame, now - last);
          last = now;
          frames++;
        }
        return { frames, seconds: (performance.now() - start) / 1000, worstFrameMs: worstFrame, rows: el.getAttribute('aria-rowcount') };
      });
      await page.waitForTimeout(300);
      const longtasks = await takeLongTasks(page);
      const cellsInDom = await page.locator('[role=gridcell]').count();
      await context.close();
      const firstPaintMs = Math.min(...paints);
      const longestTaskMs = longtasks.length ? Math.round(Math.max(...longtasks)) : 0;
      return {
        images: IMAGES,
        seedMs: Math.round(seedMs),
        firstGridPaintMs: { value: firstPaintMs, runs: paints, target: 1000, pass: firstPaintMs <= 1000 },
        scrollLongestTaskMs: { value: longestTaskMs, longTasks: longtasks.length, target: 50, pass: longestTaskMs <= 50 },
        scrollFps: Math.round(scroll.frames / scroll.seconds),
        worstFrameMs: Math.round(scroll.worstFrameMs),
        gridRows: Number(scroll.rows),
        cellsInDom,
      };
    } finally {
      await browser.close();
      await server.close();
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  },
};
