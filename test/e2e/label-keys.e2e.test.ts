// Label keys in the browser over `serve` (issue 14, bug 2): with labels "0"–"9" the key 7 gives
// "7" in Browse as in Label; switching screens keeps the filter and the selection; with 37 word
// labels the type-ahead picker reaches every one.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openApp } from '../helpers/browser';
import { importFolder, serveE2E } from '../helpers/serve-e2e';
import { makeDataset, type ImageSpec } from '../helpers/make-images';

const BREEDS = Array.from({ length: 37 }, (_, i) => `breed_${String(i + 1).padStart(2, '0')}`);
BREEDS[20] = 'Siamese';

const e2e = serveE2E('label-keys', async (tmp) => {
  let seed = 1;
  const img = (): ImageSpec => ({ width: 28, height: 28, noise: true, seed: seed++, format: 'png' });
  const digits: Record<string, ImageSpec> = {};
  for (let d = 0; d < 10; d++) for (let i = 0; i < 2; i++) digits[`${d}/${d}-${i}.png`] = img();
  for (let i = 0; i < 3; i++) digits[`loose-${i}.png`] = img();
  await makeDataset(path.join(e2e.tmp, 'digits'), digits);
  const pets: Record<string, ImageSpec> = {};
  for (const b of BREEDS) pets[`${b}/${b}-0.png`] = img();
  pets['stray.png'] = img();
  await makeDataset(path.join(e2e.tmp, 'pets'), pets);
});

describe('label keys over serve', () => {
  it('digit labels take their own key, in Browse and Label, and the screens share filter and selection', async () => {
    const { page, consoleErrors } = await openApp(e2e.browser, e2e.server.url);
    await importFolder(page, path.join(e2e.tmp, 'digits'), 23);
    await page.getByLabel('Import report').getByRole('button', { name: /Browse/ }).click();
    const grid = page.getByRole('grid', { name: 'Images' });
    await grid.waitFor();

    // Browse: the list shows each digit label with its own key; 7 assigns "7" (it gave "6").
    await expect.poll(() => page.getByRole('option', { name: /^7, 2 images, key 7$/ }).count()).toBe(1);
    await expect.poll(() => page.getByRole('option', { name: /^0, 2 images, key 0$/ }).count()).toBe(1);
    await page.getByRole('option', { name: /^Unlabeled/ }).click();
    await expect.poll(() => grid.getByRole('gridcell').count()).toBe(3);
    await grid.getByRole('gridcell').first().click();
    await page.keyboard.press('7');
    await expect.poll(() => grid.getByRole('gridcell').count()).toBe(2);
    await expect.poll(() => page.getByRole('option', { name: /^7, 3 images/ }).count()).toBe(1);
    // The labelled image left the filtered view; the next one took its cell and takes the next key.
    await page.keyboard.press('9');
    await expect.poll(() => page.getByRole('option', { name: /^9, 3 images/ }).count()).toBe(1);
    await e2e.shot(page, '01-browse-digits');
    // 28 px images enlarged into 148 px cells are drawn with crisp pixels, not a blur.
    expect(await grid.locator('.thumb img').first().evaluate((img) => getComputedStyle(img).imageRendering)).toBe('pixelated');

    // Select the last unlabeled image, then switch to Label: same filter, same selection.
    await expect.poll(() => grid.getByRole('gridcell').count()).toBe(1);
    await grid.getByRole('gridcell').first().click();
    await expect.poll(() => grid.getByRole('gridcell').first().getAttribute('aria-selected')).toBe('true');
    await page.getByRole('tab', { name: /Label/ }).click();
    const labelGrid = page.getByRole('grid', { name: 'Images to label' });
    await labelGrid.waitFor();
    await expect.poll(() => page.getByRole('option', { name: /^Unlabeled/ }).getAttribute('aria-selected')).toBe('true');
    await expect.poll(() => labelGrid.getByRole('gridcell').count()).toBe(1);
    await expect.poll(() => labelGrid.getByRole('gridcell').first().getAttribute('aria-selected')).toBe('true');
    await labelGrid.focus();
    await page.keyboard.press('0');
    await expect.poll(() => page.getByRole('option', { name: /^0, 3 images/ }).count()).toBe(1);
    await expect.poll(() => labelGrid.getByRole('gridcell').count()).toBe(0);
    await e2e.shot(page, '02-label-digits');

    // Back in Browse the filter is still "Unlabeled" (now empty).
    await page.getByRole('tab', { name: /Browse/ }).click();
    await expect.poll(() => page.getByRole('option', { name: /^Unlabeled/ }).getAttribute('aria-selected')).toBe('true');
    expect(consoleErrors).toEqual([]);
  });

  it('37 word labels: the type-ahead picker assigns any of them', async () => {
    const { page, consoleErrors } = await openApp(e2e.browser, e2e.server.url);
    await importFolder(page, path.join(e2e.tmp, 'pets'), 38);
    await page.getByLabel('Import report').getByRole('button', { name: /Browse/ }).click();
    const grid = page.getByRole('grid', { name: 'Images' });
    await grid.waitFor();
    await page.getByRole('option', { name: /^Unlabeled/ }).click();
    await expect.poll(() => grid.getByRole('gridcell').count()).toBe(1);
    await grid.getByRole('gridcell').first().click();

    await page.keyboard.press('l');
    const picker = page.getByRole('dialog', { name: 'Pick a label' });
    await picker.waitFor();
    await page.keyboard.type('sia');
    await expect.poll(() => picker.getByRole('option').count()).toBe(1);
    await e2e.shot(page, '03-picker');
    await page.keyboard.press('Enter');
    await picker.waitFor({ state: 'detached' });
    await expect.poll(() => page.getByRole('option', { name: /^Siamese, 2 images/ }).count()).toBe(1);
    await expect.poll(() => grid.getByRole('gridcell').count()).toBe(0);

    // Undo works in Browse too (the grid emptied, nothing has the focus), and Esc closes the
    // picker without a change.
    await page.keyboard.press('Control+z');
    await expect.poll(() => grid.getByRole('gridcell').count()).toBe(1);
    await grid.getByRole('gridcell').first().click();
    await page.keyboard.press('/');
    await picker.waitFor();
    await page.keyboard.type('breed_3');
    await expect.poll(() => picker.getByRole('option').count()).toBe(8);
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Escape');
    await picker.waitFor({ state: 'detached' });
    await expect.poll(() => grid.getByRole('gridcell').count()).toBe(1);
    await e2e.shot(page, '04-pets-after-escape');
    expect(consoleErrors).toEqual([]);
  });
});
