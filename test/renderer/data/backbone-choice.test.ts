import { afterEach, describe, expect, it, vi } from 'vitest';
import { chooseBackbone, chosenBackbone, withBackbone } from '../../../src/renderer/features/data/backbone-choice';

function memoryStorage() {
  const m = new Map<string, string>();
  return { getItem: (k: string) => m.get(k) ?? null, setItem: (k: string, v: string) => void m.set(k, v), removeItem: (k: string) => void m.delete(k) };
}

afterEach(() => vi.unstubAllGlobals());

describe('the backbone chosen for a dataset’s analyses', () => {
  it('is remembered per dataset; null goes back to the default (undefined)', () => {
    vi.stubGlobal('localStorage', memoryStorage());
    expect(chosenBackbone(1)).toBeUndefined();
    chooseBackbone(1, 'facebook/dinov2-small');
    chooseBackbone(2, 'google/vit-base-patch16-224');
    expect([chosenBackbone(1), chosenBackbone(2), chosenBackbone(3)]).toEqual(['facebook/dinov2-small', 'google/vit-base-patch16-224', undefined]);
    chooseBackbone(1, null);
    expect(chosenBackbone(1)).toBeUndefined();
  });

  it('goes into a request unless the request names a backbone; without a choice the engine’s default applies', () => {
    const request: { datasetId: number; limit: number; model?: string } = { datasetId: 1, limit: 10 };
    expect(withBackbone(request, undefined)).toEqual(request);
    expect(withBackbone(request, 'facebook/dinov2-small')).toEqual({ datasetId: 1, limit: 10, model: 'facebook/dinov2-small' });
    expect(withBackbone({ ...request, model: '/models/mine' }, 'facebook/dinov2-small').model).toBe('/models/mine');
  });

  it('falls back to the default when storage is blocked', () => {
    vi.stubGlobal('localStorage', { getItem: () => { throw new Error('blocked'); }, setItem: () => { throw new Error('blocked'); }, removeItem: () => undefined });
    expect(() => chooseBackbone(1, 'x')).not.toThrow();
    expect(chosenBackbone(1)).toBeUndefined();
  });
});
