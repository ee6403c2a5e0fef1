// Counts that test every image of a filter (a search that tests each path: ~10 ms at 100,000
// images), kept for the next pages of the same filter while the database is unchanged: scrolling a
// search's results asks for a page, and so for its count, every 200 images. Unchanged means the
// same PRAGMA data_version (no other connection committed) and total_changes() (this one wrote
// nothing, not even a write rolled back since): keyed by the count's SQL and parameters, so a kept
// count is exactly what running it again would give.
import type Database from 'better-sqlite3';
import { prepared } from './image-totals';

const KEEP = 8;
const kept = new WeakMap<Database.Database, Map<string, { version: string; value: unknown }>>();

function version(db: Database.Database): string {
  return `${db.pragma('data_version', { simple: true })}:${prepared(db, 'SELECT total_changes()').pluck().get()}`;
}

/** The value of a count query, computed by `compute` or kept from its last run while the database is unchanged. */
export function keptCount<T>(db: Database.Database, sql: string, params: unknown[], compute: () => T): T {
  let byKey = kept.get(db);
  if (!byKey) kept.set(db, (byKey = new Map()));
  const key = `${sql}\0${JSON.stringify(params)}`;
  const now = version(db);
  const hit = byKey.get(key);
  byKey.delete(key);
  const entry = hit && hit.version === now ? hit : { version: now, value: compute() };
  byKey.set(key, entry); // most recent last; the oldest go first
  if (byKey.size > KEEP) byKey.delete(byKey.keys().next().value!);
  return entry.value as T;
}

/** Forgets every kept count of a connection (the engine bench times a search's first page so). */
export function forgetKeptCounts(db: Database.Database): void {
  kept.delete(db);
}
