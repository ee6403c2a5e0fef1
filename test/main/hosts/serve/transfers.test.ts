import fs from 'node:fs';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../../../src/main/hosts/serve/server';
import { writeZip, zipSize } from '../../../../src/main/hosts/serve/zip';
import { encodeImage, tmpDir } from '../../../helpers/make-images';
import { readZip } from '../../../helpers/read-zip';

const root = tmpDir('vit-transfers-');
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

describe('zip writer', () => {
  it('stores files under their names with correct CRCs and the size it announced', async () => {
    fs.mkdirSync(path.join(root, 'z', 'sub'), { recursive: true });
    fs.writeFileSync(path.join(root, 'z', 'config.json'), '{"a": 1}');
    const big = Buffer.alloc(300_000, 7);
    big.write('weights', 1000);
    fs.writeFileSync(path.join(root, 'z', 'sub', 'model.safetensors'), big);
    fs.writeFileSync(path.join(root, 'z', 'empty'), '');
    const entries = [
      { name: 'config.json', file: path.join(root, 'z', 'config.json') },
      { name: 'sub/model.safetensors', file: path.join(root, 'z', 'sub', 'model.safetensors') },
      { name: 'empty', file: path.join(root, 'z', 'empty') },
      { name: 'ünïcode.txt', file: path.join(root, 'z', 'config.json') },
    ];
    const out = new PassThrough();
    const chunks: Buffer[] = [];
    out.on('data', (c: Buffer) => chunks.push(c));
    await writeZip(out, entries);
    const zip = Buffer.concat(chunks);
    expect(zip.length).toBe(zipSize(entries));
    const files = readZip(zip);
    expect([...files.keys()]).toEqual(['config.json', 'sub/model.safetensors', 'empty', 'ünïcode.txt']);
    expect(files.get('sub/model.safetensors')!.equals(big)).toBe(true);
    expect(files.get('empty')!.length).toBe(0);
  });
});

describe('serve: folder upload', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer({ workspace: path.join(root, 'ws'), port: 0 });
  });
  afterAll(() => server?.close());
  const put = (p: string, body: Buffer | string, token = server.token) =>
    fetch(`${server.url.replace(/\/\?.*$/, '')}${p}`, { method: 'PUT', body: typeof body === 'string' ? body : new Uint8Array(body), headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/octet-stream' } });

  it('copies files into the workspace; the copy imports like any folder', async () => {
    const png = await encodeImage({ width: 16, height: 16, format: 'png', noise: true, seed: 4 });
    let folder = '';
    for (const rel of ['pets/cat/a.png', 'pets/dog/b.png', 'pets/dog/c%20d.png']) {
      const r = await put(`/upload/batch-0001/${rel}`, png);
      expect(r.status).toBe(200);
      folder = ((await r.json()) as { value: { folder: string } }).value.folder;
    }
    expect(folder).toBe(path.join(root, 'ws', 'uploads', 'batch-0001'));
    expect(fs.readFileSync(path.join(folder, 'pets', 'dog', 'c d.png')).equals(png)).toBe(true);
    const report = await server.engine.invoke('datasets.import', { folder: path.join(folder, 'pets'), labelsFrom: 'folders' });
    expect(report).toMatchObject({ images: 3, labels: { cat: 1, dog: 2 } });
  });

  it('refuses paths that leave the batch folder, bad batch ids, missing tokens and GET', async () => {
    for (const p of ['/upload/batch-0001/../evil.png', '/upload/batch-0001/%2e%2e/evil.png', '/upload/x/a.png', '/upload/batch-0001', '/upload/batch-0001/a%2Fb.png']) {
      const r = await put(p, 'x');
      expect(r.status, p).toBe(400);
    }
    expect((await put('/upload/batch-0001/a.png', 'x', 'wrong')).status).toBe(401);
    const get = await fetch(`${server.url.replace(/\/\?.*$/, '')}/upload/batch-0001/a.png`, { headers: { Authorization: `Bearer ${server.token}` } });
    expect(get.status).toBe(405);
    expect(fs.existsSync(path.join(root, 'ws', 'evil.png'))).toBe(false);
    expect(fs.existsSync(path.join(root, 'ws', 'uploads', 'evil.png'))).toBe(false);
  });

  it('a download of a run that does not exist is a clear 404', async () => {
    const r = await fetch(`${server.url.replace(/\/\?.*$/, '')}/download/run-99.zip?format=hf`, { headers: { Authorization: `Bearer ${server.token}` } });
    expect(r.status).toBe(404);
    expect(((await r.json()) as { error: { message: string } }).error.message).toMatch(/99/);
    const bad = await fetch(`${server.url.replace(/\/\?.*$/, '')}/download/run-1.zip?format=exe`, { headers: { Authorization: `Bearer ${server.token}` } });
    expect(bad.status).toBe(400);
  });
});
