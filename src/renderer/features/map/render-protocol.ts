import type { Camera, Viewport } from './map-camera';

// Messages between the map and its render worker (render-worker.ts), typed in one place.

export type ToRenderWorker =
  | { type: 'init'; canvas: OffscreenCanvas }
  | { type: 'positions'; xy: Float32Array }
  | { type: 'colors'; rgba: Uint8Array }
  | { type: 'view'; camera: Camera; view: Viewport; pointSize: number; dpr: number };

export type FromRenderWorker =
  | { type: 'ready'; renderer: 'webgl' | 'raster' }
  | { type: 'drawn'; frame: number }
  | { type: 'error'; message: string };
