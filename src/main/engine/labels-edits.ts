// Undo/redo of label assignments. Each edit stores [imageId, before, after] per image; undone
// edits form the redo stack, which any new edit drops. Merging or deleting a label removes a
// label row the log may point at, so those operations clear the dataset's history.
import type Database from 'better-sqlite3';
import type { EditResult } from '../../shared/api/labels';

type Change = readonly [imageId: number, before: number | null, after: number | null];

/** Keeps the log bounded: older edits cannot be undone any more. */
const MAX_EDITS = 200;

export function recordLabelEdit(db: Database.Database, datasetId: number, changes: readonly Change[]): void {
  db.prepare('DELETE FROM label_edits WHERE dataset_id = ? AND undone = 1').run(datasetId);
  db.prepare('INSERT INTO label_edits (dataset_id, images) VALUES (?, ?)').run(datasetId, JSON.stringify(changes));
  db.prepare(
    `DELETE FROM label_edits WHERE dataset_id = ? AND id NOT IN (
       SELECT id FROM label_edits WHERE dataset_id = ? ORDER BY id DESC LIMIT ${MAX_EDITS})`,
  ).run(datasetId, datasetId);
}

export function clearLabelEdits(db: Database.Database, datasetId: number): void {
  db.prepare('DELETE FROM label_edits WHERE dataset_id = ?').run(datasetId);
}

function state(db: Database.Database, datasetId: number): Omit<EditResult, 'images'> {
  const q = db.prepare('SELECT count(*) AS n FROM label_edits WHERE dataset_id = ? AND undone = ?');
  return {
    canUndo: (q.get(datasetId, 0) as { n: number }).n > 0,
    canRedo: (q.get(datasetId, 1) as { n: number }).n > 0,
  };
}

/** Undo (direction 'undo') the latest edit, or redo the earliest undone one. */
export function stepLabelEdit(db: Database.Database, datasetId: number, direction: 'undo' | 'redo'): EditResult {
  return db.transaction(() => {
    const edit = db
      .prepare(
        direction === 'undo'
          ? 'SELECT id, images FROM label_edits WHERE dataset_id = ? AND undone = 0 ORDER BY id DESC LIMIT 1'
          : 'SELECT id, images FROM label_edits WHERE dataset_id = ? AND undone = 1 ORDER BY id ASC LIMIT 1',
      )
      .get(datasetId) as { id: number; images: string } | undefined;
    if (!edit) return { images: 0, ...state(db, datasetId) };
    const changes = JSON.parse(edit.images) as Change[];
    // Images deleted meanwhile are gone from the table; labels cannot be (history is cleared then).
    const update = db.prepare('UPDATE images SET label_id = ? WHERE id = ? AND dataset_id = ?');
    let n = 0;
    for (const [id, before, after] of changes) {
      n += update.run(direction === 'undo' ? before : after, id, datasetId).changes;
    }
    db.prepare('UPDATE label_edits SET undone = ? WHERE id = ?').run(direction === 'undo' ? 1 : 0, edit.id);
    return { images: n, ...state(db, datasetId) };
  }).immediate();
}
