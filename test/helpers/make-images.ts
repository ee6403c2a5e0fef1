// Generates real image files with sharp for tests and benches. Shared by every domain's tests.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';

export type ImageFormat = 'jpeg' | 'png' | 'webp' | 'gif' | 'tiff' | 'avif';

export interface ImageSpec {
  width?: number;
  height?: number;
  /** Solid fill, e.g. '#ff0000' or {r,g,b}; `noise: true` adds per-pixel variation instead. */
  color?: string | { r: number; g: number; b: number };
  format?: ImageFormat;
  /** Varied pixels (bigger, realistic-sized files). Seeded: same seed, same bytes. */
  noise?: boolean;
  seed?: number;
  /** EXIF orientation 1-8 written into the file (JPEG/PNG/WebP/TIFF). */
  orientation?: number;
  quality?: number;
}

function pixels(width: number, height: number, spec: ImageSpec): Buffer {
  const buf = Buffer.alloc(width * height * 3);
  const c = typeof spec.color === 'string' ? hex(spec.color) : (spec.color ?? { r: 90, g: 140, b: 200 });
  let s = (spec.seed ?? 1) >>> 0 || 1;
  for (let i = 0; i < width * height; i++) {
    let n = 0;
    if (spec.noise) {
      s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0;
      n = (s % 61) - 30;
    }
    buf[i * 3] = clamp(c.r + n + ((i % width) * 64) / width);
    buf[i * 3 + 1] = clamp(c.g + n);
    buf[i * 3 + 2] = clamp(c.b - n + (Math.floor(i / width) * 64) / height);
  }
  return buf;
}

const clamp = (v: number) => Math.max(0, Math.min(255, Math.round(v)));
function hex(color: string) {
  const m = /^#?([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(color);
  if (!m) throw new Error(`bad color ${color}`);
  return { r: parseInt(m[1]!, 16), g: parseInt(m[2]!, 16), b: parseInt(m[3]!, 16) };
}

/** Encodes one image in memory. */
export async function encodeImage(spec: ImageSpec = {}): Promise<Buffer> {
  const width = spec.width ?? 32;
  const height = spec.height ?? 24;
  let img = sharp(pixels(width, height, spec), { raw: { width, height, channels: 3 } });
  if (spec.orientation) img = img.withMetadata({ orientation: spec.orientation });
  const format = spec.format ?? 'jpeg';
  if (format === 'jpeg') img = img.jpeg({ quality: spec.quality ?? 85 });
  else if (format === 'png') img = img.png();
  else if (format === 'webp') img = img.webp({ quality: spec.quality ?? 80 });
  else if (format === 'gif') img = img.gif();
  else if (format === 'tiff') img = img.tiff();
  else img = img.avif({ quality: spec.quality ?? 50, effort: 0 });
  return img.toBuffer();
}

/** Writes one image file (folders created as needed); the format defaults to the extension's. */
export async function makeImage(file: string, spec: ImageSpec = {}): Promise<string> {
  const ext = path.extname(file).slice(1).toLowerCase();
  const byExt: Record<string, ImageFormat> = { jpg: 'jpeg', jpeg: 'jpeg', png: 'png', webp: 'webp', gif: 'gif', tif: 'tiff', tiff: 'tiff', avif: 'avif' };
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, await encodeImage({ format: byExt[ext] ?? 'jpeg', ...spec }));
  return file;
}

/**
 * A dataset folder from a spec: `{ 'cat/a.jpg': {color:'#f00'}, 'dog/b.png': {} }`. Every image
 * gets a distinct seed (so distinct content) unless the spec gives one.
 */
export async function makeDataset(dir: string, spec: Record<string, ImageSpec>): Promise<string> {
  let seed = 1;
  for (const [rel, s] of Object.entries(spec)) {
    await makeImage(path.join(dir, rel), { noise: true, seed: seed++, ...s });
  }
  return dir;
}

/** `classes` × `perClass` small JPEGs in an ImageFolder layout. */
export async function makeImageFolder(dir: string, classes: string[], perClass: number, spec: ImageSpec = {}) {
  const files: Record<string, ImageSpec> = {};
  for (const c of classes) for (let i = 0; i < perClass; i++) files[`${c}/${c}_${i}.jpg`] = { ...spec };
  return makeDataset(dir, files);
}

/** A PNG whose header declares width × height but carries no real pixel data (a pixel bomb). */
export function pngHeaderOnly(width: number, height: number): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (b: Buffer) => {
    let c = 0xffffffff;
    for (const x of b) c = crcTable[(c ^ x) & 0xff]! ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const c = Buffer.alloc(4);
    c.writeUInt32BE(crc(body));
    return Buffer.concat([len, body, c]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // RGB
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', Buffer.from([0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01])),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

export function tmpDir(prefix = 'vit-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/**
 * An uncompressed Windows BMP of `rgb` (width·height·3 bytes, top row first): 24 or 32 bit BGR,
 * or 1/4/8 bit with the palette `palette` (indices computed as the nearest palette colour).
 * Bottom-up rows (the usual BMP order) unless topDown.
 */
export function encodeBmp(
  width: number,
  height: number,
  rgb: Uint8Array,
  options: { bpp?: 1 | 4 | 8 | 24 | 32; palette?: [number, number, number][]; topDown?: boolean } = {},
): Buffer {
  const bpp = options.bpp ?? 24;
  const palette = bpp <= 8 ? (options.palette ?? [[0, 0, 0], [255, 255, 255]]) : [];
  const stride = Math.floor((width * bpp + 31) / 32) * 4;
  const offset = 14 + 40 + palette.length * 4;
  const buf = Buffer.alloc(offset + stride * height);
  buf.write('BM', 0, 'latin1');
  buf.writeUInt32LE(buf.length, 2);
  buf.writeUInt32LE(offset, 10);
  buf.writeUInt32LE(40, 14);
  buf.writeInt32LE(width, 18);
  buf.writeInt32LE(options.topDown ? -height : height, 22);
  buf.writeUInt16LE(1, 26);
  buf.writeUInt16LE(bpp, 28);
  buf.writeUInt32LE(palette.length, 46);
  palette.forEach(([r, g, b], i) => buf.set([b, g, r, 0], 54 + i * 4));
  const nearest = (r: number, g: number, b: number) => {
    let best = 0;
    let bestD = Infinity;
    palette.forEach(([pr, pg, pb], i) => {
      const d = (pr - r) ** 2 + (pg - g) ** 2 + (pb - b) ** 2;
      if (d < bestD) [best, bestD] = [i, d];
    });
    return best;
  };
  for (let y = 0; y < height; y++) {
    const row = offset + (options.topDown ? y : height - 1 - y) * stride;
    for (let x = 0; x < width; x++) {
      const [r, g, b] = [rgb[(y * width + x) * 3]!, rgb[(y * width + x) * 3 + 1]!, rgb[(y * width + x) * 3 + 2]!];
      if (bpp >= 24) buf.set([b, g, r], row + x * (bpp / 8));
      else {
        const bit = x * bpp;
        buf[row + (bit >> 3)]! |= nearest(r, g, b) << (8 - bpp - (bit & 7));
      }
    }
  }
  return buf;
}
