import type { Action } from '../../../app/actions';
import type { WorkbenchContext } from './context';

type A = Action<WorkbenchContext>;
const inGrid = (c: WorkbenchContext) => !c.lightboxOpen && !c.pickerOpen && c.total > 0;

/** Arrow/Home/End moves in the grid; with Shift it extends the selection from its anchor. */
function move(name: string, key: string, label: string, to: (c: WorkbenchContext) => number, hint: string | null = null): A {
  return {
    name,
    label,
    keys: [key, `Shift+${key}`],
    hint: () => hint,
    enabled: inGrid,
    perform: (c, e) => c.moveFocus(to(c), !!e?.shiftKey),
  };
}

export const moveRight = move('grid.right', 'ArrowRight', 'move', (c) => c.focus + 1, '←↑→↓');
export const moveLeft = move('grid.left', 'ArrowLeft', 'move left', (c) => c.focus - 1);
export const moveDown = move('grid.down', 'ArrowDown', 'move down', (c) => c.focus + c.columns);
export const moveUp = move('grid.up', 'ArrowUp', 'move up', (c) => c.focus - c.columns);
export const moveFirst = move('grid.first', 'Home', 'first image', () => 0);
export const moveLast = move('grid.last', 'End', 'last image', (c) => c.total - 1);

export const openLightbox: A = {
  name: 'grid.open',
  label: 'open',
  keys: ['Enter'],
  enabled: inGrid,
  perform: (c) => c.openLightbox(),
};

export const closeLightbox: A = {
  name: 'lightbox.close',
  label: 'close image',
  keys: ['Escape'],
  hint: () => null,
  enabled: (c) => c.lightboxOpen,
  perform: (c) => c.closeLightbox(),
};

/** In the lightbox every arrow steps one image (there are no rows). */
export const lightboxStep: A = {
  name: 'lightbox.step',
  label: 'previous / next image',
  keys: ['ArrowLeft', 'ArrowUp', 'ArrowRight', 'ArrowDown'],
  hint: () => null,
  enabled: (c) => c.lightboxOpen,
  perform: (c, e) => c.moveFocus(c.focus + (e?.key === 'ArrowLeft' || e?.key === 'ArrowUp' ? -1 : 1), false),
};

export const navigationActions: A[] = [closeLightbox, lightboxStep, moveRight, moveLeft, moveDown, moveUp, moveFirst, moveLast, openLightbox];
