// Schema 1: datasets, labels, images, files skipped at import and the undo log of label edits.
export default /* sql */ `
CREATE TABLE datasets (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  root TEXT NOT NULL,
  labels_from TEXT NOT NULL CHECK (labels_from IN ('folders', 'filename', 'none')),
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  split_seed INTEGER NOT NULL DEFAULT 42,
  split_ratios TEXT NOT NULL DEFAULT '[0.8,0.1,0.1]',
  test_locked INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE labels (
  id INTEGER PRIMARY KEY,
  dataset_id INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  color TEXT NOT NULL,
  UNIQUE (dataset_id, name)
);

CREATE TABLE images (
  id INTEGER PRIMARY KEY,
  dataset_id INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
  rel_path TEXT NOT NULL,
  hash TEXT NOT NULL,
  bytes INTEGER NOT NULL,
  mtime_ms INTEGER NOT NULL DEFAULT 0,
  width INTEGER NOT NULL,
  height INTEGER NOT NULL,
  format TEXT NOT NULL,
  label_id INTEGER REFERENCES labels(id) ON DELETE SET NULL,
  split TEXT CHECK (split IN ('train', 'val', 'test')),
  split_override INTEGER NOT NULL DEFAULT 0,
  status TEXT NOT NULL DEFAULT 'ok' CHECK (status IN ('ok', 'missing', 'changed')),
  duplicate_of INTEGER REFERENCES images(id) ON DELETE SET NULL,
  UNIQUE (dataset_id, rel_path)
);
CREATE INDEX images_by_hash ON images (dataset_id, hash);
CREATE INDEX images_by_label ON images (dataset_id, label_id);
CREATE INDEX images_by_split ON images (dataset_id, split);
CREATE INDEX images_by_duplicate ON images (duplicate_of);

CREATE TABLE skipped_files (
  id INTEGER PRIMARY KEY,
  dataset_id INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
  rel_path TEXT NOT NULL,
  reason TEXT NOT NULL,
  UNIQUE (dataset_id, rel_path)
);

-- One row per undoable label edit: images JSON [[imageId, labelBefore, labelAfter], ...].
-- undone = 1 rows form the redo stack; a new edit drops them.
CREATE TABLE label_edits (
  id INTEGER PRIMARY KEY,
  dataset_id INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  images TEXT NOT NULL,
  undone INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX label_edits_by_dataset ON label_edits (dataset_id, undone, id);
`;
