import { pixelsPerUnit, type Camera, type Viewport } from './map-camera';
import { colorWords, rasterizePoints } from './raster-points';

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
 * there (raster-points.ts). Without a GPU, WebGL runs in software (SwiftShader, llvmpipe) at
 * ~150 ms for 100,000 points a frame; this does the same frame in a few ms, and never leaves the
 * screen blank.
 */
export class RasterRenderer implements PointsRenderer {
  readonly kind = 'raster';
  private readonly ctx: CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D;
  private xy: Float32Array = new Float32Array(0);
  private colors: Uint32Array = new Uint32Array(0);
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
    this.colors = colorWords(rgba);
  }

  draw(camera: Camera, view: Viewport, pointSize: number, dpr: number): void {
    const width = Math.max(1, Math.round(view.width * dpr));
    const height = Math.max(1, Math.round(view.height * dpr));
    if (this.canvas.width !== width || this.canvas.height !== height || !this.image) {
      this.canvas.width = width;
      this.canvas.height = height;
      this.image = this.ctx.createImageData(width, height);
    }
    const pixels = new Uint32Array(this.image.data.buffer);
    pixels.fill(0);
    const scale = pixelsPerUnit(camera, view) * dpr;
    const frame = { width, height, originX: width / 2 - camera.x * scale, originY: height / 2 + camera.y * scale, scale };
    rasterizePoints(pixels, frame, this.xy, this.colors, pointSize * dpr);
    this.ctx.putImageData(this.image, 0, 0);
  }

  dispose(): void {
    this.image = null;
  }
}

