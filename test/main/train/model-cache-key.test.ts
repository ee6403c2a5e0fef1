// The feature cache's model key: the same weights read as another family, with another image
// processor or at int8 are other features, and never share cached rows.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadModelConfigSync } from '../../../src/main/model/checkpoint';
import { modelCacheKey } from '../../../src/main/train/run-task';

const folder = path.resolve(__dirname, '../../fixtures/dinov2-ref');

describe('modelCacheKey', () => {
  it('changes with the family, its pooling, the image processor and the precision', () => {
    const model = loadModelConfigSync(folder);
    const key = modelCacheKey(folder, model);
    expect(modelCacheKey(folder, model)).toBe(key);
    expect(modelCacheKey(folder, { ...model, config: { ...model.config, family: 'vit', pooling: 'cls' } })).not.toBe(key);
    expect(modelCacheKey(folder, { ...model, config: { ...model.config, pooling: 'cls' } })).not.toBe(key);
    expect(modelCacheKey(folder, { ...model, preprocessor: { ...model.preprocessor, resample: 2 } })).not.toBe(key);
    expect(modelCacheKey(folder, model, 'int8')).not.toBe(key);
  });
});
