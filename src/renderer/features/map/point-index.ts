// A uniform grid over the layout for "which point is under the pointer": built in one counting
// pass (O(n)), a query looks at the few cells around the pointer instead of every point. The
// render worker builds the grid (plain typed arrays, transferred to the page) so that the page's
// thread never spends the O(n) pass; the page answers queries on it.

export interface PointIndex {
  /** The point nearest (x, y) within `radius` layout units, or -1. */
  nearest(x: number, y: number, radius: number): number;
}

/** Points sorted by grid cell: the points of cell c are order[start[c]] … order[start[c + 1] - 1]. */
export interface PointGrid {
  side: number;
  start: Uint32Array;
  order: Uint32Array;
}

const LO = -1.05;
const HI = 1.05;

const cellOf = (v: number, side: number) => Math.min(side - 1, Math.max(0, Math.floor(((v - LO) / (HI - LO)) * side)));

/** The grid of interleaved x, y positions (layout units), `side` × `side` cells. */
export function buildPointGrid(xy: Float32Array, side = 256): PointGrid {
  const n = xy.length >> 1;
  const start = new Uint32Array(side * side + 1);
  const cells = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    const c = cellOf(xy[2 * i + 1]!, side) * side + cellOf(xy[2 * i]!, side);
    cells[i] = c;
    start[c + 1]!++;
  }
  for (let c = 0; c < side * side; c++) start[c + 1]! += start[c]!;
  const fill = start.slice(0, side * side);
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[fill[cells[i]!]!++] = i;
  return { side, start, order };
}

/** Nearest-point queries over positions `xy` with their grid. */
export function gridIndex(xy: Float32Array, { side, start, order }: PointGrid): PointIndex {
  return {
    nearest(x, y, radius) {
      const cx0 = cellOf(x - radius, side);
      const cx1 = cellOf(x + radius, side);
      const cy0 = cellOf(y - radius, side);
      const cy1 = cellOf(y + radius, side);
      let best = -1;
      let bestD = radius * radius;
      for (let cy = cy0; cy <= cy1; cy++) {
        for (let cx = cx0; cx <= cx1; cx++) {
          const c = cy * side + cx;
          for (let k = start[c]!; k < start[c + 1]!; k++) {
            const i = order[k]!;
            const dx = xy[2 * i]! - x;
            const dy = xy[2 * i + 1]! - y;
            const d = dx * dx + dy * dy;
            if (d <= bestD) {
              bestD = d;
              best = i;
            }
          }
        }
      }
      return best;
    },
  };
}

export function buildPointIndex(xy: Float32Array, side = 256): PointIndex {
  return gridIndex(xy, buildPointGrid(xy, side));
}
