// Augmentation presets that fit the data, in the browser over `serve` (issue 14, item 10): grey
// digits get no flips and no colour jitter; a preset chosen for one dataset does not carry over
// to another.
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { openApp } from '../helpers/browser';
import { importFolder, serveE2E } from '../helpers/serve-e2e';
import { makeDataset, type ImageSpec } from '../helpers/make-images';

const e2e = serveE2E('augment-fit', async (tmp) => {
  // Grey 28 px digits, one channel, like MNIST.
  for (let d = 0; d < 10; d++) {
    fs.mkdirSync(path.join(tmp, 'digits', String(d)), { recursive: true });
    for (let i = 0; i < 3; i++) {
      const px = Buffer.alloc(28 * 28);
      for (let k = 0; k < px.length; k++) px[k] = ((k * (d + 3) + i * 17) % 97) * 2;
      await sharp(px, { raw: { width: 28, height: 28, channels: 1 } }).png().toFile(path.join(tmp, 'digits', String(d), `${d}-${i}.png`));
    }
  }
  const photos: Record<string, ImageSpec> = {};
  for (const [label, color] of Object.entries({ cat: '#d9822b', dog: '#3d7dd8' })) for (let i = 0; i < 3; i++) photos[`${label}/${label}-${i}.jpg`] = { color, width: 64, height: 48, noise: true, seed: i + 1 };
  await makeDataset(path.join(tmp, 'photos'), photos);
});


const knob = (page: Page, name: string) => page.locator('.knob-label', { hasText: name }).locator('.mono');

describe('augmentation presets that fit the data', () => {
  it('grey digits: no flips, no hue; the choice stays with its dataset', async () => {
    const { page, consoleErrors } = await openApp(e2e.browser, e2e.server.url);
    await importFolder(page, path.join(e2e.tmp, 'photos'), 6);
    await importFolder(page, path.join(e2e.tmp, 'digits'), 30);
    await page.getByLabel('Import report').getByRole('button', { name: /Browse/ }).click();

    await page.getByRole('tab', { name: /Augment/ }).click();
    const fitted = page.getByRole('list', { name: 'Presets fitted to this data' });
    await expect.poll(() => fitted.textContent()).toMatch(/No flips.*digits or characters.*No hue, saturation or greyscale changes: the images are grey/);
    await page.getByRole('radio', { name: 'strong' }).click();
    await expect.poll(() => knob(page, 'Horizontal flip').textContent()).toBe('p 0%');
    expect(await knob(page, 'Hue').textContent()).toBe('±0.00 turn');
    expect(await knob(page, 'Rotation').textContent()).toBe('±25°');
    expect(await page.getByRole('radio', { name: 'strong' }).getAttribute('aria-checked')).toBe('true');
    await expect.poll(() => page.getByRole('list', { name: 'Augmented samples' }).locator('img').count()).toBe(12);
    await e2e.shot(page, '01-digits-strong');
    await page.getByRole('button', { name: 'Use for training' }).click();

    await page.getByRole('tab', { name: /Train/ }).click();
    expect(await page.getByLabel('Augmentation preset').inputValue()).toBe('strong');
    await expect.poll(() => page.getByTestId('augment-fit-note').textContent()).toMatch(/^Fitted to this data: No flips/);
    await e2e.shot(page, '02-digits-train');

    // The photos never had a choice: no augmentation there, and its presets flip.
    await page.getByRole('combobox', { name: 'Dataset' }).selectOption({ label: 'photos' });
    await page.getByRole('tab', { name: /Train/ }).click();
    await expect.poll(() => page.getByLabel('Augmentation preset').inputValue()).toBe('none');
    expect(await page.getByTestId('augment-fit-note').count()).toBe(0);
    await page.getByRole('tab', { name: /Augment/ }).click();
    await page.getByRole('radio', { name: 'strong' }).click();
    await expect.poll(() => knob(page, 'Horizontal flip').textContent()).toBe('p 50%');
    expect(await page.getByRole('list', { name: 'Presets fitted to this data' }).count()).toBe(0);
    await e2e.shot(page, '03-photos-strong');
    expect(consoleErrors).toEqual([]);
  });
});
