import type { ImageFilter } from './image-collection';
import type { Selection } from './selection';

/**
 * What Browse and Label share for a dataset while the app is open: the filter, the selection and
 * the focused cell. They are two screens over one workbench, so switching between them keeps all
 * three (switching datasets keeps each dataset's own).
 */
export interface WorkbenchMemory {
  filter: ImageFilter;
  selection: Selection;
  focus: number;
}

const memory = new Map<number, WorkbenchMemory>();

export const DEFAULT_FILTER: ImageFilter = { sort: 'path', order: 'asc' };

export function recallWorkbench(datasetId: number): WorkbenchMemory {
  return memory.get(datasetId) ?? { filter: DEFAULT_FILTER, selection: { ids: new Set(), anchor: -1 }, focus: 0 };
}

export function rememberWorkbench(datasetId: number, state: WorkbenchMemory): void {
  memory.set(datasetId, state);
}
