import fs from 'node:fs/promises';
import path from 'node:path';
import { openImage } from '../image/open-image';
import { isInside } from '../path-inside';
import type { EngineContext } from './context';
import { DEFAULT_MAX_PIXELS } from './import/probe';
import { DEFAULT_THUMB_SIZE, getThumbnail, THUMB_SIZES, type ThumbSize } from './thumbnails';

export type MediaResult =
  | { ok: true; body: Buffer; contentType: string }
  | { ok: false; status: number; message: string };

/** Formats every browser decodes: sent as they are. Anything else (TIFF) is converted to PNG. */
const PASSTHROUGH: Record<string, string> = {
  jpeg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
  gif: 'image/gif',
  avif: 'image/avif',
};

const refuse = (status: number, message: string): MediaResult => ({ ok: false, status, message });

/**
 * Splits `/media/<kind>/<datasetId>/<relPath…>` into checked parts. Each segment is decoded once;
 * whatever could climb out after decoding is refused: empty, '.', '..', '/', '\\', NUL, a drive
 * letter. A '%xx' left after decoding is part of the file's name ("photo%20one.jpg"): the database
 * lookup below only ever finds images of the dataset, so a double-encoded '..' finds nothing.
 */
export function parseMediaPath(pathname: string):
  | { ok: true; kind: 'thumb' | 'full'; datasetId: number; relPath: string }
  | { ok: false; status: number; message: string } {
  if (pathname.length > 8192) return { ok: false, status: 400, message: 'Path too long.' };
  if (pathname.includes('\\') || pathname.includes('\0')) return { ok: false, status: 400, message: 'Bad characters in path.' };
  const parts = pathname.split('/');
  if (parts[0] !== '' || parts[1] !== 'media') return { ok: false, status: 404, message: 'Not a media path.' };
  const kind = parts[2];
  if (kind !== 'thumb' && kind !== 'full') return { ok: false, status: 404, message: 'Unknown media kind.' };
  const idText = parts[3] ?? '';
  if (!/^[1-9][0-9]{0,15}$/.test(idText)) return { ok: false, status: 400, message: 'Bad dataset id.' };
  const raw = parts.slice(4);
  if (raw.length === 0) return { ok: false, status: 400, message: 'No file given.' };
  const segments: string[] = [];
  for (const segment of raw) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(segment);
    } catch {
      return { ok: false, status: 400, message: 'Bad percent-encoding in path.' };
    }
    if (
      decoded === '' ||
      decoded === '.' ||
      decoded === '..' ||
      /[\\/\0]/.test(decoded) ||
      (segments.length === 0 && /^[a-z]:$/i.test(decoded))
    ) {
      return { ok: false, status: 400, message: 'Path segment not allowed.' };
    }
    segments.push(decoded);
  }
  return { ok: true, kind, datasetId: Number(idText), relPath: segments.join('/') };
}

/**
 * The one gate for image bytes, shared by the Electron protocol handler and the HTTP server.
 * Serves only files that are images of that dataset in the database, and only when their real
 * path (symlinks resolved) stays inside the dataset's real root.
 */
export async function resolveMedia(ctx: EngineContext, pathname: string, search: string): Promise<MediaResult> {
  const parsed = parseMediaPath(pathname);
  if (!parsed.ok) return parsed;
  let size: ThumbSize = DEFAULT_THUMB_SIZE;
  const params = new URLSearchParams(search.startsWith('?') ? search.slice(1) : search);
  const sizeParam = params.get('size');
  if (sizeParam !== null) {
    const n = Number(sizeParam);
    if (!THUMB_SIZES.includes(n as ThumbSize)) {
      return refuse(400, `Thumbnail size must be one of ${THUMB_SIZES.join(', ')}.`);
    }
    size = n as ThumbSize;
  }
  const row = ctx.ws.db
    .prepare(
      `SELECT d.root, i.hash, i.format, i.status FROM images i JOIN datasets d ON d.id = i.dataset_id
       WHERE i.dataset_id = ? AND i.rel_path = ?`,
    )
    .get(parsed.datasetId, parsed.relPath) as { root: string; hash: string; format: string; status: string } | undefined;
  if (!row) return refuse(404, 'No such image in this dataset.');
  if (row.status === 'missing') return refuse(404, 'This image is missing from its folder.');
  let file: string;
  try {
    const root = await fs.realpath(row.root);
    file = await fs.realpath(path.join(root, ...parsed.relPath.split('/')));
    if (!isInside(root, file)) return refuse(403, 'This file is outside the dataset folder.');
  } catch {
    return refuse(404, 'The image file is not there any more.');
  }
  try {
    if (parsed.kind === 'thumb') {
      return { ok: true, body: await getThumbnail(ctx.ws.paths.thumbnails, file, row.hash, size), contentType: 'image/jpeg' };
    }
    const passthrough = PASSTHROUGH[row.format];
    if (passthrough) return { ok: true, body: await fs.readFile(file), contentType: passthrough };
    // TIFF, BMP, SVG (never served as SVG: it could carry script) and the rest: as PNG.
    const body = await (await openImage(file, { limitInputPixels: DEFAULT_MAX_PIXELS })).rotate().png().toBuffer();
    return { ok: true, body, contentType: 'image/png' };
  } catch (e) {
    return refuse(422, `The image could not be read: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`);
  }
}
