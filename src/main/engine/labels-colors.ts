// A fixed palette of distinct, readable colors (Tableau 10 followed by its lighter companions):
// the n-th label of a dataset gets the n-th color, so colors are stable and never random.
export const LABEL_PALETTE = [
  '#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1', '#ff9da7',
  '#9c755f', '#bab0ac', '#a0cbe8', '#ffbe7d', '#ff9d9a', '#86bcb6', '#8cd17d', '#f1ce63',
  '#d4a6c8', '#fabfd2', '#d7b5a6', '#79706e',
] as const;

export function labelColor(index: number): string {
  return LABEL_PALETTE[((index % LABEL_PALETTE.length) + LABEL_PALETTE.length) % LABEL_PALETTE.length]!;
}
