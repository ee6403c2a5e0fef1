import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import sharp, { type Metadata } from 'sharp';
import { BmpError, decodeBmp, isBmp, readBmpHeader } from '../../image/bmp';
import { errorCode } from './scan';

/** Declared width × height above this is a pixel bomb: refused from the header, never decoded. */
export const DEFAULT_MAX_PIXELS = 178_956_970;

export interface ProbedImage {
  ok: true;
  hash: string;
  bytes: number;
  width: number;
  height: number;
  format: string;
}
export type ProbeResult = ProbedImage | { ok: false; reason: string };

const FORMATS: Record<string, string> = {
  jpeg: 'jpeg', png: 'png', webp: 'webp', gif: 'gif', tiff: 'tiff', svg: 'svg',
};

/**
 * Hashes a file and reads its header only (sharp metadata: no pixel decode). Catches what a header
 * read lets through: truncated JPEG/PNG/WebP (end marker missing) and pixel bombs (declared size
 * above maxPixels). Never throws: a bad file gives a human reason.
 */
export async function probeImage(absPath: string, maxPixels = DEFAULT_MAX_PIXELS): Promise<ProbeResult> {
  let data: Buffer;
  try {
    data = await fs.readFile(absPath);
  } catch (e) {
    const code = errorCode(e);
    if (code === 'EISDIR') return { ok: false, reason: 'is a folder, not an image file' };
    return { ok: false, reason: `file could not be read (${code})` };
  }
  if (data.length === 0) return { ok: false, reason: 'empty file (0 bytes)' };
  return probeBuffer(data, maxPixels);
}

export async function probeBuffer(data: Buffer, maxPixels = DEFAULT_MAX_PIXELS): Promise<ProbeResult> {
  if (isBmp(data)) return probeBmp(data, maxPixels);
  let meta: Metadata;
  try {
    // limitInputPixels off here: we apply our own limit below with a clearer message.
    meta = await sharp(data, { limitInputPixels: false, failOn: 'none' }).metadata();
  } catch (e) {
    const why = e instanceof Error ? e.message.split('\n')[0]! : String(e);
    return { ok: false, reason: `not a readable image (${why.replace(/^Input buffer /, '')})` };
  }
  const format = meta.format === 'heif' ? (meta.compression === 'av1' ? 'avif' : 'heif') : FORMATS[meta.format ?? ''];
  if (!format || format === 'heif') {
    return { ok: false, reason: `unsupported image format (${meta.format ?? 'unknown'}${format === 'heif' ? ' ' + meta.compression : ''})` };
  }
  let width = meta.width ?? 0;
  let height = meta.pageHeight && meta.pages && meta.pages > 1 ? meta.pageHeight : (meta.height ?? 0);
  if (!width || !height) return { ok: false, reason: 'image has no size in its header' };
  const tooLarge = tooLargeReason(width, height, maxPixels);
  if (tooLarge) return { ok: false, reason: tooLarge };
  const truncated = truncation(format, data);
  if (truncated) return { ok: false, reason: truncated };
  // EXIF orientations 5-8 are rotated by 90°: what the user sees is height × width.
  if ((meta.orientation ?? 1) >= 5) [width, height] = [height, width];
  return {
    ok: true,
    hash: createHash('sha1').update(data).digest('hex'),
    bytes: data.length,
    width,
    height,
    format,
  };
}

/** BMP, which sharp cannot read: header for the size limit, then a full decode (cheap, uncompressed). */
function probeBmp(data: Buffer, maxPixels: number): ProbeResult {
  try {
    const { width, height } = readBmpHeader(data);
    const tooLarge = tooLargeReason(width, height, maxPixels);
    if (tooLarge) return { ok: false, reason: tooLarge };
    decodeBmp(data);
    return { ok: true, hash: createHash('sha1').update(data).digest('hex'), bytes: data.length, width, height, format: 'bmp' };
  } catch (e) {
    if (e instanceof BmpError) return { ok: false, reason: e.message };
    throw e;
  }
}

function tooLargeReason(width: number, height: number, maxPixels: number): string | null {
  if (width * height <= maxPixels) return null;
  return `image too large (${width}×${height} = ${(width * height / 1e6).toFixed(0)} megapixels; limit ${(maxPixels / 1e6).toFixed(0)})`;
}

/** Cheap end-of-file checks: a header read does not notice a file cut short. */
function truncation(format: string, data: Buffer): string | null {
  const tail = data.subarray(Math.max(0, data.length - 1024));
  if (format === 'jpeg') {
    // In entropy-coded data 0xFF is always stuffed, so FF D9 near the end is the real EOI.
    if (tail.lastIndexOf(Buffer.from([0xff, 0xd9])) < 0) return 'truncated JPEG (end-of-image marker missing)';
  } else if (format === 'png') {
    if (tail.lastIndexOf(Buffer.from('IEND', 'latin1')) < 0) return 'truncated PNG (IEND chunk missing)';
  } else if (format === 'webp') {
    if (data.length >= 12 && data.toString('latin1', 0, 4) === 'RIFF') {
      const riffSize = data.readUInt32LE(4) + 8;
      if (riffSize > data.length) return 'truncated WebP (file shorter than its header says)';
    }
  } else if (format === 'gif') {
    if (!tail.includes(0x3b)) return 'truncated GIF (trailer missing)';
  }
  return null;
}
