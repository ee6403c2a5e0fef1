import type { Prediction } from '../../../shared/api/model';

/** What "Try an image" shows: one image, its predictions or why there are none. */
export interface TryState {
  preview: string | null;
  result: Prediction[] | null;
  error: string | null;
  busy: boolean;
}

export type TryEvent =
  | { type: 'start' }
  | { type: 'read'; preview: string }
  | { type: 'result'; predictions: Prediction[] }
  | { type: 'error'; message: string };

export const TRY_IDLE: TryState = { preview: null, result: null, error: null, busy: false };

/**
 * A new file replaces everything of the last one: its thumbnail too, so an error never sits next
 * to the previous image as if that image had failed (issue 14, item 13).
 */
export function tryReducer(state: TryState, event: TryEvent): TryState {
  switch (event.type) {
    case 'start':
      return { preview: null, result: null, error: null, busy: true };
    case 'read':
      return { ...state, preview: event.preview };
    case 'result':
      return { ...state, result: event.predictions, busy: false };
    case 'error':
      return { preview: null, result: null, error: event.message, busy: false };
  }
}
