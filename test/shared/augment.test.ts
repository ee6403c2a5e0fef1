import { describe, expect, it } from 'vitest';
import { AUGMENT_PRESET_CONFIGS, IDENTITY_PARAMS, augmentConfigKey as augmentedViewsKeyPart, sampleAugmentParams } from '../../src/shared/augment';

describe('augmentation parameter sampling', () => {
  const size = { width: 200, height: 150 };

  it('is deterministic: same seed, same parameters; other seed, other parameters', () => {
    const c = AUGMENT_PRESET_CONFIGS.strong;
    expect(sampleAugmentParams(c, 7, size)).toEqual(sampleAugmentParams(c, 7, size));
    expect(sampleAugmentParams(c, 7, size)).not.toEqual(sampleAugmentParams(c, 8, size));
  });

  it('preset none is the identity', () => {
    for (let s = 0; s < 20; s++) expect(sampleAugmentParams(AUGMENT_PRESET_CONFIGS.none, s, size)).toEqual(IDENTITY_PARAMS);
  });

  it.each(['light', 'strong'] as const)('preset %s stays in its ranges', (preset) => {
    const c = AUGMENT_PRESET_CONFIGS[preset];
    let flips = 0;
    for (let s = 0; s < 500; s++) {
      const p = sampleAugmentParams(c, s, size);
      const area = p.crop.w * p.crop.h;
      expect(area).toBeGreaterThanOrEqual(c.crop!.scale[0] - 1e-9);
      expect(area).toBeLessThanOrEqual(1 + 1e-9);
      expect(p.crop.x).toBeGreaterThanOrEqual(0);
      expect(p.crop.x + p.crop.w).toBeLessThanOrEqual(1 + 1e-9);
      expect(p.crop.y + p.crop.h).toBeLessThanOrEqual(1 + 1e-9);
      expect(Math.abs(p.rotation)).toBeLessThanOrEqual(c.rotation);
      expect(Math.abs(p.shear[0])).toBeLessThanOrEqual(c.perspective / 2);
      for (const [k, x] of [['brightness', p.brightness], ['contrast', p.contrast], ['saturation', p.saturation]] as const) {
        expect(x).toBeGreaterThanOrEqual(1 - c[k]);
        expect(x).toBeLessThanOrEqual(1 + c[k]);
      }
      expect(Math.abs(p.hue)).toBeLessThanOrEqual(c.hue);
      if (preset === 'light') expect(p.grayscale).toBe(false);
      if (p.flip) flips++;
    }
    expect(flips).toBeGreaterThan(180);
    expect(flips).toBeLessThan(320);
  });

  it('view keys differ per config, seed and view', () => {
    expect(augmentedViewsKeyPart(AUGMENT_PRESET_CONFIGS.light)).not.toBe(augmentedViewsKeyPart(AUGMENT_PRESET_CONFIGS.strong));
  });
});
