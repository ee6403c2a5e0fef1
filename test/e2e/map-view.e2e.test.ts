// The map view in Chromium over `serve`, on a map whose layout the test knows: three tight clusters
// of image rows (no files), the engine's data.map answer replaced by that layout. Checks what the
// view draws and where (colours in a screenshot), that panning moves the camera, that hovering
// names the image under the pointer, that a lasso picks exactly the points inside it and labels
// them, and that the labels for the picker are asked for only once the first frame is drawn.
import path from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import type { AnalysisReply, MapResult } from '../../src/shared/api/data';
import { openWorkspace } from '../../src/main/engine/workspace';
import { HOME, toScreen } from '../../src/renderer/features/map/map-camera';
import { seededRandom } from '../../src/shared/random';
import { firstMarkAt, openApp, recordFirstMark } from '../helpers/browser';
import { serveE2E } from '../helpers/serve-e2e';

const PER_CLUSTER = 400;
const CLUSTERS = [
  { name: 'red', color: '#e03030', at: [-0.5, -0.2] },
  { name: 'green', color: '#20a040', at: [0.5, -0.2] },
  { name: 'blue', color: '#3040e0', at: [0, 0.55] },
] as const;
let datasetId = 0;
let labelIds: number[] = [];

const env = serveE2E('map-view', async (tmp) => {
  const ws = openWorkspace(path.join(tmp, 'ws'));
  try {
    const db = ws.db;
    datasetId = Number(db.prepare("INSERT INTO datasets (name, root, labels_from) VALUES ('clusters', '/nonexistent/clusters', 'folders')").run().lastInsertRowid);
    labelIds = CLUSTERS.map((c) => Number(db.prepare('INSERT INTO labels (dataset_id, name, color) VALUES (?, ?, ?)').run(datasetId, c.name, c.color).lastInsertRowid));
    const insert = db.prepare("INSERT INTO images (dataset_id, rel_path, hash, bytes, width, height, format, label_id, split) VALUES (?, ?, ?, 100, 8, 8, 'png', ?, 'train')");
    db.transaction(() => {
      for (let i = 0; i < CLUSTERS.length * PER_CLUSTER; i++) {
        const k = i % CLUSTERS.length;
        // The blue cluster's images are unlabelled: the lasso labels them.
        insert.run(datasetId, `${CLUSTERS[k]!.name}/img_${i}.png`, i.toString(16).padStart(64, '0'), k === 2 ? null : labelIds[k]);
      }
    })();
  } finally {
    ws.close();
  }
});

/** Image i (id i + 1) sits in cluster i % 3; image 3 (id 4) exactly at the red cluster's centre. */
function layout(): AnalysisReply<MapResult> {
  const rand = seededRandom(3);
  const n = CLUSTERS.length * PER_CLUSTER;
  const r: MapResult = {
    count: n, imageIds: [], x: [], y: [], labelIds: [], splits: [], predictedLabelIds: [], correct: [], suspicious: [], predictions: 'missing',
    labels: CLUSTERS.map((c, k) => ({ id: labelIds[k]!, name: c.name, color: c.color })),
    method: 'test clusters', notes: [], goneSince: null, computedAt: new Date().toISOString(),
  };
  for (let i = 0; i < n; i++) {
    const k = i % CLUSTERS.length;
    const [cx, cy] = CLUSTERS[k]!.at;
    const spread = i === 3 ? 0 : 0.1 * Math.sqrt(rand());
    const angle = rand() * 2 * Math.PI;
    r.imageIds.push(i + 1);
    r.x.push(Math.round((cx + spread * Math.cos(angle)) * 1e5) / 1e5);
    r.y.push(Math.round((cy + spread * Math.sin(angle)) * 1e5) / 1e5);
    r.labelIds.push(k === 2 ? null : labelIds[k]!);
    r.splits.push('train');
    r.predictedLabelIds.push(null);
    r.correct.push(null);
    r.suspicious.push(false);
  }
  return { analysis: 'map', model: 'test', status: 'ready', jobId: null, progress: null, result: r, stale: false, error: null };
}

