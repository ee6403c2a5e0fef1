/// <reference lib="webworker" />
// The map's points are drawn here, off the main thread: however long a frame of 100,000 points
// takes (a software-only machine), clicks, keys and hover on the page are never held up.
import { createPointsRenderer } from './point-renderer';
import type { PointsRenderer } from './raster-renderer';
import type { FromRenderWorker, ToRenderWorker } from './render-protocol';

const scope = self as unknown as DedicatedWorkerGlobalScope;
let renderer: PointsRenderer | null = null;
let pending: Extract<ToRenderWorker, { type: 'view' }> | null = null;
let scheduled = false;
let frame = 0;

const post = (message: FromRenderWorker) => scope.postMessage(message);
const nextFrame = (f: () => void) => (typeof scope.requestAnimationFrame === 'function' ? scope.requestAnimationFrame(f) : setTimeout(f, 16));

function schedule() {
  if (scheduled) return;
  scheduled = true;
  nextFrame(() => {
    scheduled = false;
    if (!renderer || !pending) return;
    renderer.draw(pending.camera, pending.view, pending.pointSize, pending.dpr);
    post({ type: 'drawn', frame: ++frame });
  });
}

scope.onmessage = (event: MessageEvent<ToRenderWorker>) => {
  const m = event.data;
  try {
    if (m.type === 'init') {
      renderer = createPointsRenderer(m.canvas);
      post({ type: 'ready', renderer: renderer.kind });
    } else if (m.type === 'positions') renderer?.setPositions(m.xy);
    else if (m.type === 'colors') renderer?.setColors(m.rgba);
    else pending = m;
    schedule();
  } catch (e) {
    post({ type: 'error', message: e instanceof Error ? e.message : String(e) });
  }
};
