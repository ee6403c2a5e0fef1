// Pillow's Image.resize for 8-bit images, bit for bit: the separable convolution of Resample.c
// (support scaled by the reduction factor, so downscaling antialiases; coefficients normalised and
// rounded to 22-bit fixed point; horizontal pass first, then vertical, each rounding to uint8).
// transformers' PIL image processors resize with it, so matching it makes the full pipeline
// (shortest-edge resize + centre crop) agree with Python to the last grey level.
//
//   pilResize(pixels, width, height, channels, outWidth, outHeight, resample) → Uint8Array

/** PIL resample codes. */
export const PIL_NEAREST = 0;
export const PIL_LANCZOS = 1;
export const PIL_BILINEAR = 2;
export const PIL_BICUBIC = 3;
export const PIL_BOX = 4;
export const PIL_HAMMING = 5;

interface Filter {
  support: number;
  at: (x: number) => number;
}

const sinc = (x: number) => (x === 0 ? 1 : Math.sin(Math.PI * x) / (Math.PI * x));
const F054 = Math.fround(0.54);
const F046 = Math.fround(0.46);

const FILTERS: Record<number, Filter> = {
  [PIL_BOX]: { support: 0.5, at: (x) => (x > -0.5 && x <= 0.5 ? 1 : 0) },
  [PIL_BILINEAR]: { support: 1, at: (x) => Math.max(0, 1 - Math.abs(x)) },
  [PIL_HAMMING]: {
    support: 1,
    at: (x) => {
      const a = Math.abs(x);
      if (a === 0) return 1;
      if (a >= 1) return 0;
      const t = a * Math.PI;
      return (Math.sin(t) / t) * (F054 + F046 * Math.cos(t)); // Pillow's 0.54f/0.46f are floats
    },
  },
  [PIL_BICUBIC]: {
    support: 2,
    at: (x) => {
      const a = -0.5;
      const t = Math.abs(x);
      if (t < 1) return ((a + 2) * t - (a + 3)) * t * t + 1;
      if (t < 2) return (((t - 5) * t + 8) * t - 4) * a;
      return 0;
    },
  },
  [PIL_LANCZOS]: { support: 3, at: (x) => (x >= -3 && x < 3 ? sinc(x) * sinc(x / 3) : 0) },
};

const PRECISION_BITS = 32 - 8 - 2;
const ONE = 1 << PRECISION_BITS;
const HALF = 1 << (PRECISION_BITS - 1);

interface Coefficients {
  ksize: number;
  /** Per output pixel: first input index and count. */
  bounds: Int32Array;
  /** Per output pixel, ksize fixed-point weights. */
  weights: Int32Array;
}

/** Resample.c precompute_coeffs + normalize_coeffs_8bpc, for the box [0, inSize). */
function coefficients(inSize: number, outSize: number, filter: Filter): Coefficients {
  const scale = inSize / outSize;
  const filterScale = Math.max(1, scale);
  const support = filter.support * filterScale;
  const ksize = Math.ceil(support) * 2 + 1;
  const bounds = new Int32Array(outSize * 2);
  const weights = new Int32Array(outSize * ksize);
  const k = new Float64Array(ksize);
  for (let xx = 0; xx < outSize; xx++) {
    const center = (xx + 0.5) * scale;
    const ss = 1 / filterScale;
    const xmin = Math.max(0, Math.trunc(center - support + 0.5));
    const xmax = Math.min(inSize, Math.trunc(center + support + 0.5)) - xmin;
    let ww = 0;
    for (let x = 0; x < xmax; x++) {
      k[x] = filter.at((x + xmin - center + 0.5) * ss);
      ww += k[x]!;
    }
    for (let x = 0; x < ksize; x++) {
      const w = x < xmax && ww !== 0 ? k[x]! / ww : x < xmax ? k[x]! : 0;
      // C's (int) truncates toward zero after adding ±0.5: round half away from zero.
      weights[xx * ksize + x] = w < 0 ? Math.trunc(-0.5 + w * ONE) : Math.trunc(0.5 + w * ONE);
    }
    bounds[xx * 2] = xmin;
    bounds[xx * 2 + 1] = xmax;
  }
  return { ksize, bounds, weights };
}

/** Resample.c clip8: the fixed-point sum back to a byte (sums stay within int32, as in Pillow). */
function clip8(v: number): number {
  const s = v >> PRECISION_BITS;
  return s < 0 ? 0 : s > 255 ? 255 : s;
}

