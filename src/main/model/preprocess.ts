// Image → pixel_values exactly like the model's transformers image processor (ViT, DeiT, Bit for
// DINOv2, CLIP, SigLIP; their PIL backends): sharp decodes, Pillow's resize is reproduced in pil-resize.ts.
//
//   decodeRgb(input)                       → {data: Uint8Array RGB, width, height}   any format,
//                                            EXIF-rotated, sRGB, 8-bit, alpha dropped
//   preprocessImage(input, pre)            → Float32Array [C, H, W] (C = pre.numChannels)
//   preprocessRaw(rgb, width, height, pre) → Float32Array [C, H, W] for already-decoded pixels
//   preprocessBatch(inputs, pre)           → Float32Array [B, C, H, W]
//   outputSize(pre)                        → {height, width} of pixel_values
//
// Steps as HF: convert('RGB') (PIL drops alpha: the stored RGB of transparent pixels stays), or
// convert('L') for a 1-channel model (PIL's integer luminance), resize
// to size with the PIL resample (no aspect kept for {height, width}; short side for
// {shortest_edge}), center-crop if do_center_crop, rescale, normalize per channel.
import sharp from 'sharp';
import { openImage } from '../image/open-image';
import { processorOutputSize, type PreprocessorConfig } from '../../shared/model/vit-config';
import { pilResize } from './pil-resize';

export interface RgbImage {
  /** width·height·3 bytes, row-major, RGB. */
  data: Uint8Array;
  width: number;
  height: number;
}

/** Path or encoded bytes (JPEG, PNG, WebP, GIF, TIFF, AVIF, HEIF, SVG, BMP…) → 8-bit sRGB. */
/** A file or buffer that does not decode as an image: bad input, with its reason (callers branch on the class). */
export class ImageReadError extends Error {
  readonly code = 'invalid_argument' as const;
}

export async function decodeRgb(input: string | Buffer | Uint8Array): Promise<RgbImage> {
  let result: { data: Buffer; info: { channels: number; width: number; height: number } };
  try {
    result = await (await openImage(input, { failOn: 'none', limitInputPixels: 268_402_689 }))
      .rotate() // EXIF orientation
      .toColourspace('srgb') // grey, CMYK, 16-bit → 8-bit sRGB
      .removeAlpha()
      .raw()
      .toBuffer({ resolveWithObject: true });
  } catch (e) {
    const what = typeof input === 'string' ? input : 'image data';
    throw new ImageReadError(`cannot read ${what}: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`);
  }
  const { data, info } = result;
  if (info.channels !== 3) throw new Error(`decoded image has ${info.channels} channels, expected 3`);
  return { data: new Uint8Array(data.buffer, data.byteOffset, data.length), width: info.width, height: info.height };
}

/** HF get_resize_output_image_size for shortest_edge: short side = edge, long side scaled (int()). */
function resizeTarget(pre: PreprocessorConfig, width: number, height: number): { width: number; height: number } {
  const edge = pre.size.shortestEdge;
  if (!edge) return { width: pre.size.width, height: pre.size.height };
  if (width <= height) return { width: edge, height: Math.trunc((edge * height) / width) };
  return { width: Math.trunc((edge * width) / height), height: edge };
}

export function outputSize(pre: PreprocessorConfig): { height: number; width: number } {
  return processorOutputSize(pre);
}

/** Resized as the processor's PIL resize (Pillow's own algorithm, see pil-resize.ts). */
function resizeRgb(img: RgbImage, pre: PreprocessorConfig): RgbImage {
  if (!pre.doResize) return img;
  const target = resizeTarget(pre, img.width, img.height);
  if (target.width === img.width && target.height === img.height) return img; // PIL returns a copy
  return { data: pilResize(img.data, img.width, img.height, 3, target.width, target.height, pre.resample), ...target };
}

/** PIL's RGB → L: L = (R·19595 + G·38470 + B·7471 + 2¹⁵) >> 16, i.e. R·299/1000 + G·587/1000 + B·114/1000 rounded. */
export function luminance(r: number, g: number, b: number): number {
  return (r * 19595 + g * 38470 + b * 7471 + 0x8000) >> 16;
}

/**
 * A 1-channel model's processor sees PIL's convert("L") image. Kept as R = G = B = L so the rest of the
 * pipeline stays RGB: resizing three equal planes gives the L plane's values, and luminance(L, L, L) = L.
 */
