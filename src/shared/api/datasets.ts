import { z } from 'zod';
import { channel } from './channel';
import type { DatasetSummary, ImportReport, SkippedFile } from '../types';
import { nameSchema, pathSchema } from './fields';

export const idSchema = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);
export const datasetIdRequest = z.object({ datasetId: idSchema }).strict();

const datasetName = nameSchema(200);

export const datasetsApi = {
  /** Imports a folder; importing a folder that already is a dataset rescans it instead. */
  'datasets.import': channel<ImportReport>()(
    z
      .object({
        folder: pathSchema(),
        labelsFrom: z.enum(['folders', 'filename', 'none']).default('folders'),
        name: datasetName.optional(),
        /** Folder level labels come from: 1 = first level (below train/ val/ test/ when those are found). */
        labelLevel: z.number().int().min(1).max(32).default(1),
        /** Recognise train/ val/ test/ at the first level (classes below, splits kept); false: plain folders. */
        splitFolders: z.boolean().default(true),
      })
      .strict(),
  ),
  'datasets.rescan': channel<ImportReport>()(datasetIdRequest),
  'datasets.list': channel<DatasetSummary[]>()(z.object({}).strict()),
  'datasets.get': channel<DatasetSummary>()(datasetIdRequest),
  'datasets.delete': channel<{ deleted: true }>()(datasetIdRequest),
  'datasets.rename': channel<DatasetSummary>()(
    z.object({ datasetId: idSchema, name: datasetName }).strict(),
  ),
  'datasets.skipped': channel<SkippedFile[]>()(datasetIdRequest),
};
