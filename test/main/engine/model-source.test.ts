import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../../src/main/engine/engine';
import { makeImageFolder, tmpDir } from '../../helpers/make-images';

// Offline, picking a hub model must say what to do in the app (a cached model by name, or a local
// folder); a typed model folder is checked before Train.
const FIXTURE = path.join(__dirname, '../../fixtures/vit-ref');
const COMMIT = 'a'.repeat(40);
const root = tmpDir('vit-models-');
const saved = { HF_HUB_CACHE: process.env.HF_HUB_CACHE, HF_HUB_OFFLINE: process.env.HF_HUB_OFFLINE };
let engine: Engine;

beforeAll(() => {
  const cache = path.join(root, 'hub');
  const snapshot = path.join(cache, 'models--org--tiny-vit', 'snapshots', COMMIT);
  fs.mkdirSync(snapshot, { recursive: true });
  for (const f of ['config.json', 'preprocessor_config.json', 'model.safetensors']) fs.copyFileSync(path.join(FIXTURE, f), path.join(snapshot, f));
  fs.mkdirSync(path.join(cache, 'models--org--tiny-vit', 'refs'));
  fs.writeFileSync(path.join(cache, 'models--org--tiny-vit', 'refs', 'main'), COMMIT);
  // An interrupted download (no weights) is not a usable model.
  fs.mkdirSync(path.join(cache, 'models--org--partial', 'snapshots', COMMIT), { recursive: true });
  fs.writeFileSync(path.join(cache, 'models--org--partial', 'snapshots', COMMIT, 'config.json'), '{}');
  process.env.HF_HUB_CACHE = cache;
  engine = new Engine(path.join(root, 'ws'));
});
afterAll(() => {
  engine.close();
  for (const [k, v] of Object.entries(saved)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  fs.rmSync(root, { recursive: true, force: true });
});

const failure = (model: string) =>
  engine.call('model.check', { model }).then((r) => (r.ok ? null : r.error));

describe('models on this computer', () => {
  it('lists the hub models in the cache, complete ones only', async () => {
    const cached = await engine.invoke('model.cached', {});
    expect(cached).toEqual([
      {
        id: 'org/tiny-vit',
        commit: COMMIT,
        folder: path.join(process.env.HF_HUB_CACHE!, 'models--org--tiny-vit', 'snapshots', COMMIT),
        modelType: 'vit',
        bytes: fs.statSync(path.join(FIXTURE, 'model.safetensors')).size,
        known: false,
      },
    ]);
  });

  it('checks a typed folder, hub id or anything else with one clear sentence', async () => {
    expect(await engine.invoke('model.check', { model: FIXTURE })).toMatchObject({ kind: 'folder', ready: true, modelType: 'vit' });
    expect(await engine.invoke('model.check', { model: 'org/tiny-vit' })).toMatchObject({ kind: 'hub', ready: true, folder: expect.stringContaining(COMMIT) });
    expect(await engine.invoke('model.check', { model: 'google/vit-base-patch16-224' })).toMatchObject({ kind: 'hub', ready: false, message: expect.stringMatching(/will be downloaded .*about 346 MB/) });

    const missing = path.join(root, 'no-such-model');
    expect(await failure(missing)).toEqual({ code: 'not_found', message: expect.stringMatching(/^No model folder at .*no-such-model: type the path of a folder with config\.json and model\.safetensors/) });
    const empty = path.join(root, 'empty');
    fs.mkdirSync(empty);
    expect((await failure(empty))?.message).toMatch(/has no config\.json: a model folder is a Hugging Face checkpoint/);
    const bin = path.join(root, 'bin-only');
    fs.mkdirSync(bin);
    fs.copyFileSync(path.join(FIXTURE, 'config.json'), path.join(bin, 'config.json'));
    fs.writeFileSync(path.join(bin, 'pytorch_model.bin'), 'x');
    expect((await failure(bin))?.message).toMatch(/has only pytorch_model\.bin; ViT Studio reads model\.safetensors/);
    expect((await failure('just some words'))?.message).toBe('"just some words" is neither a model folder on this computer nor a hub id like google/vit-base-patch16-224.');
    expect((await failure('run:42'))?.code).toBe('not_found');
  });

  it('offline, an uncached hub model is refused with what to do in the app', async () => {
    process.env.HF_HUB_OFFLINE = '1';
    try {
      const e = await failure('google/vit-base-patch16-224');
      expect(e?.code).toBe('unavailable');
      expect(e?.message).toMatch(/Pick a model already on this computer \(org\/tiny-vit\), or a local model folder/);
      expect(e?.message).not.toMatch(/set HF_HUB_OFFLINE/);
      expect(await engine.invoke('model.check', { model: 'org/tiny-vit' })).toMatchObject({ ready: true });
    } finally {
      delete process.env.HF_HUB_OFFLINE;
    }
  });

  it('Train refuses a folder that is not a model before creating a run', async () => {
    const data = path.join(root, 'data');
    await makeImageFolder(data, ['a', 'b'], 3, { width: 8, height: 8 });
    const { dataset } = await engine.invoke('datasets.import', { folder: data, labelsFrom: 'folders' });
    const r = await engine.call('train.start', { datasetId: dataset, model: path.join(root, 'empty') });
    expect(r.ok ? null : r.error.message).toMatch(/has no config\.json/);
    expect(await engine.invoke('runs.list', { datasetId: dataset })).toEqual([]);
  });
});
