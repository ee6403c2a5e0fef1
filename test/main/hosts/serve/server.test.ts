import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../../../src/main/hosts/serve/server';

interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

let server: RunningServer;
let port: number;
let tmp: string;

/** Raw HTTP: fetch would normalise `..` away and refuses to set Host. */
function request(
  pathname: string,
  opts: { method?: string; headers?: Record<string, string>; body?: string | Buffer } = {},
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port, path: pathname, method: opts.method ?? 'GET', headers: { Host: `127.0.0.1:${port}`, ...opts.headers } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks).toString() }));
      },
    );
    req.on('error', reject);
    if (opts.body) req.write(opts.body);
    req.end();
  });
}

const bearer = () => ({ Authorization: `Bearer ${server.token}` });
const json = (extra: Record<string, string> = {}) => ({ 'Content-Type': 'application/json', ...bearer(), ...extra });

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'vit-serve-'));
  const web = path.join(tmp, 'web');
  fs.mkdirSync(path.join(web, 'assets'), { recursive: true });
  fs.writeFileSync(path.join(web, 'index.html'), '<!doctype html><title>ViT Studio</title>');
  fs.writeFileSync(path.join(web, 'assets', 'app.js'), 'console.log(1)');
  fs.writeFileSync(path.join(web, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  fs.writeFileSync(path.join(tmp, 'secret.txt'), 'TOP SECRET');
  server = await startServer({ workspace: path.join(tmp, 'ws'), port: 0, staticRoot: web });
  port = Number(new URL(server.url).port);
});

