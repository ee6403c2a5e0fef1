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
