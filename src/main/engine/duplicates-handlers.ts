// Exact copies (same content hash) in groups, "keep one" and the exclusion behind it. Excluding
// never deletes or moves a user's file: the image row stays, flagged, and can be brought back.
import type { DuplicateGroup } from '../../shared/api/images';
import { ApiFailure } from '../../shared/result';
import type { EngineContext } from './context';
import { recomputeDuplicates, requireDataset, toImageRecord, type ImageRow } from './datasets-store';
import type { HandlersFor } from './dispatch';
import { datasetOfImages } from './images-handlers';

const PRESENT = "dataset_id = ? AND status != 'missing' AND excluded = 0";

export function duplicatesHandlers(ctx: EngineContext): HandlersFor<'images.duplicateGroups' | 'images.keepOne' | 'images.setExcluded'> {
  const db = ctx.ws.db;
  /** Excludes (or brings back) images and recomputes the duplicate marks, in one transaction. */
  const setExcluded = (datasetId: number, imageIds: number[], excluded: boolean) => {
    const updated = db
      .transaction(() => {
        const n = db
          .prepare('UPDATE images SET excluded = ? WHERE excluded != ? AND id IN (SELECT value FROM json_each(?))')
          .run(excluded ? 1 : 0, excluded ? 1 : 0, JSON.stringify(imageIds)).changes;
        recomputeDuplicates(db, datasetId);
        return n;
      })
      .immediate();
    if (updated) ctx.emit({ type: 'dataset-changed', datasetId });
    return updated;
  };
  return {
    'images.duplicateGroups': ({ datasetId, offset, limit }) => {
      requireDataset(db, datasetId);
      const groups = db
        .prepare(
          `SELECT hash, count(*) AS n, min(rel_path) AS first FROM images WHERE ${PRESENT}
           GROUP BY hash HAVING n > 1 ORDER BY n DESC, first`,
        )
        .all(datasetId) as { hash: string; n: number }[];
      const members = db.prepare(`SELECT * FROM images WHERE ${PRESENT} AND hash = ? ORDER BY id`);
      const page: DuplicateGroup[] = groups.slice(offset, offset + limit).map((g) => ({
        hash: g.hash,
        images: (members.all(datasetId, g.hash) as ImageRow[]).map(toImageRecord),
      }));
      return { total: groups.length, images: groups.reduce((s, g) => s + g.n, 0), groups: page };
    },
    'images.keepOne': ({ imageId }) => {
      const image = db.prepare('SELECT id, dataset_id, hash, status, excluded FROM images WHERE id = ?').get(imageId) as
        | { id: number; dataset_id: number; hash: string; status: string; excluded: number }
        | undefined;
      if (!image) throw new ApiFailure('not_found', `Image ${imageId} does not exist.`);
      if (image.status === 'missing') throw new ApiFailure('invalid_argument', `Image ${imageId} is missing from its folder: keep a copy that is there.`);
      const others = (db.prepare(`SELECT id FROM images WHERE ${PRESENT} AND hash = ? AND id != ?`).all(image.dataset_id, image.hash, imageId) as { id: number }[]).map((r) => r.id);
      // The kept one comes back if it was excluded itself.
      if (image.excluded) setExcluded(image.dataset_id, [imageId], false);
      return { kept: imageId, excluded: others.length ? setExcluded(image.dataset_id, others, true) : 0 };
    },
    'images.setExcluded': ({ imageIds, excluded }) => {
      const datasetId = datasetOfImages(db, imageIds);
      return { updated: setExcluded(datasetId, imageIds, excluded) };
    },
  };
}
