import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderThumbnail, renderThumbnailWithSharp, THUMB_SIZES, type ThumbSize } from '../../../src/main/engine/thumbnails';
import { jpegThumbnailCounts, loadJpegThumbnailer } from '../../../src/main/native/jpeg-thumbnail';
import { encodeImage, tmpDir } from '../../helpers/make-images';

// What every thumbnail must be, whichever renderer made it (the native JPEG thumbnailer or sharp):
// upright, fit inside the size without enlargement, alpha flattened on white, a JPEG. JPEGs are
// held to sharp's own thumbnail of the same file.

const raw = (jpeg: Buffer) => sharp(jpeg).raw().toBuffer({ resolveWithObject: true });

function meanAbsDiff(a: Buffer, b: Buffer): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += Math.abs(a[i]! - b[i]!);
  return sum / a.length;
}

/** Photo-like pixels with sharp edges: gradients, a grid of bars and a disc (a shift or blur shows). */
function scene(width: number, height: number): Buffer {
  const px = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 3;
      const bar = Math.floor(x / 23) % 2 === 0 && y > height / 3 ? 90 : 0;
      const disc = (x - width * 0.6) ** 2 + (y - height * 0.4) ** 2 < (height / 5) ** 2 ? 120 : 0;
      px[i] = Math.min(255, (x * 200) / width + bar / 2 + disc);
      px[i + 1] = Math.min(255, (y * 180) / height + bar);
      px[i + 2] = Math.min(255, 60 + ((x + y) % 97) + disc / 3);
    }
  }
  return px;
}

/** Four quadrants of distinct colours (red, green, blue, white from top-left, clockwise). */
function quadrants(width: number, height: number): Buffer {
  const colours = [[230, 20, 20], [20, 200, 20], [255, 255, 255], [20, 20, 230]]; // TL, TR, BR, BL
  const px = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const right = x >= width / 2, bottom = y >= height / 2;
      const c = colours[!bottom ? (right ? 1 : 0) : right ? 2 : 3]!;
      px.set(c, (y * width + x) * 3);
    }
  }
  return px;
}

/** The colour at the centre of each quadrant of a thumbnail: TL, TR, BR, BL. */
async function corners(jpeg: Buffer): Promise<number[][]> {
  const { data, info } = await raw(jpeg);
  const at = (fx: number, fy: number) => {
    const i = (Math.floor(fy * info.height) * info.width + Math.floor(fx * info.width)) * info.channels;
    return [data[i]!, data[i + 1]!, data[i + 2]!];
  };
  return [at(0.25, 0.25), at(0.75, 0.25), at(0.75, 0.75), at(0.25, 0.75)];
}

