import { ApiFailure } from '../../shared/result';
import type { LabelChange } from '../../shared/api/images';
import type { EngineContext } from './context';
import { requireDataset, toImageRecord, type ImageRow } from './datasets-store';
import type { HandlersFor } from './dispatch';
import { imageIdList, imagesPage } from './images-order';
import { recordLabelEdit } from './labels-edits';

type ImageChannels = 'images.query' | 'images.ids' | 'images.get' | 'images.setLabel' | 'images.setLabels' | 'images.setSplit';

/** The one dataset all these images belong to; unknown ids and mixed datasets are refused. */
export function datasetOfImages(db: import('better-sqlite3').Database, imageIds: number[]): number {
  const unique = [...new Set(imageIds)];
  const found = new Map<number, number>();
  const stmt = db.prepare('SELECT id, dataset_id FROM images WHERE id IN (SELECT value FROM json_each(?))');
  for (const r of stmt.all(JSON.stringify(unique)) as { id: number; dataset_id: number }[]) found.set(r.id, r.dataset_id);
  const missing = unique.filter((id) => !found.has(id));
  if (missing.length) {
    throw new ApiFailure('not_found', `Image ${missing.slice(0, 5).join(', ')}${missing.length > 5 ? '…' : ''} does not exist.`);
  }
  const datasets = new Set(found.values());
  if (datasets.size > 1) throw new ApiFailure('invalid_argument', 'These images belong to more than one dataset.');
  return [...datasets][0]!;
}

/** Sets each image's label (null: unlabelled) as one transaction and one undoable edit. */
function setLabels(ctx: EngineContext, datasetId: number, wanted: Map<number, number | null>): LabelChange {
  const db = ctx.ws.db;
  const result = db.transaction(() => {
    const before = db
      .prepare('SELECT id, label_id, split FROM images WHERE id IN (SELECT value FROM json_each(?))')
      .all(JSON.stringify([...wanted.keys()])) as { id: number; label_id: number | null; split: string | null }[];
    const changed = before.filter((r) => r.label_id !== wanted.get(r.id));
    const changes = changed.map((r) => [r.id, r.label_id, wanted.get(r.id)!] as const);
    const update = db.prepare('UPDATE images SET label_id = ? WHERE id = ?');
    for (const [id, , after] of changes) update.run(after, id);
    if (changes.length) recordLabelEdit(db, datasetId, changes);
    const testImages = changed.filter((r) => r.split === 'test').length;
    return { updated: changes.length, unchanged: before.length - changes.length, testImages };
  }).immediate();
  if (result.updated) ctx.emit({ type: 'dataset-changed', datasetId });
  return result;
}

export function imagesHandlers(ctx: EngineContext): HandlersFor<ImageChannels> {
  const db = ctx.ws.db;
  return {
    'images.query': (req) => {
      requireDataset(db, req.datasetId);
      const { total, rows } = imagesPage(db, req, req.offset, req.limit);
      return { total, items: rows.map(toImageRecord) };
    },
    'images.ids': (req) => {
      requireDataset(db, req.datasetId);
      return { ids: imageIdList(db, req, req.offset, req.limit) };
    },
    'images.get': ({ id }) => {
      const row = db.prepare('SELECT * FROM images WHERE id = ?').get(id) as ImageRow | undefined;
      if (!row) throw new ApiFailure('not_found', `Image ${id} does not exist.`);
      return toImageRecord(row);
    },
    'images.setLabel': ({ imageIds, labelId }) => {
      const datasetId = datasetOfImages(db, imageIds);
      if (labelId !== null) {
        const label = db.prepare('SELECT dataset_id FROM labels WHERE id = ?').get(labelId) as { dataset_id: number } | undefined;
        if (!label) throw new ApiFailure('not_found', `Label ${labelId} does not exist.`);
        if (label.dataset_id !== datasetId) throw new ApiFailure('invalid_argument', `Label ${labelId} belongs to another dataset.`);
      }
      return setLabels(ctx, datasetId, new Map(imageIds.map((id) => [id, labelId])));
    },
    'images.setLabels': ({ assignments }) => {
      const wanted = new Map(assignments.map((a) => [a.imageId, a.labelId]));
      if (wanted.size !== assignments.length) throw new ApiFailure('invalid_argument', 'An image appears twice in the assignments.');
      const datasetId = datasetOfImages(db, [...wanted.keys()]);
      const labelIds = [...new Set(wanted.values())];
      const found = db
        .prepare('SELECT id, dataset_id FROM labels WHERE id IN (SELECT value FROM json_each(?))')
        .all(JSON.stringify(labelIds)) as { id: number; dataset_id: number }[];
      const missing = labelIds.filter((id) => !found.some((l) => l.id === id));
      if (missing.length) throw new ApiFailure('not_found', `Label ${missing.slice(0, 5).join(', ')} does not exist.`);
      if (found.some((l) => l.dataset_id !== datasetId)) throw new ApiFailure('invalid_argument', 'A label belongs to another dataset.');
      return setLabels(ctx, datasetId, wanted);
    },
    'images.setSplit': ({ imageIds, split }) => {
      const datasetId = datasetOfImages(db, imageIds);
      const updated = db.transaction(() => {
        const update = db.prepare('UPDATE images SET split = ?, split_override = 1 WHERE id = ?');
        let n = 0;
        for (const id of new Set(imageIds)) n += update.run(split, id).changes;
        return n;
      }).immediate();
      ctx.emit({ type: 'dataset-changed', datasetId });
      return { updated };
    },
  };
}
