import { hashString, seededRandom } from './random';
// Augmentation parameter sampling, pure and seeded: the renderer shows the exact parameters of a
// preview and training draws the very same ones for the same seed. Applying them to pixels is
// sharp-based in src/main/model/augment-apply.ts (one code path for preview and training).

export type AugmentPreset = 'none' | 'light' | 'strong';
export const AUGMENT_PRESETS: readonly AugmentPreset[] = ['none', 'light', 'strong'];

export interface AugmentConfig {
  /** RandomResizedCrop: area fraction and aspect-ratio ranges of the crop; null = whole image. */
  crop: { scale: [number, number]; ratio: [number, number] } | null;
  /** Probability of a horizontal flip. */
  hflip: number;
  /** Rotation uniformly in ±degrees. */
  rotation: number;
  /** Perspective distortion scale (0…1), approximated by a random shear of up to scale/2. */
  perspective: number;
  /** Colour jitter magnitudes, torchvision-style: factor in [1-x, 1+x]; hue shift in ±x turns (≤ 0.5). */
  brightness: number;
  contrast: number;
  saturation: number;
  hue: number;
  /** Probability of converting to grayscale (kept as 3 channels). */
  grayscale: number;
}

export interface AugmentParams {
  /** Crop rectangle as fractions of the source width/height. */
  crop: { x: number; y: number; w: number; h: number };
  flip: boolean;
  /** Degrees, counter-clockwise positive. */
  rotation: number;
  /** Shear factors (x, y) of the affine stand-in for perspective. */
  shear: [number, number];
  brightness: number;
  contrast: number;
  saturation: number;
  /** Hue shift in turns (−0.5…0.5). */
  hue: number;
  grayscale: boolean;
}

export const IDENTITY_PARAMS: AugmentParams = {
  crop: { x: 0, y: 0, w: 1, h: 1 },
  flip: false,
  rotation: 0,
  shear: [0, 0],
  brightness: 1,
  contrast: 1,
  saturation: 1,
  hue: 0,
  grayscale: false,
};

export const AUGMENT_PRESET_CONFIGS: Record<AugmentPreset, AugmentConfig> = {
  none: { crop: null, hflip: 0, rotation: 0, perspective: 0, brightness: 0, contrast: 0, saturation: 0, hue: 0, grayscale: 0 },
  light: {
    crop: { scale: [0.8, 1], ratio: [3 / 4, 4 / 3] },
    hflip: 0.5,
    rotation: 10,
    perspective: 0,
    brightness: 0.2,
    contrast: 0.2,
    saturation: 0.2,
    hue: 0.02,
    grayscale: 0,
  },
  strong: {
    crop: { scale: [0.5, 1], ratio: [3 / 4, 4 / 3] },
    hflip: 0.5,
    rotation: 25,
    perspective: 0.3,
    brightness: 0.4,
    contrast: 0.4,
    saturation: 0.4,
    hue: 0.1,
    grayscale: 0.2,
  },
};

/** Cached augmented views per training image when the user does not choose. */
export const DEFAULT_VIEWS: Record<AugmentPreset, number> = { none: 0, light: 2, strong: 4 };

export function isIdentityConfig(c: AugmentConfig): boolean {
  return (
    c.crop === null && c.hflip === 0 && c.rotation === 0 && c.perspective === 0 && c.brightness === 0 &&
    c.contrast === 0 && c.saturation === 0 && c.hue === 0 && c.grayscale === 0
  );
}


/** The seed of augmented view `view` (1…K) of the image with content hash `hash`. */
export function viewSeed(baseSeed: number, hash: string, view: number): number {
  return hashString(`${hash}#${view}`, baseSeed);
}

/** A stable key of a config, part of the feature-cache key of augmented views. */
export function augmentConfigKey(c: AugmentConfig): string {
  return JSON.stringify(c, (_k, v) => (typeof v === 'number' ? Math.round(v * 1e6) / 1e6 : v));
}

/**
 * Draws one set of parameters. `size` is the source image size (the crop's aspect ratio is in
 * pixels, as torchvision's RandomResizedCrop: 10 tries, then a centre crop of clamped ratio).
 */
export function sampleAugmentParams(config: AugmentConfig, seed: number, size: { width: number; height: number }): AugmentParams {
  const rand = seededRandom(seed);
  const uniform = (lo: number, hi: number) => lo + (hi - lo) * rand();
  const factor = (x: number) => (x > 0 ? uniform(Math.max(0, 1 - x), 1 + x) : 1);
  // Draw every value in a fixed order, whether used or not, so one knob never shifts the others.
  const crop = sampleCrop(config.crop, rand, size);
  const flip = rand() < config.hflip;
  const rotation = uniform(-config.rotation, config.rotation);
  const half = config.perspective / 2;
  const shear: [number, number] = [uniform(-half, half), uniform(-half, half)];
  const brightness = factor(config.brightness);
  const contrast = factor(config.contrast);
  const saturation = factor(config.saturation);
  const hue = uniform(-Math.min(0.5, config.hue), Math.min(0.5, config.hue));
  const grayscale = rand() < config.grayscale;
  return { crop, flip, rotation, shear, brightness, contrast, saturation, hue, grayscale };
}

function sampleCrop(
  crop: AugmentConfig['crop'],
  rand: () => number,
  size: { width: number; height: number },
): AugmentParams['crop'] {
  // Always consume the same number of draws (10 tries × 2).
  const draws = Array.from({ length: 20 }, rand);
  if (!crop) return { x: 0, y: 0, w: 1, h: 1 };
  const { width: W, height: H } = size;
  const area = W * H;
  const [s0, s1] = crop.scale;
  const [r0, r1] = crop.ratio;
  for (let t = 0; t < 10; t++) {
    const target = area * (s0 + (s1 - s0) * draws[2 * t]!);
    const logRatio = Math.log(r0) + (Math.log(r1) - Math.log(r0)) * draws[2 * t + 1]!;
    const ratio = Math.exp(logRatio);
    const w = Math.sqrt(target * ratio);
    const h = Math.sqrt(target / ratio);
    if (w > 0 && h > 0 && w <= W && h <= H) {
      // Position drawn from the same tries' values, reused so the draw count stays fixed.
      const px = draws[(2 * t + 7) % 20]!;
      const py = draws[(2 * t + 13) % 20]!;
      return { x: ((W - w) * px) / W, y: ((H - h) * py) / H, w: w / W, h: h / H };
    }
  }
  // Fallback: centre crop with the ratio clamped into range.
  const inRatio = W / H;
  let w = W;
  let h = H;
  if (inRatio < r0) h = W / r0;
  else if (inRatio > r1) w = H * r1;
  return { x: (W - w) / 2 / W, y: (H - h) / 2 / H, w: w / W, h: h / H };
}
