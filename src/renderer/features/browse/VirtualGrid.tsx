import { useEffect, useLayoutEffect, useRef, useState, type ReactNode } from 'react';
import { BAND_THRESHOLD_PX, cellsInBand, type BandRect } from './rubber-band';

export interface GridLayout {
  columns: number;
  cell: number;
}

/** What a cell is rendered with: the layout, and whether scrolling has settled. */
export interface CellContext extends GridLayout {
  /**
   * False right after a jump of more than a screen (scrollbar drag, Home/End, a far jump): cells
   * then skip their images until scrolling settles, so a jump never requests ~100 images in the
   * same task that mounts ~100 cells.
   */
  settled: boolean;
}

const SETTLE_MS = 120;

interface Props {
  count: number;
  /** Cell edge in px (zoom). Cells are square plus a caption strip. */
  cellSize: number;
  captionHeight: number;
  focusIndex: number;
  renderCell(index: number, context: CellContext): ReactNode;
  onLayout?(layout: GridLayout): void;
  onKeyDown?(e: React.KeyboardEvent<HTMLDivElement>): void;
  /** Rubber band: the cells a drag covered; additive with Shift/Ctrl/Cmd held. */
  onBandSelect?(indices: number[], additive: boolean): void;
  label: string;
}

const OVERSCAN_ROWS = 3;
const GAP = 8;

/**
 * A windowed grid: fixed-size cells, absolutely positioned rows, and only the rows in view (plus
 * a few above and below) exist in the DOM — a 100,000-item grid renders the same ~100 cells as a
 * 100-item one. Scrolling only updates one number; rows are keyed by row index.
 */
export function VirtualGrid({ count, cellSize, captionHeight, focusIndex, renderCell, onLayout, onKeyDown, onBandSelect, label }: Props) {
  const scroller = useRef<HTMLDivElement>(null);
  const [band, setBand] = useState<BandRect | null>(null);
  const drag = useRef<{ start: BandRect; active: boolean; pointer: number } | null>(null);
  const swallowClick = useRef(false);
  const [width, setWidth] = useState(0);
  const [height, setHeight] = useState(0);
  const [scrollTop, setScrollTop] = useState(0);
  const [settled, setSettled] = useState(true);
  const settleTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(() => () => void (settleTimer.current && clearTimeout(settleTimer.current)), []);
  const onScroll = (top: number) => {
    if (Math.abs(top - scrollTop) > height) {
      setSettled(false);
      if (settleTimer.current) clearTimeout(settleTimer.current);
      settleTimer.current = setTimeout(() => setSettled(true), SETTLE_MS);
    }
    setScrollTop(top);
  };

  useLayoutEffect(() => {
    const el = scroller.current!;
    const measure = () => {
      setWidth(el.clientWidth);
      setHeight(el.clientHeight);
    };
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  const columns = Math.max(1, Math.floor((width - GAP) / (cellSize + GAP)));
  const rowHeight = cellSize + captionHeight + GAP;
  const rows = Math.ceil(count / columns);
  const first = Math.max(0, Math.floor(scrollTop / rowHeight) - OVERSCAN_ROWS);
  const last = Math.min(rows - 1, Math.ceil((scrollTop + height) / rowHeight) + OVERSCAN_ROWS);

  useEffect(() => {
    onLayout?.({ columns, cell: cellSize });
  }, [columns, cellSize, onLayout]);

  // Keep the focused cell in view when the keyboard moves it.
  useEffect(() => {
    const el = scroller.current;
    if (!el || focusIndex < 0 || width === 0) return;
    const top = Math.floor(focusIndex / columns) * rowHeight;
    if (top < el.scrollTop) el.scrollTop = top;
    else if (top + rowHeight > el.scrollTop + el.clientHeight) el.scrollTop = top + rowHeight - el.clientHeight + GAP;
  }, [focusIndex, columns, rowHeight, width]);

  const rowElements: ReactNode[] = [];
  if (width > 0) {
    for (let r = first; r <= last; r++) {
      const cells: ReactNode[] = [];
      for (let c = 0; c < columns; c++) {
        const index = r * columns + c;
        if (index >= count) break;
        cells.push(renderCell(index, { columns, cell: cellSize, settled }));
      }
      rowElements.push(
        <div key={r} role="row" aria-rowindex={r + 1} className="grid-row" style={{ transform: `translateY(${r * rowHeight + GAP}px)`, height: rowHeight - GAP, gap: GAP, paddingLeft: GAP }}>
          {cells}
        </div>,
      );
    }
  }

  // Canvas coordinates of a pointer event (the canvas scrolls inside the scroller).
  const at = (e: React.PointerEvent) => {
    const r = scroller.current!.getBoundingClientRect();
    return { x: e.clientX - r.left, y: e.clientY - r.top + scroller.current!.scrollTop };
  };
  const bandHandlers = onBandSelect && {
    onPointerDown: (e: React.PointerEvent<HTMLDivElement>) => {
      if (e.button !== 0 || e.pointerType === 'touch') return;
      const p = at(e);
      if (p.x > scroller.current!.clientWidth) return; // the scrollbar
      drag.current = { start: { x0: p.x, y0: p.y, x1: p.x, y1: p.y }, active: false, pointer: e.pointerId };
    },
    onPointerMove: (e: React.PointerEvent<HTMLDivElement>) => {
      const d = drag.current;
      if (!d || d.pointer !== e.pointerId) return;
      const p = at(e);
      const next = { ...d.start, x1: p.x, y1: p.y };
      if (!d.active && Math.hypot(p.x - d.start.x0, p.y - d.start.y0) < BAND_THRESHOLD_PX) return;
      if (!d.active) {
        d.active = true;
        e.currentTarget.setPointerCapture(e.pointerId);
      }
      setBand(next);
    },
    onPointerUp: (e: React.PointerEvent<HTMLDivElement>) => {
      const d = drag.current;
      drag.current = null;
      if (!d?.active || !band) return;
      swallowClick.current = true; // the click that ends a drag is not a cell click
      const indices = cellsInBand(band, { columns, cell: cellSize, rowHeight, gap: GAP, count });
      setBand(null);
      onBandSelect(indices, e.shiftKey || e.ctrlKey || e.metaKey);
    },
    onClickCapture: (e: React.MouseEvent) => {
      if (swallowClick.current) {
        swallowClick.current = false;
        e.stopPropagation();
      }
    },
  };

  return (
    <div
      ref={scroller}
      {...bandHandlers}
      className="grid-scroller"
      role="grid"
      aria-label={label}
      aria-rowcount={rows}
      aria-colcount={columns}
      aria-multiselectable="true"
      tabIndex={0}
      onKeyDown={onKeyDown}
      onScroll={(e) => onScroll(e.currentTarget.scrollTop)}
    >
      <div className="grid-canvas" style={{ height: rows * rowHeight + GAP }}>
        {rowElements}
        {band && (
          <div
            className="rubber-band"
            aria-hidden="true"
            style={{
              left: Math.min(band.x0, band.x1),
              top: Math.min(band.y0, band.y1),
              width: Math.abs(band.x1 - band.x0),
              height: Math.abs(band.y1 - band.y0),
            }}
          />
        )}
      </div>
    </div>
  );
}
