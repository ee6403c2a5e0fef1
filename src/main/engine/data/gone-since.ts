import fs from 'node:fs';
import type Database from 'better-sqlite3';
import type { DataImage, GoneSince } from '../../../shared/api/data';
import { prepared } from '../image-totals';

// A cached analysis is answered for the images it was computed on; some may be gone since:
// marked missing or changed (by a rescan, a run, another analysis's own check), left out of the
// dataset (by hand, "keep one"), or found missing on disk by the background check (MissingFiles,
// not marked). Every answer leaves them out and says how many in one sentence.

export type GoneReason = 'deleted' | 'changed' | 'removed';

const WORDS: Record<GoneReason, string> = { deleted: 'deleted', changed: 'changed on disk', removed: 'removed from the dataset' };

/** The dataset's images that are gone now, each with why (image rows are never deleted alone). */
export function goneImages(db: Database.Database, datasetId: number, missingOnDisk: ReadonlySet<number>): Map<number, GoneReason> {
  const gone = new Map<number, GoneReason>();
  // The running totals say in one row read whether any image is marked or left out at all.
  const marked = prepared(db, `SELECT coalesce(sum(n), 0) AS n FROM image_totals WHERE dataset_id = ? AND (status != 'ok' OR left_out = 1)`).get(datasetId) as { n: number };
  if (marked.n > 0) {
    // Two ranges of the index (dataset_id, excluded, status) of migration 011, read without the rows
    // (a filter on 'status != ok OR excluded' reads every image of the dataset: 25-90 ms at 100,000).
    const rows = prepared(
      db,
      `SELECT id, status FROM images WHERE dataset_id = ? AND excluded = 1
       UNION ALL SELECT id, status FROM images WHERE dataset_id = ? AND excluded = 0 AND status IN ('missing', 'changed')`,
    ).all(datasetId, datasetId) as { id: number; status: string }[];
    for (const r of rows) gone.set(r.id, r.status === 'missing' ? 'deleted' : r.status === 'changed' ? 'changed' : 'removed');
  }
  for (const id of missingOnDisk) if (!gone.has(id)) gone.set(id, 'deleted');
  return gone;
}

/** What an answer knows of gone images: why each is gone, and who to tell of files a page finds missing. */
export interface Gone {
  reasons: Map<number, GoneReason>;
  foundMissing(imageIds: number[]): void;
}

/**
 * Leaves out of a page (a few hundred images: a stat each is cheap) those whose file is gone,
 * found before the background check (MissingFiles) got to them; answers how many.
 */
export function leaveOutMissingFiles(page: Map<number, DataImage>, gone: Gone): number {
  const missing = [...page.values()].filter((i) => !gone.reasons.has(i.imageId) && !fs.existsSync(i.path)).map((i) => i.imageId);
  for (const id of missing) {
    gone.reasons.set(id, 'deleted');
    page.delete(id);
  }
  for (const id of gone.reasons.keys()) page.delete(id);
  if (missing.length) gone.foundMissing(missing);
  return missing.length;
}

/**
 * How many of a result's images are gone, in one sentence naming the first three ("2 images
 * deleted since this map was computed are left out (a/1.jpg, b/2.jpg)."); null when none is.
 */
export function goneSince(db: Database.Database, imageIds: readonly number[], gone: ReadonlyMap<number, GoneReason>, since: string): GoneSince | null {
  if (!gone.size) return null;
  const reasons = new Set<GoneReason>();
  const first: number[] = [];
  let count = 0;
  for (const id of imageIds) {
    const why = gone.get(id);
    if (!why) continue;
    count++;
    reasons.add(why);
    if (first.length < 3) first.push(id);
  }
  if (!count) return null;
  const words = (['deleted', 'changed', 'removed'] as const).filter((r) => reasons.has(r)).map((r) => WORDS[r]);
  const what = words.length > 1 ? `${words.slice(0, -1).join(', ')} or ${words[words.length - 1]}` : words[0];
  const names = prepared(db, 'SELECT rel_path FROM images WHERE id IN (SELECT value FROM json_each(?)) ORDER BY id').pluck().all(JSON.stringify(first)) as string[];
  const list = `${names.join(', ')}${count > first.length ? ', …' : ''}`;
  return { count, sentence: `${count.toLocaleString('en')} image${count === 1 ? '' : 's'} ${what} since ${since} ${count === 1 ? 'is' : 'are'} left out (${list}).` };
}

/** Why one image is gone, for a sentence about it ("… was deleted since …"). */
export function goneWord(reason: GoneReason): string {
  return WORDS[reason];
}
