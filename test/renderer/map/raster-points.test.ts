import { describe, expect, it } from 'vitest';
import { colorWords, rasterizePoints, type RasterView } from '../../../src/renderer/features/map/raster-points';
import { seededRandom } from '../../../src/shared/random';

/** Source over destination in floating point, straight alpha: what the integer tables stand for. */
function over(under: number, word: number): number {
  const a = word >>> 24;
  const da = under >>> 24;
  if (da === 0 || a === 255) return word >>> 0;
  const out = a + (da * (255 - a)) / 255;
  const mix = (shift: number) => Math.round((((word >>> shift) & 255) * a + ((under >>> shift) & 255) * (out - a)) / out);
  return ((Math.round(out) << 24) | (mix(16) << 16) | (mix(8) << 8) | mix(0)) >>> 0;
}

const rgbaWord = (r: number, g: number, b: number, a: number) => ((a << 24) | (b << 16) | (g << 8) | r) >>> 0;
const view = (width: number, height: number): RasterView => ({ width, height, originX: width / 2, originY: height / 2, scale: width / 2 });

describe('raster points', () => {
  it('blends overlapping points as source-over does, within a few levels per channel', () => {
    const rand = seededRandom(9);
    const n = 400;
    const xy = Float32Array.from({ length: 2 * n }, () => rand() * 0.3 - 0.15);
    const colors = Uint32Array.from({ length: n }, () => rgbaWord((rand() * 256) | 0, (rand() * 256) | 0, (rand() * 256) | 0, 40 + ((rand() * 215) | 0)));
    const pixels = new Uint32Array(40 * 40);
    rasterizePoints(pixels, view(40, 40), xy, colors, 3);
    // The same points, one pixel at a time, in floating point.
    const expected = new Uint32Array(40 * 40);
    for (let i = 0; i < n; i++) {
      const px = Math.round(20 + xy[2 * i]! * 20 - 1.5);
      const py = Math.round(20 - xy[2 * i + 1]! * 20 - 1.5);
      for (let dy = 0; dy < 3; dy++) for (let dx = 0; dx < 3; dx++) expected[(py + dy) * 40 + px + dx] = over(expected[(py + dy) * 40 + px + dx]!, colors[i]!);
    }
    let worst = 0;
    for (let o = 0; o < pixels.length; o++) for (const shift of [0, 8, 16, 24]) worst = Math.max(worst, Math.abs(((pixels[o]! >>> shift) & 255) - ((expected[o]! >>> shift) & 255)));
    // Each layer rounds to whole levels: a few levels apart after several layers.
    expect(worst).toBeLessThanOrEqual(3);
    expect(pixels.some((p) => p >>> 24 > 0 && p >>> 24 < 255)).toBe(true);
  });

  it('draws a disc, clipped at the frame edges, and skips transparent or off-frame points', () => {
    const pixels = new Uint32Array(20 * 20);
    const red = rgbaWord(255, 0, 0, 255);
    // A 7-pixel disc in the middle, one half off the left edge, one transparent, one far away.
    rasterizePoints(pixels, view(20, 20), Float32Array.from([0, 0, -1, 0, 0.5, 0.5, 5, 5]), Uint32Array.from([red, red, rgbaWord(0, 0, 255, 0), red]), 7);
    const at = (x: number, y: number) => pixels[y * 20 + x]!;
    expect(at(10, 10)).toBe(red);
    expect(at(7, 10)).toBe(red);
    expect(at(7, 7)).toBe(0); // the disc's corner stays empty
    expect(at(0, 10)).toBe(red);
    expect(at(3, 10)).toBe(red);
    expect(at(4, 10)).toBe(0);
    expect(at(15, 5)).toBe(0);
    expect(pixels.filter((p) => p !== 0).length).toBeLessThan(2 * 49);
  });

  it('reads RGBA bytes as one word per point, whatever their alignment', () => {
    const bytes = new Uint8Array([9, 1, 2, 3, 255, 10, 20, 30, 128]);
    expect([...colorWords(bytes.subarray(1, 9))]).toEqual([rgbaWord(1, 2, 3, 255), rgbaWord(10, 20, 30, 128)]);
  });
});
