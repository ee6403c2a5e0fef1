// What a dataset's images are like for augmentation (augment.traits): grey or colour (a sample
// of images decoded small), and whether the labels are glyphs. The presets then fit the data.
import type Database from 'better-sqlite3';
import path from 'node:path';
import sharp from 'sharp';
import type { AugmentTraitsReply } from '../../shared/api/augment';
import { glyphLabels } from '../../shared/augment-fit';
import { ApiFailure } from '../../shared/result';
import type { EngineContext } from './context';
import type { HandlersFor } from './dispatch';
import { filteredCount, prepared } from './image-totals';

const SAMPLE = 24;
/** Largest channel difference (0…255) still counted as grey: JPEG chroma noise stays below it. */
const GREY_TOLERANCE = 6;

/** Whether an image is grey: one channel, or R, G and B equal within the tolerance everywhere. */
export async function isGreyImage(file: string): Promise<boolean> {
  const { data, info } = await sharp(file, { failOn: 'none' }).resize(48, 48, { fit: 'inside' }).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  if (info.channels < 3) return true;
  for (let i = 0; i + 2 < data.length; i += info.channels) {
    const r = data[i]!, g = data[i + 1]!, b = data[i + 2]!;
    if (Math.abs(r - g) > GREY_TOLERANCE || Math.abs(g - b) > GREY_TOLERANCE || Math.abs(r - b) > GREY_TOLERANCE) return false;
  }
  return true;
}

/**
 * The readable, not excluded images at ranks floor(i × n / size) of the dataset's n (in id order;
 * import order follows folders, so every class gets a say). Found in one walk of the index
 * (dataset_id, excluded, status) (migration 011): each pick is a count of entries past the previous
 * one, so no row is read and no list of every image is built.
 */
export function evenSample(db: Database.Database, datasetId: number, size: number): { id: number; rel_path: string }[] {
  return db.transaction(() => {
    const n = filteredCount(db, { datasetId, excluded: false, status: 'ok' })!;
    const step = Math.max(1, n / size);
    const next = prepared(db, "SELECT id FROM images WHERE dataset_id = ? AND excluded = 0 AND status = 'ok' AND id > ? ORDER BY id LIMIT 1 OFFSET ?").pluck();
    const row = prepared(db, 'SELECT id, rel_path FROM images WHERE id = ?');
    const picked: { id: number; rel_path: string }[] = [];
    let rank = -1;
    let after = Number.MIN_SAFE_INTEGER;
    for (let i = 0; i < Math.min(size, n); i++) {
      const target = Math.floor(i * step);
      after = next.get(datasetId, after, target - rank - 1) as number;
      rank = target;
      picked.push(row.get(after) as { id: number; rel_path: string });
    }
    return picked;
  })();
}

export function augmentTraitsHandlers(ctx: EngineContext): HandlersFor<'augment.traits'> {
  return {
    'augment.traits': async ({ datasetId }): Promise<AugmentTraitsReply> => {
      const db = ctx.ws.db;
      const ds = db.prepare('SELECT root FROM datasets WHERE id = ?').get(datasetId) as { root: string } | undefined;
      if (!ds) throw new ApiFailure('not_found', `Dataset ${datasetId} does not exist.`);
      const names = (db.prepare('SELECT name FROM labels WHERE dataset_id = ?').all(datasetId) as { name: string }[]).map((l) => l.name);
      const picked = evenSample(db, datasetId, SAMPLE);
      let greyCount = 0;
      let sampled = 0;
      for (const r of picked) {
        try {
          if (await isGreyImage(path.join(ds.root, ...r.rel_path.split('/')))) greyCount++;
          sampled++;
        } catch {
          // A file gone or broken since import says nothing about the others.
        }
      }
      return { grey: sampled > 0 && greyCount === sampled, glyphs: glyphLabels(names), sampled, greyCount };
    },
  };
}
