import type { Action, KeyLike } from '../../../app/actions';
import type { WorkbenchContext } from './context';

type A = Action<WorkbenchContext>;
const isPlain = (e: KeyLike) => !e.ctrlKey && !e.metaKey && !e.altKey;

/**
 * M: the images most similar to the focused one (cosine similarity of the backbone's features),
 * shown in the grid, most similar first, with "Show all images" to go back. A label named "m"
 * keeps its key (label keys come first); the lightbox's "Show in grid" still does it then.
 */
export const moreLikeThis: A = {
  name: 'grid.moreLikeThis',
  label: 'more like this',
  hint: (c) => (c.labelKeys.labelFor('m') || !c.canFindSimilar ? null : 'M'),
  keyTest: (e, c) => isPlain(e) && (e.key === 'm' || e.key === 'M') && !c.labelKeys.labelFor(e.key),
  enabled: (c) => c.canFindSimilar && !c.pickerOpen && c.total > 0,
  perform: (c) => c.moreLikeThis(),
};

export const lookalikeActions: A[] = [moreLikeThis];
