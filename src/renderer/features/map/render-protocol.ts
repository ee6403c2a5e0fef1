import type { Camera, Viewport } from './map-camera';
import type { PointGrid } from './point-index';

// Messages between the map and its render worker (render-worker.ts), typed in one place.

export type ToRenderWorker =
  | { type: 'init'; canvas: OffscreenCanvas }
  /** `version` names these positions in the 'index' answer. */
  | { type: 'positions'; xy: Float32Array; version: number }
  | { type: 'colors'; rgba: Uint8Array }
  | { type: 'view'; camera: Camera; view: Viewport; pointSize: number; dpr: number };

export type FromRenderWorker =
  | { type: 'ready'; renderer: 'webgl' | 'raster' }
  /** A frame with new positions or colours is drawn (frames that only move the view are not told). */
  | { type: 'drawn'; frame: number }
  /** The hover grid of the positions of that version, built here after their first frame. */
  | { type: 'index'; version: number; grid: PointGrid }
  | { type: 'error'; message: string };
