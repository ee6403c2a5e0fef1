import { ApiFailure } from '../../shared/result';
import type { EngineContext } from './context';
import type { HandlersFor } from './dispatch';

/**
 * Host-only operations as the headless engine answers them. The Electron host intercepts
 * `dialog.openFolder` before it reaches the engine; anywhere else there is no native dialog.
 */
export function appHandlers(_ctx: EngineContext): HandlersFor<'dialog.openFolder'> {
  return {
    'dialog.openFolder': () => {
      throw new ApiFailure('unavailable', 'No folder dialog here: type the folder path instead.');
    },
  };
}
