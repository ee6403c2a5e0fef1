import type { Action } from '../../../app/actions';
import type { WorkbenchContext } from './context';
import { labelingActions } from './labeling';
import { lookalikeActions } from './lookalikes';
import { navigationActions } from './navigation';
import { selectionActions } from './selection';

export type { WorkbenchContext } from './context';

/**
 * Every keyboard action of the image workbench, Browse and Label alike. Order is the tie-break
 * (the first enabled match wins): label keys come before selection keys, so a label named "a"
 * takes A while Ctrl+A still selects all, and a label named "m" takes M from "more like this".
 */
export const workbenchActions: readonly Action<WorkbenchContext>[] = [...navigationActions, ...labelingActions, ...selectionActions, ...lookalikeActions];
