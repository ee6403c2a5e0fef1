import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../../src/main/engine/engine';
import { isGreyImage } from '../../../src/main/engine/augment-traits-handlers';
import { tmpDir } from '../../helpers/make-images';

const root = tmpDir('vit-traits-');
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

/** A w×h image whose pixels come from f(x, y) → [r, g, b]. */
async function write(file: string, f: (x: number, y: number) => [number, number, number], format: 'png' | 'jpeg' = 'png') {
  const w = 28;
  const buf = Buffer.alloc(w * w * 3);
  for (let y = 0; y < w; y++) for (let x = 0; x < w; x++) buf.set(f(x, y), (y * w + x) * 3);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const img = sharp(buf, { raw: { width: w, height: w, channels: 3 } });
  await (format === 'png' ? img.png() : img.jpeg({ quality: 80 })).toFile(file);
}

const grey = (x: number, y: number): [number, number, number] => [(x * 9 + y) % 256, (x * 9 + y) % 256, (x * 9 + y) % 256];
const colour = (x: number, y: number): [number, number, number] => [x * 9, 255 - y * 9, 128];

describe('augment.traits', () => {
  beforeAll(async () => {
    for (const d of ['0', '1', '2']) for (let i = 0; i < 3; i++) await write(path.join(root, 'digits', d, `${d}-${i}.${i ? 'png' : 'jpg'}`), grey, i ? 'png' : 'jpeg');
    for (const c of ['cat', 'dog']) for (let i = 0; i < 3; i++) await write(path.join(root, 'pets', c, `${c}-${i}.png`), i === 0 ? grey : colour);
    await sharp(Buffer.alloc(400, 90), { raw: { width: 20, height: 20, channels: 1 } }).png().toFile(path.join(root, 'one-channel.png'));
  });

  it('grey: one channel, or R = G = B (also through JPEG); colour is not', async () => {
    expect(await isGreyImage(path.join(root, 'one-channel.png'))).toBe(true);
    expect(await isGreyImage(path.join(root, 'digits', '0', '0-0.jpg'))).toBe(true);
    expect(await isGreyImage(path.join(root, 'pets', 'cat', 'cat-1.png'))).toBe(false);
  });

  it('grey digits are grey glyphs; colour pets with some grey photos are neither', async () => {
    const engine = new Engine(path.join(root, 'ws'));
    try {
      const digits = (await engine.invoke('datasets.import', { folder: path.join(root, 'digits'), labelsFrom: 'folders' })).dataset;
      const pets = (await engine.invoke('datasets.import', { folder: path.join(root, 'pets'), labelsFrom: 'folders' })).dataset;
      expect(await engine.invoke('augment.traits', { datasetId: digits })).toEqual({ grey: true, glyphs: true, sampled: 9, greyCount: 9 });
      expect(await engine.invoke('augment.traits', { datasetId: pets })).toEqual({ grey: false, glyphs: false, sampled: 6, greyCount: 2 });
      await expect(engine.invoke('augment.traits', { datasetId: 99 })).rejects.toThrow(/Dataset 99 does not exist/);
    } finally {
      engine.close();
    }
  });
});
