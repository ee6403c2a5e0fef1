import path from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { AUGMENT_PRESET_CONFIGS, IDENTITY_PARAMS, sampleAugmentParams } from '../../../src/shared/augment';
import { applyAugment, jitterColours } from '../../../src/main/model/augment-apply';
import { decodeRgb } from '../../../src/main/model/preprocess';
import { Engine } from '../../../src/main/engine/engine';
import { tmpDir } from '../../helpers/make-images';
import { makeShapeDataset } from '../train/helpers';

async function gradient(width = 64, height = 48) {
  const data = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 3;
      data[i] = (x * 4) & 255;
      data[i + 1] = (y * 5) & 255;
      data[i + 2] = 128;
    }
  }
  return decodeRgb(await sharp(data, { raw: { width, height, channels: 3 } }).png().toBuffer());
}

describe('augmentation applied to pixels', () => {
  const size = { width: 32, height: 32 };

  it('same seed → same pixels; another seed → other pixels', async () => {
    const img = await gradient();
    const c = AUGMENT_PRESET_CONFIGS.strong;
    const a = await applyAugment(img, sampleAugmentParams(c, 11, img), size);
    const b = await applyAugment(img, sampleAugmentParams(c, 11, img), size);
    const other = await applyAugment(img, sampleAugmentParams(c, 12, img), size);
    expect(a.width).toBe(32);
    expect(a.height).toBe(32);
    expect(Buffer.from(a.data).equals(Buffer.from(b.data))).toBe(true);
    expect(Buffer.from(a.data).equals(Buffer.from(other.data))).toBe(false);
  });

  it('identity parameters only resize; flip mirrors the columns', async () => {
    const img = await gradient(32, 32);
    const same = await applyAugment(img, IDENTITY_PARAMS, size);
    expect(Buffer.from(same.data).equals(Buffer.from(img.data))).toBe(true);
    const flipped = await applyAugment(img, { ...IDENTITY_PARAMS, flip: true }, size);
    for (const [x, y] of [[0, 0], [5, 7], [31, 31]] as const) {
      for (let k = 0; k < 3; k++) expect(flipped.data[(y * 32 + (31 - x)) * 3 + k]).toBe(img.data[(y * 32 + x) * 3 + k]);
    }
  });

  it('colour jitter: brightness scales, grayscale equalises channels', () => {
    const px = new Uint8Array([100, 50, 200]);
    jitterColours(px, { ...IDENTITY_PARAMS, brightness: 1.2 });
    expect([...px]).toEqual([120, 60, 240]);
    const g = new Uint8Array([200, 100, 50]);
    jitterColours(g, { ...IDENTITY_PARAMS, grayscale: true });
    expect(g[0]).toBe(g[1]);
    expect(g[1]).toBe(g[2]);
  });

  it('augment.preview returns seeded JPEG samples with their parameters', async () => {
    const root = tmpDir('vit-aug-');
    await makeShapeDataset(path.join(root, 'd'), 1);
    const engine = new Engine(path.join(root, 'ws'));
    try {
      const { dataset } = await engine.invoke('datasets.import', { folder: path.join(root, 'd') });
      const imageId = (await engine.invoke('images.query', { datasetId: dataset, limit: 1 })).items[0]!.id;
      const a = await engine.invoke('augment.preview', { imageId, preset: 'strong', count: 3, seed: 5, size: 64 });
      const b = await engine.invoke('augment.preview', { imageId, preset: 'strong', count: 3, seed: 5, size: 64 });
      expect(a.samples).toHaveLength(3);
      expect(a.samples[0]!.dataUrl.startsWith('data:image/jpeg;base64,')).toBe(true);
      expect(a).toEqual(b);
      await expect(engine.invoke('augment.preview', { imageId: 99999, preset: 'light' })).rejects.toThrow(/does not exist/);
    } finally {
      engine.close();
    }
  });
});
