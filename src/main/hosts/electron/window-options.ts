import type { BrowserWindowConstructorOptions } from 'electron';

/**
 * The one window of the app. The renderer is an untrusted web page: no Node, its own isolated
 * JS world for the preload, Chromium's OS sandbox, and the same-origin policy kept on.
 */
export function mainWindowOptions(preloadPath: string, iconPath?: string): BrowserWindowConstructorOptions {
  return {
    width: 1360,
    height: 880,
    minWidth: 900,
    minHeight: 600,
    title: 'ViT Studio',
    show: false,
    backgroundColor: '#111113',
    ...(iconPath ? { icon: iconPath } : {}),
    webPreferences: {
      preload: preloadPath,
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      spellcheck: false,
    },
  };
}
