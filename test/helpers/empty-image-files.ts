import fs from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';
import type { Split } from '../../src/shared/types';

/**
 * A dataset of `count` empty files in `folder` (img_<i>.png), its rows inserted straight into the
 * database with each file's size and mtime, so that a disk check finds them as imported: for
 * tests of work over many images, where decoding does not matter. Image i gets the label and split
 * `labelOf(i)`, `splitOf(i)` choose (an index into `labels`, or null).
 */
export function seedEmptyImageFiles(
  db: Database.Database,
  folder: string,
  count: number,
  labels: string[],
  labelOf: (i: number) => number | null,
  splitOf: (i: number) => Split | null = () => null,
): { datasetId: number; labelIds: number[] } {
  fs.mkdirSync(folder, { recursive: true });
  const datasetId = Number(db.prepare("INSERT INTO datasets (name, root, labels_from) VALUES ('many', ?, 'folders')").run(folder).lastInsertRowid);
  const labelIds = labels.map((name) => Number(db.prepare("INSERT INTO labels (dataset_id, name, color) VALUES (?, ?, '#888')").run(datasetId, name).lastInsertRowid));
  const insert = db.prepare("INSERT INTO images (dataset_id, rel_path, hash, bytes, mtime_ms, width, height, format, label_id, split) VALUES (?, ?, ?, 0, ?, 8, 8, 'png', ?, ?)");
  db.transaction(() => {
    for (let i = 0; i < count; i++) {
      const rel = `img_${i}.png`;
      fs.writeFileSync(path.join(folder, rel), '');
      const label = labelOf(i);
      insert.run(datasetId, rel, `h${i}`, Math.trunc(fs.statSync(path.join(folder, rel)).mtimeMs), label === null ? null : labelIds[label], splitOf(i));
    }
  })();
  return { datasetId, labelIds };
}
