import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { interpolatePositionEmbeddings, resizeGrid } from '../../../src/main/model/position-interpolation';

interface Case {
  grid_in: number;
  grid_out: number;
  dim: number;
  antialias: boolean;
  input: number[];
  output: number[];
}

const { cases } = JSON.parse(
  fs.readFileSync(path.resolve(__dirname, '../../fixtures/variants/position-interpolation.json'), 'utf8'),
) as { cases: Case[] };

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

describe('resizeGrid matches torch.nn.functional.interpolate(mode="bicubic", align_corners=False)', () => {
  it.each(cases.map((c) => [`${c.grid_in}→${c.grid_out} ×${c.dim}${c.antialias ? ' antialias' : ''}`, c] as const))('%s', (_, c) => {
    const out = resizeGrid(Float32Array.from(c.input), c.dim, c.grid_in, c.grid_in, c.grid_out, c.grid_out, c.antialias ? 'bicubic-antialias' : 'bicubic');
    expect(maxAbsDiff(out, c.output)).toBeLessThan(1e-5);
  });

  it('is not the same resampling with and without antialias (the fixtures tell them apart)', () => {
    const plain = cases.find((c) => c.grid_in === 37 && !c.antialias)!;
    const aa = cases.find((c) => c.grid_in === 37 && c.antialias)!;
    expect(maxAbsDiff(plain.output, aa.output)).toBeGreaterThan(1e-2);
  });
});

describe('interpolatePositionEmbeddings', () => {
  it('keeps the [CLS] row and resamples the patch grid', () => {
    const c = cases.find((x) => x.grid_in === 6 && x.grid_out === 4 && !x.antialias)!;
    const cls = [7, 8, 9];
    const positions = Float32Array.from([...cls, ...c.input]);
    const out = interpolatePositionEmbeddings(positions, c.dim, 1, 4, 'bicubic');
    expect(Array.from(out.subarray(0, 3))).toEqual(cls);
    expect(maxAbsDiff(out.subarray(3), c.output)).toBeLessThan(1e-5);
  });

  it('returns the embeddings unchanged when the grid already fits', () => {
    const positions = new Float32Array((1 + 9) * 2).map((_, i) => i);
    expect(interpolatePositionEmbeddings(positions, 2, 1, 3, 'bicubic')).toBe(positions);
  });

  it('refuses embeddings that are not a square grid', () => {
    expect(() => interpolatePositionEmbeddings(new Float32Array((1 + 8) * 2), 2, 1, 3, 'bicubic')).toThrow(/8 position embeddings do not form a square grid/);
  });
});
