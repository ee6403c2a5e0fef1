import fs from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';
import type { DataImage } from '../../../shared/api/data';
import type { Split } from '../../../shared/types';

// Images as the data loop answers them, read at answer time: current label, split and path.

export function dataImages(db: Database.Database, imageIds: number[]): Map<number, DataImage> {
  const rows = db
    .prepare(
      `SELECT i.id, i.rel_path, i.label_id, i.split, l.name AS label, d.root
       FROM images i JOIN datasets d ON d.id = i.dataset_id LEFT JOIN labels l ON l.id = i.label_id
       WHERE i.id IN (SELECT value FROM json_each(?))`,
    )
    .all(JSON.stringify(imageIds)) as { id: number; rel_path: string; label_id: number | null; split: Split | null; label: string | null; root: string }[];
  return new Map(
    rows.map((r) => [r.id, { imageId: r.id, relPath: r.rel_path, path: path.join(r.root, r.rel_path), labelId: r.label_id, label: r.label, split: r.split }]),
  );
}

/** Label names by id, for the dataset's labels. */
export function labelNames(db: Database.Database, datasetId: number): Map<number, string> {
  const rows = db.prepare('SELECT id, name FROM labels WHERE dataset_id = ?').all(datasetId) as { id: number; name: string }[];
  return new Map(rows.map((r) => [r.id, r.name]));
}

/**
 * The images of an answer's page whose file is gone (deleted or moved after the analysis ran, which
 * a cached result cannot know): left out of the page and said. Only the page is checked, so asking
 * stays cheap at 100,000 images.
 */
export function goneFiles(images: Iterable<DataImage>): { gone: Set<number>; notes: string[] } {
  const missing = [...images].filter((i) => !fs.existsSync(i.path));
  if (!missing.length) return { gone: new Set(), notes: [] };
  const first = missing.slice(0, 3).map((i) => i.relPath).join(', ');
  return {
    gone: new Set(missing.map((i) => i.imageId)),
    notes: [`${missing.length} image(s) of this list were deleted or moved since the analysis ran and are left out (${first}${missing.length > 3 ? ', …' : ''}): rescan the dataset.`],
  };
}
