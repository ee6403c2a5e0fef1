import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Engine } from '../../../src/main/engine/engine';
import type { ApiClient } from '../../../src/renderer/app/client';
import { BackboneChoices, withBackbone } from '../../../src/renderer/features/data/backbone-choice';
import { useTempDirs } from '../../helpers/temp-dirs';

const tmp = useTempDirs();

function memoryStorage(entries: Record<string, string> = {}) {
  const m = new Map(Object.entries(entries));
  return { getItem: (k: string) => m.get(k) ?? null, setItem: (k: string, v: string) => void m.set(k, v), removeItem: (k: string) => void m.delete(k), m };
}

/** A renderer's client of a real engine (as over IPC or serve), and what it sent. */
function clientOf(engine: Engine) {
  const sent: string[] = [];
  const client: ApiClient = {
    host: 'browser',
    call: ((channel: string, request: unknown) => (sent.push(channel), engine.call(channel, request))) as ApiClient['call'],
    onEvent: (l) => engine.on(l),
    mediaUrl: () => '',
    pathForFile: () => '',
  };
  return { client, sent };
}

/** The choice once read (load, then wait for it). */
async function loaded(store: BackboneChoices, datasetId: number) {
  store.load(datasetId);
  await vi.waitFor(() => expect(store.get(datasetId)).not.toBeUndefined());
  return store.get(datasetId);
}

afterEach(() => vi.unstubAllGlobals());

describe('the backbone chosen for a dataset’s analyses', () => {
  it('is kept in the workspace per dataset: another window (another browser) sees it, and follows a change at once', async () => {
    vi.stubGlobal('localStorage', memoryStorage());
    const engine = new Engine(path.join(tmp('vit-backbone-'), 'ws'));
    try {
      const a = new BackboneChoices(clientOf(engine).client);
      const d1 = engine.ctx.ws.db.prepare("INSERT INTO datasets (name, root, labels_from) VALUES ('a', '/a', 'none')").run().lastInsertRowid as number;
      const d2 = engine.ctx.ws.db.prepare("INSERT INTO datasets (name, root, labels_from) VALUES ('b', '/b', 'none')").run().lastInsertRowid as number;
      expect(a.get(d1)).toBeUndefined(); // not read yet: the screens wait rather than start the default's analysis
      expect(await loaded(a, d1)).toBeNull();
      await a.choose(d1, 'facebook/dinov2-small');
      await a.choose(d2, 'google/vit-base-patch16-224');
      // Another browser profile, nothing in its localStorage: the workspace's choice.
      vi.stubGlobal('localStorage', memoryStorage());
      const b = new BackboneChoices(clientOf(engine).client);
      expect([await loaded(b, d1), await loaded(b, d2)]).toEqual(['facebook/dinov2-small', 'google/vit-base-patch16-224']);
      const changed = vi.fn();
      b.subscribe(changed);
      await a.choose(d1, null);
      expect(b.get(d1)).toBeNull();
      expect(changed).toHaveBeenCalled();
      expect(await engine.invoke('data.backbone', { datasetId: d1 })).toEqual({ datasetId: d1, model: null });
      // Refused by the engine's schema: nothing changes, the call says why.
      await expect(a.choose(d2, 'bad\u0000name')).rejects.toThrow(/NUL/);
      expect(a.get(d2)).toBe('google/vit-base-patch16-224');
      expect(await engine.call('data.chooseBackbone', { datasetId: 999, model: 'x' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    } finally {
      engine.close();
    }
  });

  it('moves a choice this browser kept in localStorage into the workspace once, unless the workspace has one', async () => {
    const engine = new Engine(path.join(tmp('vit-backbone-'), 'ws'));
    try {
      const [d1, d2] = ['a', 'b'].map((n) => engine.ctx.ws.db.prepare("INSERT INTO datasets (name, root, labels_from) VALUES (?, '/x', 'none')").run(n).lastInsertRowid as number);
      await engine.invoke('data.chooseBackbone', { datasetId: d2!, model: 'chosen/elsewhere' });
      const storage = memoryStorage({ [`vit-studio.backbone.${d1}`]: 'facebook/dinov2-small', [`vit-studio.backbone.${d2}`]: 'old/choice' });
      vi.stubGlobal('localStorage', storage);
      const { client, sent } = clientOf(engine);
      const store = new BackboneChoices(client);
      expect(await loaded(store, d1!)).toBe('facebook/dinov2-small');
      expect(await loaded(store, d2!)).toBe('chosen/elsewhere');
      expect((await engine.invoke('data.backbone', { datasetId: d1! })).model).toBe('facebook/dinov2-small');
      expect((await engine.invoke('data.backbone', { datasetId: d2! })).model).toBe('chosen/elsewhere');
      expect(storage.m.size).toBe(0);
      // Once: a new window reads the workspace only.
      sent.length = 0;
      expect(await loaded(new BackboneChoices(client), d1!)).toBe('facebook/dinov2-small');
      expect(sent).toEqual(['data.backbone']);
    } finally {
      engine.close();
    }
  });

  it('goes into a request unless the request names a backbone; without a choice the engine’s default applies', () => {
    const request: { datasetId: number; limit: number; model?: string } = { datasetId: 1, limit: 10 };
    expect(withBackbone(request, null)).toEqual(request);
    expect(withBackbone(request, 'facebook/dinov2-small')).toEqual({ datasetId: 1, limit: 10, model: 'facebook/dinov2-small' });
    expect(withBackbone({ ...request, model: '/models/mine' }, 'facebook/dinov2-small').model).toBe('/models/mine');
  });

  it('reads the workspace when this browser’s storage is blocked', async () => {
    vi.stubGlobal('localStorage', { getItem: () => { throw new Error('blocked'); }, setItem: () => { throw new Error('blocked'); }, removeItem: () => { throw new Error('blocked'); } });
    const engine = new Engine(path.join(tmp('vit-backbone-'), 'ws'));
    try {
      const d = engine.ctx.ws.db.prepare("INSERT INTO datasets (name, root, labels_from) VALUES ('a', '/a', 'none')").run().lastInsertRowid as number;
      await engine.invoke('data.chooseBackbone', { datasetId: d, model: 'x/y' });
      expect(await loaded(new BackboneChoices(clientOf(engine).client), d)).toBe('x/y');
    } finally {
      engine.close();
    }
  });
});
