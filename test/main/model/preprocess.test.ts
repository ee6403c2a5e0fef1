// Preprocessing like ViTImageProcessor: any format to 8-bit sRGB RGB (EXIF-rotated, alpha dropped,
// grey and 16-bit widened/narrowed), resize without aspect, shortest-edge + center crop, normalize.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { parsePreprocessorConfig } from '../../../src/shared/model/vit-config';
import { decodeRgb, preprocessImage, preprocessRaw } from '../../../src/main/model/preprocess';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'vit-pre-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));
const plain = parsePreprocessorConfig({ size: { height: 4, width: 4 }, image_mean: [0, 0, 0], image_std: [1, 1, 1] }, 4);

describe('preprocess', () => {
  it('turns grey into three equal channels and drops alpha keeping the stored RGB', async () => {
    const grey = await sharp(Buffer.from([10, 200, 30, 40]), { raw: { width: 2, height: 2, channels: 1 } }).png().toBuffer();
    const g = await decodeRgb(grey);
    expect(Array.from(g.data.slice(0, 6))).toEqual([10, 10, 10, 200, 200, 200]);
    const rgba = await sharp(Buffer.from([255, 0, 0, 0, 0, 255, 0, 255]), { raw: { width: 2, height: 1, channels: 4 } })
      .png()
      .toBuffer();
    const c = await decodeRgb(rgba);
    expect(Array.from(c.data)).toEqual([255, 0, 0, 0, 255, 0]);
  });

  it('applies EXIF orientation and narrows 16-bit to 8-bit', async () => {
    const rotated = await sharp(Buffer.from([255, 0, 0, 0, 0, 255]), { raw: { width: 2, height: 1, channels: 3 } })
      .withMetadata({ orientation: 6 })
      .jpeg({ quality: 100 })
      .toBuffer();
    const r = await decodeRgb(rotated);
    expect([r.width, r.height]).toEqual([1, 2]);
    const wide = await sharp(Buffer.from([100, 100, 100, 250, 250, 250]), { raw: { width: 2, height: 1, channels: 3 } })
      .toColourspace('rgb16')
      .png()
      .toBuffer();
    expect((await sharp(wide).metadata()).depth).toBe('ushort');
    const w = await decodeRgb(wide);
    expect(Array.from(w.data)).toEqual([100, 100, 100, 250, 250, 250]);
  });

  it('says which file it cannot read', async () => {
    const bad = path.join(root, 'bad.jpg');
    fs.writeFileSync(bad, 'not an image');
    await expect(decodeRgb(bad)).rejects.toThrow(/cannot read .*bad\.jpg/);
  });

  it('resizes to {height, width} without keeping the aspect, rescales and normalises to [C, H, W]', async () => {
    const pre = parsePreprocessorConfig({ size: { height: 4, width: 4 }, image_mean: [0.5, 0.5, 0.5], image_std: [0.5, 0.5, 0.5] }, 4);
    const red = Buffer.alloc(8 * 2 * 3);
    for (let i = 0; i < 16; i++) red[i * 3] = 255;
    const out = await preprocessRaw(new Uint8Array(red), 8, 2, pre);
    expect(out.length).toBe(3 * 4 * 4);
    expect(Array.from(out.slice(0, 16)).every((v) => Math.abs(v - 1) < 1e-6)).toBe(true); // R: (1 − .5)/.5
    expect(Array.from(out.slice(16)).every((v) => Math.abs(v + 1) < 1e-6)).toBe(true); // G, B: −1
  });

  it('equals for raw pixels and the encoded file', async () => {
    const pixels = Buffer.from(Array.from({ length: 4 * 4 * 3 }, (_, i) => (i * 37) % 256));
    const file = path.join(root, 'p.png');
    await sharp(pixels, { raw: { width: 4, height: 4, channels: 3 } }).png().toFile(file);
    const a = await preprocessImage(file, plain);
    const b = await preprocessRaw(new Uint8Array(pixels), 4, 4, plain);
    expect(Array.from(a)).toEqual(Array.from(b));
    expect(a[1]).toBeCloseTo(pixels[3]! / 255, 6); // channel-first: R of the second pixel
  });

  it('resizes the short side then center-crops for shortest_edge configs (DeiT style)', async () => {
    const pre = parsePreprocessorConfig(
      { size: { shortest_edge: 4 }, do_center_crop: true, crop_size: { height: 4, width: 2 }, image_mean: [0, 0, 0], image_std: [1, 1, 1], resample: 0 },
      4,
    );
    // 8×4 image, columns coloured by x: short side 4 → no resize needed... then crop the middle 2 columns.
    const w = 8;
    const h = 4;
    const px = Buffer.alloc(w * h * 3);
    for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) px[(y * w + x) * 3] = x * 30;
    const out = await preprocessRaw(new Uint8Array(px), w, h, pre);
    expect(out.length).toBe(3 * 4 * 2);
    expect(Math.round(out[0]! * 255)).toBe(90); // x = 3 is the first kept column ((8 − 2) / 2)
    expect(Math.round(out[1]! * 255)).toBe(120);
  });
});
