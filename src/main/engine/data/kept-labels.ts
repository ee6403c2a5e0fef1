import type Database from 'better-sqlite3';

// "Keep label" decisions of the suspicious-labels review (table kept_labels, migration 007): an
// image a person looked at and kept is left out of the queue and its counts by every later
// analysis, as long as it still carries the label that was kept; relabelled, it is reviewable again.

/** Images of the dataset whose current label a person kept. */
export function keptImages(db: Database.Database, datasetId: number): Set<number> {
  const ids = db
    // CROSS JOIN: from the (few) decisions to their images by id, not from every image of the
    // dataset to its decision (the planner's choice without it: ~6 ms at 100,000 images).
    .prepare('SELECT k.image_id FROM kept_labels k CROSS JOIN images i ON i.id = k.image_id AND i.label_id = k.label_id WHERE i.dataset_id = ?')
    .pluck()
    .all(datasetId) as number[];
  return new Set(ids);
}

/**
 * Keeps (or forgets keeping) the current label of each image, as one transaction. Unlabelled
 * images have nothing to keep and are counted as unchanged. Returns how many decisions changed.
 */
export function setKept(db: Database.Database, imageIds: number[], keep: boolean): { changed: number; unchanged: number } {
  return db
    .transaction(() => {
      const ids = JSON.stringify([...new Set(imageIds)]);
      const changed = keep
        ? db
            .prepare(`INSERT OR IGNORE INTO kept_labels (image_id, label_id) SELECT id, label_id FROM images WHERE id IN (SELECT value FROM json_each(?)) AND label_id IS NOT NULL`)
            .run(ids).changes
        : new Set(db.prepare('DELETE FROM kept_labels WHERE image_id IN (SELECT value FROM json_each(?)) RETURNING image_id').pluck().all(ids)).size;
      return { changed, unchanged: new Set(imageIds).size - changed };
    })
    .immediate();
}
