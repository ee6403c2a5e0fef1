import { z } from 'zod';
import { channel } from './channel';
import { idSchema } from './datasets';
import type { ImageRecord, Split } from '../types';
import { offsetSchema } from './fields';

/** 'picked': the order of the filter's imageIds (look-alikes, most similar first); without them, import order. */
export const IMAGE_SORTS = ['path', 'label', 'size', 'width', 'height', 'split', 'status', 'id', 'picked'] as const;
export type ImageSort = (typeof IMAGE_SORTS)[number];

const splitSchema = z.enum(['train', 'val', 'test']);

/** The filter shared by images.query and images.ids (select-all in the grid). */
export const imageFilter = z
  .object({
    datasetId: idSchema,
    /** A label id, or null for unlabeled images; absent = any label. */
    labelId: idSchema.nullable().optional(),
    /** A split, or null for images without a split; absent = any split. */
    split: splitSchema.nullable().optional(),
    status: z.enum(['ok', 'missing', 'changed']).optional(),
    duplicatesOnly: z.boolean().optional(),
    /** false (default): the dataset's images; true: the images excluded from it (to bring back). */
    excluded: z.boolean().default(false),
    /** Case-insensitive substring of the file's path inside the dataset. */
    search: z.string().max(500).optional(),
    /** Only these images (a lasso on the map, a group of look-alikes opened in the grid). */
    imageIds: z.array(idSchema).min(1).max(1_000_000).optional(),
    sort: z.enum(IMAGE_SORTS).default('path'),
    order: z.enum(['asc', 'desc']).default('asc'),
  })
  .strict();

const imageIds = z.array(idSchema).min(1).max(1_000_000);

/**
 * Image ids in grid order as decimal numbers joined by commas ('' for none): the engine's database
 * writes the string, so a select-all of 100,000 images builds and serializes no array on the
 * engine's one event loop. Read it with parseIdList.
 */
export interface IdList {
  ids: string;
}

export function parseIdList(list: IdList): number[] {
  return list.ids === '' ? [] : list.ids.split(',').map(Number);
}

/**
 * What a label edit did. testImages: changed images in the test split: a fix there changes the
 * answer key runs are scored on (runs.compare re-scores earlier runs on the new labels).
 */
export interface LabelChange {
  updated: number;
  unchanged: number;
  testImages: number;
}

/** Images of one dataset with identical content (same file hash); the first is the oldest import. */
export interface DuplicateGroup {
  hash: string;
  images: ImageRecord[];
}

export const imagesApi = {
  'images.query': channel<{ total: number; items: ImageRecord[] }>()(
    imageFilter.extend({
      offset: offsetSchema,
      limit: z.number().int().min(1).max(5000).default(200),
    }),
  ),
  /** Select all, shift-click ranges: the ids of the grid's [offset, offset + limit) (all from offset without limit). */
  'images.ids': channel<IdList>()(
    imageFilter.extend({
      offset: offsetSchema,
      limit: z.number().int().min(1).max(1_000_000).optional(),
    }),
  ),
  'images.get': channel<ImageRecord>()(z.object({ id: idSchema }).strict()),
  /** Sets (or clears, labelId null) the label of images of one dataset; one undoable edit. */
  'images.setLabel': channel<LabelChange>()(
    z.object({ imageIds, labelId: idSchema.nullable() }).strict(),
  ),
  /** Gives each image its own label (accepting suggestions in bulk); one undoable edit. */
  'images.setLabels': channel<LabelChange>()(
    z
      .object({ assignments: z.array(z.object({ imageId: idSchema, labelId: idSchema }).strict()).min(1).max(1_000_000) })
      .strict(),
  ),
  /** Per-image split override: splits.apply never changes these images again. */
  'images.setSplit': channel<{ updated: number }>()(
    z.object({ imageIds, split: splitSchema }).strict(),
  ),
  /** Exact copies grouped by content, largest group first (the grid's duplicates filter shows them flat). */
  'images.duplicateGroups': channel<{ total: number; images: number; groups: DuplicateGroup[] }>()(
    z
      .object({ datasetId: idSchema, offset: z.number().int().min(0).default(0), limit: z.number().int().min(1).max(1000).default(100) })
      .strict(),
  ),
  /**
   * "Keep one": excludes every other copy of this image's content from the dataset (files are
   * never touched); the kept image stays and is no longer a duplicate.
   */
  'images.keepOne': channel<{ kept: number; excluded: number }>()(z.object({ imageId: idSchema }).strict()),
  /** Leaves images out of the dataset (excluded true) or brings them back; their files stay where they are. */
  'images.setExcluded': channel<{ updated: number }>()(z.object({ imageIds, excluded: z.boolean() }).strict()),
};

export type { Split };
