// Layout of the confusion matrix (pure): per-cell share of its true row (the colour), row and
// column totals, and the cell size that fits the labels into the available width.

export interface ConfusionCell {
  t: number;
  p: number;
  count: number;
  /** count / row total (0 when the row is empty): recall-coloured, so small classes show too. */
  share: number;
  diagonal: boolean;
}

export interface ConfusionLayout {
  cells: ConfusionCell[][];
  rowTotals: number[];
  colTotals: number[];
  total: number;
  /** Cell edge in px. */
  cell: number;
}

export function confusionLayout(confusion: number[][], availableWidth = 640, minCell = 28, maxCell = 72): ConfusionLayout {
  const L = confusion.length;
  const rowTotals = confusion.map((row) => row.reduce((a, b) => a + b, 0));
  const colTotals = Array.from({ length: L }, (_, p) => confusion.reduce((a, row) => a + (row[p] ?? 0), 0));
  const total = rowTotals.reduce((a, b) => a + b, 0);
  const cells = confusion.map((row, t) =>
    row.map((count, p) => ({ t, p, count, share: rowTotals[t] ? count / rowTotals[t]! : 0, diagonal: t === p })),
  );
  const cell = Math.max(minCell, Math.min(maxCell, Math.floor(availableWidth / Math.max(1, L))));
  return { cells, rowTotals, colTotals, total, cell };
}

/** How the matrix is drawn in a given width. */
export interface MatrixFit {
  /** Cell edge in px. */
  cell: number;
  gap: number;
  /** Row and column names and the totals column are drawn (else only in tooltips). */
  names: boolean;
  /** Counts are written in the cells. */
  counts: boolean;
  /** Width of the row-name column (0 when names are off). */
  labelColumn: number;
  /** Width of the totals column (0 when names are off). */
  totalColumn: number;
}

const NAMED_MIN_CELL = 20;

/**
 * Fits `classes` columns into `width` px. With room for cells of at least 20 px the matrix has
 * names, counts and totals; below that (37 classes in a 440 px column) it becomes a compact
 * heatmap of small cells with 1 px gaps that still shows the diagonal and the hot spots, names
 * and counts in each cell's tooltip, and a zoom for the details. `minCell` > 0 asks for the named
 * form whatever the width (the zoomed view, which scrolls).
 */
export function fitMatrix(classes: number, width: number, longestName: number, minCell = 0, maxCell = 72): MatrixFit {
  const L = Math.max(1, classes);
  const labelColumn = Math.max(48, Math.min(120, 8 + 7 * longestName));
  const totalColumn = 40;
  const gap = 2;
  const named = Math.floor((width - labelColumn - totalColumn - gap * (L + 1)) / L);
  if (named >= NAMED_MIN_CELL || minCell > 0) {
    const cell = Math.min(maxCell, Math.max(minCell, named));
    return { cell, gap, names: true, counts: true, labelColumn, totalColumn };
  }
  return { cell: Math.max(4, Math.floor((width - (L - 1)) / L)), gap: 1, names: false, counts: false, labelColumn: 0, totalColumn: 0 };
}

/** One off-diagonal cell: true class t predicted as p. */
export interface Confusion {
  t: number;
  p: number;
  count: number;
  /** Share of class t's test images that went to p. */
  share: number;
}

/** The most frequent mistakes (off-diagonal cells with images), most images first, then by share. */
export function topConfusions(confusion: number[][], k = 8): Confusion[] {
  const out: Confusion[] = [];
  confusion.forEach((row, t) => {
    const total = row.reduce((a, b) => a + b, 0);
    row.forEach((count, p) => {
      if (p !== t && count > 0) out.push({ t, p, count, share: total ? count / total : 0 });
    });
  });
  return out.sort((a, b) => b.count - a.count || b.share - a.share || a.t - b.t || a.p - b.p).slice(0, k);
}

/**
 * Background of a cell: the accent (correct, diagonal) or danger (errors) colour at an opacity
 * that grows with the share; empty cells stay transparent.
 */
export function cellColor(c: ConfusionCell): string {
  if (c.count === 0) return 'transparent';
  const alpha = 0.12 + 0.78 * c.share;
  return c.diagonal ? `rgba(31, 157, 85, ${alpha.toFixed(3)})` : `rgba(217, 61, 61, ${alpha.toFixed(3)})`;
}

/** White text on strong cells, the normal text colour on light ones. */
export function cellInk(c: ConfusionCell): 'light' | 'dark' {
  return c.count > 0 && c.share >= 0.5 ? 'light' : 'dark';
}
