import fs from 'node:fs/promises';
import sharp, { type Sharp, type SharpOptions } from 'sharp';
import { decodeBmp, isBmp } from './bmp';

/**
 * A sharp pipeline for any image file the app imports: sharp's own formats and SVG (rasterised by
 * sharp at its declared size) directly, BMP through our decoder (libvips has no BMP loader).
 * Throws with the reason when the file cannot be read.
 */
export async function openImage(input: string | Buffer | Uint8Array, options: SharpOptions = {}): Promise<Sharp> {
  let data = typeof input === 'string' ? null : Buffer.from(input.buffer, input.byteOffset, input.byteLength);
  // Only files named .bmp/.dib are read here first: the others go to sharp as paths, unread.
  if (typeof input === 'string' && /\.(bmp|dib)$/i.test(input)) data = await fs.readFile(input);
  if (data && isBmp(data)) {
    const img = decodeBmp(data);
    const { limitInputPixels } = options;
    if (typeof limitInputPixels === 'number' && limitInputPixels > 0 && img.width * img.height > limitInputPixels) {
      throw new Error('Input image exceeds pixel limit');
    }
    return sharp(img.data, { raw: { width: img.width, height: img.height, channels: 3 } });
  }
  return sharp(data ?? input, options);
}
