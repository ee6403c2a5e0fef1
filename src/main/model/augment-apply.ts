import sharp from 'sharp';
import type { AugmentParams } from '../../shared/augment';
import type { PreprocessorConfig } from '../../shared/model/vit-config';
import type { RgbImage } from './preprocess';

export type { RgbImage };

// Applies sampled augmentation parameters to pixels: geometry with sharp (crop → resize to the
// model's input size → flip → affine for rotation and the shear that stands in for perspective),
// then colour jitter and grayscale on the RGB bytes. The same function makes the preview JPEGs
// and the training views, so what the user sees is what the model gets.

const raw = (img: RgbImage) => ({ raw: { width: img.width, height: img.height, channels: 3 as const } });

/** Augments `img` into an RGB image of exactly `size` (the model's input size). */
export async function applyAugment(img: RgbImage, p: AugmentParams, size: { width: number; height: number }): Promise<RgbImage> {
  const left = Math.min(img.width - 1, Math.max(0, Math.round(p.crop.x * img.width)));
  const top = Math.min(img.height - 1, Math.max(0, Math.round(p.crop.y * img.height)));
  const cw = Math.max(1, Math.min(img.width - left, Math.round(p.crop.w * img.width)));
  const ch = Math.max(1, Math.min(img.height - top, Math.round(p.crop.h * img.height)));
  let pipeline = sharp(img.data, raw(img))
    .extract({ left, top, width: cw, height: ch })
    .resize(size.width, size.height, { fit: 'fill', kernel: 'linear' });
  if (p.flip) pipeline = pipeline.flop();
  let out: RgbImage;
  {
    const { data, info } = await pipeline.raw().toBuffer({ resolveWithObject: true });
    out = { data, width: info.width, height: info.height };
  }
  if (p.rotation !== 0 || p.shear[0] !== 0 || p.shear[1] !== 0) out = await affine(out, p);
  jitterColours(out.data, p);
  return out;
}

/** Rotation (counter-clockwise, degrees) composed with shear, about the centre; corners fill black. */
async function affine(img: RgbImage, p: AugmentParams): Promise<RgbImage> {
  const t = (-p.rotation * Math.PI) / 180; // image y points down: negate for counter-clockwise
  const [sx, sy] = p.shear;
  // M = R · S, S = [[1, sx], [sy, 1]]
  const a = Math.cos(t) + -Math.sin(t) * sy;
  const b = Math.cos(t) * sx + -Math.sin(t);
  const c = Math.sin(t) + Math.cos(t) * sy;
  const d = Math.sin(t) * sx + Math.cos(t);
  const { data, info } = await sharp(img.data, raw(img))
    .affine([a, b, c, d], { background: { r: 0, g: 0, b: 0 }, interpolator: sharp.interpolators.bilinear })
    .raw()
    .toBuffer({ resolveWithObject: true });
  // sharp grows the canvas to the transformed bounding box: cut the centre back to the input size.
  const ox = Math.max(0, Math.floor((info.width - img.width) / 2));
  const oy = Math.max(0, Math.floor((info.height - img.height) / 2));
  const out = new Uint8Array(img.width * img.height * 3);
  const rowBytes = Math.min(img.width, info.width) * 3;
  for (let y = 0; y < Math.min(img.height, info.height); y++) {
    const src = ((y + oy) * info.width + ox) * info.channels;
    if (info.channels === 3) out.set(data.subarray(src, src + rowBytes), y * img.width * 3);
    else for (let x = 0; x < rowBytes / 3; x++) for (let k = 0; k < 3; k++) out[(y * img.width + x) * 3 + k] = data[src + x * info.channels + k]!;
  }
  return { data: out, width: img.width, height: img.height };
}

/** Brightness, contrast, saturation, hue (YIQ rotation), grayscale — in that fixed order, in place. */
export function jitterColours(px: Uint8Array, p: AugmentParams): void {
  const n = px.length / 3;
  if (p.brightness === 1 && p.contrast === 1 && p.saturation === 1 && p.hue === 0 && !p.grayscale) return;
  const f = new Float32Array(px.length);
  for (let i = 0; i < px.length; i++) f[i] = px[i]! * p.brightness;
  const gray = (i: number) => 0.299 * f[3 * i]! + 0.587 * f[3 * i + 1]! + 0.114 * f[3 * i + 2]!;
  if (p.contrast !== 1) {
    let mean = 0;
    for (let i = 0; i < n; i++) mean += Math.min(255, gray(i));
    mean /= n;
    for (let i = 0; i < f.length; i++) f[i] = (f[i]! - mean) * p.contrast + mean;
  }
  if (p.saturation !== 1) {
    for (let i = 0; i < n; i++) {
      const g = gray(i);
      for (let k = 0; k < 3; k++) f[3 * i + k] = (f[3 * i + k]! - g) * p.saturation + g;
    }
  }
  if (p.hue !== 0) {
    const ang = 2 * Math.PI * p.hue;
    const cos = Math.cos(ang);
    const sin = Math.sin(ang);
    for (let i = 0; i < n; i++) {
      const r = f[3 * i]!, g = f[3 * i + 1]!, b = f[3 * i + 2]!;
      const y = 0.299 * r + 0.587 * g + 0.114 * b;
      const ii = 0.596 * r - 0.274 * g - 0.322 * b;
      const q = 0.211 * r - 0.523 * g + 0.312 * b;
      const i2 = ii * cos - q * sin;
      const q2 = ii * sin + q * cos;
      f[3 * i] = y + 0.956 * i2 + 0.621 * q2;
      f[3 * i + 1] = y - 0.272 * i2 - 0.647 * q2;
      f[3 * i + 2] = y - 1.106 * i2 + 1.703 * q2;
    }
  }
  if (p.grayscale) {
    for (let i = 0; i < n; i++) {
      const g = gray(i);
      f[3 * i] = f[3 * i + 1] = f[3 * i + 2] = g;
    }
  }
  for (let i = 0; i < f.length; i++) px[i] = Math.max(0, Math.min(255, Math.round(f[i]!)));
}

export async function toJpegDataUrl(img: RgbImage, quality = 85): Promise<string> {
  const jpeg = await sharp(img.data, raw(img)).jpeg({ quality }).toBuffer();
  return `data:image/jpeg;base64,${jpeg.toString('base64')}`;
}
