import type { Action, KeyLike } from '../../../app/actions';
import type { WorkbenchContext } from './context';
import { pickerOpening } from '../../label/label-keys';

type A = Action<WorkbenchContext>;
const canLabel = (c: WorkbenchContext) => !c.pickerOpen && c.targetCount > 0;
const isPlain = (e: KeyLike) => !e.ctrlKey && !e.metaKey && !e.altKey;

/** The key of a label assigns it (label-keys.ts says which key that is). */
export const assignLabelByKey: A = {
  name: 'label.assign',
  label: 'assign label',
  hint: (c) => (c.labelKeys.mode === 'names' ? 'its name' : c.labelKeys.mode === 'positions' && c.labels.length > 0 ? `1–${Math.min(9, c.labels.length)}` : null),
  keyTest: (e, c) => isPlain(e) && c.labelKeys.labelFor(e.key) !== undefined,
  enabled: canLabel,
  perform: (c, e) => {
    const label = e && c.labelKeys.labelFor(e.key);
    if (label) c.assignLabel(label.id);
  },
};

export const unlabel: A = {
  name: 'label.remove',
  label: 'unlabel',
  keys: ['Backspace', 'Delete'],
  hint: (c) => (c.labelKeys.mode === 'positions' ? '0 / Backspace' : 'Backspace'),
  keyTest: (e, c) => isPlain(e) && c.labelKeys.unlabels(e.key),
  enabled: canLabel,
  perform: (c) => c.assignLabel(null),
};

/** "/" (or L when no label owns that key) opens the type-ahead picker; in picker mode a digit does, typed in. */
export const openLabelPicker: A = {
  name: 'label.pick',
  label: 'pick a label by name',
  hint: (c) => (c.labelKeys.labelFor('l') ? '/' : 'L or /'),
  keyTest: (e, c) => isPlain(e) && pickerOpening(e.key, c.labelKeys) !== null,
  enabled: (c) => canLabel(c) && c.labels.length > 0,
  perform: (c, e) => c.openPicker((e && pickerOpening(e.key, c.labelKeys)) ?? ''),
};

export const undo: A = {
  name: 'edits.undo',
  label: 'undo',
  keys: ['Mod+Z'],
  enabled: (c) => !c.pickerOpen,
  perform: (c) => c.undo(),
};

export const redo: A = {
  name: 'edits.redo',
  label: 'redo',
  keys: ['Shift+Mod+Z', 'Mod+Y'],
  enabled: (c) => !c.pickerOpen,
  perform: (c) => c.redo(),
};

export const labelingActions: A[] = [assignLabelByKey, unlabel, openLabelPicker, undo, redo];
