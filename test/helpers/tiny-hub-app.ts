// The app over `serve` in headless Chromium, with a tiny random ViT served by hub id from a
// loopback fake hub (HF_ENDPOINT and HF_HUB_CACHE point at it until close): what the e2e tests
// that train need.
import fs from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { startServer, type RunningServer } from '../../src/main/hosts/serve/server';
import { launchBrowser } from './browser';
import { startFakeHub, type FakeHub } from './fake-hub';
import { makeTinyCheckpoint } from './tiny-vit';

export interface TinyHubApp {
  server: RunningServer;
  browser: Browser;
  hub: FakeHub;
  /** Closes browser, server and hub and puts the environment back. */
  close(): Promise<void>;
}

export async function startTinyHubApp(tmp: string, hubId: string, commit = 'a'.repeat(40)): Promise<TinyHubApp> {
  if (!fs.existsSync(path.resolve('dist/renderer/index.html'))) throw new Error('Run npm run build first: the e2e test serves dist/renderer.');
  const ck = makeTinyCheckpoint(path.join(tmp, 'tiny'), { hiddenSize: 48, layers: 2, heads: 4, imageSize: 64, patchSize: 8, labels: 0, seed: 3, std: 0.3 });
  const files = Object.fromEntries(fs.readdirSync(ck.folder).map((f) => [f, fs.readFileSync(path.join(ck.folder, f))]));
  const hub = await startFakeHub({ repos: { [hubId]: { commit, files } } });
  const saved = { HF_ENDPOINT: process.env.HF_ENDPOINT, HF_HUB_CACHE: process.env.HF_HUB_CACHE };
  process.env.HF_ENDPOINT = hub.url;
  process.env.HF_HUB_CACHE = path.join(tmp, 'hf-cache');
  const server = await startServer({ workspace: path.join(tmp, 'ws'), port: 0 });
  const browser = await launchBrowser();
  return {
    server,
    browser,
    hub,
    async close() {
      await browser.close();
      await server.close();
      await hub.stop();
      for (const [k, v] of Object.entries(saved)) v === undefined ? delete process.env[k] : (process.env[k] = v);
    },
  };
}
