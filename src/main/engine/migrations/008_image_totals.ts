// Schema 8: running totals of each dataset's images, kept by triggers, so that the counts the UI
// asks for all the time (data.summary, labels.list, datasets.list) and the analyses' fingerprint
// read a few rows instead of scanning every image (100,000 images: ~100 ms per scan, on the
// engine's one event loop).
//
// One row per (dataset, label, status, excluded, is a duplicate): how many images, and the sums
// of the per-image terms of the fingerprint (dataset-items.ts) — integers, exact far beyond any
// real dataset. label_id 0 stands for "no label" (label ids start at 1); `left_out` is the
// image's `excluded` (a column named `excluded` would clash with the upsert's `excluded` row).
// A migration that rebuilds the images table must create these triggers again.
type Row = 'NEW' | 'OLD' | 'images';
const key = (r: Row) => `${r}.dataset_id, coalesce(${r}.label_id, 0), ${r}.status, ${r}.excluded, ${r}.duplicate_of IS NOT NULL`;
// The fingerprint's per-image terms (an empty hash adds nothing, as total() skips its NULL).
const idTerm = (r: Row) => `${r}.id`;
const labelTerm = (r: Row) => `(${r}.id % 65521 + 1) * (coalesce(${r}.label_id, 0) + 1)`;
const hashTerm = (r: Row) =>
  `coalesce((${r}.id % 4093 + 1) * (unicode(substr(${r}.hash, 1, 1)) * 4096 + unicode(substr(${r}.hash, 2, 1)) * 64 + unicode(substr(${r}.hash, 3, 1))), 0)`;
const add = `INSERT INTO image_totals (dataset_id, label_id, status, left_out, duplicate, n, ids, labels, hashes)
    VALUES (${key('NEW')}, 1, ${idTerm('NEW')}, ${labelTerm('NEW')}, ${hashTerm('NEW')})
    ON CONFLICT DO UPDATE SET n = n + 1, ids = ids + excluded.ids, labels = labels + excluded.labels, hashes = hashes + excluded.hashes;`;
const remove = `UPDATE image_totals SET n = n - 1, ids = ids - ${idTerm('OLD')}, labels = labels - ${labelTerm('OLD')}, hashes = hashes - ${hashTerm('OLD')}
    WHERE (dataset_id, label_id, status, left_out, duplicate) = (${key('OLD')});`;

export default /* sql */ `
CREATE TABLE image_totals (
  dataset_id INTEGER NOT NULL,
  label_id INTEGER NOT NULL,
  status TEXT NOT NULL,
  left_out INTEGER NOT NULL,
  duplicate INTEGER NOT NULL,
  n INTEGER NOT NULL,
  ids INTEGER NOT NULL,
  labels INTEGER NOT NULL,
  hashes INTEGER NOT NULL,
  PRIMARY KEY (dataset_id, label_id, status, left_out, duplicate)
) WITHOUT ROWID;

INSERT INTO image_totals (dataset_id, label_id, status, left_out, duplicate, n, ids, labels, hashes)
  SELECT ${key('images')}, count(*), sum(${idTerm('images')}), sum(${labelTerm('images')}), sum(${hashTerm('images')})
  FROM images GROUP BY 1, 2, 3, 4, 5;

CREATE TRIGGER image_totals_insert AFTER INSERT ON images BEGIN
  ${add}
END;

CREATE TRIGGER image_totals_delete AFTER DELETE ON images BEGIN
  ${remove}
END;

CREATE TRIGGER image_totals_update AFTER UPDATE OF id, dataset_id, label_id, hash, status, excluded, duplicate_of ON images
  WHEN OLD.id IS NOT NEW.id OR OLD.dataset_id IS NOT NEW.dataset_id OR OLD.label_id IS NOT NEW.label_id OR OLD.hash IS NOT NEW.hash
    OR OLD.status IS NOT NEW.status OR OLD.excluded IS NOT NEW.excluded OR (OLD.duplicate_of IS NULL) != (NEW.duplicate_of IS NULL)
BEGIN
  ${remove}
  ${add}
END;

CREATE TRIGGER image_totals_dataset_delete AFTER DELETE ON datasets BEGIN
  DELETE FROM image_totals WHERE dataset_id = OLD.id;
END;
`;
