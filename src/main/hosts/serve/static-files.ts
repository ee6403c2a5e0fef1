import fs from 'node:fs';
import path from 'node:path';
import { safeSegments } from './url-path';
import { isSameOrInside } from '../../path-inside';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

export interface StaticFile {
  body: Buffer;
  contentType: string;
}

/**
 * Reads a file of the built renderer, confined to `root`: the path is split into checked
 * segments, joined, and the real path (after symlinks) must still lie inside the root.
 * Returns null for anything refused or absent; callers answer 404 either way.
 */
export function readStaticFile(root: string, pathname: string): StaticFile | null {
  const segments = safeSegments(pathname);
  if (!segments || segments.length === 0) return null;
  const realRoot = fs.realpathSync(root);
  const candidate = path.join(realRoot, ...segments);
  let real: string;
  try {
    real = fs.realpathSync(candidate);
  } catch {
    return null;
  }
  if (!isSameOrInside(realRoot, real)) return null;
  const stat = fs.statSync(real);
  if (!stat.isFile()) return null;
  const type = CONTENT_TYPES[path.extname(real).toLowerCase()] ?? 'application/octet-stream';
  return { body: fs.readFileSync(real), contentType: type };
}
