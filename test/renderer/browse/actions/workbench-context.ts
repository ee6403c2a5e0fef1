import { vi } from 'vitest';
import { runActionForKey, shortcutHints, type KeyLike } from '../../../../src/renderer/app/actions';
import { workbenchActions, type WorkbenchContext } from '../../../../src/renderer/features/browse/actions';
import { labelKeys } from '../../../../src/renderer/features/label/label-keys';
import type { LabelInfo } from '../../../../src/shared/types';

export const key = (k: string, mods: Partial<KeyLike> = {}): KeyLike => ({ key: k, ctrlKey: false, metaKey: false, shiftKey: false, altKey: false, ...mods });

export const makeLabels = (names: string[]): LabelInfo[] => names.map((name, i) => ({ id: 100 + i, datasetId: 1, name, color: '#888888', count: i }));

/** A workbench context whose operations are spies: 20 images in rows of 5, focus on 7. */
export function context(over: Partial<WorkbenchContext> & { labelNames?: string[] } = {}): WorkbenchContext {
  const labels = makeLabels(over.labelNames ?? ['cat', 'dog', 'fish']);
  return {
    total: 20,
    focus: 7,
    columns: 5,
    lightboxOpen: false,
    pickerOpen: false,
    targetCount: 1,
    labels,
    labelKeys: labelKeys(labels),
    moveFocus: vi.fn(),
    openLightbox: vi.fn(),
    closeLightbox: vi.fn(),
    toggleFocused: vi.fn(),
    clearSelection: vi.fn(),
    selectAll: vi.fn(),
    assignLabel: vi.fn(),
    openPicker: vi.fn(),
    undo: vi.fn(),
    redo: vi.fn(),
    canFindSimilar: true,
    moreLikeThis: vi.fn(),
    ...over,
  };
}

/** A key press through the workbench's actions, as the screen's handler runs it. */
export const press = (k: KeyLike, c: WorkbenchContext): boolean => runActionForKey(workbenchActions, k, c);

export const hints = (c: WorkbenchContext) => shortcutHints(workbenchActions, c, false);
