// The Start screen's datasets and the empty states in the browser over `serve` (issue 14,
// item 13): rename, rescan and delete a dataset (its files stay); empty screens offer the next step.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openApp } from '../helpers/browser';
import { importFolder, serveE2E } from '../helpers/serve-e2e';
import { encodeImage, makeDataset, type ImageSpec } from '../helpers/make-images';

const e2e = serveE2E('start-datasets', async (tmp) => {
  for (const name of ['birds', 'cars']) {
    const spec: Record<string, ImageSpec> = {};
    for (const label of ['a_kind', 'b_kind']) for (let i = 0; i < 3; i++) spec[`${label}/${label}-${i}.png`] = { width: 40, height: 30, noise: true, seed: name.length * 10 + i + (label === 'a_kind' ? 0 : 5), format: 'png' };
    await makeDataset(path.join(tmp, name), spec);
  }
});


describe('datasets on the Start screen, and empty states', () => {
  it('renames, rescans and deletes datasets; empty screens offer the next step', async () => {
    const { page, consoleErrors } = await openApp(e2e.browser, e2e.server.url);
    await importFolder(page, path.join(e2e.tmp, 'birds'), 6);
    await importFolder(page, path.join(e2e.tmp, 'cars'), 6);

    // Rename.
    await page.getByRole('button', { name: 'Rename birds' }).click();
    await page.getByLabel('New name for birds').fill('Garden birds');
    await page.getByRole('button', { name: 'Rename', exact: true }).click();
    await expect.poll(() => page.getByRole('button', { name: /^Open Garden birds/ }).count()).toBe(1);

    // Rescan finds a file added to the folder since the import.
    fs.writeFileSync(path.join(e2e.tmp, 'birds', 'a_kind', 'late.png'), await encodeImage({ width: 40, height: 30, noise: true, seed: 99, format: 'png' }));
    await page.getByRole('button', { name: 'Rescan Garden birds' }).click();
    await expect.poll(() => page.getByText(/Garden birds: 1 new, 0 gone, 7 images\./).count()).toBe(1);
    await expect.poll(() => page.getByRole('button', { name: /^Open Garden birds/ }).textContent()).toMatch(/7 images/);
    await e2e.shot(page, '01-datasets');

    // Delete the open dataset: the app goes back to Start; the files stay.
    await page.getByRole('button', { name: /^Open cars/ }).click();
    await page.getByRole('tab', { name: /Start/ }).click();
    await page.getByRole('button', { name: 'Delete cars' }).click();
    const confirm = page.getByRole('alertdialog');
    expect(await confirm.textContent()).toMatch(/are not touched/);
    await confirm.getByRole('button', { name: 'Delete dataset' }).click();
    await expect.poll(() => page.getByRole('button', { name: /^Open cars/ }).count()).toBe(0);
    expect(fs.readdirSync(path.join(e2e.tmp, 'cars', 'a_kind'))).toHaveLength(3);
    await expect.poll(() => page.getByRole('tab', { name: /Browse/ }).isDisabled()).toBe(true);

    // Empty states: everything labelled → split next; no run → train next.
    await page.getByRole('button', { name: /^Open Garden birds/ }).click();
    await page.getByRole('tab', { name: /Label/ }).click();
    await page.getByRole('option', { name: /^Unlabeled/ }).click();
    const next = page.getByRole('button', { name: 'Split the dataset →' });
    await next.waitFor();
    await e2e.shot(page, '02-label-empty');
    await next.click();
    await expect.poll(() => page.getByRole('tab', { name: /Split/ }).getAttribute('aria-selected')).toBe('true');
    await page.getByRole('tab', { name: /Results/ }).click();
    await page.getByRole('button', { name: 'Train a model →' }).click();
    await expect.poll(() => page.getByRole('tab', { name: /Train/ }).getAttribute('aria-selected')).toBe('true');
    await page.getByRole('tab', { name: /Runs/ }).click();
    await page.getByRole('button', { name: 'Train a model →' }).waitFor();
    await e2e.shot(page, '03-runs-empty');
    expect(consoleErrors).toEqual([]);
  });
});
