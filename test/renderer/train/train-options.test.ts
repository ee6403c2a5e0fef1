import { describe, expect, it } from 'vitest';
import { trainRequestSchema } from '../../../src/shared/api/train';
import { AUGMENT_PRESET_CONFIGS } from '../../../src/shared/augment';
import { defaultOptions, defaultViews, toRequest, validate, withScratch } from '../../../src/renderer/features/train/train-options';

describe('train form → train.start', () => {
  const base = defaultOptions('org/model');

  it('the defaults make a valid request the engine schema accepts', () => {
    expect(validate(base)).toEqual([]);
    const req = toRequest(7, base);
    expect(trainRequestSchema.safeParse(req).success).toBe(true);
    expect(req).toMatchObject({ datasetId: 7, model: 'org/model', epochs: 5, lr: 3e-4, batchSize: 32, augment: 'none', fromScratch: false });
    // 'auto' engine and default views are left to the engine.
    expect(req).not.toHaveProperty('engine');
    expect(req).not.toHaveProperty('views');
  });

  it('sends the chosen engine, views, early stopping and a custom augmentation', () => {
    const req = toRequest(1, { ...base, engine: 'tfjs', views: 3, earlyStopping: 4, augment: 'custom', augmentConfig: AUGMENT_PRESET_CONFIGS.strong });
    expect(trainRequestSchema.safeParse(req).success).toBe(true);
    expect(req).toMatchObject({ engine: 'tfjs', views: 3, earlyStopping: 4, augmentConfig: AUGMENT_PRESET_CONFIGS.strong });
  });

  it('int8 fast mode goes with ONNX Runtime or Auto only, never from scratch', () => {
    expect(toRequest(1, { ...base, int8: true })).toMatchObject({ precision: 'int8' });
    expect(toRequest(1, { ...base, int8: true, engine: 'ort' })).toMatchObject({ precision: 'int8', engine: 'ort' });
    expect(toRequest(1, { ...base, int8: true, engine: 'tfjs' })).not.toHaveProperty('precision');
    expect(toRequest(1, { ...withScratch(base, true), int8: true })).not.toHaveProperty('precision');
    expect(toRequest(1, base)).not.toHaveProperty('precision');
  });

  it('from scratch: the small ViT shape, no engine, scratch defaults for untouched epochs/lr', () => {
    const o = withScratch(base, true);
    expect(o.epochs).toBe(30);
    expect(o.lr).toBe(1e-3);
    const req = toRequest(1, { ...o, engine: 'ort' });
    expect(req).toMatchObject({ fromScratch: true, scratch: { imageSize: 32, patchSize: 8 } });
    expect(req).not.toHaveProperty('engine');
    expect(trainRequestSchema.safeParse(req).success).toBe(true);
    // Values the user typed survive the toggle.
    expect(withScratch({ ...base, epochs: 9 }, true).epochs).toBe(9);
    expect(withScratch(o, false).epochs).toBe(5);
  });

  it('explains what is wrong, one line each', () => {
    expect(validate({ ...base, model: ' ' })).toEqual(['Choose a model or type a hub id / folder.']);
    expect(validate({ ...base, epochs: 0, lr: NaN })).toHaveLength(2);
    expect(validate({ ...withScratch(base, true), scratch: { imageSize: 30, patchSize: 8, hiddenSize: 64, layers: 2, heads: 5 } })).toEqual([
      'Image size 30 must be a multiple of the patch size 8.',
      'Hidden size 64 must be a multiple of the head count 5.',
    ]);
    expect(validate({ ...base, augment: 'custom', augmentConfig: null })).toEqual(['The custom augmentation is missing: pick a preset.']);
  });

  it('default views follow the preset', () => {
    expect(defaultViews({ ...base, augment: 'strong' })).toBe(4);
    expect(defaultViews({ ...base, augment: 'none' })).toBe(0);
  });
});
