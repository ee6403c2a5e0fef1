// A tiny random ViT served by hub id from a loopback fake hub, for the e2e tests that train:
// `HF_ENDPOINT` and `HF_HUB_CACHE` point at it (and at a cache in the test's temp folder) until
// the returned cleanup runs. Used as (part of) a `serveE2E` prepare step, so that the server
// starts with the environment already set.
import fs from 'node:fs';
import path from 'node:path';
import { startFakeHub } from './fake-hub';
import { makeTinyCheckpoint } from './tiny-vit';

export async function serveTinyHub(tmp: string, hubId: string, commit = 'a'.repeat(40)): Promise<() => Promise<void>> {
  const ck = makeTinyCheckpoint(path.join(tmp, 'tiny'), { hiddenSize: 48, layers: 2, heads: 4, imageSize: 64, patchSize: 8, labels: 0, seed: 3, std: 0.3 });
  const files = Object.fromEntries(fs.readdirSync(ck.folder).map((f) => [f, fs.readFileSync(path.join(ck.folder, f))]));
  const hub = await startFakeHub({ repos: { [hubId]: { commit, files } } });
  const saved = { HF_ENDPOINT: process.env.HF_ENDPOINT, HF_HUB_CACHE: process.env.HF_HUB_CACHE };
  process.env.HF_ENDPOINT = hub.url;
  process.env.HF_HUB_CACHE = path.join(tmp, 'hf-cache');
  return async () => {
    await hub.stop();
    for (const [k, v] of Object.entries(saved)) v === undefined ? delete process.env[k] : (process.env[k] = v);
  };
}
