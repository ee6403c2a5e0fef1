import { describe, expect, it } from 'vitest';
import type { RunConfig } from '../../../src/shared/api/runs';
import { rerunRequest, trainRequestSchema } from '../../../src/shared/api/train';
import { AUGMENT_PRESET_CONFIGS } from '../../../src/shared/augment';
import { defaultOptions, optionsFromRun, settingsLine, toRequest, withFittedAugment } from '../../../src/renderer/features/train/train-options';

const config: RunConfig = {
  model: 'google/vit-base-patch16-224',
  revision: null,
  modelFolder: '/cache/x',
  engine: 'ort',
  engineRequested: 'ort',
  precision: 'int8',
  device: 'cpu',
  tfjsBackend: 'wasm',
  fromScratch: false,
  scratch: null,
  epochs: 12,
  lr: 0.01,
  batchSize: 16,
  weightDecay: 0.05,
  augment: 'strong',
  augmentConfig: AUGMENT_PRESET_CONFIGS.strong,
  views: 4,
  augmentSeed: 9,
  earlyStopping: 3,
  classWeighting: true,
  seed: 7,
  splitSeed: 42,
  labels: [],
};

describe('the Train form and the run beside it (issue 14, item 8)', () => {
  it('"Use these settings" fills the form so that Train asks for what the run had', () => {
    const form = optionsFromRun(config, defaultOptions('other/model'));
    const request = toRequest(3, form);
    // Everything but the augmentation seed (a new run draws new augmented views).
    const { augmentSeed: _a, ...rerun } = trainRequestSchema.parse(rerunRequest(3, config));
    const { augmentSeed: _b, ...asked } = trainRequestSchema.parse(request);
    expect(asked).toEqual(rerun);
  });

  it('a custom augmentation comes back as custom with its config; a from-scratch run keeps the typed model', () => {
    const custom = optionsFromRun({ ...config, augment: 'custom', augmentConfig: AUGMENT_PRESET_CONFIGS.light }, defaultOptions('x/y'));
    expect(custom.augment).toBe('custom');
    expect(custom.augmentConfig).toEqual(AUGMENT_PRESET_CONFIGS.light);
    const scratch = optionsFromRun({ ...config, fromScratch: true, scratch: { imageSize: 96, patchSize: 16, hiddenSize: 512, layers: 2, heads: 8 } }, defaultOptions('x/y'));
    expect(scratch.model).toBe('x/y');
    expect(scratch.scratch.hiddenSize).toBe(512);
  });

  it('one line tells the form and the run apart', () => {
    expect(settingsLine(config)).toBe('google/vit-base-patch16-224 · 12 epochs · lr 0.01 · batch 16 · strong ×4');
    expect(settingsLine({ ...defaultOptions('/models/my-vit'), fromScratch: false })).toBe('…/my-vit · 5 epochs · lr 0.0003 · batch 32 · none');
  });
});

describe('a preset fitted to the data goes with the request (issue 14, item 10)', () => {
  const light = { ...defaultOptions('org/m'), augment: 'light' as const };
  it('digits: the light preset without flips is sent as its config, with the preset default views', () => {
    const req = toRequest(1, withFittedAugment(light, null, { grey: true, glyphs: true }));
    expect(req.augment).toBe('light');
    expect(req.augmentConfig).toMatchObject({ hflip: 0, hue: 0, saturation: 0, rotation: AUGMENT_PRESET_CONFIGS.light.rotation });
    expect(req).not.toHaveProperty('views');
  });
  it('colour photos: the preset as is; none stays none', () => {
    expect(toRequest(1, withFittedAugment(light, null, { grey: false, glyphs: false }))).not.toHaveProperty('augmentConfig');
    expect(toRequest(1, withFittedAugment({ ...light, augment: 'none' }, null, { grey: true, glyphs: true }))).not.toHaveProperty('augmentConfig');
  });
});
