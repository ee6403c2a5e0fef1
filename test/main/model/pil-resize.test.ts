// Pillow's resize and RGB → L, reproduced bit for bit: test/fixtures/pil-resize/expected.json holds
// Pillow's own outputs for every filter (made by make.py next to it).
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { pilResize } from '../../../src/main/model/pil-resize';
import { luminance } from '../../../src/main/model/preprocess';

interface ResizeCase {
  width: number;
  height: number;
  channels: number;
  outWidth: number;
  outHeight: number;
  resample: number;
  src: number[];
  out: number[];
}
const expected = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../fixtures/pil-resize/expected.json'), 'utf8')) as {
  resize: ResizeCase[];
  luminance: { rgb: number[]; l: number[] };
};

describe('pilResize', () => {
  it.each(expected.resize.map((c) => [`${c.width}×${c.height}→${c.outWidth}×${c.outHeight} filter ${c.resample}, ${c.channels} ch`, c] as const))(
    '%s equals Pillow',
    (_, c) => {
      const out = pilResize(Uint8Array.from(c.src), c.width, c.height, c.channels, c.outWidth, c.outHeight, c.resample);
      expect(Array.from(out)).toEqual(c.out);
    },
  );

  it('returns a copy at the same size', () => {
    const src = Uint8Array.from([1, 2, 3, 4, 5, 6]);
    const out = pilResize(src, 2, 1, 3, 2, 1, 3);
    expect(Array.from(out)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(out).not.toBe(src);
  });
});

describe('luminance', () => {
  it("equals PIL's convert('L')", () => {
    const { rgb, l } = expected.luminance;
    expect(l.map((_, i) => luminance(rgb[3 * i]!, rgb[3 * i + 1]!, rgb[3 * i + 2]!))).toEqual(l);
    expect(luminance(255, 255, 255)).toBe(255);
    expect(luminance(7, 7, 7)).toBe(7);
  });
});
