import { useEffect, useRef, useState } from 'react';
import { appendLassoPoint, pointsInPolygon } from './lasso';
import { HOME, pan, pixelsPerUnit, pointSize, toLayout, toScreen, zoomAt, type Camera, type Viewport } from './map-camera';
import { buildPointIndex, type PointIndex } from './point-index';
import { useMapSurface } from './map-surface';

export type MapTool = 'pan' | 'lasso';

interface Props {
  xs: Float32Array;
  ys: Float32Array;
  rgba: Uint8Array;
  tool: MapTool;
  /** Bumping it brings the view back to the whole map. */
  home: number;
  onHover(hit: { index: number; x: number; y: number } | null): void;
  /** Points inside a lasso; additive with Shift or Ctrl/⌘ held at the end. */
  onLasso(indices: number[], additive: boolean): void;
  onOpen(index: number): void;
}

/**
 * The map's canvas: drag pans (or draws a lasso with the lasso tool or Shift held), the wheel zooms
 * around the pointer, hovering finds the nearest point. The camera lives in a ref and frames
 * are drawn on requestAnimationFrame, so panning never re-renders React.
 */
export function MapCanvas({ xs, ys, rgba, tool, home, onHover, onLasso, onOpen }: Props) {
  const box = useRef<HTMLDivElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const camera = useRef<Camera>(HOME);
  const view = useRef<Viewport>({ width: 1, height: 1 });
  const { surface, generation, error } = useMapSurface(canvas);
  const [lasso, setLasso] = useState<[number, number][] | null>(null);
  // Built on the first hover, not before the first frame.
  const indexCache = useRef<{ xs: Float32Array; index: PointIndex } | null>(null);
  const pointIndex = () => {
    if (indexCache.current?.xs !== xs) indexCache.current = { xs, index: buildPointIndex(xs, ys) };
    return indexCache.current.index;
  };
  const callbacks = useRef({ onHover, onLasso, onOpen });
  callbacks.current = { onHover, onLasso, onOpen };

  function requestDraw() {
    const c = camera.current;
    surface.draw(c, view.current, pointSize(xs.length, c.zoom));
    if (canvas.current) canvas.current.dataset.camera = `${c.x.toFixed(5)},${c.y.toFixed(5)},${c.zoom.toFixed(4)}`;
  }

  useEffect(() => {
    const observer = new ResizeObserver(([entry]) => {
      if (!entry) return;
      view.current = { width: entry.contentRect.width, height: entry.contentRect.height };
      requestDraw();
    });
    observer.observe(box.current!);
    return () => observer.disconnect();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useEffect(() => {
    const xy = new Float32Array(xs.length * 2);
    for (let i = 0; i < xs.length; i++) {
      xy[2 * i] = xs[i]!;
      xy[2 * i + 1] = ys[i]!;
    }
    surface.setPositions(xy);
    requestDraw();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [xs, ys]);

  useEffect(() => {
    surface.setColors(rgba);
    requestDraw();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [rgba]);

  useEffect(() => {
    camera.current = HOME;
    requestDraw();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [home]);

  // The wheel listener must be non-passive to keep the page from scrolling.
  useEffect(() => {
    const el = canvas.current!;
    const onWheel = (e: WheelEvent) => {
      e.preventDefault();
      const r = el.getBoundingClientRect();
      const delta = e.deltaMode === 1 ? e.deltaY * 16 : e.deltaY;
      camera.current = zoomAt(camera.current, view.current, e.clientX - r.left, e.clientY - r.top, Math.exp(-delta * 0.0015));
      callbacks.current.onHover(null);
      requestDraw();
    };
    el.addEventListener('wheel', onWheel, { passive: false });
    return () => el.removeEventListener('wheel', onWheel);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [generation]);

  const drag = useRef<{ mode: 'pan' | 'lasso'; x: number; y: number; points: [number, number][] } | null>(null);
  const local = (e: React.PointerEvent | React.MouseEvent) => {
    const r = canvas.current!.getBoundingClientRect();
    return [e.clientX - r.left, e.clientY - r.top] as const;
  };

  function hitAt(px: number, py: number): number {
    const [lx, ly] = toLayout(camera.current, view.current, px, py);
    const radius = (pointSize(xs.length, camera.current.zoom) / 2 + 4) / pixelsPerUnit(camera.current, view.current);
    return pointIndex().nearest(lx, ly, radius);
  }

  function onPointerDown(e: React.PointerEvent) {
    if (e.button !== 0) return;
    const [px, py] = local(e);
    canvas.current!.setPointerCapture(e.pointerId);
    const mode = tool === 'lasso' || e.shiftKey ? 'lasso' : 'pan';
    drag.current = { mode, x: px, y: py, points: mode === 'lasso' ? [[px, py]] : [] };
    if (mode === 'lasso') setLasso([[px, py]]);
    callbacks.current.onHover(null);
  }

  function onPointerMove(e: React.PointerEvent) {
    const [px, py] = local(e);
    const d = drag.current;
    if (!d) {
      const hit = hitAt(px, py);
      if (hit < 0) return callbacks.current.onHover(null);
      const [sx, sy] = toScreen(camera.current, view.current, xs[hit]!, ys[hit]!);
      return callbacks.current.onHover({ index: hit, x: sx, y: sy });
    }
    if (d.mode === 'pan') {
      camera.current = pan(camera.current, view.current, px - d.x, py - d.y);
      d.x = px;
      d.y = py;
      requestDraw();
    } else {
      const next = appendLassoPoint(d.points, px, py, 3);
      if (next !== d.points) {
        d.points = next;
        setLasso(next);
      }
    }
  }

  function onPointerUp(e: React.PointerEvent) {
    const d = drag.current;
    drag.current = null;
    if (!d || d.mode !== 'lasso') return;
    setLasso(null);
    const polygon = d.points.map(([px, py]) => toLayout(camera.current, view.current, px, py));
    if (polygon.length >= 3) callbacks.current.onLasso(pointsInPolygon(xs, ys, polygon), e.shiftKey || e.ctrlKey || e.metaKey);
  }

  return (
    <div ref={box} className={`map-canvas tool-${tool}`}>
      <canvas
        key={generation}
        ref={canvas}
        aria-label={`Map of ${xs.length.toLocaleString()} images`}
        role="img"
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={onPointerUp}
        onPointerLeave={() => !drag.current && callbacks.current.onHover(null)}
        onDoubleClick={(e) => {
          const hit = hitAt(...local(e));
          if (hit >= 0) callbacks.current.onOpen(hit);
        }}
      />
      {lasso && (
        <svg className="map-lasso" aria-hidden="true">
          <polygon points={lasso.map((p) => p.join(',')).join(' ')} />
        </svg>
      )}
      {error && <p className="map-error error">{error}</p>}
    </div>
  );
}
