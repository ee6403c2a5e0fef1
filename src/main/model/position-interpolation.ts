// Position embeddings resampled to another patch grid, exactly as transformers' DINOv2
// `interpolate_pos_encoding` does it with torch.nn.functional.interpolate(mode="bicubic",
// align_corners=False) — plain for `Dinov2Model`, `antialias=True` for `Dinov2WithRegistersModel`.
// Done once when a graph or model is built (the input size is fixed by the image processor), so
// neither engine needs a resize op at run time. Real DINOv2 checkpoints are trained at 518 px
// (a 37×37 grid at patch 14) and used at 224 px (16×16).

import type { ViTConfig } from '../../shared/model/vit-config';

/** How torch resamples: 'bicubic' (A = -0.75, edge-clamped taps) or 'bicubic-antialias' (PIL's filter, A = -0.5). */
export type PositionResample = 'bicubic' | 'bicubic-antialias';

// aten/src/ATen/native/UpSample.h: cubic_convolution1/2 with A = -0.75.
const A = -0.75;
const cubic1 = (x: number) => ((A + 2) * x - (A + 3)) * x * x + 1;
const cubic2 = (x: number) => ((A * x - 5 * A) * x + 8 * A) * x - 4 * A;

/** Taps and weights of one output index along one axis. */
interface Taps {
  index: number[];
  weight: number[];
}

/** upsample_bicubic2d: source = scale·(i + ½) − ½, four taps clamped to the edge. */
function bicubicTaps(inSize: number, outSize: number): Taps[] {
  const scale = inSize / outSize;
  return Array.from({ length: outSize }, (_, i) => {
    const real = scale * (i + 0.5) - 0.5;
    const x = Math.floor(real);
    const t = real - x;
    const clamp = (v: number) => Math.min(Math.max(v, 0), inSize - 1);
    return {
      index: [clamp(x - 1), clamp(x), clamp(x + 1), clamp(x + 2)],
      weight: [cubic2(t + 1), cubic1(t), cubic1(1 - t), cubic2(2 - t)],
    };
  });
}

// UpSampleKernel.cpp, HelperInterpCubic::aa_filter: PIL's bicubic (A = -0.5).
function aaFilter(x0: number): number {
  const a = -0.5;
  const x = Math.abs(x0);
  if (x < 1) return ((a + 2) * x - (a + 3)) * x * x + 1;
  if (x < 2) return (((x - 5) * x + 8) * x - 4) * a;
  return 0;
}

/** _compute_indices_weights_aa: the filter widened by the scale when shrinking, weights normalised. */
function antialiasTaps(inSize: number, outSize: number): Taps[] {
  const scale = inSize / outSize;
  const support = scale >= 1 ? 2 * scale : 2;
  const invScale = scale >= 1 ? 1 / scale : 1;
  return Array.from({ length: outSize }, (_, i) => {
    const center = scale * (i + 0.5);
    const min = Math.max(Math.trunc(center - support + 0.5), 0);
    const max = Math.min(Math.trunc(center + support + 0.5), inSize);
    const index: number[] = [];
    const weight: number[] = [];
    for (let j = min; j < max; j++) {
      index.push(j);
      weight.push(aaFilter((j - center + 0.5) * invScale));
    }
    const total = weight.reduce((s, w) => s + w, 0);
    return { index, weight: total === 0 ? weight : weight.map((w) => w / total) };
  });
}

/**
 * Resamples a channels-last grid [inH, inW, C] to [outH, outW, C] (separably: rows, then columns;
 * the same sums as torch's NCHW kernel, which is per channel).
 */
export function resizeGrid(
  src: Float32Array,
  channels: number,
  inH: number,
  inW: number,
  outH: number,
  outW: number,
  mode: PositionResample,
): Float32Array {
  if (src.length !== inH * inW * channels) throw new Error(`grid holds ${src.length} values, [${inH}, ${inW}, ${channels}] needs ${inH * inW * channels}`);
  const taps = mode === 'bicubic' ? bicubicTaps : antialiasTaps;
  const tx = taps(inW, outW);
  const ty = taps(inH, outH);
  const C = channels;
  const rows = new Float64Array(inH * outW * C); // [inH, outW, C], resampled along x
  for (let y = 0; y < inH; y++) {
    for (let x = 0; x < outW; x++) {
      const { index, weight } = tx[x]!;
      const out = (y * outW + x) * C;
      for (let k = 0; k < index.length; k++) {
        const at = (y * inW + index[k]!) * C;
        const w = weight[k]!;
        for (let c = 0; c < C; c++) rows[out + c] += w * src[at + c]!;
      }
    }
  }
  const dst = new Float32Array(outH * outW * C);
  for (let y = 0; y < outH; y++) {
    const { index, weight } = ty[y]!;
    for (let x = 0; x < outW; x++) {
      const out = (y * outW + x) * C;
      for (let k = 0; k < index.length; k++) {
        const at = (index[k]! * outW + x) * C;
        const w = weight[k]!;
        for (let c = 0; c < C; c++) dst[out + c] += w * rows[at + c]!;
      }
    }
  }
  return dst;
}

/**
 * Position embeddings [prefix + g², D] (prefix = the [CLS] row, kept as is) for an input grid of
 * `outGrid` × `outGrid` patches. Returned unchanged when the grid already matches, as transformers
 * does for square inputs.
 */
export function interpolatePositionEmbeddings(
  positions: Float32Array,
  dim: number,
  prefix: number,
  outGrid: number,
  mode: PositionResample,
): Float32Array {
  const n = positions.length / dim - prefix;
  const grid = Math.round(Math.sqrt(n));
  if (grid * grid !== n) throw new Error(`${n} position embeddings do not form a square grid`);
  if (grid === outGrid) return positions;
  const head = positions.subarray(0, prefix * dim);
  const resized = resizeGrid(positions.subarray(prefix * dim), dim, grid, grid, outGrid, outGrid, mode);
  const out = new Float32Array(head.length + resized.length);
  out.set(head, 0);
  out.set(resized, head.length);
  return out;
}

/**
 * The checkpoint's position embeddings ([CLS] row first when the family has one) for square inputs
 * of `inputSize` pixels: resampled when the family interpolates (DINOv2 — `Dinov2WithRegisters`
 * with antialias, as transformers calls it), else they must already fit.
 */
export function positionsForInput(config: ViTConfig, positions: Float32Array, inputSize: number): Float32Array {
  const grid = inputSize / config.patchSize;
  if (!config.interpolatePositions) {
    if (inputSize !== config.imageSize) {
      throw new Error(`${config.modelType} runs at image_size ${config.imageSize} only (its position embeddings are not interpolated), not ${inputSize}`);
    }
    return positions;
  }
  const mode: PositionResample = config.modelType === 'dinov2_with_registers' ? 'bicubic-antialias' : 'bicubic';
  return interpolatePositionEmbeddings(positions, config.hiddenSize, config.clsToken ? 1 : 0, grid, mode);
}
