import { z } from 'zod';
import { channel } from './channel';
import { datasetIdRequest, idSchema } from './datasets';

export interface SplitSummaryRow {
  /** null: the unlabeled images. */
  labelId: number | null;
  name: string;
  train: number;
  val: number;
  test: number;
  unassigned: number;
}

export const ratiosSchema = z
  .tuple([z.number().min(0).max(1), z.number().min(0).max(1), z.number().min(0).max(1)])
  .refine((r) => Math.abs(r[0] + r[1] + r[2] - 1) < 1e-6, 'ratios must sum to 1');

export const splitsApi = {
  /** Stratified, seeded split. 'unassigned' gives a split only to images without one. */
  'splits.apply': channel<{ assigned: number; train: number; val: number; test: number }>()(
    z
      .object({
        datasetId: idSchema,
        ratios: ratiosSchema.default([0.8, 0.1, 0.1]),
        seed: z.number().int().min(0).max(2 ** 31 - 1).default(42),
        mode: z.enum(['unassigned', 'all']).default('unassigned'),
      })
      .strict(),
  ),
  /** While locked, no image enters or leaves the test split. */
  'splits.lockTest': channel<{ locked: boolean }>()(
    z.object({ datasetId: idSchema, locked: z.boolean() }).strict(),
  ),
  'splits.summary': channel<SplitSummaryRow[]>()(datasetIdRequest),
};