afterAll(async () => {
  await server.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('serve: token', () => {
  it('prints a loopback URL carrying a 32-character base64url token', () => {
    expect(server.url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${port}/\\?token=[A-Za-z0-9_-]{32}$`));
  });

  it('answers 401 to API calls without the token or with a wrong one', async () => {
    const none = await request('/api/workspace.info', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
    expect(none.status).toBe(401);
    expect(JSON.parse(none.body)).toMatchObject({ ok: false, error: { code: 'invalid_argument' } });
    const wrong = await request('/api/workspace.info', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: 'Bearer nope' },
      body: '{}',
    });
    expect(wrong.status).toBe(401);
    expect((await request('/media/thumb/1/a.png')).status).toBe(401);
    expect((await request('/api/events')).status).toBe(401);
    expect((await request('/')).status).toBe(401);
  });

  it('trades the URL token for an HttpOnly SameSite=Strict cookie that then authorises calls', async () => {
    const wrong = await request('/?token=wrong');
    expect(wrong.status).toBe(401);
    const index = await request(`/?token=${server.token}`);
    expect(index.status).toBe(303);
    expect(index.headers.location).toBe('/');
    const cookie = index.headers['set-cookie']![0]!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    const pair = cookie.split(';')[0]!;
    const page = await request('/', { headers: { Cookie: pair } });
    expect(page.status).toBe(200);
    expect(page.body).toContain('ViT Studio');
    const call = await request('/api/workspace.info', { method: 'POST', headers: { 'Content-Type': 'application/json', Cookie: pair }, body: '{}' });
    expect(call.status).toBe(200);
    expect(JSON.parse(call.body)).toMatchObject({ ok: true, value: { datasets: 0 } });
  });

  it('names the cookie after its port and finds the right value among planted duplicates', async () => {
    const index = await request(`/?token=${server.token}`);
    expect(index.headers['set-cookie']![0]!).toMatch(new RegExp(`^vit_studio_token_${port}=`));
    const call = (cookie: string) =>
      request('/api/workspace.info', { method: 'POST', headers: { 'Content-Type': 'application/json', Cookie: cookie }, body: '{}' });
    expect((await call(`vit_studio_token_${port}=bogus; vit_studio_token_${port}=${server.token}`)).status).toBe(200);
    expect((await call(`vit_studio_token_${port + 1}=${server.token}`)).status).toBe(401);
    expect((await call(`vit_studio_token_${port}=bogus`)).status).toBe(401);
  });

  it('accepts a bearer token and never sends CORS headers', async () => {
    const r = await request('/api/workspace.info', { method: 'POST', headers: json({ Origin: `http://127.0.0.1:${port}` }), body: '{}' });
    expect(r.status).toBe(200);
    expect(r.headers['access-control-allow-origin']).toBeUndefined();
    expect(r.headers['content-security-policy']).toContain("script-src 'self'");
  });
});

describe('serve: origin and host', () => {
  it('answers 403 to a foreign Origin even with the token', async () => {
    const r = await request('/api/workspace.info', { method: 'POST', headers: json({ Origin: 'http://evil.example' }), body: '{}' });
    expect(r.status).toBe(403);
    expect(r.headers['access-control-allow-origin']).toBeUndefined();
    const other = await request('/api/workspace.info', { method: 'POST', headers: json({ Origin: `http://127.0.0.1:${port + 1}` }), body: '{}' });
    expect(other.status).toBe(403);
    const nullOrigin = await request('/api/workspace.info', { method: 'POST', headers: json({ Origin: 'null' }), body: '{}' });
    expect(nullOrigin.status).toBe(403);
  });

  it('refuses a Host header that is not the bound address (DNS rebinding)', async () => {
    for (const host of ['evil.example', `evil.example:${port}`, `127.0.0.1:${port + 1}`, `127.0.0.1`, `[::1]:${port + 1}`]) {
      const r = await request('/api/workspace.info', { method: 'POST', headers: json({ Host: host }), body: '{}' });
      expect(r.status, host).toBe(421);
    }
    const local = await request('/api/workspace.info', { method: 'POST', headers: json({ Host: `localhost:${port}` }), body: '{}' });
    expect(local.status).toBe(200);
  });
});

describe('serve: bodies', () => {
  it('answers 400 with a Result to garbage JSON', async () => {
    const r = await request('/api/workspace.info', { method: 'POST', headers: json(), body: '{not json' });
    expect(r.status).toBe(400);
    expect(JSON.parse(r.body)).toEqual({ ok: false, error: { code: 'invalid_argument', message: 'Request body is not valid JSON.' } });
  });

  it('answers 413 to a body over 1 MB and 415 to non-JSON content', async () => {
    const big = await request('/api/workspace.info', { method: 'POST', headers: json(), body: Buffer.alloc(1024 * 1024 + 10, 32) });
    expect(big.status).toBe(413);
    expect(JSON.parse(big.body).ok).toBe(false);
    const form = await request('/api/workspace.info', { method: 'POST', headers: { ...bearer(), 'Content-Type': 'text/plain' }, body: '{}' });
    expect(form.status).toBe(415);
  });

  it('passes validation errors and unknown channels through as Results', async () => {
    const extra = await request('/api/workspace.info', { method: 'POST', headers: json(), body: '{"x":1}' });
    expect(JSON.parse(extra.body)).toMatchObject({ ok: false, error: { code: 'invalid_argument' } });
    const unknown = await request('/api/nope.nothing', { method: 'POST', headers: json(), body: '{}' });
    expect(JSON.parse(unknown.body)).toMatchObject({ ok: false, error: { message: expect.stringContaining('Unknown operation') } });
    const get = await request('/api/workspace.info', { headers: bearer() });
    expect(get.status).toBe(405);
  });

  it('answers dialog.openFolder with unavailable (no native dialog in serve)', async () => {
    const r = await request('/api/dialog.openFolder', { method: 'POST', headers: json(), body: '{}' });
    expect(JSON.parse(r.body)).toMatchObject({ ok: false, error: { code: 'unavailable' } });
  });
});

describe('serve: path confinement', () => {
  const attempts = [
    '/../secret.txt',
    '/assets/../../secret.txt',
    '/%2e%2e/secret.txt',
    '/assets/%2E%2E/%2e%2e/secret.txt',
    '/..%2fsecret.txt',
    '/assets%2f..%2f..%2fsecret.txt',
    '/..%5csecret.txt',
    '//etc/passwd',
    '/%2fetc%2fpasswd',
    '/C:%5cWindows%5cwin.ini',
    '/assets/app.js%00.png',
  ];

  it('serves built files and refuses every traversal on static routes', async () => {
    const ok = await request('/assets/app.js');
    expect(ok.status).toBe(200);
    expect(ok.headers['content-type']).toMatch(/javascript/);
    for (const p of attempts) {
      const r = await request(p);
      expect(r.status, p).toBe(404);
      expect(r.body, p).not.toContain('SECRET');
      expect(r.body, p).not.toContain('root:');
    }
  });

  it('lets the browser keep content-named assets for good; other files and the page are asked again', async () => {
    expect((await request('/assets/app.js')).headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const icon = await request('/favicon.svg');
    expect(icon.status).toBe(200);
    expect(icon.headers['cache-control']).toBe('no-cache');
    expect((await request('/index.html', { headers: bearer() })).headers['cache-control']).toBe('no-store');
  });

  it('refuses traversal on /media before it reaches the engine', async () => {
    for (const p of attempts) {
      const r = await request(`/media/thumb/1${p}`, { headers: bearer() });
      expect(r.status, p).toBe(400);
    }
    const absent = await request('/media/thumb/999/a.png', { headers: bearer() });
    expect(absent.status).toBe(404);
  });
});

describe('serve: events', () => {
  it('streams engine events as server-sent events', async () => {
    const received = await new Promise<string>((resolve, reject) => {
      const req = http.request(
        { host: '127.0.0.1', port, path: '/api/events', headers: { Host: `127.0.0.1:${port}`, ...bearer() } },
        (res) => {
          expect(res.headers['content-type']).toMatch(/text\/event-stream/);
          let text = '';
          res.on('data', (c: Buffer) => {
            text += c.toString();
            if (text.includes(': connected')) {
              server.engine.ctx.emit({ type: 'notice', level: 'info', message: 'hello' });
            }
            const m = /data: (.*)\n\n/.exec(text);
            if (m) {
              req.destroy();
              resolve(m[1]!);
            }
          });
        },
      );
      req.on('error', reject);
      req.end();
    });
    expect(JSON.parse(received)).toEqual({ type: 'notice', level: 'info', message: 'hello' });
  });
});
