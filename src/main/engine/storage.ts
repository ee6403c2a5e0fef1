import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import type { EngineContext } from './context';
import type { HandlersFor } from './dispatch';
import { ApiFailure } from '../../shared/result';
import type { CacheKind, CacheUsage } from '../../shared/api/workspace';

// How much disk the workspace's caches take, and clearing one. Caches only hold what can be
// computed again: thumbnails (re-rendered when shown), the feature cache (recomputed by the next
// run that needs it) and built ONNX graphs (rebuilt in seconds). Labels, splits and runs are
// never touched here.

/** Bytes and regular files below `dir` (symlinks are not followed: nothing outside is counted). */
function folderUsage(dir: string, filter: (name: string) => boolean = () => true): { bytes: number; files: number } {
  let bytes = 0;
  let files = 0;
  const walk = (d: string) => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(d, { withFileTypes: true });
    } catch {
      return; // missing or unreadable: counts as empty
    }
    for (const e of entries) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile() && filter(e.name)) {
        try {
          bytes += fs.statSync(p).size;
          files++;
        } catch {
          // deleted meanwhile
        }
      }
    }
  };
  walk(dir);
  return { bytes, files };
}

const FEATURE_FILES = ['features.sqlite', 'features.sqlite-wal', 'features.sqlite-shm'];
const isGraphFile = (name: string) => name.endsWith('.onnx') || name.endsWith('.onnx.data');

function featureCount(dir: string): number {
  const file = path.join(dir, 'features.sqlite');
  if (!fs.existsSync(file)) return 0;
  // Read-write on purpose: as the last connection to close, it removes the -wal/-shm files again
  // (a read-only one would leave a 32 kB -shm behind and change the size it was asked about).
  const db = new Database(file, { fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    return (db.prepare('SELECT count(*) AS n FROM features').get() as { n: number }).n;
  } catch {
    return 0; // an empty database without the table yet
  } finally {
    db.close();
  }
}

export function storageHandlers(ctx: EngineContext): HandlersFor<'workspace.storage' | 'workspace.clearCache'> {
  const { paths } = ctx.ws;
  const usage = (kind: CacheKind): CacheUsage => {
    if (kind === 'thumbnails') {
      const u = folderUsage(paths.thumbnails);
      return { kind, bytes: u.bytes, entries: u.files };
    }
    if (kind === 'features') return { kind, bytes: folderUsage(paths.features).bytes, entries: featureCount(paths.features) };
    return { kind, bytes: folderUsage(paths.graphs, isGraphFile).bytes, entries: folderUsage(paths.graphs, (n) => n.endsWith('.onnx')).files };
  };

  return {
    'workspace.storage': async () => ({
      caches: (['thumbnails', 'features', 'graphs'] as const).map(usage),
      runsBytes: folderUsage(paths.runs).bytes,
    }),

    'workspace.clearCache': async ({ cache }) => {
      if (cache !== 'thumbnails') {
        // A run (in this process or another one on the same workspace) may be reading them now.
        const active = (ctx.ws.db.prepare("SELECT count(*) AS n FROM runs WHERE status IN ('queued', 'running')").get() as { n: number }).n;
        if (active) throw new ApiFailure('conflict', `a run is in progress: clear the ${cache === 'features' ? 'feature cache' : 'ONNX graphs'} when it has finished`);
      }
      const before = usage(cache);
      if (cache === 'thumbnails') {
        for (const shard of fs.readdirSync(paths.thumbnails)) fs.rmSync(path.join(paths.thumbnails, shard), { recursive: true, force: true });
      } else if (cache === 'features') {
        for (const f of FEATURE_FILES) fs.rmSync(path.join(paths.features, f), { force: true });
      } else {
        for (const f of fs.readdirSync(paths.graphs)) {
          if (!isGraphFile(f)) continue;
          try {
            fs.rmSync(path.join(paths.graphs, f), { force: true });
          } catch {
            // in use by a session on a platform that locks open files: kept, and counted below
          }
        }
      }
      const after = usage(cache);
      return { freedBytes: before.bytes - after.bytes, entries: before.entries - after.entries };
    },
  };
}
