import { describe, expect, it } from 'vitest';
import { channelNames } from '../../../../src/shared/api';
import { ok, type Result } from '../../../../src/shared/result';
import { CONTENT_SECURITY_POLICY } from '../../../../src/main/hosts/serve/content-security-policy';
import { isTrustedSender, registerIpcHandlers } from '../../../../src/main/hosts/electron/ipc';
import { mediaPathFromUrl, MEDIA_SCHEME_PRIVILEGES } from '../../../../src/main/hosts/electron/media-protocol';
import { isOwnPage, workspaceArg } from '../../../../src/main/hosts/electron/navigation';
import { mainWindowOptions } from '../../../../src/main/hosts/electron/window-options';

const INDEX = 'file:///opt/ViT%20Studio/resources/app.asar/dist/renderer/index.html';

type Listener = (event: any, payload: unknown) => Promise<any>;

function fakeIpcMain() {
  const handlers = new Map<string, Listener>();
  return {
    handlers,
    handle(name: string, listener: Listener) {
      if (handlers.has(name)) throw new Error(`second handler for ${name}`);
      handlers.set(name, listener);
    },
  };
}

const ownFrame = { url: INDEX, parent: null };

describe('electron window options', () => {
  it('sandboxes the renderer with context isolation and without Node', () => {
    const o = mainWindowOptions('/app/dist/preload/preload.js');
    expect(o.webPreferences).toMatchObject({
      preload: '/app/dist/preload/preload.js',
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
  });
});

describe('content security policy', () => {
  it('allows only own scripts, own connections and the media protocol for images', () => {
    const directives = Object.fromEntries(
      CONTENT_SECURITY_POLICY.split(';').map((d) => {
        const [name, ...values] = d.trim().split(/\s+/);
        return [name, values];
      }),
    );
    expect(directives['default-src']).toEqual(["'self'"]);
    expect(directives['script-src']).toEqual(["'self'"]);
    expect(directives['connect-src']).toEqual(["'self'"]);
    expect(directives['img-src']).toEqual(["'self'", 'vit-media:', 'data:', 'blob:']);
    expect(directives['style-src']).toEqual(["'self'", "'unsafe-inline'"]);
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-eval|\*/);
  });
});

describe('IPC registration', () => {
  it('registers exactly one handler per contract channel and nothing else', () => {
    const ipc = fakeIpcMain();
    const names = registerIpcHandlers(ipc, { call: async () => ok(null) }, INDEX);
    expect([...ipc.handlers.keys()].sort()).toEqual([...channelNames].sort());
    expect(names.sort()).toEqual([...channelNames].sort());
    expect(ipc.handlers.has('invoke')).toBe(false);
  });

  it('forwards the channel and untrusted payload to the engine', async () => {
    const ipc = fakeIpcMain();
    const calls: unknown[][] = [];
    registerIpcHandlers(ipc, { call: async (c, p) => (calls.push([c, p]), ok('done')) }, INDEX);
    const reply = await ipc.handlers.get('workspace.info')!({ senderFrame: ownFrame }, { any: 'thing' });
    expect(reply).toEqual({ ok: true, value: 'done' });
    expect(calls).toEqual([['workspace.info', { any: 'thing' }]]);
  });

  it('answers host-only channels in main without reaching the engine', async () => {
    const ipc = fakeIpcMain();
    let engineCalled = false;
    registerIpcHandlers(ipc, { call: async () => ((engineCalled = true), ok(null)) }, INDEX, {
      'dialog.openFolder': async () => ok({ path: '/photos' }),
    });
    const reply = await ipc.handlers.get('dialog.openFolder')!({ senderFrame: ownFrame }, {});
    expect(reply).toEqual({ ok: true, value: { path: '/photos' } });
    expect(engineCalled).toBe(false);
  });

  it('refuses calls from any frame that is not our top-level page', async () => {
    const ipc = fakeIpcMain();
    let engineCalled = false;
    registerIpcHandlers(ipc, { call: async () => ((engineCalled = true), ok(null)) }, INDEX);
    const handler = ipc.handlers.get('workspace.info')!;
    const strangers = [
      null,
      { url: 'https://evil.example/', parent: null },
      { url: 'file:///tmp/evil.html', parent: null },
      { url: INDEX, parent: { url: INDEX } },
      { url: 'data:text/html,<script>1</script>', parent: null },
      { url: 'file://remote-host/opt/ViT%20Studio/resources/app.asar/dist/renderer/index.html', parent: null },
    ];
    for (const frame of strangers) {
      const reply = await handler({ senderFrame: frame }, {});
      expect(reply.ok, JSON.stringify(frame)).toBe(false);
    }
    expect(engineCalled).toBe(false);
  });

  it('accepts our page with a hash route', () => {
    expect(isTrustedSender({ url: `${INDEX}#/browse`, parent: null }, INDEX)).toBe(true);
  });
});

describe('navigation and arguments', () => {
  it('allows only our own index page', () => {
    expect(isOwnPage(`${INDEX}#/label`, INDEX)).toBe(true);
    expect(isOwnPage('https://example.com/', INDEX)).toBe(false);
    expect(isOwnPage('file:///etc/passwd', INDEX)).toBe(false);
  });

  it('reads --workspace in both spellings', () => {
    expect(workspaceArg(['electron', '.', '--workspace', '/w'])).toBe('/w');
    expect(workspaceArg(['electron', '.', '--workspace=/x'])).toBe('/x');
    expect(workspaceArg(['electron', '.'])).toBeUndefined();
  });
});

describe('vit-media protocol', () => {
  it('is a standard, secure, fetchable scheme that does not bypass CSP', () => {
    expect(MEDIA_SCHEME_PRIVILEGES).toMatchObject({ standard: true, secure: true, supportFetchAPI: true, bypassCSP: false });
  });

  it('maps URLs to the /media path without resolving dot segments', () => {
    expect(mediaPathFromUrl('vit-media://media/thumb/3/cats/a%20b.jpg?v=2')).toEqual({
      pathname: '/media/thumb/3/cats/a%20b.jpg',
      search: '?v=2',
    });
    expect(mediaPathFromUrl('vit-media://media/full/1/../../etc/passwd')!.pathname).toBe('/media/full/1/../../etc/passwd');
    expect(mediaPathFromUrl('https://media/thumb/1/a.png')).toBeNull();
  });
});
