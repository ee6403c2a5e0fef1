// Schema 11: the requests the screens make while browsing a 100,000-image dataset, answered from a
// few rows or index entries instead of a scan (each took 60-300 ms of the engine's one event loop).
//
// 1. The running totals of migration 008 are kept per split too (`split`: 'train', 'val', 'test',
//    or '' for none; a key column cannot be NULL), so splits.summary and the grid's count under a
//    split filter read the totals. The table is rebuilt from the images and its triggers made
//    again (the update trigger now also fires on a split change). The fingerprint terms are 008's,
//    unchanged, so cached analyses stay fresh. A migration that rebuilds the images table must
//    create these triggers again.
// 2. Indexes for the grid's other orders, each (dataset_id, excluded, column): entries of one value
//    sit in id order, so a page sorted by label, split or status reads one group's entries from an
//    offset (images-order.ts), a page sorted by size walks the index, and augment.traits' evenly
//    spaced sample of the readable images is found by walking (dataset_id, excluded, status) once.
type Row = 'NEW' | 'OLD' | 'images';
const key = (r: Row) =>
  `${r}.dataset_id, coalesce(${r}.label_id, 0), ${r}.status, ${r}.excluded, ${r}.duplicate_of IS NOT NULL, coalesce(${r}.split, '')`;
// The fingerprint's per-image terms, as in 008.
const idTerm = (r: Row) => `${r}.id`;
const labelTerm = (r: Row) => `(${r}.id % 65521 + 1) * (coalesce(${r}.label_id, 0) + 1)`;
const hashTerm = (r: Row) =>
  `coalesce((${r}.id % 4093 + 1) * (unicode(substr(${r}.hash, 1, 1)) * 4096 + unicode(substr(${r}.hash, 2, 1)) * 64 + unicode(substr(${r}.hash, 3, 1))), 0)`;
const add = `INSERT INTO image_totals (dataset_id, label_id, status, left_out, duplicate, split, n, ids, labels, hashes)
    VALUES (${key('NEW')}, 1, ${idTerm('NEW')}, ${labelTerm('NEW')}, ${hashTerm('NEW')})
    ON CONFLICT DO UPDATE SET n = n + 1, ids = ids + excluded.ids, labels = labels + excluded.labels, hashes = hashes + excluded.hashes;`;
const remove = `UPDATE image_totals SET n = n - 1, ids = ids - ${idTerm('OLD')}, labels = labels - ${labelTerm('OLD')}, hashes = hashes - ${hashTerm('OLD')}
    WHERE (dataset_id, label_id, status, left_out, duplicate, split) = (${key('OLD')});`;

export default /* sql */ `
DROP TRIGGER image_totals_insert;
DROP TRIGGER image_totals_delete;
DROP TRIGGER image_totals_update;
DROP TRIGGER image_totals_dataset_delete;
DROP TABLE image_totals;

CREATE TABLE image_totals (
  dataset_id INTEGER NOT NULL,
  label_id INTEGER NOT NULL,
  status TEXT NOT NULL,
  left_out INTEGER NOT NULL,
  duplicate INTEGER NOT NULL,
  split TEXT NOT NULL,
  n INTEGER NOT NULL,
  ids INTEGER NOT NULL,
  labels INTEGER NOT NULL,
  hashes INTEGER NOT NULL,
  PRIMARY KEY (dataset_id, label_id, status, left_out, duplicate, split)
) WITHOUT ROWID;

INSERT INTO image_totals (dataset_id, label_id, status, left_out, duplicate, split, n, ids, labels, hashes)
  SELECT ${key('images')}, count(*), sum(${idTerm('images')}), sum(${labelTerm('images')}), sum(${hashTerm('images')})
  FROM images GROUP BY 1, 2, 3, 4, 5, 6;

CREATE TRIGGER image_totals_insert AFTER INSERT ON images BEGIN
  ${add}
END;

CREATE TRIGGER image_totals_delete AFTER DELETE ON images BEGIN
  ${remove}
END;

CREATE TRIGGER image_totals_update AFTER UPDATE OF id, dataset_id, label_id, hash, status, excluded, duplicate_of, split ON images
  WHEN OLD.id IS NOT NEW.id OR OLD.dataset_id IS NOT NEW.dataset_id OR OLD.label_id IS NOT NEW.label_id OR OLD.hash IS NOT NEW.hash
    OR OLD.status IS NOT NEW.status OR OLD.excluded IS NOT NEW.excluded OR (OLD.duplicate_of IS NULL) != (NEW.duplicate_of IS NULL)
    OR OLD.split IS NOT NEW.split
BEGIN
  ${remove}
  ${add}
END;

CREATE TRIGGER image_totals_dataset_delete AFTER DELETE ON datasets BEGIN
  DELETE FROM image_totals WHERE dataset_id = OLD.id;
END;

CREATE INDEX images_by_label_order ON images (dataset_id, excluded, label_id);
CREATE INDEX images_by_split_order ON images (dataset_id, excluded, split);
CREATE INDEX images_by_status_order ON images (dataset_id, excluded, status);
CREATE INDEX images_by_size ON images (dataset_id, excluded, bytes);
`;
