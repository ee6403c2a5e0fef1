import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../src/main/hosts/serve/server';
import { launchBrowser, openApp } from '../helpers/browser';
import { makeDataset, type ImageSpec } from '../helpers/make-images';

const SHOTS = path.resolve('test-artifacts/e2e');
const COLORS: Record<string, string> = { cat: '#d9822b', dog: '#3d7dd8', fish: '#2bb3a0' };

let tmp: string;
let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  if (!fs.existsSync(path.resolve('dist/renderer/index.html'))) throw new Error('Run npm run build first: the e2e test serves dist/renderer.');
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'vit-e2e-'));
  const spec: Record<string, ImageSpec> = {};
  for (const [label, color] of Object.entries(COLORS)) {
    for (let i = 0; i < 6; i++) spec[`${label}/${label}-${i}.jpg`] = { color, width: 96, height: 72 };
  }
  for (let i = 0; i < 4; i++) spec[`loose-${i}.png`] = { color: '#8a5cc7', width: 80, height: 80, format: 'png' };
  await makeDataset(path.join(tmp, 'photos'), spec);
  fs.writeFileSync(path.join(tmp, 'photos', 'notes.txt'), 'not an image');
  fs.writeFileSync(path.join(tmp, 'photos', 'broken.png'), Buffer.alloc(0));
  server = await startServer({ workspace: path.join(tmp, 'ws'), port: 0 });
  browser = await launchBrowser();
  fs.mkdirSync(SHOTS, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

describe('the app in a browser over serve', () => {
  it('imports a folder, browses, filters by label and labels with a number key', async () => {
    const { page, consoleErrors } = await openApp(browser, server.url);

    // Start: serve mode shows a path field instead of a native dialog.
    await page.getByLabel('Folder path').fill(path.join(tmp, 'photos'));
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    const report = page.getByLabel('Import report');
    await report.waitFor();
    await expect.poll(() => report.textContent()).toContain('22 images');
    await page.screenshot({ path: path.join(SHOTS, '01-start-imported.png') });

    // Browse: the grid shows every image with its thumbnail.
    await report.getByRole('button', { name: /Browse/ }).click();
    const grid = page.getByRole('grid', { name: 'Images' });
    await grid.waitFor();
    await expect.poll(() => grid.getByRole('gridcell').count()).toBe(22);
    await expect.poll(() => page.locator('.thumb img').evaluateAll((imgs) => imgs.filter((i) => (i as HTMLImageElement).naturalWidth > 0).length)).toBe(22);
    await page.screenshot({ path: path.join(SHOTS, '02-browse.png') });

    // The files the import left out (every file is imported or listed), each with its reason.
    await page.getByRole('button', { name: /Skipped files \(2\)/ }).click();
    const skipped = page.getByRole('dialog', { name: /Skipped files/ });
    await expect.poll(() => skipped.getByRole('table', { name: 'Skipped files' }).textContent()).toMatch(/broken\.png.*empty file/);
    await expect.poll(() => skipped.getByRole('table', { name: 'Skipped files' }).textContent()).toMatch(/notes\.txt/);
    await page.screenshot({ path: path.join(SHOTS, '02b-skipped.png') });
    await skipped.getByRole('button', { name: 'Close' }).click();
    await skipped.waitFor({ state: 'detached' });

    // Filter by a label.
    await page.getByRole('option', { name: /^dog, 6 images/ }).click();
    await expect.poll(() => grid.getByRole('gridcell').count()).toBe(6);
    expect(await grid.getByRole('gridcell').first().getAttribute('aria-label')).toMatch(/dog/);

    // Lightbox with metadata, arrow navigation.
    await grid.getByRole('gridcell').first().dblclick();
    const lightbox = page.getByRole('dialog');
    await expect.poll(() => lightbox.textContent()).toContain('dog/dog-0.jpg');
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => lightbox.textContent()).toContain('dog/dog-1.jpg');
    await page.screenshot({ path: path.join(SHOTS, '03-lightbox.png') });
    await page.keyboard.press('Escape');
    await lightbox.waitFor({ state: 'detached' });

    // Label: the unlabeled images, label the first with key 1 (the first label, "cat").
    await page.getByRole('tab', { name: /Label/ }).click();
    const labelGrid = page.getByRole('grid', { name: 'Images to label' });
    await labelGrid.waitFor();
    await page.getByRole('option', { name: /^Unlabeled/ }).click();
    await expect.poll(() => labelGrid.getByRole('gridcell').count()).toBe(4);
    const first = labelGrid.getByRole('gridcell').first();
    await first.click();
    await expect.poll(() => first.getAttribute('aria-selected')).toBe('true');
    await page.screenshot({ path: path.join(SHOTS, '04-label-selected.png') });
    await page.keyboard.press('1');
    await expect.poll(() => labelGrid.getByRole('gridcell').count()).toBe(3);
    await expect.poll(() => page.getByRole('option', { name: /^cat, 7 images/ }).count()).toBe(1);

    // Undo brings it back to the unlabeled list.
    await labelGrid.focus();
    await page.keyboard.press('Control+z');
    await expect.poll(() => labelGrid.getByRole('gridcell').count()).toBe(4);
    await page.keyboard.press('Control+Shift+z');
    await expect.poll(() => labelGrid.getByRole('gridcell').count()).toBe(3);
    await page.getByRole('option', { name: /^All images/ }).click();
    await expect.poll(() => labelGrid.getByRole('gridcell').count()).toBe(22);
    await page.screenshot({ path: path.join(SHOTS, '05-label-all.png') });

    // Rubber band: drag from inside the first cell to inside the second cell of the next row.
    const cells = labelGrid.getByRole('gridcell');
    const a = (await cells.nth(0).boundingBox())!;
    const perRow = await labelGrid.getAttribute('aria-colcount');
    const b = (await cells.nth(Number(perRow) + 1).boundingBox())!;
    await page.mouse.move(a.x + 20, a.y + 20);
    await page.mouse.down();
    await page.mouse.move(a.x + 60, a.y + 60, { steps: 4 });
    await page.mouse.move(b.x + 20, b.y + 20, { steps: 6 });
    await page.screenshot({ path: path.join(SHOTS, '05b-rubber-band.png') });
    await page.mouse.up();
    await expect.poll(() => labelGrid.locator('[role=gridcell][aria-selected=true]').count()).toBe(4);

    // Sorted by label, descending: the unlabelled first, then fish, dog, cat. A shift-click range, then select all.
    await page.getByRole('combobox', { name: 'Sort by' }).selectOption('label');
    await page.getByRole('button', { name: /^Ascending/ }).click();
    await expect.poll(async () => (await cells.evaluateAll((els) => els.map((e) => e.getAttribute('aria-label')?.split(', ')[1]))).join(' ')).toBe(
      [...Array(3).fill('unlabeled'), ...Array(6).fill('fish'), ...Array(6).fill('dog'), ...Array(7).fill('cat')].join(' '),
    );
    await cells.nth(1).click();
    await cells.nth(6).click({ modifiers: ['Shift'] });
    await expect.poll(() => labelGrid.locator('[role=gridcell][aria-selected=true]').count()).toBe(6);
    expect(await labelGrid.locator('[role=gridcell][aria-selected=true]').evaluateAll((els) => els.map((e) => e.getAttribute('aria-label')?.split(', ')[1]))).toEqual(['unlabeled', 'unlabeled', 'fish', 'fish', 'fish', 'fish']);
    await page.keyboard.press('Control+a');
    await expect.poll(() => page.getByRole('toolbar', { name: 'Grid options' }).textContent()).toContain('22 selected');
    await page.screenshot({ path: path.join(SHOTS, '05c-sorted-by-label-all-selected.png') });
    await page.keyboard.press('Escape');
    await page.getByRole('combobox', { name: 'Sort by' }).selectOption('path');
    await page.getByRole('button', { name: /^Descending/ }).click();

    // Split: apply, see per-label bars.
    await page.getByRole('tab', { name: /Split/ }).click();
    await page.getByRole('button', { name: /Re-split everything/ }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Re-split' }).click();
    await expect.poll(() => page.getByRole('row').count()).toBe(4);
    await expect.poll(() => page.getByText(/Assigned \d+ images/).count()).toBe(1);
    await page.screenshot({ path: path.join(SHOTS, '06-split.png') });

    // Start → Storage: browsing drew thumbnails; clearing them asks first, then frees the space.
    await page.getByRole('tab', { name: /Start/ }).click();
    const caches = page.getByRole('table', { name: 'Caches' });
    const thumbsRow = caches.getByRole('row', { name: /Thumbnails/ });
    await expect.poll(() => thumbsRow.textContent()).toMatch(/Thumbnails[\d.]+ (kB|MB)[1-9][\d,]* files/);
    await page.screenshot({ path: path.join(SHOTS, '06b-storage.png') });
    await page.getByRole('button', { name: 'Clear Thumbnails' }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Clear' }).click();
    await expect.poll(() => page.getByText(/Thumbnails: [\d.]+ (kB|MB) freed\./).count()).toBe(1);
    await expect.poll(() => thumbsRow.textContent()).toMatch(/Thumbnails0 B0 files/);
    // They come back as images are shown again.
    await page.getByRole('tab', { name: /Browse/ }).click();
    await expect.poll(() => page.locator('.thumb img').evaluateAll((imgs) => imgs.filter((i) => (i as HTMLImageElement).naturalWidth > 0).length)).toBeGreaterThan(0);

    expect(consoleErrors).toEqual([]);
  });

  it('looks right in dark mode', async () => {
    const { page, context } = await openApp(browser, server.url, { colorScheme: 'dark' });
    await page.getByRole('combobox', { name: 'Dataset' }).selectOption({ label: 'photos' });
    const grid = page.getByRole('grid', { name: 'Images' });
    await grid.waitFor();
    await expect.poll(() => grid.getByRole('gridcell').count()).toBe(22);
    await expect.poll(() => page.locator('.thumb img').evaluateAll((imgs) => imgs.filter((i) => (i as HTMLImageElement).naturalWidth > 0).length)).toBe(22);
    const bg = await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
    expect(bg).toBe('rgb(17, 17, 19)');
    await page.screenshot({ path: path.join(SHOTS, '07-browse-dark.png') });
    await context.close();
  });
});
