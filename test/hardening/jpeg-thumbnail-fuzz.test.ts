import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { renderThumbnail, renderThumbnailWithSharp, type ThumbSize } from '../../src/main/engine/thumbnails';
import { jpegThumbnailCounts, loadJpegThumbnailer } from '../../src/main/native/jpeg-thumbnail';
import { encodeImage, tmpDir } from '../helpers/make-images';

// Damaged JPEGs through the native thumbnailer (C on libvips, in the engine's process: a crash
// would take the engine down): bytes flipped anywhere or in the headers, files cut short. Each must
// come out as sharp alone makes it: a thumbnail of the same size, or a rejection.
describe('native JPEG thumbnailer on damaged files', () => {
  const dir = tmpDir('thumb-fuzz-');
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('never crashes and answers as sharp does, for 200 seeded mutations', async () => {
    expect(loadJpegThumbnailer().error).toBeNull();
    const bases = [
      await encodeImage({ width: 640, height: 480, noise: true, seed: 3 }),
      await encodeImage({ width: 300, height: 427, noise: true, seed: 4, orientation: 6 }),
      await sharp(await encodeImage({ width: 513, height: 300, noise: true, seed: 5 })).jpeg({ progressive: true }).toBuffer(),
      await sharp(await encodeImage({ width: 700, height: 2 })).greyscale().jpeg().toBuffer(),
    ];
    let seed = 20261202;
    const rnd = (n: number) => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) >>> 8) % n;
    const rendered = jpegThumbnailCounts.rendered;
    for (let i = 0; i < 200; i++) {
      const base = bases[i % bases.length]!;
      let body = Buffer.from(base);
      const kind = i % 3;
      if (kind === 0) for (let k = 0; k <= rnd(20); k++) body[rnd(body.length)] = rnd(256);
      else if (kind === 1) body = body.subarray(0, 3 + rnd(body.length - 3));
      else for (let k = 0; k < 3; k++) body[3 + rnd(Math.min(600, body.length - 3))] = rnd(256);
      const file = path.join(dir, `m${i}.jpg`);
      fs.writeFileSync(file, body);
      const size = ([128, 256, 512] as ThumbSize[])[rnd(3)]!;
      const [a] = await Promise.allSettled([renderThumbnail(file, size)]);
      const [b] = await Promise.allSettled([renderThumbnailWithSharp(file, size)]);
      expect(a!.status, `mutation ${i}`).toBe(b!.status);
      if (a!.status === 'fulfilled' && b!.status === 'fulfilled') {
        const [ma, mb] = [await sharp(a.value).metadata(), await sharp(b.value).metadata()];
        expect([ma.width, ma.height], `mutation ${i}`).toEqual([mb.width, mb.height]);
      }
    }
    // The mutations must reach the native path, not only sharp.
    expect(jpegThumbnailCounts.rendered - rendered).toBeGreaterThan(50);
  });
});
