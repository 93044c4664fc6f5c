/** The one window factory: hardened options, CSP on every response, no new windows, no navigation. */
import { BrowserWindow, nativeTheme, session } from 'electron';
import { contentSecurityPolicy, isPermissionAllowed, windowBackground, windowOptions } from './security.js';
import type { Placement } from './window-state.js';

export interface WindowTarget {
  /** ELECTRON_RENDERER_URL in development, else the built index.html. */
  devServerUrl: string | undefined;
  indexHtml: string;
  preloadPath: string;
  iconPath?: string;
  /** Where the window was last time (window-state.ts); absent: the default size, centred. */
  placement?: Placement;
}

let sessionHardened = false;

export function createMainWindow(target: WindowTarget): BrowserWindow {
  hardenSession();
  const base = windowOptions({ preloadPath: target.preloadPath, dark: nativeTheme.shouldUseDarkColors, ...(target.iconPath ? { iconPath: target.iconPath } : {}) });
  const p = target.placement;
  const win = new BrowserWindow({
    ...base,
    ...(p ? { width: p.width, height: p.height, ...(p.x !== undefined && p.y !== undefined ? { x: p.x, y: p.y } : {}) } : {}),
    webPreferences: {
      ...base.webPreferences,
      // The same values windowOptions() sets (and its unit test checks), spelled out at the constructor
      // so a scanner reading this call (Electronegativity, in the test suite) sees them.
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      disableBlinkFeatures: 'Auxclick',
    },
  });
  if (p?.maximized) win.maximize();
  // The page follows the OS through prefers-color-scheme (nativeTheme feeds it); the window's own
  // background, seen while resizing or loading, follows too.
  const onTheme = (): void => {
    if (!win.isDestroyed()) win.setBackgroundColor(windowBackground(nativeTheme.shouldUseDarkColors));
  };
  nativeTheme.on('updated', onTheme);
  win.on('closed', () => nativeTheme.off('updated', onTheme));
  win.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
  win.webContents.on('will-navigate', (event) => event.preventDefault());
  win.webContents.on('will-redirect', (event) => event.preventDefault());
  win.webContents.on('will-attach-webview', (event) => event.preventDefault());
  win.once('ready-to-show', () => win.show());
  if (target.devServerUrl) void win.loadURL(target.devServerUrl);
  else void win.loadFile(target.indexHtml);
  return win;
}

function hardenSession(): void {
  if (sessionHardened) return;
  sessionHardened = true;
  const s = session.defaultSession;
  s.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [contentSecurityPolicy()] } });
  });
  s.setPermissionRequestHandler((_wc, permission, callback) => callback(isPermissionAllowed(permission)));
  s.setPermissionCheckHandler((_wc, permission) => isPermissionAllowed(permission));
}
