import type Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

// The world changes between import and training: files are deleted or edited. Training checks
// every image it is about to use (a stat; a re-hash only when size or mtime moved), leaves the
// vanished and altered ones out, marks them in the dataset, and the run reports them.

export interface DiskImage {
  id: number;
  rel_path: string;
  hash: string;
  bytes: number;
  mtime_ms: number;
}

export interface SkippedImage {
  imageId: number;
  relPath: string;
  reason: string;
}

export function checkImagesOnDisk(db: Database.Database, root: string, images: readonly DiskImage[]): SkippedImage[] {
  const skipped: SkippedImage[] = [];
  const statusOf = new Map<number, 'missing' | 'changed'>();
  for (const img of images) {
    const file = path.join(root, img.rel_path);
    let stat: fs.Stats;
    try {
      stat = fs.statSync(file);
    } catch {
      skipped.push({ imageId: img.id, relPath: img.rel_path, reason: 'deleted or moved since import' });
      statusOf.set(img.id, 'missing');
      continue;
    }
    if (stat.size === img.bytes && Math.trunc(stat.mtimeMs) === Math.trunc(img.mtime_ms)) continue;
    let hash: string | null = null;
    try {
      hash = createHash('sha1').update(fs.readFileSync(file)).digest('hex');
    } catch {
      hash = null;
    }
    if (hash !== img.hash) {
      skipped.push({ imageId: img.id, relPath: img.rel_path, reason: 'modified since import: rescan the dataset to use it' });
      statusOf.set(img.id, 'changed');
    }
  }
  if (statusOf.size) {
    const mark = db.prepare('UPDATE images SET status = ? WHERE id = ?');
    db.transaction(() => {
      for (const [id, status] of statusOf) mark.run(status, id);
    }).immediate();
  }
  return skipped;
}
