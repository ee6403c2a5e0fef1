import fs from 'node:fs/promises';
import path from 'node:path';

// Why a file that is not read as an image is not imported: every regular file under a dataset
// folder is either imported or listed with one of these reasons, never dropped without a word.

const TEXT = new Set(['.txt', '.md', '.csv', '.tsv', '.json', '.jsonl', '.xml', '.yaml', '.yml', '.html', '.htm', '.log', '.ini', '.cfg', '.py', '.sh', '.js', '.ts']);
const ARCHIVES = new Set(['.zip', '.tar', '.gz', '.tgz', '.bz2', '.xz', '.7z', '.rar']);
const VIDEO = new Set(['.mp4', '.mov', '.avi', '.mkv', '.webm', '.m4v']);
const ICON_CONTAINERS = new Set(['.ico', '.icns']);
const RAW_PHOTOS = new Set(['.cr2', '.cr3', '.nef', '.arw', '.dng', '.orf', '.rw2', '.raf']);

/** Magic numbers of the formats we import, to name an image hidden behind another extension. */
const MAGIC: [string, (h: Buffer) => boolean][] = [
  ['PNG', (h) => h.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))],
  ['JPEG', (h) => h[0] === 0xff && h[1] === 0xd8 && h[2] === 0xff],
  ['GIF', (h) => h.toString('latin1', 0, 4) === 'GIF8'],
  ['WebP', (h) => h.toString('latin1', 0, 4) === 'RIFF' && h.toString('latin1', 8, 12) === 'WEBP'],
  ['BMP', (h) => h.toString('latin1', 0, 2) === 'BM'],
];

/** The reason shown for a file skipped by name or by its first bytes (null when they could not be read). */
export function otherFileReason(name: string, head: Buffer | null): string {
  const lower = name.toLowerCase();
  const ext = path.extname(lower);
  if (lower === '.ds_store') return 'macOS folder metadata (.DS_Store), not an image';
  if (lower.startsWith('._')) return 'macOS resource fork (._ file), not an image';
  if (lower === 'thumbs.db' || lower === 'desktop.ini') return 'Windows folder metadata, not an image';
  if (head?.toString('latin1', 0, 4) === 'Xcur' || ext === '.cur' || ext === '.ani') return 'mouse cursor file, not an image';
  if (ext === '.theme' || lower === 'index.theme') return 'icon theme description, not an image';
  if (lower === 'icon-theme.cache') return 'icon theme cache (GTK), not an image';
  if (ICON_CONTAINERS.has(ext)) return `icon container (${ext.slice(1).toUpperCase()}) is not supported; save the icons as PNG`;
  if (RAW_PHOTOS.has(ext)) return `camera raw file (${ext}) is not supported; export it as JPEG or PNG`;
  if (lower.startsWith('.')) return 'hidden file, not imported';
  const hidden = head && MAGIC.find(([, test]) => test(head));
  if (hidden) return `looks like a ${hidden[0]} image but is named ${ext ? `"${ext}"` : 'without an extension'}; rename it to import it`;
  if (TEXT.has(ext)) return `text file (${ext}), not an image`;
  if (ARCHIVES.has(ext)) return `archive (${ext}), not an image: extract it into the folder to import its images`;
  if (VIDEO.has(ext)) return `video (${ext}), not an image`;
  if (head && head.length && isText(head)) return `text file${ext ? ` (${ext})` : ''}, not an image`;
  return ext ? `not an image file (${ext})` : 'not an image file (no extension)';
}

/** Printable ASCII/UTF-8 with whitespace and no NUL: a text file. */
function isText(head: Buffer): boolean {
  for (const b of head) if (b === 0 || (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d)) return false;
  return true;
}

/** The first bytes of a file (enough for the magic numbers above); null when it cannot be read. */
export async function readHead(absPath: string, bytes = 64): Promise<Buffer | null> {
  let file: fs.FileHandle | undefined;
  try {
    file = await fs.open(absPath, 'r');
    const buf = Buffer.alloc(bytes);
    const { bytesRead } = await file.read(buf, 0, bytes, 0);
    return buf.subarray(0, bytesRead);
  } catch {
    return null;
  } finally {
    await file?.close();
  }
}
