/// <reference lib="webworker" />
// The map's points are drawn here, off the main thread: however long a frame of 100,000 points
// takes (a software-only machine), clicks, keys and hover on the page are never held up.
import { buildPointGrid } from './point-index';
import { createPointsRenderer, pointsRendererKind } from './point-renderer';
import { prepareBlending } from './raster-points';
import type { PointsRenderer } from './raster-renderer';
import type { FromRenderWorker, ToRenderWorker } from './render-protocol';

const scope = self as unknown as DedicatedWorkerGlobalScope;
let renderer: PointsRenderer | null = null;
let pending: Extract<ToRenderWorker, { type: 'view' }> | null = null;
let positions: { xy: Float32Array; version: number; indexed: boolean } | null = null;
let scheduled = false;
let frame = 0;
/** Positions or colours arrived since the last frame. */
let dataChanged = false;

const post = (message: FromRenderWorker) => scope.postMessage(message);
const nextFrame = (f: () => void) => (typeof scope.requestAnimationFrame === 'function' ? scope.requestAnimationFrame(f) : setTimeout(f, 16));

function schedule() {
  if (scheduled) return;
  scheduled = true;
  nextFrame(() => {
    scheduled = false;
    if (!renderer || !pending) return;
    renderer.draw(pending.camera, pending.view, pending.pointSize, pending.dpr);
    frame++;
    // The page hears of the frames that show new points or colours, not of every frame of a pan:
    // one message (one task on the page's thread) less per frame.
    if (dataChanged) post({ type: 'drawn', frame });
    dataChanged = false;
    // The hover grid after the first frame of new positions, never before it.
    if (positions && !positions.indexed) {
      positions.indexed = true;
      setTimeout(postIndex, 0);
    }
  });
}

function postIndex() {
  if (!positions) return;
  const grid = buildPointGrid(positions.xy);
  scope.postMessage({ type: 'index', version: positions.version, grid } satisfies FromRenderWorker, [grid.start.buffer, grid.order.buffer]);
}

// Probed as the worker starts, while the map's data is still on its way (a WebGL context costs
// tens of milliseconds where it runs in software), and the raster renderer's tables built.
setTimeout(() => {
  try {
    if (pointsRendererKind() === 'raster') prepareBlending();
  } catch {
    // Said when the map's canvas arrives and the renderer cannot be made.
  }
}, 0);

scope.onmessage = (event: MessageEvent<ToRenderWorker>) => {
  const m = event.data;
  try {
    if (m.type === 'init') {
      renderer = createPointsRenderer(m.canvas);
      post({ type: 'ready', renderer: renderer.kind });
    } else if (m.type === 'positions') {
      positions = { xy: m.xy, version: m.version, indexed: false };
      renderer?.setPositions(m.xy);
      dataChanged = true;
    } else if (m.type === 'colors') {
      renderer?.setColors(m.rgba);
      dataChanged = true;
    }
    else pending = m;
    schedule();
  } catch (e) {
    post({ type: 'error', message: e instanceof Error ? e.message : String(e) });
  }
};
