// The frame of an end-to-end test over `serve`: a temp folder the test fills, a server on an
// ephemeral port with its workspace there, headless Chromium, screenshots under
// test-artifacts/e2e, and everything removed afterwards.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import { startServer, type RunningServer } from '../../src/main/hosts/serve/server';
import { launchBrowser } from './browser';

const SHOTS = path.resolve('test-artifacts/e2e');

export interface ServeE2E {
  tmp: string;
  server: RunningServer;
  browser: Browser;
  shot(page: Page, name: string): Promise<Buffer>;
}

/**
 * Registers beforeAll/afterAll for a serve e2e file named `name`. `prepare` writes the test data
 * into the temp folder before the server starts and may return a cleanup (run after the server
 * stops). `worker`: the test trains, so the worker bundle must be built.
 */
export function serveE2E(name: string, prepare: (tmp: string) => Promise<void | (() => Promise<void> | void)>, options: { worker?: boolean } = {}): ServeE2E {
  const env = {} as ServeE2E;
  let cleanup: void | (() => Promise<void> | void);
  beforeAll(async () => {
    if (!fs.existsSync(path.resolve('dist/renderer/index.html'))) throw new Error('Run npm run build first: the e2e test serves dist/renderer.');
    if (options.worker && !fs.existsSync(path.resolve('dist/main/workers/worker-entry.js'))) throw new Error('Run npm run build first: runs start the worker bundle.');
    env.tmp = fs.mkdtempSync(path.join(os.tmpdir(), `vit-${name}-e2e-`));
    cleanup = await prepare(env.tmp);
    env.server = await startServer({ workspace: path.join(env.tmp, 'ws'), port: 0 });
    env.browser = await launchBrowser();
    fs.mkdirSync(SHOTS, { recursive: true });
    env.shot = (page, shot) => page.screenshot({ path: path.join(SHOTS, `${name}-${shot}.png`) });
  });
  afterAll(async () => {
    await env.browser?.close();
    await env.server?.close();
    if (cleanup) await cleanup();
    if (env.tmp) fs.rmSync(env.tmp, { recursive: true, force: true });
  });
  return env;
}

/** Imports a folder through the Start screen's path field and waits for the report. */
export async function importFolder(page: Page, folder: string, images?: number): Promise<void> {
  await page.getByRole('tab', { name: /Start/ }).click();
  await page.getByLabel('Folder path').fill(folder);
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  const report = page.getByLabel('Import report');
  await expect.poll(() => report.textContent()).toContain(images === undefined ? 'images' : `${images} images`);
}
