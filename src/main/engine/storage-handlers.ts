import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import type { EngineContext } from './context';
import type { HandlersFor } from './dispatch';
import { ApiFailure } from '../../shared/result';
import type { CacheKind, CacheUsage } from '../../shared/api/workspace';
import { RunsStore } from '../runs/runs-store';

// How much disk the workspace's caches take, and clearing one. Caches only hold what can be
// computed again: thumbnails (re-rendered when shown), the feature cache (recomputed by the next
// run that needs it) and built ONNX graphs (rebuilt in seconds). Labels, splits and runs are
// never touched here.

/**
 * Bytes of the regular files below `dir` that `include` accepts, and how many of them `count`
 * accepts (symlinks are not followed: nothing outside is counted). Asynchronous, a few dozen
 * stats at a time: 100,000 images have 300,000 thumbnails, and the engine's event loop keeps
 * answering the UI meanwhile.
 */
async function folderUsage(
  dir: string,
  include: (name: string) => boolean = () => true,
  count: (name: string) => boolean = include,
): Promise<{ bytes: number; files: number }> {
  let bytes = 0;
  let files = 0;
  const walk = async (d: string): Promise<void> => {
    let entries: fs.Dirent[];
    try {
      entries = await fs.promises.readdir(d, { withFileTypes: true });
    } catch {
      return; // missing or unreadable: counts as empty
    }
    const wanted = entries.filter((e) => e.isFile() && include(e.name));
    for (let i = 0; i < wanted.length; i += 64) {
      const chunk = wanted.slice(i, i + 64);
      const sizes = await Promise.all(chunk.map((e) => fs.promises.stat(path.join(d, e.name)).then((st) => st.size, () => null)));
      sizes.forEach((size, j) => {
        if (size === null) return; // deleted meanwhile
        bytes += size;
        if (count(chunk[j]!.name)) files++;
      });
    }
    for (const e of entries) if (e.isDirectory()) await walk(path.join(d, e.name));
  };
  await walk(dir);
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
  const runs = new RunsStore(ctx.ws.db);
  const usage = async (kind: CacheKind): Promise<CacheUsage> => {
    if (kind === 'thumbnails') {
      const u = await folderUsage(paths.thumbnails);
      return { kind, bytes: u.bytes, entries: u.files };
    }
    if (kind === 'features') return { kind, bytes: (await folderUsage(paths.features)).bytes, entries: featureCount(paths.features) };
    // One graph is its .onnx file, plus a .onnx.data file when its weights are stored apart.
    const u = await folderUsage(paths.graphs, isGraphFile, (n) => n.endsWith('.onnx'));
    return { kind, bytes: u.bytes, entries: u.files };
  };

  return {
    'workspace.storage': async () => ({
      caches: await Promise.all((['thumbnails', 'features', 'graphs'] as const).map(usage)),
      runsBytes: (await folderUsage(paths.runs)).bytes,
    }),

    'workspace.clearCache': async ({ cache }) => {
      if (cache !== 'thumbnails') {
        // A run (in this process or another one on the same workspace) may be reading them now.
        if (runs.hasActiveRuns()) throw new ApiFailure('conflict', `a run is in progress: clear the ${cache === 'features' ? 'feature cache' : 'ONNX graphs'} when it has finished`);
      }
      const before = await usage(cache);
      if (cache === 'thumbnails') {
        // Shard by shard, asynchronously: the event loop stays free while 300,000 files go.
        for (const shard of await fs.promises.readdir(paths.thumbnails)) await fs.promises.rm(path.join(paths.thumbnails, shard), { recursive: true, force: true });
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
      const after = await usage(cache);
      return { freedBytes: before.bytes - after.bytes, entries: before.entries - after.entries };
    },
  };
}
