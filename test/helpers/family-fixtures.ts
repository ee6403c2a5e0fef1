// The reference checkpoints of every model family (test/fixtures/*-ref and variants/*, made by
// transformers itself) with their expected outputs, for the engines' parity tests.
import fs from 'node:fs';
import path from 'node:path';

const FIXTURES = path.resolve(__dirname, '../fixtures');

export interface FamilyExpectedImage {
  image: string;
  /** At the processor's output size already (tolerance_abs), or through resize/crop (tolerance_full_pipeline). */
  exact: boolean;
  logits?: number[];
  probs?: number[];
  top1?: string;
  /** The classifier's input as the family's *ForImageClassification computes it. */
  features: number[];
}

export interface FamilyFixture {
  name: string;
  folder: string;
  tolerance: number;
  toleranceFullPipeline: number;
  images: FamilyExpectedImage[];
}

function read(name: string, folder: string): FamilyFixture {
  const e = JSON.parse(fs.readFileSync(path.join(folder, 'expected.json'), 'utf8'));
  return { name, folder, tolerance: e.tolerance_abs, toleranceFullPipeline: e.tolerance_full_pipeline, images: e.images };
}

/** The four transformers-made references of the issue: dinov2, clip, siglip, vit-gray. */
export const REFERENCE_FIXTURES = ['dinov2', 'clip', 'siglip', 'vit-gray'].map((f) => read(`${f}-ref`, path.join(FIXTURES, `${f}-ref`)));

/** Other configurations of each family (variants/make_variants.py). */
export const VARIANT_FIXTURES = fs
  .readdirSync(path.join(FIXTURES, 'variants'), { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => read(`variants/${d.name}`, path.join(FIXTURES, 'variants', d.name)));

export const FAMILY_FIXTURES = [...REFERENCE_FIXTURES, ...VARIANT_FIXTURES];
