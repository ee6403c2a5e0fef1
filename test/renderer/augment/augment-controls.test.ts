import { describe, expect, it } from 'vitest';
import { AUGMENT_PRESET_CONFIGS, IDENTITY_PARAMS } from '../../../src/shared/augment';
import { describeParams, KNOBS, presetOf } from '../../../src/renderer/features/augment/augment-controls';
import { augmentConfigSchema } from '../../../src/shared/api/augment';

describe('augment controls', () => {
  it('recognises presets and custom configs', () => {
    expect(presetOf(structuredClone(AUGMENT_PRESET_CONFIGS.light))).toBe('light');
    expect(presetOf({ ...AUGMENT_PRESET_CONFIGS.light, rotation: 11 })).toBe('custom');
  });

  it('every knob range stays inside what the API accepts', () => {
    for (const k of KNOBS) {
      const config = { ...AUGMENT_PRESET_CONFIGS.none, [k.key]: k.max };
      expect(augmentConfigSchema.safeParse(config).success, k.key).toBe(true);
      expect(augmentConfigSchema.safeParse({ ...config, [k.key]: k.max + k.step }).success, k.key).toBe(false);
    }
  });

  it('describes sampled parameters', () => {
    expect(describeParams(IDENTITY_PARAMS)).toBe('unchanged');
    expect(describeParams({ ...IDENTITY_PARAMS, flip: true, rotation: -12.2 })).toBe('flipped, rotated -12°');
  });
});
