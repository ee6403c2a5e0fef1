// A uniform grid over the layout for "which point is under the pointer": built in one counting
// pass (O(n)), a query looks at the few cells around the pointer instead of every point.

export interface PointIndex {
  /** The point nearest (x, y) within `radius` layout units, or -1. */
  nearest(x: number, y: number, radius: number): number;
}

const LO = -1.05;
const HI = 1.05;

export function buildPointIndex(xs: Float32Array, ys: Float32Array, cellsPerSide = 256): PointIndex {
  const n = xs.length;
  const side = cellsPerSide;
  const cellOf = (v: number) => Math.min(side - 1, Math.max(0, Math.floor(((v - LO) / (HI - LO)) * side)));
  const start = new Uint32Array(side * side + 1);
  const cells = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    const c = cellOf(ys[i]!) * side + cellOf(xs[i]!);
    cells[i] = c;
    start[c + 1]!++;
  }
  for (let c = 0; c < side * side; c++) start[c + 1]! += start[c]!;
  const fill = start.slice(0, side * side);
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[fill[cells[i]!]!++] = i;

  return {
    nearest(x, y, radius) {
      const cx0 = cellOf(x - radius);
      const cx1 = cellOf(x + radius);
      const cy0 = cellOf(y - radius);
      const cy1 = cellOf(y + radius);
      let best = -1;
      let bestD = radius * radius;
      for (let cy = cy0; cy <= cy1; cy++) {
        for (let cx = cx0; cx <= cx1; cx++) {
          const c = cy * side + cx;
          for (let k = start[c]!; k < start[c + 1]!; k++) {
            const i = order[k]!;
            const dx = xs[i]! - x;
            const dy = ys[i]! - y;
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
