// Image → pixel_values exactly like transformers' ViTImageProcessor (and DeiT's), with sharp.
//
//   decodeRgb(input)                       → {data: Uint8Array RGB, width, height}   any format,
//                                            EXIF-rotated, sRGB, 8-bit, alpha dropped
//   preprocessImage(input, pre)            → Float32Array [C, H, W]
//   preprocessRaw(rgb, width, height, pre) → Float32Array [C, H, W] for already-decoded pixels
//   preprocessBatch(inputs, pre)           → Float32Array [B, C, H, W]
//   outputSize(pre)                        → {height, width} of pixel_values
//
// Steps as HF: convert('RGB') (PIL drops alpha: the stored RGB of transparent pixels stays), resize
// to size with the PIL resample (no aspect kept for {height, width}; short side for
// {shortest_edge}), center-crop if do_center_crop, rescale, normalize per channel.
import sharp from 'sharp';
import { openImage } from '../image/open-image';
import type { PreprocessorConfig } from '../../shared/model/vit-config';

export interface RgbImage {
  /** width·height·3 bytes, row-major, RGB. */
  data: Uint8Array;
  width: number;
  height: number;
}

/** Path or encoded bytes (JPEG, PNG, WebP, GIF, TIFF, AVIF, HEIF, SVG, BMP…) → 8-bit sRGB. */
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
    throw new Error(`cannot read ${what}: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`);
  }
  const { data, info } = result;
  if (info.channels !== 3) throw new Error(`decoded image has ${info.channels} channels, expected 3`);
  return { data: new Uint8Array(data.buffer, data.byteOffset, data.length), width: info.width, height: info.height };
}

/** PIL resample code → sharp kernel (PIL: 0 nearest, 1 lanczos, 2 bilinear, 3 bicubic, 4 box, 5 hamming). */
function kernelFor(resample: number): 'nearest' | 'linear' | 'cubic' | 'lanczos3' {
  switch (resample) {
    case 0:
      return 'nearest';
    case 1:
      return 'lanczos3';
    case 3:
      return 'cubic';
    default:
      return 'linear';
  }
}

/** HF get_resize_output_image_size for shortest_edge: short side = edge, long side scaled (int()). */
function resizeTarget(pre: PreprocessorConfig, width: number, height: number): { width: number; height: number } {
  const edge = pre.size.shortestEdge;
  if (!edge) return { width: pre.size.width, height: pre.size.height };
  if (width <= height) return { width: edge, height: Math.trunc((edge * height) / width) };
  return { width: Math.trunc((edge * width) / height), height: edge };
}

export function outputSize(pre: PreprocessorConfig): { height: number; width: number } {
  if (pre.doCenterCrop) return { height: pre.cropSize.height, width: pre.cropSize.width };
  if (pre.size.shortestEdge) throw new Error('preprocessor: shortest_edge without center crop gives variable sizes');
  return { height: pre.size.height, width: pre.size.width };
}

async function resizeRgb(img: RgbImage, pre: PreprocessorConfig): Promise<RgbImage> {
  if (!pre.doResize) return img;
  const target = resizeTarget(pre, img.width, img.height);
  if (target.width === img.width && target.height === img.height) return img; // PIL returns a copy
  const out = await sharp(img.data, { raw: { width: img.width, height: img.height, channels: 3 } })
    .resize(target.width, target.height, { fit: 'fill', kernel: kernelFor(pre.resample) })
    .raw()
    .toBuffer();
  return { data: new Uint8Array(out.buffer, out.byteOffset, out.length), ...target };
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

/** HWC uint8 → CHW float32, rescaled and normalized; written into `out` at `offset` if given. */
function toPixelValues(img: RgbImage, pre: PreprocessorConfig, out?: Float32Array, offset = 0): Float32Array {
  const plane = img.width * img.height;
  const target = out ?? new Float32Array(3 * plane);
  const scale = pre.doRescale ? pre.rescaleFactor : 1;
  for (let c = 0; c < 3; c++) {
    // HF computes in float64 then stores float32; so do we.
    const mean = pre.doNormalize ? pre.imageMean[c]! : 0;
    const std = pre.doNormalize ? pre.imageStd[c]! : 1;
    const base = offset + c * plane;
    for (let i = 0; i < plane; i++) target[base + i] = (img.data[i * 3 + c]! * scale - mean) / std;
  }
  return target;
}

async function prepare(img: RgbImage, pre: PreprocessorConfig): Promise<RgbImage> {
  const resized = await resizeRgb(img, pre);
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
  return toPixelValues(await prepare({ data: rgb, width, height }, pre), pre);
}

export async function preprocessImage(input: string | Buffer | Uint8Array, pre: PreprocessorConfig): Promise<Float32Array> {
  return toPixelValues(await prepare(await decodeRgb(input), pre), pre);
}

export async function preprocessBatch(
  inputs: Array<string | Buffer | Uint8Array>,
  pre: PreprocessorConfig,
): Promise<Float32Array> {
  const { height, width } = outputSize(pre);
  const size = 3 * height * width;
  const out = new Float32Array(inputs.length * size);
  for (let i = 0; i < inputs.length; i++) {
    toPixelValues(await prepare(await decodeRgb(inputs[i]!), pre), pre, out, i * size);
  }
  return out;
}
