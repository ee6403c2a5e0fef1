import type Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { TimeSlice } from './image-rows';

// The world changes between import and training: files are deleted or edited. Training and the
// data-loop analyses check every image they are about to use (a stat; a re-hash only when size or
// mtime moved), leave the vanished and altered ones out, mark them in the dataset, and report them.
// The engine's event loop answers other requests meanwhile: on a local disk the stats run
// synchronously in slices of a few milliseconds (100,000 of them held the loop for a third of a
// second in one go; fs.promises takes 3 to 6 times their CPU: ~15 µs a file against ~3.5); once
// one stat is slow (a network share, a sleeping disk) the rest, and every re-hash, run on libuv's
// threads, a bounded number at a time.

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

export interface ChangedImage extends SkippedImage {
  /** Its place in the images checked. */
  index: number;
  status: 'missing' | 'changed';
}

/** Files checked at once on libuv's threads: enough to keep a network share busy, few enough to bound memory. */
const CONCURRENT_CHECKS = 32;
/**
 * Stats slower than this, several in a row, are not a local disk's: the rest go to libuv's threads.
 * (One alone may be this process waiting for a core on a busy machine.)
 */
const SLOW_STAT_MS = 2;
const SLOW_IN_A_ROW = 3;
/** Images marked per transaction: a few milliseconds of writes. */
const MARKS_PER_WRITE = 200;

const MISSING = 'deleted or moved since import';
const CHANGED = 'modified since import: rescan the dataset to use it';

/** What a stat says of an image: gone, as imported, or to be re-hashed (its size or mtime moved). */
type Look = 'missing' | 'same' | 'rehash';

function lookOf(stat: fs.Stats | undefined, img: DiskImage): Look {
  if (!stat) return 'missing';
  return stat.size === img.bytes && Math.trunc(stat.mtimeMs) === Math.trunc(img.mtime_ms) ? 'same' : 'rehash';
}

function statSyncOrNone(file: string): fs.Stats | undefined {
  try {
    return fs.statSync(file, { throwIfNoEntry: false });
  } catch {
    return undefined; // unreadable folder, a file where a folder was: gone for us
  }
}

async function sameContent(file: string, hash: string): Promise<boolean> {
  try {
    return createHash('sha1').update(await fs.promises.readFile(file)).digest('hex') === hash;
  } catch {
    return false;
  }
}

/** Runs `check` on each index in [from, count), CONCURRENT_CHECKS at a time. */
async function eachConcurrently(from: number, count: number, check: (i: number) => Promise<void>, signal?: AbortSignal): Promise<void> {
  let next = from;
  const lane = async () => {
    while (next < count) {
      signal?.throwIfAborted();
      await check(next++);
    }
  };
  await Promise.all(Array.from({ length: Math.max(0, Math.min(CONCURRENT_CHECKS, count - from)) }, lane));
}

/**
 * The images whose file is gone or no longer the one imported, in the order given (image i is
 * `image(i)`, i < count: the caller may keep its images as columns); writes nothing. `slowStatMs`
 * (tests: -1) is how slow a stat is to count as slow.
 */
export async function findChangedOnDisk(
  root: string,
  count: number,
  image: (i: number) => DiskImage,
  signal?: AbortSignal,
  slowStatMs = SLOW_STAT_MS,
): Promise<ChangedImage[]> {
  const looks: [number, Look][] = [];
  const file = (i: number) => path.join(root, image(i).rel_path);
  const slice = new TimeSlice();
  let i = 0;
  for (let slow = 0; i < count && slow < SLOW_IN_A_ROW; i++) {
    if (slice.spent) {
      await slice.next();
      signal?.throwIfAborted();
    }
    const t0 = performance.now();
    const look = lookOf(statSyncOrNone(file(i)), image(i));
    if (look !== 'same') looks.push([i, look]);
    slow = performance.now() - t0 > slowStatMs ? slow + 1 : 0;
  }
  await eachConcurrently(i, count, async (k) => {
    const look = lookOf(await fs.promises.stat(file(k)).catch(() => undefined), image(k));
    if (look !== 'same') looks.push([k, look]);
  }, signal);
  const rehash = looks.filter(([, look]) => look === 'rehash');
  const still = new Set<number>();
  await eachConcurrently(0, rehash.length, async (k) => {
    const [index] = rehash[k]!;
    if (await sameContent(file(index), image(index).hash)) still.add(index); // touched, not changed
  }, signal);
  signal?.throwIfAborted();
  return looks
    .filter(([index]) => !still.has(index))
    .sort((a, b) => a[0] - b[0])
    .map(([index, look]) => {
      const { id, rel_path } = image(index);
      return look === 'missing'
        ? { index, imageId: id, relPath: rel_path, reason: MISSING, status: 'missing' }
        : { index, imageId: id, relPath: rel_path, reason: CHANGED, status: 'changed' };
    });
}

/**
 * Marks the images found gone or changed, so that later readers leave them out without a check: a
 * transaction per chunk, in slices (a mark costs ~20 µs with its totals' triggers: a moved folder of
 * 100,000 images is seconds of writes). Answers whether nothing else was written on this connection
 * between the chunks (SQLite's total_changes moved by the chunks' own changes only).
 */
export async function markChanged(db: Database.Database, changed: readonly ChangedImage[], signal?: AbortSignal): Promise<boolean> {
  const mark = db.prepare('UPDATE images SET status = ? WHERE id = ?');
  const changes = db.prepare('SELECT total_changes()').pluck();
  const first = changes.get() as number;
  let ours = 0;
  const slice = new TimeSlice();
  for (let start = 0; start < changed.length; start += MARKS_PER_WRITE) {
    if (slice.spent) {
      await slice.next();
      signal?.throwIfAborted(); // the engine closing: its database with it
    }
    const before = changes.get() as number;
    db.transaction(() => {
      for (const c of changed.slice(start, start + MARKS_PER_WRITE)) mark.run(c.status, c.imageId);
    }).immediate();
    ours += (changes.get() as number) - before;
  }
  return (changes.get() as number) - first === ours;
}

/** Checks the images on disk, marks those gone or changed, and says which they are. */
export async function checkImagesOnDisk(db: Database.Database, root: string, images: readonly DiskImage[], signal?: AbortSignal): Promise<SkippedImage[]> {
  const changed = await findChangedOnDisk(root, images.length, (i) => images[i]!, signal);
  await markChanged(db, changed, signal);
  return changed.map(({ imageId, relPath, reason }) => ({ imageId, relPath, reason }));
}
