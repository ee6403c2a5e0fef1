import { useEffect, useRef, useState } from 'react';
import type { Camera, Viewport } from './map-camera';
import { createPointsRenderer } from './point-renderer';
import type { PointsRenderer } from './raster-renderer';
import type { FromRenderWorker, ToRenderWorker } from './render-protocol';

export interface MapSurface {
  setPositions(xy: Float32Array): void;
  setColors(rgba: Uint8Array): void;
  /** Asks for a frame with this view; frames are coalesced to one per display refresh. */
  draw(camera: Camera, view: Viewport, pointSize: number): void;
}

interface Latest {
  xy: Float32Array | null;
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
export function useMapSurface(canvas: React.RefObject<HTMLCanvasElement | null>): { surface: MapSurface; generation: number; error: string | null } {
  const latest = useRef<Latest>({ xy: null, rgba: null, view: null });
  const sink = useRef<(m: ToRenderWorker) => void>(() => undefined);
  const [generation, setGeneration] = useState(0);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const el = canvas.current!;
    const markDrawn = (frame: number) => (el.dataset.drawn = String(frame));
    const replay = () => {
      const l = latest.current;
      if (l.xy) sink.current({ type: 'positions', xy: l.xy });
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
        w.onmessage = (e: MessageEvent<FromRenderWorker>) => {
          if (e.data.type === 'ready') el.dataset.renderer = `${e.data.renderer} (worker)`;
          else if (e.data.type === 'drawn') markDrawn(e.data.frame);
          else setError(e.data.message);
        };
        // A worker that cannot start (a host that refuses worker scripts): draw here instead.
        w.onerror = () => setGeneration((g) => g + 1);
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
      latest.current.xy = xy;
      sink.current({ type: 'positions', xy });
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
  }).current;
  return { surface, generation, error };
}