function toGrey(img: RgbImage): RgbImage {
  const out = new Uint8Array(img.data.length);
  for (let i = 0; i < out.length; i += 3) out[i] = out[i + 1] = out[i + 2] = luminance(img.data[i]!, img.data[i + 1]!, img.data[i + 2]!);
  return { data: out, width: img.width, height: img.height };
}

/** HF center_crop: top = (h − ch) // 2, left = (w − cw) // 2; pads with 0 when the image is smaller. */
function centerCrop(img: RgbImage, ch: number, cw: number): RgbImage {
  if (img.width === cw && img.height === ch) return img;
  const top = Math.floor((img.height - ch) / 2);
  const left = Math.floor((img.width - cw) / 2);
  const out = new Uint8Array(ch * cw * 3);
  for (let y = 0; y < ch; y++) {
    const sy = y + top;
    if (sy < 0 || sy >= img.height) continue;
    for (let x = 0; x < cw; x++) {
      const sx = x + left;
      if (sx < 0 || sx >= img.width) continue;
      const s = (sy * img.width + sx) * 3;
      const d = (y * cw + x) * 3;
      out[d] = img.data[s]!;
      out[d + 1] = img.data[s + 1]!;
      out[d + 2] = img.data[s + 2]!;
    }
  }
  return { data: out, width: cw, height: ch };
}

/**
 * HWC uint8 RGB → CHW float32 with the processor's channels (1: PIL's luminance), rescaled and
 * normalized; written into `out` at `offset` if given. The one conversion for inference and training views.
 */
export function toPixelValues(img: RgbImage, pre: PreprocessorConfig, out?: Float32Array, offset = 0): Float32Array {
  const plane = img.width * img.height;
  const C = pre.numChannels;
  const target = out ?? new Float32Array(C * plane);
  const scale = pre.doRescale ? pre.rescaleFactor : 1;
  const px = img.data;
  for (let c = 0; c < C; c++) {
    // HF computes in float64 then stores float32; so do we.
    const mean = pre.doNormalize ? pre.imageMean[c]! : 0;
    const std = pre.doNormalize ? pre.imageStd[c]! : 1;
    const base = offset + c * plane;
    if (C === 1) {
      for (let i = 0; i < plane; i++) target[base + i] = (luminance(px[i * 3]!, px[i * 3 + 1]!, px[i * 3 + 2]!) * scale - mean) / std;
    } else {
      for (let i = 0; i < plane; i++) target[base + i] = (px[i * 3 + c]! * scale - mean) / std;
    }
  }
  return target;
}

function prepare(img: RgbImage, pre: PreprocessorConfig): RgbImage {
  const converted = pre.numChannels === 1 ? toGrey(img) : img;
  const resized = resizeRgb(converted, pre);
  const cropped = pre.doCenterCrop ? centerCrop(resized, pre.cropSize.height, pre.cropSize.width) : resized;
  const want = outputSize(pre);
  if (cropped.width !== want.width || cropped.height !== want.height) {
    throw new Error(`preprocessed image is ${cropped.width}×${cropped.height}, expected ${want.width}×${want.height} (do_resize false?)`);
  }
  return cropped;
}

export async function preprocessRaw(
  rgb: Uint8Array,
  width: number,
  height: number,
  pre: PreprocessorConfig,
): Promise<Float32Array> {
  if (rgb.length !== width * height * 3) {
    throw new Error(`preprocessRaw: ${rgb.length} bytes is not ${width}×${height}×3`);
  }
  return toPixelValues(prepare({ data: rgb, width, height }, pre), pre);
}

export async function preprocessImage(input: string | Buffer | Uint8Array, pre: PreprocessorConfig): Promise<Float32Array> {
  return toPixelValues(prepare(await decodeRgb(input), pre), pre);
}

export async function preprocessBatch(
  inputs: Array<string | Buffer | Uint8Array>,
  pre: PreprocessorConfig,
): Promise<Float32Array> {
  const { height, width } = outputSize(pre);
  const size = pre.numChannels * height * width;
  const out = new Float32Array(inputs.length * size);
  for (let i = 0; i < inputs.length; i++) {
    toPixelValues(prepare(await decodeRgb(inputs[i]!), pre), pre, out, i * size);
  }
  return out;
}
