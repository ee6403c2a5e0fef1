import { describe, expect, it } from 'vitest';
import { decodeBmp, readBmpHeader } from '../../../src/main/image/bmp';
import { openImage } from '../../../src/main/image/open-image';
import { encodeBmp } from '../../helpers/make-images';

const W = 5; // odd width: rows are padded to 4 bytes
const H = 3;
const PALETTE: [number, number, number][] = [[0, 0, 0], [255, 0, 0], [0, 255, 0], [0, 0, 255]];
/** Pixels drawn from the palette, distinct per position. */
const pixels = (colors: [number, number, number][]) =>
  Uint8Array.from({ length: W * H * 3 }, (_, i) => colors[(Math.floor(i / 3) * 7) % colors.length]![i % 3]!);

describe('BMP decoder', () => {
  it.each([24, 32] as const)('%i-bit BGR, bottom-up and top-down, gives the pixels back', (bpp) => {
    const rgb = Uint8Array.from({ length: W * H * 3 }, (_, i) => (i * 37) % 256);
    for (const topDown of [false, true]) {
      const img = decodeBmp(encodeBmp(W, H, rgb, { bpp, topDown }));
      expect([img.width, img.height, img.bitsPerPixel]).toEqual([W, H, bpp]);
      expect([...img.data]).toEqual([...rgb]);
    }
  });

  it.each([1, 4, 8] as const)('%i-bit palette images give the palette colours back', (bpp) => {
    const colors = bpp === 1 ? PALETTE.slice(0, 2) : PALETTE;
    const rgb = pixels(colors);
    const img = decodeBmp(encodeBmp(W, H, rgb, { bpp, palette: colors }));
    expect([...img.data]).toEqual([...rgb]);
  });

  it('refuses RLE and truncated files with a reason, and reads the size from the header alone', () => {
    const file = encodeBmp(W, H, pixels(PALETTE), { bpp: 8, palette: PALETTE });
    expect(readBmpHeader(file)).toEqual({ width: W, height: H, bitsPerPixel: 8 });
    const rle = Buffer.from(file);
    rle.writeUInt32LE(1, 30);
    expect(() => decodeBmp(rle)).toThrow(/compressed BMP \(RLE8\) is not supported/);
    expect(() => decodeBmp(file.subarray(0, file.length - 4))).toThrow(/truncated BMP/);
    expect(() => decodeBmp(Buffer.from('BMnonsense'))).toThrow(/BMP/);
  });

  it('openImage hands sharp the decoded pixels', async () => {
    const rgb = Uint8Array.from({ length: W * H * 3 }, (_, i) => (i * 11) % 256);
    const { data, info } = await (await openImage(encodeBmp(W, H, rgb))).raw().toBuffer({ resolveWithObject: true });
    expect([info.width, info.height, info.channels]).toEqual([W, H, 3]);
    expect([...data]).toEqual([...rgb]);
  });
});
