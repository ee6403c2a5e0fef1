// What a dataset's images are like for augmentation (augment.traits): grey or colour (a sample
// of images decoded small), and whether the labels are glyphs. The presets then fit the data.
import path from 'node:path';
import sharp from 'sharp';
import type { AugmentTraitsReply } from '../../shared/api/augment';
import { glyphLabels } from '../../shared/augment-fit';
import { ApiFailure } from '../../shared/result';
import type { EngineContext } from './context';
import type { HandlersFor } from './dispatch';

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

export function augmentTraitsHandlers(ctx: EngineContext): HandlersFor<'augment.traits'> {
  return {
    'augment.traits': async ({ datasetId }): Promise<AugmentTraitsReply> => {
      const db = ctx.ws.db;
      const ds = db.prepare('SELECT root FROM datasets WHERE id = ?').get(datasetId) as { root: string } | undefined;
      if (!ds) throw new ApiFailure('not_found', `Dataset ${datasetId} does not exist.`);
      const names = (db.prepare('SELECT name FROM labels WHERE dataset_id = ?').all(datasetId) as { name: string }[]).map((l) => l.name);
      const rows = db
        .prepare("SELECT rel_path FROM images WHERE dataset_id = ? AND status = 'ok' AND excluded = 0 ORDER BY id")
        .all(datasetId) as { rel_path: string }[];
      // An even sample over the dataset (import order follows folders: every class gets a say).
      const step = Math.max(1, rows.length / SAMPLE);
      const picked = Array.from({ length: Math.min(SAMPLE, rows.length) }, (_, i) => rows[Math.floor(i * step)]!);
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
