import { pixelsPerUnit, type Camera, type Viewport } from './map-camera';

/** What the map needs from a renderer (WebGL, or this one where WebGL runs in software). */
export interface PointsRenderer {
  readonly kind: 'webgl' | 'raster';
  setPositions(xy: Float32Array): void;
  setColors(rgba: Uint8Array): void;
  draw(camera: Camera, view: Viewport, pointSize: number, dpr: number): void;
  dispose(): void;
}

/**
 * Points drawn by JavaScript into an ImageData: each point a small disc, blended over what is
 * there. Without a GPU, WebGL runs in software (SwiftShader, llvmpipe) at ~150 ms for 100,000
 * points a frame; this loop does the same frame in ~10 ms, and never leaves the screen blank.
 */
export class RasterRenderer implements PointsRenderer {
  readonly kind = 'raster';
  private readonly ctx: CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D;
  private xy: Float32Array = new Float32Array(0);
  private rgba: Uint8Array = new Uint8Array(0);
  private image: ImageData | null = null;

  constructor(private readonly canvas: HTMLCanvasElement | OffscreenCanvas) {
    const ctx = canvas.getContext('2d') as CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D | null;
    if (!ctx) throw new Error('This browser cannot draw the map: no 2-D canvas.');
    this.ctx = ctx;
  }

  setPositions(xy: Float32Array): void {
    this.xy = xy;
  }

  setColors(rgba: Uint8Array): void {
    this.rgba = rgba;
  }

  draw(camera: Camera, view: Viewport, pointSize: number, dpr: number): void {
    const width = Math.max(1, Math.round(view.width * dpr));
    const height = Math.max(1, Math.round(view.height * dpr));
    if (this.canvas.width !== width || this.canvas.height !== height || !this.image) {
      this.canvas.width = width;
      this.canvas.height = height;
      this.image = this.ctx.createImageData(width, height);
    }
    // One 32-bit word per pixel: A B G R from high to low byte on little-endian machines (all of ours).
    const pixels = new Uint32Array(this.image.data.buffer);
    pixels.fill(0);
    const s = pixelsPerUnit(camera, view) * dpr;
    const cx = width / 2 - camera.x * s;
    const cy = height / 2 + camera.y * s;
    const d = Math.max(1, Math.round(pointSize * dpr));
    const r = d / 2;
    // The disc's pixel offsets, once per frame.
    const offsets: number[] = [];
    for (let oy = 0; oy < d; oy++) {
      for (let ox = 0; ox < d; ox++) {
        const fx = ox + 0.5 - r;
        const fy = oy + 0.5 - r;
        if (d <= 3 || fx * fx + fy * fy <= r * r) offsets.push(ox, oy);
      }
    }
    const { xy, rgba } = this;
    const n = Math.min(xy.length / 2, rgba.length / 4);
    for (let i = 0; i < n; i++) {
      const px = Math.round(cx + xy[2 * i]! * s - r);
      const py = Math.round(cy - xy[2 * i + 1]! * s - r);
      if (px + d <= 0 || py + d <= 0 || px >= width || py >= height) continue;
      const a = rgba[4 * i + 3]!;
      if (a === 0) continue;
      const cr = rgba[4 * i]!;
      const cg = rgba[4 * i + 1]!;
      const cb = rgba[4 * i + 2]!;
      const word = ((a << 24) | (cb << 16) | (cg << 8) | cr) >>> 0;
      const inside = px >= 0 && py >= 0 && px + d <= width && py + d <= height;
      for (let k = 0; k < offsets.length; k += 2) {
        const x = px + offsets[k]!;
        const y = py + offsets[k + 1]!;
        if (!inside && (x < 0 || y < 0 || x >= width || y >= height)) continue;
        const o = y * width + x;
        const under = pixels[o]!;
        const da = under >>> 24;
        if (da === 0 || a === 255) {
          pixels[o] = word;
          continue;
        }
        // Source over destination in integers (straight alpha, as ImageData holds it).
        const keep = (da * (255 - a)) / 255;
        const oa = a + keep;
        const wa = a / oa;
        const wd = keep / oa;
        const rr = (cr * wa + (under & 255) * wd) | 0;
        const gg = (cg * wa + ((under >>> 8) & 255) * wd) | 0;
        const bb = (cb * wa + ((under >>> 16) & 255) * wd) | 0;
        pixels[o] = (((oa | 0) << 24) | (bb << 16) | (gg << 8) | rr) >>> 0;
      }
    }
    this.ctx.putImageData(this.image, 0, 0);
  }

  dispose(): void {
    this.image = null;
  }
}

