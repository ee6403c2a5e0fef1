import { describe, expect, it } from 'vitest';
import { rerunRequest, trainRequestSchema } from '../../../src/shared/api/train';
import type { RunConfig } from '../../../src/shared/api/runs';
import { AUGMENT_PRESET_CONFIGS } from '../../../src/shared/augment';

const base: RunConfig = {
  model: 'google/vit-base-patch16-224', revision: 'main', modelFolder: '/cache/x', engine: 'ort', engineRequested: null,
  device: 'CPU (2 threads)', tfjsBackend: 'wasm', trainer: 'native', fromScratch: false, scratch: null, epochs: 7, lr: 1e-3,
  batchSize: 64, weightDecay: 0.01, augment: 'strong', augmentConfig: AUGMENT_PRESET_CONFIGS.strong, views: 3, augmentSeed: 5,
  earlyStopping: 2, classWeighting: true, seed: 11, splitSeed: 42, labels: [{ id: 1, name: 'a' }, { id: 2, name: 'b' }],
};

describe('rerunRequest', () => {
  it('asks for what the run was asked: model@revision, engine only if chosen, hyperparameters, augmentation, seeds', () => {
    const r = trainRequestSchema.parse(rerunRequest(4, base));
    expect(r).toEqual({
      datasetId: 4, model: 'google/vit-base-patch16-224@main', epochs: 7, lr: 1e-3, batchSize: 64, weightDecay: 0.01, augment: 'strong',
      views: 3, augmentSeed: 5, fromScratch: false, earlyStopping: 2, classWeighting: true, seed: 11, precision: 'fp32',
    });
    expect(trainRequestSchema.parse(rerunRequest(4, { ...base, precision: 'int8' })).precision).toBe('int8');
  });

  it('carries a custom augmentation as its config, an engine asked for, and a from-scratch shape', () => {
    const custom = { ...AUGMENT_PRESET_CONFIGS.light, rotation: 33 };
    const scratch = { imageSize: 48, patchSize: 8, hiddenSize: 96, layers: 3, heads: 4 };
    const r = trainRequestSchema.parse(
      rerunRequest(1, { ...base, revision: null, augment: 'custom', augmentConfig: custom, engineRequested: 'tfjs', fromScratch: true, model: 'scratch', scratch, earlyStopping: null }),
    );
    expect(r.model).toBe('scratch');
    expect(r.augmentConfig).toEqual(custom);
    expect(r.engine).toBe('tfjs');
    expect(r.scratch).toEqual(scratch);
    expect(r.earlyStopping).toBeUndefined();
  });
});
