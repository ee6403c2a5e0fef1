import type { LabelInfo } from '../../../../shared/types';
import type { LabelKeys } from '../../label/label-keys';

/** What the image workbench's actions (Browse and Label alike) read and do. */
export interface WorkbenchContext {
  total: number;
  focus: number;
  columns: number;
  lightboxOpen: boolean;
  pickerOpen: boolean;
  /** Images the next label change applies to (the selection, else the focused image). */
  targetCount: number;
  labels: readonly LabelInfo[];
  labelKeys: LabelKeys;
  moveFocus(index: number, extend: boolean): void;
  openLightbox(): void;
  closeLightbox(): void;
  toggleFocused(): void;
  clearSelection(): void;
  selectAll(): void;
  assignLabel(labelId: number | null): void;
  /** Opens the type-ahead label picker, optionally with text already typed. */
  openPicker(typed?: string): void;
  undo(): void;
  redo(): void;
  /** Whether look-alikes can be asked for here (the engine offers data.similar). */
  canFindSimilar: boolean;
  /** Shows the focused image's look-alikes in the grid. */
  moreLikeThis(): void;
}
