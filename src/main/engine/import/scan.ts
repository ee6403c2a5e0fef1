import fs from 'node:fs/promises';
import path from 'node:path';
import type { SkippedFile } from '../../../shared/types';
import { otherFileReason, readHead } from './other-files';
import { isSameOrInside } from '../../path-inside';

/**
 * Extensions we try to read as images; every other regular file (README, CSV, .DS_Store, cursors,
 * …) is listed as skipped with its reason (other-files.ts).
 */
export const IMAGE_EXTENSIONS = new Set([
  '.jpg', '.jpeg', '.jpe', '.jfif', '.png', '.webp', '.gif', '.tif', '.tiff', '.avif', '.heic', '.heif',
  '.svg', '.bmp', '.dib',
]);

export interface FoundFile {
  /** Inside the dataset, '/'-separated. */
  relPath: string;
  absPath: string;
  bytes: number;
  mtimeMs: number;
}

export interface ScanResult {
  files: FoundFile[];
  skipped: SkippedFile[];
}

/**
 * Lists the image files under `root` (which must be a real path). Follows symbolic links that stay
 * inside the root, records the real path of every visited folder so link loops end, does not enter
 * hidden folders (.git), and lists every other file and what it could not use with a reason
 * instead of failing or dropping it.
 */
export async function scanFolder(root: string, signal?: AbortSignal): Promise<ScanResult> {
  const files: FoundFile[] = [];
  const skipped: SkippedFile[] = [];
  const visited = new Set<string>([root]);
  const stack: string[] = [''];
  while (stack.length) {
    if (signal?.aborted) throw new Error('import cancelled');
    const relDir = stack.pop()!;
    const absDir = relDir ? path.join(root, ...relDir.split('/')) : root;
    let entries: import('node:fs').Dirent[];
    try {
      entries = await fs.readdir(absDir, { withFileTypes: true });
    } catch (e) {
      skipped.push({ path: relDir || '.', reason: `folder could not be read (${errorCode(e)})` });
      continue;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const pending: { relPath: string; absPath: string }[] = [];
    const others: { relPath: string; absPath: string; name: string }[] = [];
    for (const entry of entries) {
      const relPath = relDir ? `${relDir}/${entry.name}` : entry.name;
      const absPath = path.join(absDir, entry.name);
      const looksLikeImage = IMAGE_EXTENSIONS.has(path.extname(entry.name).toLowerCase());
      let isDir = entry.isDirectory();
      let isFile = entry.isFile();
      if (entry.isSymbolicLink()) {
        let real: string;
        try {
          real = await fs.realpath(absPath);
        } catch (e) {
          const code = errorCode(e);
          const reason = code === 'ELOOP' ? 'symbolic link loop' : `broken symbolic link (${code})`;
          skipped.push({ path: relPath, reason });
          continue;
        }
        if (!isSameOrInside(root, real)) {
          skipped.push({ path: relPath, reason: 'symbolic link to a place outside the dataset folder' });
          continue;
        }
        const st = await fs.stat(real).catch(() => null);
        isDir = !!st?.isDirectory();
        isFile = !!st?.isFile();
        if (isDir && visited.has(real)) {
          skipped.push({ path: relPath, reason: 'symbolic link loop (folder already scanned)' });
          continue;
        }
      }
      if (isDir && entry.name.startsWith('.')) {
        skipped.push({ path: relPath, reason: 'hidden folder, not scanned' });
      } else if (isDir) {
        if (looksLikeImage) {
          skipped.push({ path: relPath, reason: 'is a folder, not an image file' });
          continue;
        }
        const real = await fs.realpath(absPath).catch(() => absPath);
        if (visited.has(real)) {
          skipped.push({ path: relPath, reason: 'symbolic link loop (folder already scanned)' });
          continue;
        }
        visited.add(real);
        stack.push(relPath);
      } else if (isFile && looksLikeImage && !entry.name.startsWith('.')) {
        pending.push({ relPath, absPath });
      } else if (isFile) {
        others.push({ relPath, absPath, name: entry.name });
      } else {
        skipped.push({ path: relPath, reason: 'not a regular file' });
      }
    }
    const heads = await Promise.all(others.map((f) => readHead(f.absPath)));
    others.forEach((f, i) => skipped.push({ path: f.relPath, reason: otherFileReason(f.name, heads[i]!) }));
    // Size and mtime of the folder's files, all requested at once (libuv runs them in parallel).
    const stats = await Promise.allSettled(pending.map((f) => fs.stat(f.absPath)));
    stats.forEach((st, i) => {
      const { relPath, absPath } = pending[i]!;
      if (st.status === 'fulfilled') {
        files.push({ relPath, absPath, bytes: st.value.size, mtimeMs: Math.floor(st.value.mtimeMs) });
      } else {
        skipped.push({ path: relPath, reason: `file could not be read (${errorCode(st.reason)})` });
      }
    });
  }
  files.sort((a, b) => (a.relPath < b.relPath ? -1 : a.relPath > b.relPath ? 1 : 0));
  return { files, skipped };
}

export function errorCode(e: unknown): string {
  const code = (e as { code?: string })?.code;
  return code ?? (e instanceof Error ? e.message : String(e));
}
