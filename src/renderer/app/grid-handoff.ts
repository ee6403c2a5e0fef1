// "Open in grid" from another screen (a lasso on the map, a near-duplicate group): the images
// to show are handed to the Browse grid, which takes them once when it mounts.

export interface GridHandoff {
  datasetId: number;
  imageIds: number[];
  /** What the grid says it shows: "picked on the map". */
  title: string;
}

let pending: GridHandoff | null = null;

export function handOffToGrid(handoff: GridHandoff): void {
  pending = handoff;
}

/** The images handed to the grid of this dataset, once (later mounts show the whole dataset). */
export function takeGridHandoff(datasetId: number): GridHandoff | null {
  const p = pending;
  if (!p || p.datasetId !== datasetId) return null;
  pending = null;
  return p;
}