/** Horizontal pass over rows [first, last): each output pixel's taps read once for all channels. */
function resampleRows(src: Uint8Array, width: number, c: number, first: number, last: number, outWidth: number, k: Coefficients): Uint8Array {
  const out = new Uint8Array((last - first) * outWidth * c);
  const { bounds, weights, ksize } = k;
  const rowLength = width * c;
  let dst = 0;
  for (let y = first; y < last; y++) {
    const row = y * rowLength;
    for (let xx = 0; xx < outWidth; xx++) {
      const n = bounds[xx * 2 + 1]!;
      const kb = xx * ksize;
      let at = row + bounds[xx * 2]! * c;
      if (c === 3) {
        // RGB unrolled: three scalar sums (the generic loop below is ~3× slower in V8).
        let r = HALF;
        let g = HALF;
        let b = HALF;
        for (let x = 0; x < n; x++, at += 3) {
          const w = weights[kb + x]!;
          r += src[at]! * w;
          g += src[at + 1]! * w;
          b += src[at + 2]! * w;
        }
        out[dst++] = clip8(r);
        out[dst++] = clip8(g);
        out[dst++] = clip8(b);
      } else {
        for (let ch = 0; ch < c; ch++) {
          let sum = HALF;
          for (let x = 0; x < n; x++) sum += src[at + x * c + ch]! * weights[kb + x]!;
          out[dst++] = clip8(sum);
        }
      }
    }
  }
  return out;
}

/** Vertical pass: each output row is a weighted sum of whole input rows (row-wise, cache-friendly). */
function resampleColumns(rows: Uint8Array, rowLength: number, rowOffset: number, outHeight: number, k: Coefficients): Uint8Array {
  const out = new Uint8Array(outHeight * rowLength);
  const acc = new Float64Array(rowLength);
  for (let yy = 0; yy < outHeight; yy++) {
    const ymin = k.bounds[yy * 2]! - rowOffset;
    const n = k.bounds[yy * 2 + 1]!;
    const kb = yy * k.ksize;
    acc.fill(HALF);
    for (let y = 0; y < n; y++) {
      const w = k.weights[kb + y]!;
      const base = (y + ymin) * rowLength;
      for (let i = 0; i < rowLength; i++) acc[i] += rows[base + i]! * w;
    }
    const dst = yy * rowLength;
    for (let i = 0; i < rowLength; i++) out[dst + i] = clip8(acc[i]!);
  }
  return out;
}

/** PIL's NEAREST resize (an affine transform sampling at pixel centres). */
function nearest(src: Uint8Array, w: number, h: number, c: number, ow: number, oh: number): Uint8Array {
  const out = new Uint8Array(ow * oh * c);
  const sx = w / ow;
  const sy = h / oh;
  for (let y = 0; y < oh; y++) {
    const iy = Math.min(h - 1, Math.floor((y + 0.5) * sy));
    for (let x = 0; x < ow; x++) {
      const ix = Math.min(w - 1, Math.floor((x + 0.5) * sx));
      for (let k = 0; k < c; k++) out[(y * ow + x) * c + k] = src[(iy * w + ix) * c + k]!;
    }
  }
  return out;
}

/** Interleaved 8-bit pixels (`channels` per pixel) resized as PIL's Image.resize((outWidth, outHeight), resample). */
export function pilResize(
  src: Uint8Array,
  width: number,
  height: number,
  channels: number,
  outWidth: number,
  outHeight: number,
  resample: number,
): Uint8Array {
  if (outWidth === width && outHeight === height) return src.slice(); // PIL returns a copy
  if (resample === PIL_NEAREST) return nearest(src, width, height, channels, outWidth, outHeight);
  const filter = FILTERS[resample];
  if (!filter) throw new Error(`resample ${resample} is not a PIL filter (0–5)`);
  const c = channels;
  const vert = coefficients(height, outHeight, filter);
  // Only the rows the vertical pass reads go through the horizontal pass (as Pillow).
  const first = vert.bounds[0]!;
  const last = vert.bounds[outHeight * 2 - 2]! + vert.bounds[outHeight * 2 - 1]!;
  if (outWidth === width) return resampleColumns(src, width * c, 0, outHeight, vert);
  const rows = resampleRows(src, width, c, first, last, outWidth, coefficients(width, outWidth, filter));
  if (outHeight === height) return rows;
  return resampleColumns(rows, outWidth * c, first, outHeight, vert);
}