describe('the map view over serve', () => {
  it('draws the clusters in their colours, pans, hovers, lassos and labels', async () => {
    const { page, context, consoleErrors } = await openApp(env.browser, env.server.url, { width: 1280, height: 800 });
    const map = layout();
    await page.route('**/api/data.map', (route) => route.fulfill({ contentType: 'application/json', body: JSON.stringify({ ok: true, value: map }) }));
    // When the first frame landed and when the labels were asked for, on the page's clock.
    await recordFirstMark(context, '.map-canvas canvas[data-drawn]', 'data-drawn');
    await context.addInitScript(() => {
      const w = window as unknown as { __labelsAt: number[] };
      w.__labelsAt = [];
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) if (e.name.endsWith('/api/labels.list')) w.__labelsAt.push(e.startTime);
      }).observe({ type: 'resource', buffered: true });
    });
    await page.evaluate((id) => localStorage.setItem('vit-studio.dataset', String(id)), datasetId);
    // A query string, so that this is a new document (not a jump within the open one).
    await page.goto(`${new URL(env.server.url).origin}/?map#/map`);
    const canvas = page.locator('.map-canvas canvas');
    const drawnAt = await firstMarkAt(page);
    await expect.poll(() => page.evaluate(() => (window as unknown as { __labelsAt: number[] }).__labelsAt.length)).toBeGreaterThan(0);
    const labelsAt = await page.evaluate(() => (window as unknown as { __labelsAt: number[] }).__labelsAt);
    expect(Math.min(...labelsAt)).toBeGreaterThanOrEqual(drawnAt);
    await expect.poll(() => page.getByLabel('Legend').textContent()).toMatch(/red400green400Unlabeled400/);

    // Each cluster's centre is drawn in its colour (unlabelled points in grey).
    const box = (await canvas.boundingBox())!;
    const view = { width: box.width, height: box.height };
    const shot = await env.shot(page, '01-map');
    const { data, info } = await sharp(shot).raw().toBuffer({ resolveWithObject: true });
    const pixel = (x: number, y: number) => {
      const o = (Math.round(box.y + y) * info.width + Math.round(box.x + x)) * info.channels;
      return [data[o]!, data[o + 1]!, data[o + 2]!];
    };
    const [rx, ry] = toScreen(HOME, view, -0.5, -0.2);
    const [gx, gy] = toScreen(HOME, view, 0.5, -0.2);
    const [bx, by] = toScreen(HOME, view, 0, 0.55);
    const near = (got: number[], want: number[]) => got.every((v, c) => Math.abs(v - want[c]!) < 40);
    expect(near(pixel(rx, ry), [0xe0, 0x30, 0x30])).toBe(true);
    expect(near(pixel(gx, gy), [0x20, 0xa0, 0x40])).toBe(true);
    const blueHere = pixel(bx, by);
    expect(Math.max(...blueHere) - Math.min(...blueHere)).toBeLessThan(40); // grey: unlabelled
    expect(near(pixel(0, 0), [0xe0, 0x30, 0x30]) || near(pixel(5, 5), [0x20, 0xa0, 0x40])).toBe(false);

    // Hover names the image under the pointer: id 4 sits exactly at the red centre.
    await page.mouse.move(box.x + rx, box.y + ry);
    await expect.poll(() => page.locator('.map-hover').textContent()).toContain('red/img_3.png');

    // A drag pans: the layout follows the pointer.
    await page.mouse.move(box.x + 40, box.y + 40);
    await page.mouse.down();
    await page.mouse.move(box.x + 140, box.y + 90, { steps: 5 });
    await page.mouse.up();
    await expect.poll(() => canvas.getAttribute('data-camera')).not.toBe('0.00000,0.00000,1.0000');
    const [camX, camY] = (await canvas.getAttribute('data-camera'))!.split(',').map(Number);
    const perUnit = (Math.min(view.width, view.height) / 2) * 0.94;
    expect(camX).toBeCloseTo(-100 / perUnit, 3);
    expect(camY).toBeCloseTo(50 / perUnit, 3);
    await page.keyboard.press('0');
    await expect.poll(() => canvas.getAttribute('data-camera')).toBe('0.00000,0.00000,1.0000');

    // Shift+drag a lasso around the unlabelled cluster: exactly its points; label them blue.
    await page.keyboard.down('Shift');
    const r = 0.17 * perUnit;
    await page.mouse.move(box.x + bx - r, box.y + by - r);
    await page.mouse.down();
    for (const [x, y] of [[bx + r, by - r], [bx + r, by + r], [bx - r, by + r], [bx - r, by - r + 1]] as const) await page.mouse.move(box.x + x, box.y + y, { steps: 4 });
    await page.mouse.up();
    await page.keyboard.up('Shift');
    const selection = page.getByRole('region', { name: 'Selection' });
    await expect.poll(() => selection.textContent()).toContain(`${PER_CLUSTER.toLocaleString()} selected`);
    // What is not selected fades: the red cluster gets lighter.
    const greenOf = (raw: Buffer, x: number, y: number) => {
      let sum = 0;
      for (let dy = -5; dy <= 5; dy++) for (let dx = -5; dx <= 5; dx++) sum += raw[(Math.round(box.y + y + dy) * info.width + Math.round(box.x + x + dx)) * info.channels + 1]!;
      return sum / 121;
    };
    const redBefore = greenOf(data, rx, ry);
    await expect.poll(async () => greenOf(await sharp(await env.shot(page, '02-lasso')).raw().toBuffer(), rx, ry) - redBefore).toBeGreaterThan(60);
    await page.keyboard.press('l');
    await page.getByRole('combobox', { name: 'Label name' }).fill('blu');
    await page.keyboard.press('Enter');
    const blue = labelIds[2]!;
    await expect
      .poll(async () => (await env.server.engine.invoke('images.query', { datasetId, labelId: blue, limit: 5000 })).total)
      .toBe(PER_CLUSTER);
    // The rows have no files: the hover card's thumbnail is a 404, nothing else may fail.
    expect(consoleErrors.filter((e) => !/status of 404/.test(e))).toEqual([]);
    await context.close();
  });
});
