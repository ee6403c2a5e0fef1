// The map's view: which part of the [-1, 1]² layout the canvas shows. Pure functions of CSS
// pixels, so panning, zooming, hover and lasso agree on one transform (and are testable).

export interface Camera {
  /** Layout point at the canvas centre. */
  x: number;
  y: number;
  /** 1 = the whole layout fits the shorter side. */
  zoom: number;
}

export interface Viewport {
  width: number;
  height: number;
}

export const HOME: Camera = { x: 0, y: 0, zoom: 1 };
const MIN_ZOOM = 0.5;
const MAX_ZOOM = 400;
/** A margin so points on the layout's edge are not cut by the canvas edge. */
const FIT = 0.94;

/** CSS pixels per layout unit. */
export function pixelsPerUnit(camera: Camera, view: Viewport): number {
  return (Math.min(view.width, view.height) / 2) * FIT * camera.zoom;
}

/** Layout → CSS pixels (y grows up in the layout, down on screen). */
export function toScreen(camera: Camera, view: Viewport, x: number, y: number): [number, number] {
  const s = pixelsPerUnit(camera, view);
  return [view.width / 2 + (x - camera.x) * s, view.height / 2 - (y - camera.y) * s];
}

export function toLayout(camera: Camera, view: Viewport, px: number, py: number): [number, number] {
  const s = pixelsPerUnit(camera, view);
  return [camera.x + (px - view.width / 2) / s, camera.y - (py - view.height / 2) / s];
}

/** Moves the view by a drag of (dx, dy) CSS pixels: the layout follows the pointer. */
export function pan(camera: Camera, view: Viewport, dx: number, dy: number): Camera {
  const s = pixelsPerUnit(camera, view);
  return { ...camera, x: camera.x - dx / s, y: camera.y + dy / s };
}

/** Zooms by `factor` keeping the layout point under (px, py) where it is. */
export function zoomAt(camera: Camera, view: Viewport, px: number, py: number, factor: number): Camera {
  const zoom = Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, camera.zoom * factor));
  const [lx, ly] = toLayout(camera, view, px, py);
  const next = { ...camera, zoom };
  const [nx, ny] = toLayout(next, view, px, py);
  return { zoom, x: camera.x + (lx - nx), y: camera.y + (ly - ny) };
}

/** The view that shows the bounding box of some points (a selection), with a margin. */
export function fitPoints(xs: ArrayLike<number>, ys: ArrayLike<number>, indices: ArrayLike<number>): Camera {
  if (indices.length === 0) return HOME;
  let x0 = Infinity;
  let x1 = -Infinity;
  let y0 = Infinity;
  let y1 = -Infinity;
  for (let k = 0; k < indices.length; k++) {
    const i = indices[k]!;
    x0 = Math.min(x0, xs[i]!);
    x1 = Math.max(x1, xs[i]!);
    y0 = Math.min(y0, ys[i]!);
    y1 = Math.max(y1, ys[i]!);
  }
  const extent = Math.max(x1 - x0, y1 - y0, 0.02);
  return { x: (x0 + x1) / 2, y: (y0 + y1) / 2, zoom: Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, 1.8 / extent)) };
}

/** Point diameter in CSS pixels: small for a crowd, growing (slowly) as the user zooms in. */
export function pointSize(count: number, zoom: number): number {
  const base = count > 50_000 ? 2.5 : count > 10_000 ? 3.5 : count > 1_000 ? 5 : 8;
  return Math.min(24, base * Math.max(1, Math.sqrt(zoom)));
}