describe('thumbnails', () => {
  let dir: string;
  const write = async (name: string, body: Buffer) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, body);
    return file;
  };
  const jpeg = (px: Buffer, width: number, height: number, orientation?: number) => {
    let img = sharp(px, { raw: { width, height, channels: 3 } });
    if (orientation) img = img.withMetadata({ orientation });
    return img.jpeg({ quality: 92 }).toBuffer();
  };
  /** Renders with both paths and checks that the native one was taken. */
  async function both(file: string, size: ThumbSize) {
    const before = jpegThumbnailCounts.rendered;
    const fast = await renderThumbnail(file, size);
    expect(jpegThumbnailCounts.rendered, 'rendered by the native thumbnailer').toBe(before + 1);
    return { fast, slow: await renderThumbnailWithSharp(file, size) };
  }

  beforeAll(() => {
    dir = tmpDir('thumbs-');
    // npm run build compiles it (node-gyp); this machine has a C compiler, so it must be there.
    expect(loadJpegThumbnailer().error).toBeNull();
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("gives JPEGs sharp's size and look at every thumbnail size (decoded at reduced size where it may)", async () => {
    // 640×480 → 256: the 2.5× reduction sharp decodes in full and the native path at half size.
    for (const [w, h] of [[640, 480], [641, 479], [513, 300], [1000, 750], [3001, 2000], [257, 200], [300, 900]] as const) {
      const file = await write(`scene-${w}x${h}.jpg`, await jpeg(scene(w, h), w, h));
      for (const size of THUMB_SIZES) {
        const { fast, slow } = await both(file, size);
        const [a, b] = [await raw(fast), await raw(slow)];
        const at = `${w}x${h} at ${size}`;
        expect([a.info.width, a.info.height, a.info.channels], at).toEqual([b.info.width, b.info.height, b.info.channels]);
        expect(Math.max(a.info.width, a.info.height)).toBe(Math.min(size, Math.max(w, h)));
        // Both are q80 JPEGs of nearly the same pixels: re-quantisation alone moves them ~1-2 levels.
        expect(meanAbsDiff(a.data, b.data), at).toBeLessThan(3);
        // No quality lost: as close as sharp's own thumbnail to a Lanczos-3 of every pixel (no JPEG).
        const ideal = await sharp(file).resize(size, size, { fit: 'inside', withoutEnlargement: true, fastShrinkOnLoad: false }).raw().toBuffer();
        expect(meanAbsDiff(a.data, ideal), at).toBeLessThan(meanAbsDiff(b.data, ideal) * 1.1 + 0.1);
      }
    }
  });

  it('turns EXIF-rotated JPEGs upright, all eight orientations, as sharp does', async () => {
    for (let orientation = 1; orientation <= 8; orientation++) {
      const file = await write(`quad-${orientation}.jpg`, await jpeg(quadrants(600, 400), 600, 400, orientation));
      const { fast, slow } = await both(file, 256);
      const [a, b] = [await raw(fast), await raw(slow)];
      expect([a.info.width, a.info.height], `orientation ${orientation}`).toEqual(orientation >= 5 ? [171, 256] : [256, 171]);
      expect([a.info.width, a.info.height]).toEqual([b.info.width, b.info.height]);
      const [ca, cb] = [await corners(fast), await corners(slow)];
      for (let q = 0; q < 4; q++) for (let c = 0; c < 3; c++) expect(Math.abs(ca[q]![c]! - cb[q]![c]!), `orientation ${orientation}`).toBeLessThan(12);
    }
    // Orientation 6 (the camera held upright): the stored image's left edge is the top.
    const six = await corners(await renderThumbnail(path.join(dir, 'quad-6.jpg'), 256));
    expect(six[0]![2]).toBeGreaterThan(180); // top-left shows what was bottom-left: blue
    expect(six[1]![0]).toBeGreaterThan(180); // top-right shows what was top-left: red
  });

  it('never enlarges a small image', async () => {
    const small = await write('small.jpg', await jpeg(scene(100, 50), 100, 50));
    for (const size of THUMB_SIZES) expect((await sharp(await renderThumbnail(small, size)).metadata()).width).toBe(100);
    const png = await write('small.png', await encodeImage({ width: 40, height: 30, format: 'png' }));
    expect(await sharp(await renderThumbnail(png, 256)).metadata()).toMatchObject({ width: 40, height: 30, format: 'jpeg' });
  });

  it('flattens a PNG with alpha on white', async () => {
    const rgba = Buffer.alloc(300 * 200 * 4);
    for (let i = 0; i < 300 * 200; i++) if (i % 300 >= 150) rgba.set([200, 10, 10, 255], i * 4); // left half transparent
    const file = await write('alpha.png', await sharp(rgba, { raw: { width: 300, height: 200, channels: 4 } }).png().toBuffer());
    const { data, info } = await raw(await renderThumbnail(file, 256));
    expect([info.width, info.height, info.channels]).toEqual([256, 171, 3]);
    const px = (x: number, y: number) => [...data.subarray((y * 256 + x) * 3, (y * 256 + x) * 3 + 3)];
    for (const c of px(40, 80)) expect(c).toBeGreaterThan(245);
    expect(px(220, 80)[0]).toBeGreaterThan(170);
    expect(px(220, 80)[1]).toBeLessThan(50);
  });

  it('keeps grey JPEGs grey and applies an embedded ICC profile as sharp does', async () => {
    const grey = await write('grey.jpg', await sharp(scene(640, 480), { raw: { width: 640, height: 480, channels: 3 } }).greyscale().jpeg().toBuffer());
    const p3 = await write('p3.jpg', await sharp(scene(640, 480), { raw: { width: 640, height: 480, channels: 3 } }).withIccProfile('p3').jpeg().toBuffer());
    expect((await sharp(p3).metadata()).icc).toBeDefined();
    for (const file of [grey, p3]) {
      const { fast, slow } = await both(file, 256);
      const [a, b] = [await raw(fast), await raw(slow)];
      expect(a.info).toEqual(b.info);
      expect(meanAbsDiff(a.data, b.data), file).toBeLessThan(3);
    }
  });

  it("leaves to sharp what the native path does not do as sharp would: CMYK, pixel bombs, broken files", async () => {
    const cmyk = await write('cmyk.jpg', await sharp(scene(320, 240), { raw: { width: 320, height: 240, channels: 3 } }).toColourspace('cmyk').jpeg().toBuffer());
    const declined = jpegThumbnailCounts.declined;
    expect((await renderThumbnail(cmyk, 128)).equals(await renderThumbnailWithSharp(cmyk, 128))).toBe(true);
    expect(jpegThumbnailCounts.declined).toBe(declined + 1);

    // A JPEG whose frame header declares 20,000 × 20,000: refused before decoding, in sharp's words.
    const small = await jpeg(scene(64, 48), 64, 48);
    const sof = small.findIndex((b, i) => b === 0xff && small[i + 1] === 0xc0);
    const bomb = Buffer.from(small);
    bomb.writeUInt16BE(20_000, sof + 5);
    bomb.writeUInt16BE(20_000, sof + 7);
    const bombFile = await write('bomb.jpg', bomb);
    await expect(renderThumbnail(bombFile, 256)).rejects.toThrow(/pixel limit/);
    expect(jpegThumbnailCounts.declined).toBe(declined + 2);

    // Truncated, garbage after the JPEG magic, a PNG named .jpg, a missing file: exactly as sharp alone.
    const whole = await jpeg(scene(640, 480), 640, 480);
    const cases = {
      'truncated.jpg': whole.subarray(0, Math.floor(whole.length * 0.6)),
      'garbage.jpg': Buffer.concat([Buffer.from([0xff, 0xd8, 0xff]), Buffer.alloc(500, 7)]),
      'png-inside.jpg': await encodeImage({ width: 50, height: 40, format: 'png' }),
    };
    for (const [name, body] of Object.entries(cases)) {
      const file = await write(name, body);
      // One after the other: libvips' error buffer is shared by concurrent calls, sharp's alike.
      const a = (await Promise.allSettled([renderThumbnail(file, 256)]))[0]!;
      const b = (await Promise.allSettled([renderThumbnailWithSharp(file, 256)]))[0]!;
      expect(a.status, name).toBe(b.status);
      if (a.status === 'rejected' && b.status === 'rejected') expect(String(a.reason), name).toBe(String(b.reason));
      if (a.status === 'fulfilled' && b.status === 'fulfilled') {
        const [ra, rb] = [await raw(a.value), await raw(b.value)];
        expect([ra.info.width, ra.info.height], name).toEqual([rb.info.width, rb.info.height]);
      }
    }
    // A damaged JPEG the native path still renders leaves libvips' warnings behind; they must not
    // end up in the next error sharp reports (libvips' error buffer is shared, and it only grows).
    const garbageSays = await renderThumbnailWithSharp(path.join(dir, 'garbage.jpg'), 256).then(() => 'no error', (e: Error) => e.message);
    const rendered = jpegThumbnailCounts.rendered;
    await renderThumbnail(path.join(dir, 'truncated.jpg'), 256);
    expect(jpegThumbnailCounts.rendered).toBe(rendered + 1);
    expect(await renderThumbnailWithSharp(path.join(dir, 'garbage.jpg'), 256).then(() => 'no error', (e: Error) => e.message)).toBe(garbageSays);

    const missing = path.join(dir, 'gone.jpg');
    const sharpSays = await renderThumbnailWithSharp(missing, 256).then(() => 'no error', (e: Error) => e.message);
    expect(sharpSays).toMatch(/missing/);
    await expect(renderThumbnail(missing, 256)).rejects.toThrow(sharpSays);
  });

  it('renders every other imported format through sharp, unchanged', async () => {
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="600" height="300"><rect width="600" height="300" fill="#3a6"/></svg>');
    const files = [
      await write('a.png', await encodeImage({ width: 600, height: 400, format: 'png', noise: true })),
      await write('a.webp', await encodeImage({ width: 600, height: 400, format: 'webp', noise: true })),
      await write('a.gif', await encodeImage({ width: 600, height: 400, format: 'gif' })),
      await write('a.tiff', await encodeImage({ width: 600, height: 400, format: 'tiff' })),
      await write('a.avif', await encodeImage({ width: 600, height: 400, format: 'avif' })),
      await write('a.svg', svg),
    ];
    const rendered = jpegThumbnailCounts.rendered;
    for (const file of files) expect((await renderThumbnail(file, 256)).equals(await renderThumbnailWithSharp(file, 256)), file).toBe(true);
    expect(jpegThumbnailCounts.rendered).toBe(rendered);
  });
});
