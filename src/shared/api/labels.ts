import { z } from 'zod';
import { channel } from './channel';
import { datasetIdRequest, idSchema } from './datasets';
import type { LabelInfo } from '../types';
import { nameSchema } from './fields';

const labelName = nameSchema(100);
const color = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'must be a color like #1f77b4');

export interface EditResult {
  /** Images whose label changed back (undo) or again (redo); 0 when there was nothing to do. */
  images: number;
  canUndo: boolean;
  canRedo: boolean;
}

export const labelsApi = {
  'labels.list': channel<LabelInfo[]>()(datasetIdRequest),
  'labels.create': channel<LabelInfo>()(
    z.object({ datasetId: idSchema, name: labelName, color: color.optional() }).strict(),
  ),
  'labels.rename': channel<LabelInfo>()(z.object({ labelId: idSchema, name: labelName }).strict()),
  'labels.recolor': channel<LabelInfo>()(z.object({ labelId: idSchema, color }).strict()),
  /** Moves every image of source to target and deletes source (same dataset). */
  'labels.merge': channel<LabelInfo>()(z.object({ sourceId: idSchema, targetId: idSchema }).strict()),
  /** Deletes a label; its images become unlabeled. */
  'labels.delete': channel<{ deleted: true; unlabeled: number }>()(
    z.object({ labelId: idSchema }).strict(),
  ),
  'edits.undo': channel<EditResult>()(datasetIdRequest),
  'edits.redo': channel<EditResult>()(datasetIdRequest),
};
