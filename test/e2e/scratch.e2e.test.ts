// A ViT from scratch in the browser over `serve` (issue 14, item 9): the shape presets (the
// tutorial's recipe), the steps that apply (no download, no extraction), batches and an ETA.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openApp } from '../helpers/browser';
import { importFolder, serveE2E } from '../helpers/serve-e2e';
import { makeDataset, type ImageSpec } from '../helpers/make-images';

const e2e = serveE2E('scratch', async (tmp) => {
  const spec: Record<string, ImageSpec> = {};
  for (const [label, color] of Object.entries({ top: '#d04040', trouser: '#4060d0', bag: '#40b060' })) {
    for (let i = 0; i < 16; i++) spec[`${label}/${label}-${i}.png`] = { color, width: 28, height: 28, noise: true, seed: i + 1, format: 'png' };
  }
  await makeDataset(path.join(tmp, 'fashion'), spec);
}, { worker: true });

describe('from scratch over serve', () => {
  it('offers the tutorial recipe, shows only its steps, counts batches with an ETA', async () => {
    const { page, consoleErrors } = await openApp(e2e.browser, e2e.server.url, { width: 1360, height: 860 });
    await importFolder(page, path.join(e2e.tmp, 'fashion'), 48);
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
    await e2e.shot(page, '01-recipe');
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
    await e2e.shot(page, '02-batches');
    await page.keyboard.press('Control+.');
    await expect.poll(() => page.locator('.train-live .status').textContent(), { timeout: 60_000 }).toMatch(/cancelled|completed/);
    expect(consoleErrors).toEqual([]);
  });
});
