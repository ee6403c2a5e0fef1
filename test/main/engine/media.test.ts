import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../../src/main/engine/engine';
import { resolveMedia } from '../../../src/main/engine/media';
import { thumbnailPath } from '../../../src/main/engine/thumbnails';
import { makeDataset, makeImage, tmpDir } from '../../helpers/make-images';
import { mediaPath } from '../../../src/renderer/app/client';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

describe('media resolver', () => {
  let engine: Engine;
  let datasetId: number;
  let outside: string;

  beforeAll(async () => {
    const root = tmpDir('vit-media-');
    outside = tmpDir('vit-outside-');
    dirs.push(root, outside);
    await makeDataset(root, {
      'cat/a b é.jpg': { width: 600, height: 300 },
      'cat/rot.jpg': { width: 60, height: 30, orientation: 6 },
      'dog/scan.tiff': { width: 40, height: 20 },
      'cat/photo%20one.jpg': { width: 30, height: 20 },
    });
    await makeImage(path.join(outside, 'secret.jpg'));
    fs.symlinkSync(path.join(outside, 'secret.jpg'), path.join(root, 'cat', 'link.jpg'));
    engine = new Engine(tmpDir('vit-ws-'));
    dirs.push(engine.ctx.ws.paths.root);
    datasetId = (await engine.invoke('datasets.import', { folder: root, labelsFrom: 'folders' })).dataset;
  });
  afterAll(() => engine.close());

  const get = (p: string, search = '') => resolveMedia(engine.ctx, p, search);

  it('serves a thumbnail fitting 256 with EXIF applied, and caches it by hash', async () => {
    const r = await get(`/media/thumb/${datasetId}/cat/${encodeURIComponent('a b é.jpg')}`);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.contentType).toBe('image/jpeg');
    const meta = await sharp(r.body).metadata();
    expect([meta.width, meta.height]).toEqual([256, 128]);
    const rot = await get(`/media/thumb/${datasetId}/cat/rot.jpg`, '?size=128');
    expect(rot.ok && (await sharp(rot.body).metadata()).height).toBe(60);
    const { items } = await engine.invoke('images.query', { datasetId, search: 'a b' });
    expect(fs.existsSync(thumbnailPath(engine.ctx.ws.paths.thumbnails, items[0]!.hash, 256))).toBe(true);
  });

  it('serves originals as they are and converts TIFF to PNG', async () => {
    const full = await get(`/media/full/${datasetId}/cat/rot.jpg`);
    expect(full.ok && full.contentType).toBe('image/jpeg');
    const tiff = await get(`/media/full/${datasetId}/dog/scan.tiff`);
    expect(tiff.ok && tiff.contentType).toBe('image/png');
    expect(tiff.ok && (await sharp(tiff.body).metadata()).format).toBe('png');
  });

  it.each([
    ['/media/full/ID/../../../etc/passwd', 400],
    ['/media/full/ID/cat/../dog/scan.tiff', 400],
    ['/media/full/ID/%2e%2e/%2e%2e/etc/passwd', 400],
    ['/media/full/ID/cat%2f..%2f..%2fetc%2fpasswd', 400],
    ['/media/full/ID/%2e%2e%2f%2e%2e%2fetc%2fpasswd', 400],
    ['/media/full/ID/..%5c..%5cwindows', 400],
    ['/media/full/ID/cat\\..\\x.jpg', 400],
    ['/media/full/ID//etc/passwd', 400],
    ['/media/full/ID/C:/Windows/win.ini', 400],
    ['/media/full/ID/cat/a.jpg%00.png', 400],
    ['/media/full/ID/%E0%A4%A', 400],
    ['/media/full/0/cat/rot.jpg', 400],
    ['/media/full/abc/cat/rot.jpg', 400],
    ['/media/other/ID/cat/rot.jpg', 404],
    ['/media/full/ID/cat/unknown.jpg', 404],
    ['/media/full/999/cat/rot.jpg', 404],
    ['/media/full/ID/etc/passwd', 404],
  ])('refuses %s with %i', async (p, status) => {
    const r = await get(p.replace('ID', String(datasetId)));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.status).toBe(status);
  });

  it('never serves a symlink whose target leaves the dataset folder', async () => {
    // Not imported (skipped as outside the folder) …
    const skipped = await engine.invoke('datasets.skipped', { datasetId });
    expect(skipped.map((s) => s.path)).toContain('cat/link.jpg');
    expect((await get(`/media/full/${datasetId}/cat/link.jpg`)).ok).toBe(false);
    // … and refused even if the database says it is an image of the dataset.
    engine.ctx.ws.db
      .prepare(`INSERT INTO images (dataset_id, rel_path, hash, bytes, width, height, format) VALUES (?, 'cat/link.jpg', 'x', 1, 1, 1, 'jpeg')`)
      .run(datasetId);
    const r = await get(`/media/full/${datasetId}/cat/link.jpg`);
    expect(r).toMatchObject({ ok: false, status: 403 });
  });

  it('serves a file whose name holds a literal %XX, as the UI encodes it', async () => {
    const url = `/media/full/${datasetId}/${mediaPath('full', datasetId, 'cat/photo%20one.jpg').split('/').slice(2).join('/')}`;
    expect(url).toContain('photo%2520one.jpg');
    expect(await get(url)).toMatchObject({ ok: true, contentType: 'image/jpeg' });
    // Decoded once, '%2e%2e' is a name to look up, not a way out: no such image (it answered 400 before).
    expect(await get(`/media/full/${datasetId}/%252e%252e/%252e%252e/etc/passwd`)).toMatchObject({ ok: false, status: 404 });
  });

  it('serves images of a dataset rooted at / (a drive root)', async () => {
    const other = tmpDir('vit-rooted-');
    dirs.push(other);
    await makeDataset(other, { 'a/one.png': { width: 20, height: 20 } });
    const id = (await engine.invoke('datasets.import', { folder: other, labelsFrom: 'folders' })).dataset;
    // As if the folder imported had been "/": the same file, named relative to the root.
    const relFromRoot = path.join(fs.realpathSync(other), 'a/one.png').slice(1);
    engine.ctx.ws.db.prepare(`UPDATE datasets SET root = '/' WHERE id = ?`).run(id);
    engine.ctx.ws.db.prepare(`UPDATE images SET rel_path = ? WHERE dataset_id = ?`).run(relFromRoot, id);
    expect(await get(`/media/full/${id}/${relFromRoot}`)).toMatchObject({ ok: true, contentType: 'image/png' });
  });

  it('rejects thumbnail sizes outside the allowed set', async () => {
    expect(await get(`/media/thumb/${datasetId}/cat/rot.jpg`, '?size=4000')).toMatchObject({ ok: false, status: 400 });
  });
});
