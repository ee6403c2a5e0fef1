import { describe, expect, it } from 'vitest';
import { AUGMENT_PRESET_CONFIGS } from '../../src/shared/augment';
import { fitConfig, fitReasons, fittedPreset, glyphLabels } from '../../src/shared/augment-fit';

describe('augmentation that fits the data (issue 14, item 10)', () => {
  it('digits and single characters are glyphs; words are not', () => {
    expect(glyphLabels(['0', '1', '2', '10'])).toBe(true);
    expect(glyphLabels(['a', 'B', 'ж'])).toBe(true);
    expect(glyphLabels(['cat', 'dog'])).toBe(false);
    expect(glyphLabels(['1', 'cat'])).toBe(false);
    expect(glyphLabels([])).toBe(false);
  });

  it('a flipped 6 is not a 6: glyph classes get no flips (the light preset flipped half of them)', () => {
    expect(AUGMENT_PRESET_CONFIGS.light.hflip).toBe(0.5);
    const fitted = fittedPreset('light', { grey: false, glyphs: true });
    expect(fitted.hflip).toBe(0);
    expect(fitted.hue).toBe(AUGMENT_PRESET_CONFIGS.light.hue);
  });

  it('grey images get no hue, saturation or greyscale jitter; geometry stays', () => {
    const fitted = fittedPreset('strong', { grey: true, glyphs: false });
    expect(fitted).toMatchObject({ hue: 0, saturation: 0, grayscale: 0, hflip: 0.5, rotation: 25, brightness: 0.4 });
  });

  it('colour photos with word labels keep the preset as it is, and the presets themselves are untouched', () => {
    expect(fittedPreset('strong', { grey: false, glyphs: false })).toEqual(AUGMENT_PRESET_CONFIGS.strong);
    fitConfig(AUGMENT_PRESET_CONFIGS.light, { grey: true, glyphs: true });
    expect(AUGMENT_PRESET_CONFIGS.light.hflip).toBe(0.5);
  });

  it('says why, one sentence per reason', () => {
    expect(fitReasons({ grey: true, glyphs: true })).toHaveLength(2);
    expect(fitReasons({ grey: false, glyphs: false })).toEqual([]);
    expect(fitReasons({ grey: false, glyphs: true })[0]).toMatch(/No flips/);
  });
});
