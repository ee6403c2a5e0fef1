// The training side of the app in a browser over `serve`, end to end: import → label with the
// keyboard → split → augmentation preview → train a tiny ViT fetched by hub id from a loopback
// fake hub → results (confusion matrix, gallery, label fix, try an image) → runs compared.
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { openApp } from '../helpers/browser';
import { serveE2E } from '../helpers/serve-e2e';
import { serveTinyHub } from '../helpers/tiny-hub';
import { encodeImage, makeDataset, type ImageSpec } from '../helpers/make-images';

const HUB_ID = 'tiny-org/tiny-vit';
const COLORS: Record<string, string> = { blue: '#2050e0', green: '#20b040', red: '#e02020' };
const PER_CLASS = 20;
/** The unlabeled images at the root, in path order, and the class each one is. */
const LOOSE = ['red', 'green', 'blue', 'red'];

const e2e = serveE2E('train-flow', async (tmp) => {
  const spec: Record<string, ImageSpec> = {};
  for (const [label, color] of Object.entries(COLORS)) {
    for (let i = 0; i < PER_CLASS; i++) spec[`${label}/${label}-${String(i).padStart(2, '0')}.jpg`] = { color, width: 64, height: 48 };
  }
  LOOSE.forEach((label, i) => (spec[`loose-${i}.jpg`] = { color: COLORS[label], width: 64, height: 48 }));
  await makeDataset(path.join(tmp, 'colors'), spec);

  // A tiny backbone served by hub id: a run downloads it into a temp HF cache.
  return serveTinyHub(tmp, HUB_ID);
}, { worker: true });

/** Key of a label in the Label screen's list ("red, 20 images, key 3"). */
async function labelKey(page: Page, name: string): Promise<string> {
  const option = page.getByRole('option', { name: new RegExp(`^${name}, \\d+ images, key \\d`) });
  const label = await option.getAttribute('aria-label');
  return /key (\d)/.exec(label ?? '')![1]!;
}

/**
 * Clicks a toggle button in the page and times, with performance.now, how long until the DOM
 * shows the toggled state and until the next frame is painted after it.
 */
function timeToggleInPage(page: Page, buttonName: string): Promise<{ dom: number; frame: number }> {
  return page.evaluate(async (name) => {
    const button = [...document.querySelectorAll('button')].find((b) => b.textContent?.trim() === name)!;
    const before = button.getAttribute('aria-pressed');
    return new Promise<{ dom: number; frame: number }>((resolve) => {
      const t0 = performance.now();
      const observer = new MutationObserver(() => {
        if (button.getAttribute('aria-pressed') === before) return;
        observer.disconnect();
        const dom = performance.now() - t0;
        requestAnimationFrame(() => setTimeout(() => resolve({ dom, frame: performance.now() - t0 }), 0));
      });
      observer.observe(button, { attributes: true, attributeFilter: ['aria-pressed'] });
      button.click();
    });
  }, buttonName);
}

