import { useEffect, useRef, useState } from 'react';
import { appendLassoPoint, pointsInPolygon } from './lasso';
import { HOME, pan, pixelsPerUnit, pointSize, toLayout, toScreen, zoomAt, type Camera, type Viewport } from './map-camera';
import { useMapSurface } from './map-surface';

export type MapTool = 'pan' | 'lasso';

export interface HoverHit {
  index: number;
  /** The point's place on the canvas, CSS pixels. */
  x: number;
  y: number;
}

interface Props {
  /** Positions, interleaved x, y in layout units. */
  xy: Float32Array;
  rgba: Uint8Array;
  tool: MapTool;
  /** Bumping it brings the view back to the whole map. */
  home: number;
  /** Called when the point under the pointer changes (null: none). */
  onHover(hit: HoverHit | null): void;
  /** Points inside a lasso; additive with Shift or Ctrl/⌘ held at the end. */
  onLasso(indices: number[], additive: boolean): void;
  onOpen(index: number): void;
  /** Once, when the first frame is on the screen. */
  onFirstFrame(): void;
}

interface Drag {
  mode: 'pan' | 'lasso';
  x: number;
  y: number;
  points: [number, number][];
}

/**
 * The map's canvas: drag pans (or draws a lasso with the lasso tool or Shift held), the wheel zooms
 * around the pointer, hovering finds the nearest point. Pointer events go to plain listeners (no
 * React event or render per move); the camera and the lasso being drawn live in refs; what a move
 * asks for (a frame, a hover lookup) is done once per display frame, and the frames are drawn by
 * the render worker. onHover is called only when the point under the pointer changes.
 */
