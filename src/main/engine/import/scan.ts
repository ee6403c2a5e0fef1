import fs from 'node:fs/promises';
import path from 'node:path';
import type { SkippedFile } from '../../../shared/types';

/** Extensions we try to read; anything else in the folder (README, CSV, …) is ignored quietly. */
export const IMAGE_EXTENSIONS = new Set([
  '.jpg', '.jpeg', '.jpe', '.jfif', '.png', '.webp', '.gif', '.tif', '.tiff', '.avif',
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

const isInside = (root: string, p: string) => p === root || p.startsWith(root + path.sep);

/**
 * Lists the image files under `root` (which must be a real path). Follows symbolic links that stay
 * inside the root, records the real path of every visited folder so link loops end, skips hidden
 * entries, and reports what it could not use instead of failing.
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
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue; // .DS_Store, .git, ._resource forks
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
        if (!isInside(root, real)) {
          if (looksLikeImage || (await isDirectory(real))) {
            skipped.push({ path: relPath, reason: 'symbolic link to a place outside the dataset folder' });
          }
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
      if (isDir) {
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
      } else if (isFile && looksLikeImage) {
        pending.push({ relPath, absPath });
      } else if (looksLikeImage && !isFile) {
        skipped.push({ path: relPath, reason: 'not a regular file' });
      }
    }
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

async function isDirectory(p: string): Promise<boolean> {
  return (await fs.stat(p).catch(() => null))?.isDirectory() ?? false;
}

export function errorCode(e: unknown): string {
  const code = (e as { code?: string })?.code;
  return code ?? (e instanceof Error ? e.message : String(e));
}
