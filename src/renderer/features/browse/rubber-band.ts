// Rubber-band selection over the windowed grid: the band is a rectangle in canvas coordinates
// (scroll included), and the cells it touches follow from the grid's fixed geometry alone, so
// a band over 100,000 images needs no DOM look-ups.

export interface BandRect {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

export interface GridGeometry {
  columns: number;
  cell: number;
  rowHeight: number;
  gap: number;
  count: number;
}

/** Indices of the cells whose square touches the band, in grid order. */
export function cellsInBand(band: BandRect, g: GridGeometry): number[] {
  const left = Math.min(band.x0, band.x1);
  const right = Math.max(band.x0, band.x1);
  const top = Math.min(band.y0, band.y1);
  const bottom = Math.max(band.y0, band.y1);
  const pitch = g.cell + g.gap;
  // Column c spans [gap + c·pitch, gap + c·pitch + cell]; row r spans [gap + r·rowHeight, + rowHeight − gap].
  const c0 = Math.max(0, Math.ceil((left - g.gap - g.cell) / pitch));
  const c1 = Math.min(g.columns - 1, Math.floor((right - g.gap) / pitch));
  const r0 = Math.max(0, Math.ceil((top - g.gap - (g.rowHeight - g.gap)) / g.rowHeight));
  const r1 = Math.floor((bottom - g.gap) / g.rowHeight);
  const out: number[] = [];
  for (let r = r0; r <= r1; r++) {
    for (let c = c0; c <= c1; c++) {
      const i = r * g.columns + c;
      if (i < g.count) out.push(i);
    }
  }
  return out;
}

/** A drag shorter than this is a click. */
export const BAND_THRESHOLD_PX = 5;