export function MapCanvas({ xy, rgba, tool, home, onHover, onLasso, onOpen, onFirstFrame }: Props) {
  const box = useRef<HTMLDivElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const lassoShape = useRef<SVGPolygonElement>(null);
  const camera = useRef<Camera>(HOME);
  const view = useRef<Viewport>({ width: 1, height: 1 });
  const { surface, generation, error } = useMapSurface(canvas, onFirstFrame);
  const [lassoing, setLassoing] = useState(false);
  const drag = useRef<Drag | null>(null);
  const hovered = useRef<HoverHit | null>(null);
  // What the pointer asked for since the last display frame.
  const asked = useRef<{ raf: number; draw: boolean; hoverAt: readonly [number, number] | null }>({ raf: 0, draw: false, hoverAt: null });
  const props = useRef({ xy, tool, onHover, onLasso, onOpen });
  props.current = { xy, tool, onHover, onLasso, onOpen };

  function requestDraw() {
    const c = camera.current;
    surface.draw(c, view.current, pointSize(props.current.xy.length / 2, c.zoom));
    if (canvas.current) canvas.current.dataset.camera = `${c.x.toFixed(5)},${c.y.toFixed(5)},${c.zoom.toFixed(4)}`;
  }

  function hover(hit: HoverHit | null) {
    const last = hovered.current;
    if (hit === last || (hit && last && hit.index === last.index && hit.x === last.x && hit.y === last.y)) return;
    hovered.current = hit;
    props.current.onHover(hit);
  }

  function hitAt(px: number, py: number, now = false): number {
    const index = surface.pointIndex(now);
    if (!index) return -1;
    const c = camera.current;
    const [lx, ly] = toLayout(c, view.current, px, py);
    const radius = (pointSize(props.current.xy.length / 2, c.zoom) / 2 + 4) / pixelsPerUnit(c, view.current);
    return index.nearest(lx, ly, radius);
  }

  function onFrame() {
    const a = asked.current;
    a.raf = 0;
    if (a.draw) requestDraw();
    a.draw = false;
    if (a.hoverAt && !drag.current) {
      const hit = hitAt(...a.hoverAt);
      if (hit < 0) hover(null);
      else {
        const p = props.current.xy;
        const [x, y] = toScreen(camera.current, view.current, p[2 * hit]!, p[2 * hit + 1]!);
        hover({ index: hit, x, y });
      }
    }
    a.hoverAt = null;
  }

  function ask(what: { draw?: boolean; hoverAt?: readonly [number, number] }) {
    const a = asked.current;
    if (what.draw) a.draw = true;
    if (what.hoverAt) a.hoverAt = what.hoverAt;
    if (!a.raf) a.raf = requestAnimationFrame(onFrame);
  }

  useEffect(() => {
    const observer = new ResizeObserver(([entry]) => {
      if (!entry) return;
      view.current = { width: entry.contentRect.width, height: entry.contentRect.height };
      requestDraw();
    });
    observer.observe(box.current!);
    return () => {
      observer.disconnect();
      cancelAnimationFrame(asked.current.raf);
      asked.current.raf = 0;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useEffect(() => {
    surface.setPositions(xy);
    hover(null);
    requestDraw();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [xy]);

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

  // Plain listeners on the canvas (a new element when the renderer falls back to this thread).
  // The canvas fills its box with no border: offsetX/Y are canvas pixels. The wheel listener is
  // not passive, to keep the page from scrolling.
  useEffect(() => {
    const el = canvas.current!;
    const local = (e: MouseEvent) => [e.offsetX, e.offsetY] as const;
    const drawLasso = (points: [number, number][]) => lassoShape.current?.setAttribute('points', points.map((p) => p.join(',')).join(' '));
    const listeners: { [K in 'pointerdown' | 'pointermove' | 'pointerup' | 'pointerleave' | 'dblclick' | 'wheel']: (e: HTMLElementEventMap[K]) => void } = {
      pointerdown(e) {
        if (e.button !== 0) return;
        const [px, py] = local(e);
        el.setPointerCapture(e.pointerId);
        const mode = props.current.tool === 'lasso' || e.shiftKey ? 'lasso' : 'pan';
        drag.current = { mode, x: px, y: py, points: mode === 'lasso' ? [[px, py]] : [] };
        if (mode === 'lasso') setLassoing(true);
        hover(null);
      },
      pointermove(e) {
        const [px, py] = local(e);
        const d = drag.current;
        if (!d) return ask({ hoverAt: [px, py] });
        if (d.mode === 'pan') {
          camera.current = pan(camera.current, view.current, px - d.x, py - d.y);
          d.x = px;
          d.y = py;
          ask({ draw: true });
        } else {
          const next = appendLassoPoint(d.points, px, py, 3);
          if (next !== d.points) drawLasso((d.points = next));
        }
      },
      pointerup(e) {
        const d = drag.current;
        drag.current = null;
        if (!d || d.mode !== 'lasso') return;
        setLassoing(false);
        const polygon = d.points.map(([px, py]) => toLayout(camera.current, view.current, px, py));
        if (polygon.length >= 3) props.current.onLasso(pointsInPolygon(props.current.xy, polygon), e.shiftKey || e.ctrlKey || e.metaKey);
      },
      pointerleave() {
        if (drag.current) return;
        asked.current.hoverAt = null;
        hover(null);
      },
      dblclick(e) {
        const hit = hitAt(...local(e), true);
        if (hit >= 0) props.current.onOpen(hit);
      },
      wheel(e) {
        e.preventDefault();
        const delta = e.deltaMode === 1 ? e.deltaY * 16 : e.deltaY;
        camera.current = zoomAt(camera.current, view.current, e.offsetX, e.offsetY, Math.exp(-delta * 0.0015));
        hover(null);
        ask({ draw: true });
      },
    };
    const entries = Object.entries(listeners) as [string, EventListener][];
    for (const [type, listener] of entries) el.addEventListener(type, listener, type === 'wheel' ? { passive: false } : undefined);
    return () => entries.forEach(([type, listener]) => el.removeEventListener(type, listener));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [generation]);

  return (
    <div ref={box} className={`map-canvas tool-${tool}`}>
      <canvas key={generation} ref={canvas} aria-label={`Map of ${(xy.length / 2).toLocaleString()} images`} role="img" />
      {lassoing && (
        <svg className="map-lasso" aria-hidden="true">
          <polygon ref={lassoShape} points={drag.current?.points.map((p) => p.join(',')).join(' ') ?? ''} />
        </svg>
      )}
      {error && <p className="map-error error">{error}</p>}
    </div>
  );
}
