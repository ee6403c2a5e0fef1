import { useEffect, useRef, useState } from 'react';
import type { Camera, Viewport } from './map-camera';
import { buildPointIndex, gridIndex, type PointIndex } from './point-index';
import { createPointsRenderer } from './point-renderer';
import type { PointsRenderer } from './raster-renderer';
import type { FromRenderWorker, ToRenderWorker } from './render-protocol';

export interface MapSurface {
  setPositions(xy: Float32Array): void;
  setColors(rgba: Uint8Array): void;
  /** Asks for a frame with this view; frames are coalesced to one per display refresh. */
  draw(camera: Camera, view: Viewport, pointSize: number): void;
  /**
   * Nearest-point queries over the current positions. The render worker builds the grid after
   * the first frame; until it is here the answer is null, unless `now` asks to build it on this
   * thread (a double-click must not miss). With no worker it is built here on first use.
   */
  pointIndex(now?: boolean): PointIndex | null;
}

interface Latest {
  xy: Float32Array | null;
  version: number;
  index: PointIndex | null;
  /** The worker builds the index (else this thread does, on first use). */
  indexInWorker: boolean;
  rgba: Uint8Array | null;
  view: Extract<ToRenderWorker, { type: 'view' }> | null;
}

let warm: { worker: Worker; failed: boolean } | null = null;

function newRenderWorker(): Worker {
  return new Worker(new URL('./render-worker.ts', import.meta.url), { type: 'module' });
}

/**
 * Starts the render worker while the map's data is still on its way, so loading the worker's
 * script is not on the path to the first frame. The next map surface adopts it.
 */
export function prewarmRenderWorker(): void {
  if (warm || typeof Worker === 'undefined') return;
  try {
    const entry = { worker: newRenderWorker(), failed: false };
    // A script that cannot load fails before anyone listens: remember it.
    entry.worker.onerror = () => void (entry.failed = true);
    warm = entry;
  } catch {
    warm = null;
  }
}

/**
 * Where the map's frames are drawn: in a worker on an OffscreenCanvas when the browser can
 * (the page stays responsive however slow drawing is), else on the main thread. `generation`
 * changes when the worker fails and the caller must give a fresh canvas element for the
 * main-thread renderer (a canvas handed to a worker cannot be drawn on here again).
 */
export function useMapSurface(
  canvas: React.RefObject<HTMLCanvasElement | null>,
  onFirstFrame: () => void,
): { surface: MapSurface; generation: number; error: string | null } {
  const firstFrame = useRef<(() => void) | null>(onFirstFrame);
  const latest = useRef<Latest>({ xy: null, version: 0, index: null, indexInWorker: false, rgba: null, view: null });
  const sink = useRef<(m: ToRenderWorker) => void>(() => undefined);
  const [generation, setGeneration] = useState(0);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const el = canvas.current!;
    const markDrawn = (frame: number) => {
      el.dataset.drawn = String(frame);
      firstFrame.current?.();
      firstFrame.current = null;
    };
    const replay = () => {
      const l = latest.current;
      if (l.xy) sink.current({ type: 'positions', xy: l.xy, version: l.version });
      if (l.rgba) sink.current({ type: 'colors', rgba: l.rgba });
      if (l.view) sink.current(l.view);
    };
    if (generation === 0 && typeof Worker !== 'undefined' && 'transferControlToOffscreen' in el) {
      let worker: Worker | null = null;
      try {
        if (warm?.failed) warm.worker.terminate();
        worker = warm && !warm.failed ? warm.worker : newRenderWorker();
        warm = null;
        const offscreen = el.transferControlToOffscreen();
        worker.postMessage({ type: 'init', canvas: offscreen } satisfies ToRenderWorker, [offscreen]);
      } catch {
        worker?.terminate();
        worker = null;
      }
      if (worker) {
        const w = worker;
        latest.current.indexInWorker = true;
        w.onmessage = (e: MessageEvent<FromRenderWorker>) => {
          const m = e.data;
          if (m.type === 'ready') el.dataset.renderer = `${m.renderer} (worker)`;
          else if (m.type === 'drawn') markDrawn(m.frame);
          else if (m.type === 'index') {
            const l = latest.current;
            if (m.version === l.version && l.xy && !l.index) l.index = gridIndex(l.xy, m.grid);
          } else setError(m.message);
        };
        // A worker that cannot start (a host that refuses worker scripts): draw here instead.
        w.onerror = () => {
          latest.current.indexInWorker = false;
          setGeneration((g) => g + 1);
        };
        // Buffers are copied, not transferred: the map keeps its own for hover and lasso.
        sink.current = (m) => w.postMessage(m);
        replay();
        return () => w.terminate();
      }
    }
    let renderer: PointsRenderer;
    try {
      renderer = createPointsRenderer(el);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
      return;
    }
    el.dataset.renderer = renderer.kind;
    let raf = 0;
    let drawn = 0;
    sink.current = (m) => {
      if (m.type === 'positions') renderer.setPositions(m.xy);
      else if (m.type === 'colors') renderer.setColors(m.rgba);
      if (raf || !latest.current.view) return;
      raf = requestAnimationFrame(() => {
        raf = 0;
        const v = latest.current.view!;
        renderer.draw(v.camera, v.view, v.pointSize, v.dpr);
        markDrawn(++drawn);
      });
    };
    replay();
    return () => {
      cancelAnimationFrame(raf);
      renderer.dispose();
    };
  }, [canvas, generation]);

  const surface = useRef<MapSurface>({
    setPositions(xy) {
      const l = latest.current;
      l.xy = xy;
      l.index = null;
      sink.current({ type: 'positions', xy, version: ++l.version });
    },
    setColors(rgba) {
      latest.current.rgba = rgba;
      sink.current({ type: 'colors', rgba });
    },
    draw(camera, view, pointSize) {
      const m: ToRenderWorker = { type: 'view', camera, view, pointSize, dpr: window.devicePixelRatio || 1 };
      latest.current.view = m;
      sink.current(m);
    },
    pointIndex(now = false) {
      const l = latest.current;
      if (!l.index && l.xy && (now || !l.indexInWorker)) l.index = buildPointIndex(l.xy);
      return l.index;
    },
  }).current;
  return { surface, generation, error };
}
