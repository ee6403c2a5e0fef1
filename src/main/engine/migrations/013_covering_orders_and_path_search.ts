// Schema 13: the grid's last reads that sorted or scanned a 100,000-image dataset on the engine's
// event loop (images-plan.ts chooses among these).
//
// 1. Every order the grid offers walks an index whose entries are in grid order: (dataset_id,
//    excluded, key, id) for the keys (size, width, height) and import order, and the group orders'
//    (dataset_id, excluded, column, id). Each also carries label_id, split and status, so the
//    sidebar's filters are tested on the index entry itself: a page under a filter walks entries,
//    never looks up a row it does not return (a label sorted by size looked up ~50,000 rows per page,
//    a page sorted by width sorted every image). `id` is named in the key so that ties keep id order
//    before the covered columns. The size and group indexes of migration 011 are made again so (same
//    names, same order of entries).
// 2. A trigram index of every image's path (FTS5, contentless), so a search for 3 or more
//    characters reads the images whose path holds its trigrams instead of every path. Case-folded
//    (Unicode): it finds a superset of what the search matches (SQLite's lower() folds ASCII only);
//    the exact test still runs on each candidate. Triggers do not write it row by row (an FTS5 insert
//    from a trigger cost ~20 µs per image, as much again as the rest of an image's insert; ~3 µs in
//    one statement): they log the ids
//    whose path came, went or changed in images_path_pending, and path-trigrams.ts moves the log
//    into the index in one statement after a write (an import); until then a search takes the
//    logged images as candidates too. A migration that rebuilds the images table must create these
//    triggers again (and migration 011's).
const covered = (key: string, rest: string) => `(dataset_id, excluded, ${key}, id, ${rest})`;

export default /* sql */ `
DROP INDEX images_by_size;
DROP INDEX images_by_label_order;
DROP INDEX images_by_split_order;
DROP INDEX images_by_status_order;
CREATE INDEX images_by_size ON images ${covered('bytes', 'label_id, split, status')};
CREATE INDEX images_by_width_order ON images ${covered('width', 'label_id, split, status')};
CREATE INDEX images_by_height_order ON images ${covered('height', 'label_id, split, status')};
CREATE INDEX images_by_id_order ON images (dataset_id, excluded, id, label_id, split, status);
CREATE INDEX images_by_label_order ON images ${covered('label_id', 'split, status')};
CREATE INDEX images_by_split_order ON images ${covered('split', 'label_id, status')};
CREATE INDEX images_by_status_order ON images ${covered('status', 'label_id, split')};

CREATE VIRTUAL TABLE images_path_trigrams USING fts5(rel_path, content = '', contentless_delete = 1, tokenize = 'trigram');
INSERT INTO images_path_trigrams (rowid, rel_path) SELECT id, rel_path FROM images;
CREATE TABLE images_path_pending (id INTEGER PRIMARY KEY);

CREATE TRIGGER images_path_pending_insert AFTER INSERT ON images BEGIN
  INSERT OR IGNORE INTO images_path_pending (id) VALUES (NEW.id);
END;

CREATE TRIGGER images_path_pending_delete AFTER DELETE ON images BEGIN
  INSERT OR IGNORE INTO images_path_pending (id) VALUES (OLD.id);
END;

CREATE TRIGGER images_path_pending_update AFTER UPDATE OF id, rel_path ON images
  WHEN OLD.id IS NOT NEW.id OR OLD.rel_path IS NOT NEW.rel_path
BEGIN
  INSERT OR IGNORE INTO images_path_pending (id) VALUES (OLD.id);
  INSERT OR IGNORE INTO images_path_pending (id) VALUES (NEW.id);
END;
`;
