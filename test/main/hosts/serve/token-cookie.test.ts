// The serve token cookie in a real browser, where cookies are per host and not per port: another
// web server on 127.0.0.1 can set a cookie of the same name (Path=/api wins the Cookie header's
// first place), and two `serve` instances share one cookie jar. Each instance must keep working.
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../../../src/main/hosts/serve/server';
import { launchBrowser } from '../../../helpers/browser';

let tmp: string;
let a: RunningServer;
let b: RunningServer;
let other: http.Server;
let otherUrl: string;
let browser: Browser;

const portOf = (s: RunningServer) => new URL(s.url).port;

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'vit-cookie-'));
  const web = path.join(tmp, 'web');
  fs.mkdirSync(web, { recursive: true });
  fs.writeFileSync(path.join(web, 'index.html'), '<!doctype html><title>ViT Studio</title>');
  a = await startServer({ workspace: path.join(tmp, 'ws-a'), port: 0, staticRoot: web });
  b = await startServer({ workspace: path.join(tmp, 'ws-b'), port: 0, staticRoot: web });
  // Some other local web server that plants cookies named like ours for the whole host.
  other = http.createServer((_req, res) => {
    res.writeHead(200, {
      'Content-Type': 'text/html',
      'Set-Cookie': [
        'vit_studio_token=bogus; Path=/api',
        `vit_studio_token_${portOf(a)}=bogus; Path=/api`,
        `vit_studio_token_${portOf(b)}=bogus; Path=/api; SameSite=Strict`,
      ],
    });
    res.end('<!doctype html><title>other</title>');
  });
  await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
  otherUrl = `http://127.0.0.1:${(other.address() as AddressInfo).port}/`;
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await a.close();
  await b.close();
  await new Promise((resolve) => other.close(resolve));
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('serve: the token cookie belongs to one instance', () => {
  it('two instances and a cookie-planting server on 127.0.0.1: every API call of each instance still succeeds', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(a.url);
    await page.goto(b.url);
    await page.goto(otherUrl);
    for (const server of [a, b]) {
      await page.goto(`http://127.0.0.1:${portOf(server)}/`);
      const reply = await page.evaluate(async () => {
        const res = await fetch('/api/workspace.info', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
        return { status: res.status, body: await res.json() };
      });
      expect(reply.status, `instance on port ${portOf(server)}`).toBe(200);
      expect(reply.body.value.path).toBe(server.engine.ctx.ws.paths.root);
    }
    const names = (await context.cookies()).filter((c) => c.value !== 'bogus').map((c) => c.name);
    expect(names.sort()).toEqual([`vit_studio_token_${portOf(a)}`, `vit_studio_token_${portOf(b)}`].sort());
    await context.close();
  });
});
