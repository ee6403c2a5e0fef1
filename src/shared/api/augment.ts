import { z } from 'zod';
import { channel } from './channel';
import type { AugmentParams } from '../augment';

const range = z.tuple([z.number().positive(), z.number().positive()]).refine((r) => r[0] <= r[1], 'range must be [low, high]');

/** A full augmentation config (see src/shared/augment.ts); presets are the usual way in. */
export const augmentConfigSchema = z
  .object({
    crop: z.object({ scale: range.refine((r) => r[1] <= 1, 'scale must be ≤ 1'), ratio: range }).strict().nullable(),
    hflip: z.number().min(0).max(1),
    rotation: z.number().min(0).max(180),
    perspective: z.number().min(0).max(1),
    brightness: z.number().min(0).max(1),
    contrast: z.number().min(0).max(1),
    saturation: z.number().min(0).max(1),
    hue: z.number().min(0).max(0.5),
    grayscale: z.number().min(0).max(1),
  })
  .strict();

export const augmentPresetSchema = z.enum(['none', 'light', 'strong']);

export interface AugmentSample {
  /** data:image/jpeg;base64,… */
  dataUrl: string;
  params: AugmentParams;
  seed: number;
}

/** What a dataset's images are like, for presets that fit them (see augment-fit.ts). */
export interface AugmentTraitsReply {
  grey: boolean;
  glyphs: boolean;
  /** Images looked at (a sample), and how many of them were grey. */
  sampled: number;
  greyCount: number;
}

export const augmentApi = {
  /** Samples the dataset's images: grey or colour; labels that are glyphs (digits, characters). */
  'augment.traits': channel<AugmentTraitsReply>()(z.object({ datasetId: z.number().int().positive() }).strict()),
  /** Shows what training will see: `count` augmented versions of one image, seeded. */
  'augment.preview': channel<{ samples: AugmentSample[] }>()(
    z
      .object({
        imageId: z.number().int().positive(),
        preset: augmentPresetSchema.optional(),
        config: augmentConfigSchema.optional(),
        count: z.number().int().min(1).max(32).default(8),
        seed: z.number().int().min(0).max(2 ** 31 - 1).default(0),
        /** Longest side of the preview images in pixels. */
        size: z.number().int().min(16).max(1024).default(224),
      })
      .strict()
      .refine((r) => !(r.preset && r.config), 'give either preset or config, not both'),
  ),
};
