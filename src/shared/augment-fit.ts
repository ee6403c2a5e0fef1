import { AUGMENT_PRESET_CONFIGS, type AugmentConfig, type AugmentPreset } from './augment';

// Augmentation presets that fit the data: a flipped 6 is not a 6 (digits, letters, text are not
// mirror-symmetric), and hue or saturation jitter does nothing to grey images but waste views.

/** What the data is like, as far as augmentation cares (augment.traits measures it). */
export interface DataTraits {
  /** Every sampled image has R = G = B (Fashion-MNIST, scans, X-rays). */
  grey: boolean;
  /** Labels are digits or single characters: glyphs that a mirror changes. */
  glyphs: boolean;
}

/** Label names that are digits or single characters ("0"–"9", "a"–"z", "A"): glyph classes. */
export function glyphLabels(names: readonly string[]): boolean {
  return names.length > 0 && names.every((n) => /^\d+$/.test(n) || [...n].length === 1);
}

/** A preset's config adjusted to the data: no flips for glyphs; no hue, saturation or greyscale for grey images. */
export function fitConfig(config: AugmentConfig, traits: DataTraits): AugmentConfig {
  const out = structuredClone(config);
  if (traits.glyphs) out.hflip = 0;
  if (traits.grey) {
    out.hue = 0;
    out.saturation = 0;
    out.grayscale = 0;
  }
  return out;
}

export function fittedPreset(preset: AugmentPreset, traits: DataTraits): AugmentConfig {
  return fitConfig(AUGMENT_PRESET_CONFIGS[preset], traits);
}

/** Why the presets were adjusted, one sentence per reason, for the Augment and Train screens. */
export function fitReasons(traits: DataTraits): string[] {
  const out: string[] = [];
  if (traits.glyphs) out.push('No flips: the labels are digits or characters, and a mirrored glyph is another glyph (or none).');
  if (traits.grey) out.push('No hue, saturation or greyscale changes: the images are grey.');
  return out;
}
