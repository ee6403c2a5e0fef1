// A ViT from scratch in the browser over `serve` (issue 14, item 9): the shape presets (the
// tutorial's recipe), the steps that apply (no download, no extraction), batches and an ETA.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../src/main/hosts/serve/server';
import { launchBrowser, openApp } from '../helpers/browser';
import { makeDataset, type ImageSpec } from '../helpers/make-images';

const SHOTS = path.resolve('test-artifacts/e2e');
let tmp: string;
let server: RunningServer;
let browser: Browser;
const shot = (page: Page, name: string) => page.screenshot({ path: path.join(SHOTS, `scratch-${name}.png`) });

beforeAll(async () => {
  if (!fs.existsSync(path.resolve('dist/renderer/index.html'))) throw new Error('Run npm run build first: the e2e test serves dist/renderer.');
  if (!fs.existsSync(path.resolve('dist/main/workers/worker-entry.js'))) throw new Error('Run npm run build first: runs start the worker bundle.');
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'vit-scratch-e2e-'));
  const spec: Record<string, ImageSpec> = {};
  for (const [label, color] of Object.entries({ top: '#d04040', trouser: '#4060d0', bag: '#40b060' })) {
    for (let i = 0; i < 16; i++) spec[`${label}/${label}-${i}.png`] = { color, width: 28, height: 28, noise: true, seed: i + 1, format: 'png' };
  }
  await makeDataset(path.join(tmp, 'fashion'), spec);
  server = await startServer({ workspace: path.join(tmp, 'ws'), port: 0 });
  browser = await launchBrowser();
  fs.mkdirSync(SHOTS, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

describe('from scratch over serve', () => {
  it('offers the tutorial recipe, shows only its steps, counts batches with an ETA', async () => {
    const { page, consoleErrors } = await openApp(browser, server.url, { width: 1360, height: 860 });
    await page.getByLabel('Folder path').fill(path.join(tmp, 'fashion'));
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await page.getByLabel('Import report').getByRole('button', { name: /Browse/ }).click();
    await page.getByRole('tab', { name: /Split/ }).click();
    await page.getByRole('button', { name: /Re-split everything/ }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Re-split' }).click();
    await expect.poll(() => page.getByText(/Assigned \d+ images/).count()).toBe(1);

    await page.getByRole('tab', { name: /Train/ }).click();
    await page.getByRole('switch').check();
    await page.getByRole('button', { name: 'Tutorial recipe' }).click();
    for (const [label, value] of [['Image size', '96'], ['Patch', '16'], ['Hidden', '512'], ['Layers', '2'], ['Heads', '8']]) {
      expect(await page.getByLabel(label, { exact: true }).inputValue(), label).toBe(value);
    }
    await expect.poll(() => page.getByRole('group', { name: 'Shape presets' }).textContent()).toMatch(/tutorial's recipe for Fashion-MNIST/);
    await shot(page, '01-recipe');
    // Train the quick shape (the recipe takes minutes on a CPU), many small batches.
    await page.getByRole('button', { name: 'Quick' }).click();
    await page.getByLabel('Epochs').fill('40');
    await page.getByLabel('Batch size').fill('2');
    await page.getByRole('button', { name: /^Train/ }).click();
    const phases = page.getByRole('list', { name: 'Phases' });
    await phases.waitFor({ timeout: 60_000 });
    expect(await phases.getByRole('listitem').allTextContents()).toEqual(['1Train model', '2Evaluate']);
    const text = page.getByTestId('progress-text');
    await expect.poll(() => text.textContent(), { timeout: 120_000 }).toMatch(/epoch \d+\/40.*\d+ \/ [\d,]+ batches.*ETA/);
    console.log(`from-scratch progress: ${await text.textContent()}`);
    await shot(page, '02-batches');
    await page.keyboard.press('Control+.');
    await expect.poll(() => page.locator('.train-live .status').textContent(), { timeout: 60_000 }).toMatch(/cancelled|completed/);
    expect(consoleErrors).toEqual([]);
  });
});