describe('training in the browser over serve', () => {
  it('labels, splits, previews augmentation, trains, and inspects and fixes results', async () => {
    const { page, consoleErrors } = await openApp(e2e.browser, e2e.server.url, { width: 1360, height: 860 });
    try {
      await trainFlow(page);
    } catch (e) {
      await e2e.shot(page, 'failure');
      throw e;
    }
    expect(consoleErrors).toEqual([]);
  });

  async function trainFlow(page: Page) {
    const total = PER_CLASS * 3 + LOOSE.length;

    // Import.
    await page.getByLabel('Folder path').fill(path.join(e2e.tmp, 'colors'));
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    const report = page.getByLabel('Import report');
    await expect.poll(() => report.textContent()).toContain(`${total} images`);
    await report.getByRole('button', { name: /Browse/ }).click();

    // Label the unlabeled images with the keyboard.
    await page.getByRole('tab', { name: /Label/ }).click();
    const labelGrid = page.getByRole('grid', { name: 'Images to label' });
    await labelGrid.waitFor();
    await page.getByRole('option', { name: /^Unlabeled/ }).click();
    // The first query after import competes with thumbnail work on a busy machine: allow it time.
    await expect.poll(() => labelGrid.getByRole('gridcell').count(), { timeout: 15_000 }).toBe(LOOSE.length);
    await e2e.shot(page, '01-label-unlabeled');
    for (let i = 0; i < LOOSE.length; i++) {
      const key = await labelKey(page, LOOSE[i]!);
      const first = labelGrid.getByRole('gridcell').first();
      expect(await first.getAttribute('aria-label')).toContain(`loose-${i}.jpg`);
      await first.click();
      await expect.poll(() => first.getAttribute('aria-selected')).toBe('true');
      await page.keyboard.press(key);
      await expect.poll(() => labelGrid.getByRole('gridcell').count()).toBe(LOOSE.length - i - 1);
    }
    await expect.poll(() => page.getByRole('option', { name: /^red, 22 images/ }).count()).toBe(1);

    // Split 80/10/10 (the default ratios); read the test size off the per-label bars.
    await page.getByRole('tab', { name: /Split/ }).click();
    for (const [name, value] of [['Train', '80'], ['Val', '10'], ['Test', '10']] as const) await page.getByLabel(`${name} percent`).fill(value);
    // Import may already have split the images: re-split everything with these ratios.
    await page.getByRole('button', { name: /Re-split everything/ }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Re-split' }).click();
    const counts = page.locator('.split-counts');
    await expect.poll(() => counts.count()).toBe(3);
    await expect.poll(async () => (await counts.allTextContents()).join(' ')).not.toMatch(/\+/);
    await expect.poll(() => page.getByRole('button', { name: /Split 0 unassigned images/ }).count()).toBe(1);
    const perLabel = (await counts.allTextContents()).map((t) => t.trim().split('/').map(Number) as [number, number, number]);
    const testSize = perLabel.reduce((n, r) => n + r[2], 0);
    expect(perLabel.reduce((n, r) => n + r[0] + r[1] + r[2], 0)).toBe(total);
    expect(testSize).toBeGreaterThanOrEqual(3);
    await e2e.shot(page, '02-split');

    // Augmentation preview: the engine draws the samples; Resample draws new ones.
    await page.getByRole('tab', { name: /Augment/ }).click();
    const samples = page.getByRole('list', { name: 'Augmented samples' }).locator('img');
    // The engine draws them while the machine may be busy: allow it time.
    await expect.poll(() => samples.count(), { timeout: 15_000 }).toBe(12);
    await expect.poll(() => samples.evaluateAll((imgs) => imgs.filter((i) => (i as HTMLImageElement).naturalWidth > 0).length)).toBe(12);
    await page.getByRole('radio', { name: 'strong' }).click();
    await expect.poll(() => page.getByRole('list', { name: 'Augmented samples' }).getAttribute('aria-busy')).toBe('false');
    const before = await samples.first().getAttribute('src');
    await page.keyboard.press('r');
    await expect.poll(() => samples.first().getAttribute('src')).not.toBe(before);
    await page.getByRole('radio', { name: 'light' }).click();
    await page.getByRole('button', { name: 'Use for training' }).click();
    await expect.poll(() => page.getByRole('list', { name: 'Augmented samples' }).getAttribute('aria-busy')).toBe('false');
    await e2e.shot(page, '03-augment');

    // Train: the tiny model by hub id, light augmentation (from the Augment screen), few epochs.
    await page.getByRole('tab', { name: /Train/ }).click();
    await page.getByLabel('Hub id or model folder').fill(HUB_ID);
    await page.getByLabel('Epochs').fill('12');
    await page.getByLabel('Learning rate').fill('0.05');
    await page.getByLabel('Batch size').fill('16');
    expect(await page.getByLabel('Augmentation preset').inputValue()).toBe('light');
    await expect.poll(() => page.getByLabel('Compute').textContent()).toMatch(/backbone: ONNX Runtime · CPU \(\d+ threads\) — head: native kernel \((avx512|avx2|sse2|neon|generic)\) — TF\.js: WASM/);
    await e2e.shot(page, '04-train-setup');

    // While features are extracted, a click on the UI is handled within 100 ms: the page itself
    // clicks "Log-scale loss" whenever the progress shows the extraction phase.
    await page.evaluate(() => {
      const w = window as unknown as { clickTimes: { dom: number; frame: number }[] };
      w.clickTimes = [];
      const observer = new MutationObserver(() => {
        const phase = document.querySelector('.phase-name')?.textContent;
        const button = [...document.querySelectorAll('button')].find((b) => b.textContent?.trim() === 'Log-scale loss');
        if (phase !== 'extracting features' || !button || w.clickTimes.length >= 5 || button.dataset.timing) return;
        button.dataset.timing = '1';
        const before = button.getAttribute('aria-pressed');
        const t0 = performance.now();
        const watch = new MutationObserver(() => {
          if (button.getAttribute('aria-pressed') === before) return;
          watch.disconnect();
          const dom = performance.now() - t0;
          requestAnimationFrame(() =>
            setTimeout(() => {
              w.clickTimes.push({ dom, frame: performance.now() - t0 });
              delete button.dataset.timing;
            }, 0),
          );
        });
        watch.observe(button, { attributes: true, attributeFilter: ['aria-pressed'] });
        button.click();
      });
      observer.observe(document.body, { subtree: true, childList: true, characterData: true });
    });
    await page.getByRole('button', { name: /^Train/ }).click();
    const status = page.locator('.train-live .status');
    await expect.poll(() => status.textContent(), { timeout: 30_000 }).toBe('running');
    await page.locator('.train-progress').waitFor();
    await e2e.shot(page, '05-train-running');
    await expect.poll(() => page.locator('.train-live .chart path[d^="M"]').count(), { timeout: 120_000 }).toBeGreaterThan(0);
    await e2e.shot(page, '06-train-epochs');
    await expect.poll(() => status.textContent(), { timeout: 240_000 }).toMatch(/completed|failed|interrupted|cancelled/);
    const failure = await page.locator('.run-error').textContent().catch(() => null);
    expect(await status.textContent(), failure ?? '').toBe('completed');
    // The run says what computed it: the backbone's engine and device, and the head's trainer.
    await expect.poll(() => page.getByTestId('run-compute').textContent()).toMatch(/^ONNX Runtime · CPU \(.+\) · head: native kernel$/);
    const clickTimes = await page.evaluate(() => (window as unknown as { clickTimes: { dom: number; frame: number }[] }).clickTimes);
    console.log(`clicks during extraction: ${clickTimes.map((t) => `${t.dom.toFixed(1)} ms to DOM, ${t.frame.toFixed(1)} ms to frame`).join('; ')}`);
    expect(clickTimes.length).toBeGreaterThan(0);
    // The handler has run and the DOM shows the new state within 100 ms, every time; painting
    // can wait for a busy CPU (two cores shared with the extraction), so only the median frame is bound.
    for (const t of clickTimes) expect(t.dom).toBeLessThan(100);
    const frames = clickTimes.map((t) => t.frame).sort((a, b) => a - b);
    expect(frames[Math.floor(frames.length / 2)]).toBeLessThan(100);
    // Idle baseline for the report.
    const idle = await timeToggleInPage(page, 'Log-scale loss');
    console.log(`click when idle: ${idle.dom.toFixed(1)} ms to DOM, ${idle.frame.toFixed(1)} ms to frame`);
    await expect.poll(() => page.locator('.train-live .chart').first().locator('circle').count()).toBeGreaterThan(0);
    await e2e.shot(page, '07-train-done');

    // Results: the confusion matrix counts the test split; the gallery has one card per test image.
    await page.getByRole('button', { name: /Open results/ }).click();
    const matrix = page.getByRole('table', { name: /Confusion matrix/ });
    await matrix.waitFor();
    const cellCounts = (await matrix.locator('button.confusion-cell').evaluateAll((cells) => cells.map((c) => Number(c.getAttribute('data-count')))));
    expect(cellCounts).toHaveLength(9);
    expect(cellCounts.reduce((a, b) => a + b, 0)).toBe(testSize);
    const gallery = page.getByRole('grid', { name: 'Predictions' });
    await expect.poll(() => gallery.getByRole('gridcell').count()).toBe(testSize);
    await expect.poll(() => page.getByTestId('gallery-count').textContent()).toBe(`${testSize} image${testSize === 1 ? '' : 's'}`);
    await expect.poll(() => gallery.locator('img').evaluateAll((imgs) => imgs.filter((i) => (i as HTMLImageElement).naturalWidth > 0).length)).toBe(testSize);
    const accuracy = await page.getByLabel('Test metrics').locator('dd').first().textContent();
    console.log(`test split ${testSize} images, accuracy ${accuracy}, confusion ${JSON.stringify(cellCounts)}`);
    await e2e.shot(page, '08-results');

    // A cell filters the gallery to true = i, predicted = j.
    const busiest = cellCounts.indexOf(Math.max(...cellCounts));
    await matrix.locator('button.confusion-cell').nth(busiest).click();
    await expect.poll(() => gallery.getByRole('gridcell').count()).toBe(cellCounts[busiest]);
    const cellName = await matrix.locator('button.confusion-cell').nth(busiest).getAttribute('aria-label');
    const [, trueName, predName] = /true (\w+), predicted (\w+)/.exec(cellName!)!;
    for (const label of await gallery.getByRole('gridcell').evaluateAll((cells) => cells.map((c) => c.getAttribute('aria-label')))) {
      expect(label).toContain(`predicted ${predName}`);
      expect(label).toContain(`true ${trueName}`);
    }
    await e2e.shot(page, '09-results-cell');
    await page.getByRole('button', { name: 'Clear the confusion-matrix filter' }).click();
    await expect.poll(() => gallery.getByRole('gridcell').count()).toBe(testSize);

    // Fix a label from the gallery: the card shows the new true label, Browse has it too.
    const card = gallery.getByRole('gridcell').first();
    const fileName = /^([^:]+):/.exec((await card.getAttribute('aria-label'))!)![1]!;
    const select = card.getByRole('combobox', { name: `True label of ${fileName}` });
    const oldLabel = (await select.locator('option:checked').textContent())!;
    const newLabel = Object.keys(COLORS).find((c) => c !== oldLabel)!;
    await select.selectOption({ label: newLabel });
    await expect.poll(async () => (await select.locator('option:checked').textContent())).toBe(newLabel);
    await expect.poll(() => card.getAttribute('aria-label')).toContain(`true ${newLabel}`);
    // The header now offers to retrain with that fix.
    await expect.poll(() => page.getByRole('button', { name: /^Retrain/ }).textContent()).toBe('Retrain with 1 fix');
    await e2e.shot(page, '10-results-fixed');

    // Try an image: a red JPEG from disk, classified by the run's model.
    const tryFile = path.join(e2e.tmp, 'try-red.jpg');
    fs.writeFileSync(tryFile, await encodeImage({ color: COLORS.red, width: 64, height: 48, noise: true, seed: 99 }));
    await page.getByLabel('Image to try').setInputFiles(tryFile);
    const top = page.getByRole('list', { name: 'Top 5 predictions' });
    await expect.poll(() => top.getByRole('listitem').count(), { timeout: 60_000 }).toBe(3);
    const best = await top.locator('.top5-name').first().textContent();
    console.log(`try an image (red): ${(await top.getByRole('listitem').allTextContents()).join(' | ')}`);
    expect(Object.keys(COLORS)).toContain(best);
    await e2e.shot(page, '11-results-try');

    // Export as ONNX to a folder on the serve machine; a bad folder is explained in the dialog.
    await page.getByRole('button', { name: 'Export…' }).click();
    const exportDialog = page.getByRole('dialog', { name: 'Export run #1' });
    await exportDialog.getByLabel(/ONNX model/).check();
    const blocker = path.join(e2e.tmp, 'not-a-folder');
    fs.writeFileSync(blocker, 'a file');
    await exportDialog.getByLabel('Export folder').fill(path.join(blocker, 'sub'));
    await exportDialog.getByRole('button', { name: 'Export' }).click();
    await expect.poll(() => exportDialog.getByRole('alert').textContent()).toBe(`${blocker} is a file, not a folder: choose a folder to export to.`);
    // A folder of the user's (any project has a config.json) is overwritten only after asking.
    const exportDir = path.join(e2e.tmp, 'exported-onnx');
    fs.mkdirSync(exportDir);
    fs.writeFileSync(path.join(exportDir, 'config.json'), '{"mine": true}');
    await exportDialog.getByLabel('Export folder').fill(exportDir);
    await e2e.shot(page, '11b-export');
    await exportDialog.getByRole('button', { name: 'Export' }).click();
    await expect.poll(() => exportDialog.getByRole('alert').textContent()).toMatch(/holds files ViT Studio did not write \(config\.json\)/);
    expect(fs.readFileSync(path.join(exportDir, 'config.json'), 'utf8')).toBe('{"mine": true}');
    await e2e.shot(page, '11c-export-overwrite');
    await exportDialog.getByRole('button', { name: 'Overwrite the files in this folder' }).click();
    await expect.poll(() => page.getByText(/Exported run #1 to .*model\.onnx, config\.json, preprocessor_config\.json/).count()).toBe(1);
    expect(await exportDialog.count()).toBe(0);
    expect(fs.statSync(path.join(exportDir, 'model.onnx')).size).toBeGreaterThan(1000);

    await page.getByRole('tab', { name: /Browse/ }).click();
    await page.getByRole('option', { name: new RegExp(`^${newLabel}, \\d+ images`) }).click();
    const browseGrid = page.getByRole('grid', { name: 'Images' });
    await expect.poll(() => browseGrid.getByRole('gridcell', { name: `${fileName}, ${newLabel}` }).count()).toBe(1);
    await e2e.shot(page, '12-browse-fixed');

    // Retrain from the results: run #1's settings on the fixed labels (cached features: fast),
    // watched on the Train screen; later the two are compared on the Runs screen.
    await page.getByRole('tab', { name: /Results/ }).click();
    await page.getByRole('button', { name: 'Retrain' }).click();
    await expect.poll(() => page.getByRole('tab', { name: /Train/ }).getAttribute('aria-selected')).toBe('true');
    await expect.poll(() => page.locator('.train-live h2').textContent()).toBe('Run #2');
    await expect.poll(() => page.locator('.train-live .status').textContent(), { timeout: 240_000 }).toBe('completed');
    const run2 = await e2e.server.engine.invoke('runs.get', { runId: 2 });
    const run1 = await e2e.server.engine.invoke('runs.get', { runId: 1 });
    // The same settings; only the device differs: run #2 ran no backbone ("all features from cache").
    expect({ ...run2.config, device: null }).toEqual({ ...run1.config, device: null });
    expect(run2.config.device).toBe('all features from cache');
    expect(run2.timings!.extracted).toBe(0); // every feature came from the cache

    // A run that cannot get its model fails, and says why.
    await page.getByLabel('Hub id or model folder').fill('tiny-org/no-such-model');
    await page.keyboard.press('Control+Enter');
    await expect.poll(() => page.locator('.train-live h2').textContent()).toBe('Run #3');
    await expect.poll(() => page.locator('.train-live .status').textContent(), { timeout: 60_000 }).toBe('failed');
    const alert = page.getByRole('alert').filter({ hasText: 'Training failed' });
    expect(await alert.textContent()).toMatch(/no-such-model/);
    await e2e.shot(page, '13-train-failed');

    // A long run cancelled from the keyboard (Ctrl+.) while it extracts: 32 new strong views of
    // each training image. (Head training itself takes well under a second on cached features.)
    await page.getByLabel('Hub id or model folder').fill(HUB_ID);
    await page.getByLabel('Augmentation preset').selectOption('strong');
    await page.getByLabel('Views per image').fill('32');
    await page.keyboard.press('Control+Enter');
    await expect.poll(() => page.locator('.train-live h2').textContent()).toBe('Run #4');
    await expect.poll(() => page.locator('.train-live .phase-name').textContent(), { timeout: 60_000 }).toBe('extracting features');
    await page.keyboard.press('Control+.');
    await expect.poll(() => page.locator('.train-live .status').textContent(), { timeout: 30_000 }).toBe('cancelled');

    await page.getByRole('tab', { name: /Runs/ }).click();
    const runsTable = page.getByRole('table', { name: 'Runs' });
    await expect.poll(() => runsTable.locator('tbody tr').count()).toBe(4);
    expect(await runsTable.locator('tbody tr').nth(0).textContent()).toMatch(/^#4.*cancelled/);
    // A failed run says why in the list, under its number.
    expect(await runsTable.locator('tbody tr').nth(1).textContent()).toMatch(/^#3Failed: .*no-such-model.*failed/);
    await runsTable.focus();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press(' ');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press(' ');
    const compare = page.locator('.compare');
    await compare.waitFor();
    await expect.poll(() => compare.locator('.chart path[d^="M"]').count()).toBe(8);
    await e2e.shot(page, '14-runs-compare');

    // Enter opens the focused run's results: run #2 trained after the label fix, so the fixed
    // test image (blue pixels, now labeled green) is an off-diagonal cell.
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByRole('combobox', { name: 'Run' }).inputValue()).toBe('2');
    const matrix2 = page.getByRole('table', { name: /Confusion matrix/ });
    const wrongCell = matrix2.getByRole('button', { name: new RegExp(`^true ${newLabel}, predicted ${oldLabel}: 1 image$`) });
    await wrongCell.click();
    const gallery2 = page.getByRole('grid', { name: 'Predictions' });
    await expect.poll(() => gallery2.getByRole('gridcell').count()).toBe(1);
    const wrongCard = gallery2.getByRole('gridcell').first();
    const escaped = fileName.replace(/[.]/g, '\\.');
    expect(await wrongCard.getAttribute('aria-label')).toMatch(new RegExp(`^${escaped}: predicted ${oldLabel} \\d+%, true ${newLabel}, wrong$`));
    await e2e.shot(page, '17-results-run2-error');
    // Keyboard fix: focus the card, press the digit of the old label (the gallery's label order).
    const order = await wrongCard.getByRole('combobox').locator('option').allTextContents();
    await wrongCard.click();
    await page.keyboard.press(String(order.indexOf(oldLabel)));
    await expect.poll(() => wrongCard.getAttribute('aria-label')).toMatch(new RegExp(`true ${oldLabel}, correct$`));
  }

  it('shows results in dark mode', async () => {
    const { page, context } = await openApp(e2e.browser, `${e2e.server.url}`, { colorScheme: 'dark', width: 1360, height: 860 });
    await page.getByRole('combobox', { name: 'Dataset' }).selectOption({ label: 'colors' });
    await page.getByRole('tab', { name: /Results/ }).click();
    await page.getByRole('table', { name: /Confusion matrix/ }).waitFor();
    const gallery = page.getByRole('grid', { name: 'Predictions' });
    await expect.poll(() => gallery.locator('img').evaluateAll((imgs) => imgs.filter((i) => (i as HTMLImageElement).naturalWidth > 0).length)).toBeGreaterThan(0);
    await e2e.shot(page, '15-results-dark');
    // The Train screen shows the latest run: #4, cancelled while it extracted (no epochs yet).
    await page.getByRole('tab', { name: /Train/ }).click();
    await expect.poll(() => page.locator('.train-live .status').textContent()).toBe('cancelled');
    await e2e.shot(page, '16-train-dark');
    await context.close();
  });
});
