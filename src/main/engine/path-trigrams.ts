// The trigram index of the images' paths (migration 013): its candidates for a search, and the move
// of the triggers' log (images_path_pending: ids whose path came, went or changed) into it. The log
// is moved in one statement after a write that adds many paths (an import, a dataset's deletion),
// an FTS5 insert per row from a trigger costing several times as much; until it is moved, the
// logged images are candidates of every search, so the index is never behind what a search finds.
import type Database from 'better-sqlite3';
import { prepared } from './image-totals';

/** Moves the logged ids into the trigram index; call inside a write transaction (or it makes one). */
export function syncPathTrigrams(db: Database.Database): void {
  const pending = prepared(db, 'SELECT EXISTS (SELECT 1 FROM images_path_pending)').pluck().get();
  if (!pending) return;
  const move = () => {
    prepared(db, 'DELETE FROM images_path_trigrams WHERE rowid IN (SELECT id FROM images_path_pending)').run();
    prepared(db, 'INSERT INTO images_path_trigrams (rowid, rel_path) SELECT i.id, i.rel_path FROM images_path_pending p JOIN images i ON i.id = p.id').run();
    prepared(db, 'DELETE FROM images_path_pending').run();
  };
  if (db.inTransaction) move();
  else db.transaction(move).immediate();
}

/** The search as one FTS5 phrase (a string: every character literal). */
function phrase(search: string): string {
  return `"${search.replace(/"/g, '""')}"`;
}

/**
 * The ids of the images whose path may hold the search (its trigrams in order, case-folded, or
 * logged since the last move), as a JSON array, when there are at most `max` (else null; a search
 * under 3 characters has no trigram). The caller tests each one exactly.
 */
export function pathCandidates(db: Database.Database, search: string, max: number): string | null {
  if ([...search].length < 3) return null;
  const found = prepared(
    db,
    `SELECT count(*) AS n, group_concat(id) AS ids FROM (
       SELECT id FROM images_path_pending
       UNION ALL
       SELECT rowid FROM images_path_trigrams WHERE images_path_trigrams MATCH ? AND rowid NOT IN (SELECT id FROM images_path_pending)
       LIMIT ?)`,
  ).get(phrase(search), max + 1) as { n: number; ids: string | null };
  return found.n <= max ? `[${found.ids ?? ''}]` : null;
}
