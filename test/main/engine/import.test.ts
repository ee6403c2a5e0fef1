import fs from 'node:fs';
import { parseIdList } from '../../../src/shared/api/images';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../../src/main/engine/engine';
import type { EngineEvent, ImportReport } from '../../../src/shared/types';
import { makeDataset, makeImage, pngHeaderOnly } from '../../helpers/make-images';
import { useTempDirs } from '../../helpers/temp-dirs';

const isRoot = process.getuid?.() === 0;
const tmp = useTempDirs();

describe('import: a folder with classes, unlabeled root images and bad files', () => {
  let engine: Engine;
  let root: string;
  let report: ImportReport;
  const events: EngineEvent[] = [];

  beforeAll(async () => {
    root = tmp('vit-ds-');
    await makeDataset(root, {
      'cat/c1.jpg': {}, 'cat/c2.jpg': {}, 'cat/c3.png': { format: 'png' },
      'dog/d1.jpg': {}, 'dog/d2.webp': {},
      'bird/b1.jpg': {}, 'bird/nested/b2.jpg': {},
      'root1.jpg': {}, 'root2.jpg': {},
    });
    // Exact duplicate of cat/c1.jpg inside dog/
    fs.copyFileSync(path.join(root, 'cat/c1.jpg'), path.join(root, 'dog/copy-of-c1.jpg'));
    const good = fs.readFileSync(path.join(root, 'cat/c2.jpg'));
    fs.writeFileSync(path.join(root, 'cat/truncated.jpg'), good.subarray(0, Math.floor(good.length / 2)));
    fs.writeFileSync(path.join(root, 'dog/empty.png'), Buffer.alloc(0));
    fs.writeFileSync(path.join(root, 'bird/notes.jpg'), 'this is text, not a JPEG\n');
    fs.symlinkSync('..', path.join(root, 'bird/loop'));
    fs.writeFileSync(path.join(root, '.DS_Store'), 'junk');
    fs.mkdirSync(path.join(root, '.git'));
    await makeImage(path.join(root, '.git/hidden.jpg'));
    fs.writeFileSync(path.join(root, 'README.txt'), 'ignored');
    engine = new Engine(tmp('vit-ws-'));
    engine.on((e) => events.push(e));
    report = await engine.invoke('datasets.import', { folder: root, labelsFrom: 'folders' });
  });
  afterAll(() => engine.close());

  it('counts images, labels, unlabeled and duplicates exactly', () => {
    expect(report.images).toBe(10);
    expect(report.labels).toEqual({ bird: 2, cat: 3, dog: 3 });
    expect(report.unlabeled).toBe(2);
    expect(report.duplicates).toBe(1);
    expect(report.added).toBe(10);
  });

  it('lists each bad file once with a human reason', () => {
    const reasons = Object.fromEntries(report.skipped.map((s) => [s.path, s.reason]));
    expect(Object.keys(reasons).sort()).toEqual(
      ['.DS_Store', '.git', 'README.txt', 'bird/loop', 'bird/notes.jpg', 'cat/truncated.jpg', 'dog/empty.png'],
    );
    expect(reasons['.DS_Store']).toMatch(/macOS folder metadata/);
    expect(reasons['.git']).toMatch(/hidden folder/);
    expect(reasons['README.txt']).toMatch(/text file/);
    expect(reasons['cat/truncated.jpg']).toMatch(/truncated JPEG/);
    expect(reasons['dog/empty.png']).toMatch(/empty file/);
    expect(reasons['bird/notes.jpg']).toMatch(/not a readable image/);
    expect(reasons['bird/loop']).toMatch(/loop/);
  });

  it('flags the copy as duplicate of the first image with that content', async () => {
    const { items } = await engine.invoke('images.query', { datasetId: report.dataset, duplicatesOnly: true });
    expect(items.map((i) => i.relPath).sort()).toEqual(['cat/c1.jpg', 'dog/copy-of-c1.jpg']);
    const copy = items.find((i) => i.relPath === 'dog/copy-of-c1.jpg')!;
    const first = items.find((i) => i.relPath === 'cat/c1.jpg')!;
    expect(copy.duplicateOf).toBe(first.id);
    expect(first.duplicateOf).toBeNull();
  });

  it('filters by a list of image ids (a lasso on the map opened in the grid), with the other filters', async () => {
    const all = await engine.invoke('images.query', { datasetId: report.dataset, limit: 100 });
    const picked = all.items.filter((i) => i.relPath.startsWith('cat/') || i.relPath === 'root1.jpg').map((i) => i.id);
    const { total, items } = await engine.invoke('images.query', { datasetId: report.dataset, imageIds: picked });
    expect(total).toBe(picked.length);
    expect(items.map((i) => i.id).sort()).toEqual([...picked].sort());
    const ids = parseIdList(await engine.invoke('images.ids', { datasetId: report.dataset, imageIds: picked, labelId: null }));
    expect(ids).toEqual(all.items.filter((i) => i.relPath === 'root1.jpg').map((i) => i.id));
  });

  it('gives every new image a split and emits throttled progress', async () => {
    const { total } = await engine.invoke('images.query', { datasetId: report.dataset, split: null });
    expect(total).toBe(0);
    const progress = events.filter((e) => e.type === 'progress');
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.length).toBeLessThan(20);
    expect(events.some((e) => e.type === 'dataset-changed')).toBe(true);
  });

  it('importing the same folder again is a rescan of the same dataset', async () => {
    const again = await engine.invoke('datasets.import', { folder: root + '/', labelsFrom: 'none' });
    expect(again.dataset).toBe(report.dataset);
    expect(again.added).toBe(0);
    expect(again.images).toBe(10);
    expect((await engine.invoke('datasets.list', {})).length).toBe(1);
  });
});

