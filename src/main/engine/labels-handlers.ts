import type Database from 'better-sqlite3';
import { ApiFailure } from '../../shared/result';
import type { LabelInfo } from '../../shared/types';
import type { EngineContext } from './context';
import { requireDataset } from './datasets-store';
import type { HandlersFor } from './dispatch';
import { prepared } from './image-totals';
import { labelColor } from './labels-colors';
import { clearLabelEdits, stepLabelEdit } from './labels-edits';

type LabelChannels =
  | 'labels.list'
  | 'labels.create'
  | 'labels.rename'
  | 'labels.recolor'
  | 'labels.merge'
  | 'labels.delete'
  | 'edits.undo'
  | 'edits.redo';

const LABEL_SELECT = `SELECT l.id, l.dataset_id AS datasetId, l.name, l.color,
  coalesce((SELECT sum(t.n) FROM image_totals t
    WHERE t.dataset_id = l.dataset_id AND t.label_id = l.id AND t.status != 'missing' AND t.left_out = 0), 0) AS count
  FROM labels l`;

function getLabel(db: Database.Database, labelId: number): LabelInfo {
  const label = db.prepare(`${LABEL_SELECT} WHERE l.id = ?`).get(labelId) as LabelInfo | undefined;
  if (!label) throw new ApiFailure('not_found', `Label ${labelId} does not exist.`);
  return label;
}

function assertNameFree(db: Database.Database, datasetId: number, name: string, exceptId = 0): void {
  const clash = db.prepare('SELECT id FROM labels WHERE dataset_id = ? AND name = ? AND id != ?').get(datasetId, name, exceptId);
  if (clash) throw new ApiFailure('conflict', `A label named "${name}" already exists in this dataset.`);
}

export function labelsHandlers(ctx: EngineContext): HandlersFor<LabelChannels> {
  const db = ctx.ws.db;
  const changed = (datasetId: number) => ctx.emit({ type: 'dataset-changed', datasetId });
  return {
    'labels.list': ({ datasetId }) => {
      requireDataset(db, datasetId);
      return prepared(db, `${LABEL_SELECT} WHERE l.dataset_id = ? ORDER BY l.name`).all(datasetId) as LabelInfo[];
    },
    'labels.create': ({ datasetId, name, color }) => {
      requireDataset(db, datasetId);
      assertNameFree(db, datasetId, name);
      const n = (db.prepare('SELECT count(*) AS n FROM labels WHERE dataset_id = ?').get(datasetId) as { n: number }).n;
      const id = db
        .prepare('INSERT INTO labels (dataset_id, name, color) VALUES (?, ?, ?)')
        .run(datasetId, name, color ?? labelColor(n)).lastInsertRowid;
      changed(datasetId);
      return getLabel(db, Number(id));
    },
    'labels.rename': ({ labelId, name }) => {
      const label = getLabel(db, labelId);
      assertNameFree(db, label.datasetId, name, labelId);
      db.prepare('UPDATE labels SET name = ? WHERE id = ?').run(name, labelId);
      changed(label.datasetId);
      return getLabel(db, labelId);
    },
    'labels.recolor': ({ labelId, color }) => {
      const label = getLabel(db, labelId);
      db.prepare('UPDATE labels SET color = ? WHERE id = ?').run(color.toLowerCase(), labelId);
      changed(label.datasetId);
      return getLabel(db, labelId);
    },
    'labels.merge': ({ sourceId, targetId }) => {
      const source = getLabel(db, sourceId);
      const target = getLabel(db, targetId);
      if (sourceId === targetId) throw new ApiFailure('invalid_argument', 'A label cannot be merged into itself.');
      if (source.datasetId !== target.datasetId) {
        throw new ApiFailure('invalid_argument', 'Labels of different datasets cannot be merged.');
      }
      db.transaction(() => {
        db.prepare('UPDATE images SET label_id = ? WHERE label_id = ?').run(targetId, sourceId);
        db.prepare('DELETE FROM labels WHERE id = ?').run(sourceId);
        clearLabelEdits(db, source.datasetId);
      }).immediate();
      changed(source.datasetId);
      return getLabel(db, targetId);
    },
    'labels.delete': ({ labelId }) => {
      const label = getLabel(db, labelId);
      const unlabeled = db.transaction(() => {
        const n = db.prepare('UPDATE images SET label_id = NULL WHERE label_id = ?').run(labelId).changes;
        db.prepare('DELETE FROM labels WHERE id = ?').run(labelId);
        clearLabelEdits(db, label.datasetId);
        return n;
      }).immediate();
      changed(label.datasetId);
      return { deleted: true as const, unlabeled };
    },
    'edits.undo': ({ datasetId }) => {
      requireDataset(db, datasetId);
      const result = stepLabelEdit(db, datasetId, 'undo');
      if (result.images) changed(datasetId);
      return result;
    },
    'edits.redo': ({ datasetId }) => {
      requireDataset(db, datasetId);
      const result = stepLabelEdit(db, datasetId, 'redo');
      if (result.images) changed(datasetId);
      return result;
    },
  };
}
