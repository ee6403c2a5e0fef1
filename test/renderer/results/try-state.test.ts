import { describe, expect, it } from 'vitest';
import { TRY_IDLE, tryReducer, type TryState } from '../../../src/renderer/features/results/try-state';

describe('"Try an image" state', () => {
  const shown: TryState = { preview: 'data:image/png;base64,AAAA', result: [{ label: 'cat', score: 0.9 } as never], error: null, busy: false };

  it('an error after a good image clears the old thumbnail (it stayed beside the error)', () => {
    const next = tryReducer(tryReducer(shown, { type: 'start' }), { type: 'error', message: 'notes.txt is not an image.' });
    expect(next).toEqual({ preview: null, result: null, error: 'notes.txt is not an image.', busy: false });
  });

  it('a new file clears the last one at once, then shows its own thumbnail and predictions', () => {
    const started = tryReducer(shown, { type: 'start' });
    expect(started).toEqual({ ...TRY_IDLE, busy: true });
    const read = tryReducer(started, { type: 'read', preview: 'data:x' });
    expect(tryReducer(read, { type: 'result', predictions: [] })).toEqual({ preview: 'data:x', result: [], error: null, busy: false });
  });

  it('a prediction that fails after the image was read drops its thumbnail too', () => {
    const read = tryReducer(tryReducer(shown, { type: 'start' }), { type: 'read', preview: 'data:x' });
    expect(tryReducer(read, { type: 'error', message: 'cannot decode' }).preview).toBeNull();
  });
});
