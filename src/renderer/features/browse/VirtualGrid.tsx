import { useEffect, useLayoutEffect, useRef, useState, type ReactNode } from 'react';

export interface GridLayout {
  columns: number;
  cell: number;
}

interface Props {
  count: number;
  /** Cell edge in px (zoom). Cells are square plus a caption strip. */
  cellSize: number;
  captionHeight: number;
  focusIndex: number;
  renderCell(index: number, layout: GridLayout): ReactNode;
  onLayout?(layout: GridLayout): void;
  onKeyDown?(e: React.KeyboardEvent<HTMLDivElement>): void;
  label: string;
}

const OVERSCAN_ROWS = 3;
const GAP = 8;

/**
 * A windowed grid: fixed-size cells, absolutely positioned rows, and only the rows in view (plus
 * a few above and below) exist in the DOM — a 100,000-item grid renders the same ~100 cells as a
 * 100-item one. Scrolling only updates one number; rows are keyed by row index.
 */
export function VirtualGrid({ count, cellSize, captionHeight, focusIndex, renderCell, onLayout, onKeyDown, label }: Props) {
  const scroller = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(0);
  const [height, setHeight] = useState(0);
  const [scrollTop, setScrollTop] = useState(0);

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
        cells.push(renderCell(index, { columns, cell: cellSize }));
      }
      rowElements.push(
        <div key={r} role="row" aria-rowindex={r + 1} className="grid-row" style={{ transform: `translateY(${r * rowHeight + GAP}px)`, height: rowHeight - GAP, gap: GAP, paddingLeft: GAP }}>
          {cells}
        </div>,
      );
    }
  }

  return (
    <div
      ref={scroller}
      className="grid-scroller"
      role="grid"
      aria-label={label}
      aria-rowcount={rows}
      aria-colcount={columns}
      aria-multiselectable="true"
      tabIndex={0}
      onKeyDown={onKeyDown}
      onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}
    >
      <div className="grid-canvas" style={{ height: rows * rowHeight + GAP }}>
        {rowElements}
      </div>
    </div>
  );
}
