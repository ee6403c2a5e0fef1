import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../../src/main/engine/engine';
import { resolveMedia } from '../../../src/main/engine/media';
import { decodeRgb } from '../../../src/main/model/preprocess';
import type { ImportReport } from '../../../src/shared/types';
import { encodeBmp, makeImage, tmpDir } from '../../helpers/make-images';

// Every regular file under the folder is imported or listed with its reason (an icon theme folder
// once reported "0 skipped" while its SVGs, cursors and theme files were dropped).
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

const SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="24" height="16"><rect width="24" height="16" fill="#0a0"/></svg>';

describe('import: every file imported or listed with its reason', () => {
  let engine: Engine;
  let root: string;
  let report: ImportReport;
  const files: Record<string, RegExp | 'image'> = {
    'icons/photo.png': 'image',
    'icons/logo.svg': 'image',
    'icons/old.bmp': 'image',
    'icons/broken.gif': /not a readable image/,
    'icons/notes.txt': /text file \(\.txt\)/,
    '.DS_Store': /macOS folder metadata/,
    'icons/.DS_Store': /macOS folder metadata/,
    'cursors/left_ptr': /mouse cursor/,
    'index.theme': /icon theme/,
    'icon-theme.cache': /icon theme cache/,
    'icons/app.ico': /icon container \(ICO\) is not supported/,
    'icons/renamed.dat': /looks like a PNG image/,
    'LICENSE': /text file/,
  };

  beforeAll(async () => {
    root = tmpDir('vit-files-');
    engine = new Engine(tmpDir('vit-ws-'));
    dirs.push(root, engine.ctx.ws.paths.root);
    await makeImage(path.join(root, 'icons/photo.png'), { width: 10, height: 10, noise: true });
    fs.writeFileSync(path.join(root, 'icons/logo.svg'), SVG);
    const rgb = Uint8Array.from({ length: 6 * 4 * 3 }, (_, i) => (i * 29) % 256);
    fs.writeFileSync(path.join(root, 'icons/old.bmp'), encodeBmp(6, 4, rgb));
    fs.writeFileSync(path.join(root, 'icons/broken.gif'), Buffer.concat([Buffer.from('GIF89a'), Buffer.alloc(40, 0x55), Buffer.from([0x3b])]));
    fs.writeFileSync(path.join(root, 'icons/notes.txt'), 'drawn by hand\n');
    fs.writeFileSync(path.join(root, '.DS_Store'), Buffer.from([0, 0, 0, 1, 0x42, 0x75, 0x64, 0x31]));
    fs.writeFileSync(path.join(root, 'icons/.DS_Store'), Buffer.from([0, 0, 0, 1]));
    fs.mkdirSync(path.join(root, 'cursors'));
    fs.writeFileSync(path.join(root, 'cursors/left_ptr'), Buffer.concat([Buffer.from('Xcur'), Buffer.alloc(12)]));
    fs.writeFileSync(path.join(root, 'index.theme'), '[Icon Theme]\nName=Test\n');
    fs.writeFileSync(path.join(root, 'icon-theme.cache'), Buffer.from([0, 1, 0, 2, 0, 0, 0, 0x0c]));
    fs.writeFileSync(path.join(root, 'icons/app.ico'), Buffer.from([0, 0, 1, 0, 1, 0]));
    fs.copyFileSync(path.join(root, 'icons/photo.png'), path.join(root, 'icons/renamed.dat'));
    fs.writeFileSync(path.join(root, 'LICENSE'), 'MIT License\n');
    report = await engine.invoke('datasets.import', { folder: root, labelsFrom: 'none' });
  });
  afterAll(() => engine.close());

  it('images + skipped = the number of files, each skip with its reason', () => {
    const onDisk = Object.keys(files).length;
    expect(report.images + report.skipped.length).toBe(onDisk);
    expect(report.images).toBe(3);
    const reasons = Object.fromEntries(report.skipped.map((s) => [s.path, s.reason]));
    for (const [file, expected] of Object.entries(files)) {
      if (expected === 'image') expect(reasons[file], file).toBeUndefined();
      else expect(reasons[file], file).toMatch(expected);
    }
  });

  it('SVG and BMP are images with their size, shown as thumbnails and read for training', async () => {
    const { items } = await engine.invoke('images.query', { datasetId: report.dataset, limit: 10 });
    const byPath = Object.fromEntries(items.map((i) => [i.relPath, i]));
    expect(byPath['icons/logo.svg']).toMatchObject({ format: 'svg', width: 24, height: 16 });
    expect(byPath['icons/old.bmp']).toMatchObject({ format: 'bmp', width: 6, height: 4 });
    for (const rel of ['icons/logo.svg', 'icons/old.bmp']) {
      const thumb = await resolveMedia(engine.ctx, `/media/thumb/${report.dataset}/${rel}`, '');
      expect(thumb.ok, rel).toBe(true);
      const full = await resolveMedia(engine.ctx, `/media/full/${report.dataset}/${rel}`, '');
      expect(full.ok && full.contentType, rel).toBe('image/png');
    }
    const svg = await decodeRgb(path.join(root, 'icons/logo.svg'));
    expect([svg.width, svg.height, svg.data[0], svg.data[1], svg.data[2]]).toEqual([24, 16, 0, 0xaa, 0]);
    const bmp = await decodeRgb(path.join(root, 'icons/old.bmp'));
    expect([bmp.width, bmp.height, bmp.data[3]]).toEqual([6, 4, 29 * 3]);
    const png = await sharp((await resolveMedia(engine.ctx, `/media/full/${report.dataset}/icons/old.bmp`, '') as { body: Buffer }).body).metadata();
    expect([png.width, png.height]).toEqual([6, 4]);
  });

  it('a hidden folder is listed once, not entered', async () => {
    fs.mkdirSync(path.join(root, '.git'));
    await makeImage(path.join(root, '.git/inside.jpg'));
    const again = await engine.invoke('datasets.rescan', { datasetId: report.dataset });
    expect(again.skipped.find((s) => s.path === '.git')?.reason).toMatch(/hidden folder/);
    expect(again.skipped.some((s) => s.path.startsWith('.git/'))).toBe(false);
  });
});