describe('import: unusual but valid images, and hostile ones', () => {
  let engine: Engine;
  let report: ImportReport;
  let root: string;

  beforeAll(async () => {
    root = tmp('vit-odd-');
    await makeImage(path.join(root, 'rotated.jpg'), { width: 40, height: 20, orientation: 6 });
    await makeImage(path.join(root, 'one.png'), { width: 1, height: 1 });
    await makeImage(path.join(root, 'panorama.jpg'), { width: 20000, height: 200 });
    await makeImage(path.join(root, 'anim.gif'), { width: 16, height: 16 });
    // Animated: two 12×15 frames.
    const frame = (c: string) => sharp({ create: { width: 12, height: 15, channels: 3, background: c } }).png().toBuffer();
    await sharp([await frame('#f00'), await frame('#0f0')], { join: { animated: true } })
      .gif({ loop: 0 })
      .toFile(path.join(root, 'anim2.gif'));
    await sharp({ create: { width: 24, height: 10, channels: 3, background: '#808080' } })
      .png()
      .toColourspace('rgb16')
      .toFile(path.join(root, 'deep16.png'));
    await sharp({ create: { width: 18, height: 12, channels: 3, background: '#20a040' } })
      .toColourspace('cmyk')
      .jpeg()
      .toFile(path.join(root, 'cmyk.jpg'));
    await makeImage(path.join(root, 'photo.tiff'), { width: 30, height: 20 });
    await makeImage(path.join(root, 'photo.avif'), { width: 30, height: 20 });
    await makeImage(path.join(root, 'name with spaces é 🐱.jpg'));
    await makeImage(path.join(root, 'new\nline.jpg'));
    fs.writeFileSync(path.join(root, 'bomb.png'), pngHeaderOnly(100_000, 100_000));
    fs.mkdirSync(path.join(root, 'x.jpg'));
    await makeImage(path.join(root, 'x.jpg', 'inside.jpg'));
    await makeImage(path.join(root, 'secret.jpg'));
    if (!isRoot) fs.chmodSync(path.join(root, 'secret.jpg'), 0o000);
    engine = new Engine(tmp('vit-ws-'));
    report = await engine.invoke('datasets.import', { folder: root, labelsFrom: 'none' });
  });
  afterAll(() => engine.close());

  const image = async (relPath: string) => {
    const { items } = await engine.invoke('images.query', { datasetId: report.dataset, search: relPath, limit: 10 });
    return items.find((i) => i.relPath === relPath);
  };

  it('reads odd but valid images with their displayed size', async () => {
    expect(await image('rotated.jpg')).toMatchObject({ width: 20, height: 40, format: 'jpeg' });
    expect(await image('one.png')).toMatchObject({ width: 1, height: 1, format: 'png' });
    expect(await image('panorama.jpg')).toMatchObject({ width: 20000, height: 200 });
    expect(await image('deep16.png')).toMatchObject({ width: 24, height: 10 });
    expect(await image('cmyk.jpg')).toMatchObject({ width: 18, height: 12, format: 'jpeg' });
    expect(await image('anim.gif')).toMatchObject({ width: 16, format: 'gif' });
    expect(await image('anim2.gif')).toMatchObject({ width: 12, height: 15, format: 'gif' });
    expect(await image('photo.tiff')).toMatchObject({ format: 'tiff' });
    expect(await image('photo.avif')).toMatchObject({ format: 'avif', width: 30, height: 20 });
    expect(await image('name with spaces é 🐱.jpg')).toBeDefined();
    expect(await image('new\nline.jpg')).toBeDefined();
  });

  it('refuses the pixel bomb from its header and the folder named like an image', () => {
    const reasons = Object.fromEntries(report.skipped.map((s) => [s.path, s.reason]));
    expect(reasons['bomb.png']).toMatch(/too large \(100000×100000/);
    expect(reasons['x.jpg']).toMatch(/folder/);
    if (!isRoot) expect(reasons['secret.jpg']).toMatch(/could not be read/);
    expect(report.skipped.length).toBe(isRoot ? 2 : 3);
    expect(report.images).toBe(isRoot ? 12 : 11);
  });
});

describe('import: labels from file names', () => {
  it('takes the name without its trailing _<digits> (Oxford Pets layout)', async () => {
    const root = tmp('vit-pets-');
    await makeDataset(root, {
      'Abyssinian_12.jpg': {}, 'Abyssinian_3.jpg': {}, 'great_pyrenees_105.jpg': {}, 'images/great_pyrenees_7.png': { format: 'png' },
    });
    const engine = new Engine(tmp('vit-ws-'));
    try {
      const report = await engine.invoke('datasets.import', { folder: root, labelsFrom: 'filename', name: 'Pets' });
      expect(report.labels).toEqual({ Abyssinian: 2, great_pyrenees: 2 });
      expect(report.unlabeled).toBe(0);
      expect((await engine.invoke('datasets.get', { datasetId: report.dataset })).name).toBe('Pets');
    } finally {
      engine.close();
    }
  });
});
