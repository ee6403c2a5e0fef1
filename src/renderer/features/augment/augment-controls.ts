// The knobs of the Augment screen, described once: label, range and step of each scalar of an
// AugmentConfig (src/shared/augment.ts), so the sliders and their validation agree.
import { AUGMENT_PRESETS, AUGMENT_PRESET_CONFIGS, type AugmentConfig, type AugmentParams, type AugmentPreset } from '../../../shared/augment';
import { fittedPreset, type DataTraits } from '../../../shared/augment-fit';

export type ScalarKey = Exclude<keyof AugmentConfig, 'crop'>;

export interface Knob {
  key: ScalarKey;
  label: string;
  min: number;
  max: number;
  step: number;
  format(v: number): string;
}

const pct = (v: number) => `${Math.round(v * 100)}%`;
const pm = (v: number) => `±${Math.round(v * 100)}%`;

export const KNOBS: Knob[] = [
  { key: 'hflip', label: 'Horizontal flip', min: 0, max: 1, step: 0.05, format: (v) => `p ${pct(v)}` },
  { key: 'rotation', label: 'Rotation', min: 0, max: 180, step: 1, format: (v) => `±${v}°` },
  { key: 'perspective', label: 'Perspective', min: 0, max: 1, step: 0.05, format: (v) => v.toFixed(2) },
  { key: 'brightness', label: 'Brightness', min: 0, max: 1, step: 0.05, format: pm },
  { key: 'contrast', label: 'Contrast', min: 0, max: 1, step: 0.05, format: pm },
  { key: 'saturation', label: 'Saturation', min: 0, max: 1, step: 0.05, format: pm },
  { key: 'hue', label: 'Hue', min: 0, max: 0.5, step: 0.01, format: (v) => `±${v.toFixed(2)} turn` },
  { key: 'grayscale', label: 'Grayscale', min: 0, max: 1, step: 0.05, format: (v) => `p ${pct(v)}` },
];

/** The preset a config equals (as fitted to the data, when traits are known), or 'custom'. */
export function presetOf(config: AugmentConfig, traits: DataTraits | null = null): AugmentPreset | 'custom' {
  const key = JSON.stringify(config);
  const of = (p: AugmentPreset) => (traits ? fittedPreset(p, traits) : AUGMENT_PRESET_CONFIGS[p]);
  return AUGMENT_PRESETS.find((p) => JSON.stringify(of(p)) === key) ?? 'custom';
}

/** A one-line description of sampled parameters, for a preview's tooltip. */
export function describeParams(p: AugmentParams): string {
  const parts: string[] = [];
  if (p.crop.w < 0.999 || p.crop.h < 0.999) parts.push(`crop ${Math.round(p.crop.w * 100)}×${Math.round(p.crop.h * 100)}%`);
  if (p.flip) parts.push('flipped');
  if (Math.abs(p.rotation) >= 0.5) parts.push(`rotated ${p.rotation.toFixed(0)}°`);
  if (Math.abs(p.shear[0]) + Math.abs(p.shear[1]) > 0.005) parts.push(`shear ${p.shear[0].toFixed(2)}, ${p.shear[1].toFixed(2)}`);
  if (Math.abs(p.brightness - 1) > 0.005) parts.push(`brightness ×${p.brightness.toFixed(2)}`);
  if (Math.abs(p.contrast - 1) > 0.005) parts.push(`contrast ×${p.contrast.toFixed(2)}`);
  if (Math.abs(p.saturation - 1) > 0.005) parts.push(`saturation ×${p.saturation.toFixed(2)}`);
  if (Math.abs(p.hue) > 0.002) parts.push(`hue ${p.hue > 0 ? '+' : ''}${p.hue.toFixed(2)}`);
  if (p.grayscale) parts.push('grayscale');
  return parts.length ? parts.join(', ') : 'unchanged';
}
