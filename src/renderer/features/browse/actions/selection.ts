import type { Action } from '../../../app/actions';
import type { WorkbenchContext } from './context';

type A = Action<WorkbenchContext>;
const inGrid = (c: WorkbenchContext) => !c.lightboxOpen && !c.pickerOpen;

export const toggleSelect: A = {
  name: 'selection.toggle',
  label: 'select / deselect',
  keys: [' '],
  hint: () => null,
  enabled: (c) => inGrid(c) && c.total > 0,
  perform: (c) => c.toggleFocused(),
};

export const clearSelection: A = {
  name: 'selection.clear',
  label: 'clear selection',
  keys: ['Escape'],
  hint: () => null,
  enabled: inGrid,
  perform: (c) => c.clearSelection(),
};

export const selectAll: A = {
  name: 'selection.all',
  label: 'select all',
  keys: ['Mod+A'],
  enabled: (c) => inGrid(c) && c.total > 0,
  perform: (c) => c.selectAll(),
};

export const selectionActions: A[] = [toggleSelect, clearSelection, selectAll];
