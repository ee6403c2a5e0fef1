// The browser host imports a folder from the user's computer (issue 14, item 7): picked with the
// folder chooser, copied into the serve workspace and imported from there; the originals stay.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openApp } from '../helpers/browser';
import { serveE2E } from '../helpers/serve-e2e';
import { makeDataset, type ImageSpec } from '../helpers/make-images';


/** Every file under a folder with its size and mtime: the originals must not change. */
function snapshot(folder: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const d of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, d.name);
      if (d.isDirectory()) walk(p);
      else {
        const st = fs.statSync(p);
        out.push(`${path.relative(folder, p)} ${st.size} ${st.mtimeMs}`);
      }
    }
  };
  walk(folder);
  return out.sort();
}

const e2e = serveE2E('upload', async (tmp) => {
  const spec: Record<string, ImageSpec> = {};
  for (const label of ['sneaker', 'boot']) for (let i = 0; i < 4; i++) spec[`${label}/${label}-${i}.png`] = { width: 28, height: 28, noise: true, seed: i + (label === 'boot' ? 10 : 0), format: 'png' };
  await makeDataset(path.join(tmp, 'local', 'shoes'), spec);
  fs.writeFileSync(path.join(tmp, 'local', 'shoes', 'readme.txt'), 'not an image');
});

describe('folder upload over serve', () => {
  it('copies a picked folder to the workspace and imports the copy', async () => {
    const { page, consoleErrors } = await openApp(e2e.browser, e2e.server.url);
    const original = path.join(e2e.tmp, 'local', 'shoes');
    const before = snapshot(original);
    await page.getByLabel('Folder to upload').setInputFiles(original);
    const report = page.getByLabel('Import report');
    await expect.poll(() => report.textContent(), { timeout: 30_000 }).toContain('8 images');
    expect(await report.textContent()).toMatch(/1 skipped/);
    await e2e.shot(page, '01-imported');
    // The dataset is the copy in the workspace; the originals are as they were.
    const [dataset] = await e2e.server.engine.invoke('datasets.list', {});
    expect(dataset!.name).toBe('shoes');
    expect(dataset!.root.startsWith(path.join(e2e.tmp, 'ws', 'uploads'))).toBe(true);
    expect(snapshot(dataset!.root).map((l) => l.split(' ').slice(0, 2).join(' '))).toEqual(before.map((l) => l.split(' ').slice(0, 2).join(' ')));
    expect(snapshot(original)).toEqual(before);
    await report.getByRole('button', { name: /Browse/ }).click();
    await expect.poll(() => page.getByRole('grid', { name: 'Images' }).getByRole('gridcell').count()).toBe(8);
    // Typed server paths still work next to the upload.
    expect(await page.getByRole('tab', { name: /Start/ }).click().then(() => page.getByLabel('Folder path').isVisible())).toBe(true);
    expect(consoleErrors).toEqual([]);
  });
});
