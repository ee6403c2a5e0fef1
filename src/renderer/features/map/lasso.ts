// Lasso selection: the points inside a closed polygon drawn on the map (layout units).

export type Polygon = readonly (readonly [number, number])[];

/** Even-odd ray casting: whether (x, y) lies inside the polygon. */
export function insidePolygon(polygon: Polygon, x: number, y: number): boolean {
  let inside = false;
  for (let i = 0, j = polygon.length - 1; i < polygon.length; j = i++) {
    const [xi, yi] = polygon[i]!;
    const [xj, yj] = polygon[j]!;
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** Indices of the points (interleaved x, y) inside the polygon, ascending; a bounding-box test first keeps it cheap. */
export function pointsInPolygon(xy: ArrayLike<number>, polygon: Polygon): number[] {
  if (polygon.length < 3) return [];
  let x0 = Infinity;
  let x1 = -Infinity;
  let y0 = Infinity;
  let y1 = -Infinity;
  for (const [x, y] of polygon) {
    x0 = Math.min(x0, x);
    x1 = Math.max(x1, x);
    y0 = Math.min(y0, y);
    y1 = Math.max(y1, y);
  }
  const picked: number[] = [];
  for (let i = 0; i < xy.length >> 1; i++) {
    const x = xy[2 * i]!;
    const y = xy[2 * i + 1]!;
    if (x < x0 || x > x1 || y < y0 || y > y1) continue;
    if (insidePolygon(polygon, x, y)) picked.push(i);
  }
  return picked;
}

/** Drops lasso points closer than `minStep` to the previous one (a drag sends hundreds). */
export function appendLassoPoint(polygon: [number, number][], x: number, y: number, minStep: number): [number, number][] {
  const last = polygon[polygon.length - 1];
  if (last && Math.hypot(last[0] - x, last[1] - y) < minStep) return polygon;
  return [...polygon, [x, y]];
}
