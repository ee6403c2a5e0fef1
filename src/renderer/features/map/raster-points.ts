// The raster renderer's inner loop: points as small discs, blended source-over into straight-alpha
// RGBA words (ImageData's layout; on little-endian machines, all of ours, a word reads A B G R
// from the high byte down). Integer arithmetic with two lookup tables instead of two divisions
// per pixel, a shortcut where a point lands on its own colour (the inside of a cluster), and no
// bounds checks for the points wholly inside the frame.

let tables: { alpha: Uint8Array; weight: Uint16Array } | null = null;

/** For source alpha a over destination alpha d, at index a << 8 | d: the result's alpha, and the source colour's weight in 256ths. */
function blendTables(): { alpha: Uint8Array; weight: Uint16Array } {
  if (tables) return tables;
  const alpha = new Uint8Array(1 << 16);
  const weight = new Uint16Array(1 << 16);
  for (let a = 0; a < 256; a++) {
    for (let d = 0; d < 256; d++) {
      const out = a + (d * (255 - a)) / 255;
      alpha[(a << 8) | d] = Math.round(out);
      weight[(a << 8) | d] = out > 0 ? Math.round((a / out) * 256) : 256;
    }
  }
  return (tables = { alpha, weight });
}

/** Builds the blending tables ahead of the first frame (the render worker, while the data is on its way). */
export function prepareBlending(): void {
  blendTables();
}

/** Where the layout lands in the frame: pixel = (originX + x · scale, originY − y · scale). */
export interface RasterView {
  width: number;
  height: number;
  originX: number;
  originY: number;
  scale: number;
}

/** Draws every point (interleaved x, y; one RGBA word each) as a disc `diameter` pixels wide. */
export function rasterizePoints(pixels: Uint32Array, view: RasterView, xy: Float32Array, colors: Uint32Array, diameter: number): void {
  const { width, height, originX, originY, scale } = view;
  const { alpha: ALPHA, weight: WEIGHT } = blendTables();
  const d = Math.max(1, Math.round(diameter));
  const r = d / 2;
  // The disc's pixels as (dx, dy) and as offsets in the frame, once per frame.
  const dxs: number[] = [];
  const dys: number[] = [];
  for (let oy = 0; oy < d; oy++) {
    for (let ox = 0; ox < d; ox++) {
      const fx = ox + 0.5 - r;
      const fy = oy + 0.5 - r;
      if (d <= 3 || fx * fx + fy * fy <= r * r) dxs.push(ox), dys.push(oy);
    }
  }
  const taps = dxs.length;
  const offsets = Int32Array.from(dxs, (dx, k) => dys[k]! * width + dx);
  const n = Math.min(xy.length >> 1, colors.length);
  for (let i = 0; i < n; i++) {
    const word = colors[i]!;
    const a = word >>> 24;
    if (a === 0) continue;
    const px = Math.round(originX + xy[2 * i]! * scale - r);
    const py = Math.round(originY - xy[2 * i + 1]! * scale - r);
    if (px + d <= 0 || py + d <= 0 || px >= width || py >= height) continue;
    const inside = px >= 0 && py >= 0 && px + d <= width && py + d <= height;
    const rgb = word & 0xffffff;
    const row = a << 8;
    const base = py * width + px;
    for (let k = 0; k < taps; k++) {
      if (!inside) {
        const x = px + dxs[k]!;
        const y = py + dys[k]!;
        if (x < 0 || y < 0 || x >= width || y >= height) continue;
      }
      const o = base + offsets[k]!;
      const under = pixels[o]!;
      const da = under >>> 24;
      if (da === 0 || a === 255) {
        pixels[o] = word;
        continue;
      }
      const at = row | da;
      if ((under & 0xffffff) === rgb) {
        pixels[o] = (ALPHA[at]! << 24) | rgb;
        continue;
      }
      const w = WEIGHT[at]!;
      const v = 256 - w;
      const red = ((word & 255) * w + (under & 255) * v) >> 8;
      const green = (((word >>> 8) & 255) * w + ((under >>> 8) & 255) * v) >> 8;
      const blue = (((word >>> 16) & 255) * w + ((under >>> 16) & 255) * v) >> 8;
      pixels[o] = (ALPHA[at]! << 24) | (blue << 16) | (green << 8) | red;
    }
  }
}

/** One RGBA word per point, over the same bytes when they are aligned. */
export function colorWords(rgba: Uint8Array): Uint32Array {
  const bytes = rgba.byteOffset % 4 === 0 ? rgba : rgba.slice();
  return new Uint32Array(bytes.buffer, bytes.byteOffset, bytes.length >> 2);
}
