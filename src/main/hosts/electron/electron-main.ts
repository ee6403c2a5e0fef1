// The desktop host: one sandboxed window over the engine. All decisions live in small pure
// modules next to this file (window-options, ipc, navigation, media-protocol) so they are tested
// without Electron; this file only wires them to Electron's objects.
import { app, BrowserWindow, dialog, ipcMain, protocol, session } from 'electron';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { appRoot, distPath } from '../../app-root';
import { Engine } from '../../engine/engine';
import { ok } from '../../../shared/result';
import { CONTENT_SECURITY_POLICY } from '../serve/content-security-policy';
import { resolveMediaFor } from '../serve/media-source';
import { safeSegments } from '../serve/url-path';
import { registerIpcHandlers } from './ipc';
import { MEDIA_SCHEME, MEDIA_SCHEME_PRIVILEGES, mediaPathFromUrl } from './media-protocol';
import { isOwnPage, workspaceArg } from './navigation';
import { mainWindowOptions } from './window-options';
import { setWorkerSpawner } from '../../workers/spawn';
import { utilityProcessSpawner } from './utility-spawner';

// Must happen before 'ready'.
protocol.registerSchemesAsPrivileged([{ scheme: MEDIA_SCHEME, privileges: MEDIA_SCHEME_PRIVILEGES }]);

const indexUrl = pathToFileURL(distPath('renderer/index.html')).href;
let engine: Engine | null = null;

function workspaceDir(): string {
  return workspaceArg(process.argv) ?? process.env.VIT_STUDIO_HOME ?? app.getPath('userData');
}

function createWindow(): BrowserWindow {
  const win = new BrowserWindow(mainWindowOptions(distPath('preload/preload.js'), path.join(appRoot(), 'assets', 'icon.png')));
  win.webContents.on('will-navigate', (event, url) => {
    if (!isOwnPage(url, indexUrl)) event.preventDefault();
  });
  win.webContents.on('will-redirect', (event, url) => {
    if (!isOwnPage(url, indexUrl)) event.preventDefault();
  });
  win.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
  win.webContents.on('will-attach-webview', (event) => event.preventDefault());
  win.once('ready-to-show', () => win.show());
  const unsubscribe = engine!.on((event) => {
    if (!win.isDestroyed()) win.webContents.send('engine-event', event);
  });
  win.on('closed', unsubscribe);
  void win.loadURL(indexUrl);
  return win;
}

app.whenReady().then(() => {
  setWorkerSpawner(utilityProcessSpawner);
  engine = new Engine(workspaceDir());
  const ses = session.defaultSession;
  ses.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
  ses.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } });
  });

  protocol.handle(MEDIA_SCHEME, async (request) => {
    const target = mediaPathFromUrl(request.url);
    if (!target || !safeSegments(target.pathname)) return new Response('Bad media path.', { status: 400 });
    const reply = await resolveMediaFor(engine!, target.pathname, target.search);
    if (!reply.ok) return new Response(reply.message, { status: reply.status });
    return new Response(reply.body as BodyInit, { headers: { 'Content-Type': reply.contentType } });
  });

  registerIpcHandlers(ipcMain, engine, indexUrl, {
    'dialog.openFolder': async (payload) => {
      const title = typeof (payload as { title?: unknown })?.title === 'string' ? (payload as { title: string }).title : 'Open image folder';
      const owner = BrowserWindow.getFocusedWindow();
      const options = { title, properties: ['openDirectory' as const] };
      const picked = owner ? await dialog.showOpenDialog(owner, options) : await dialog.showOpenDialog(options);
      return ok({ path: picked.canceled ? null : (picked.filePaths[0] ?? null) });
    },
  });

  createWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow();
  });
});

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});

app.on('will-quit', () => {
  engine?.close();
  engine = null;
});
