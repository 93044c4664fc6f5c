/**
 * The hardening every window gets, as pure functions so vitest can check them without loading
 * Electron (only `import type` from 'electron' here). window.ts applies them.
 * Sources: Electron's security checklist; VS Code and GitHub Desktop window setup.
 */
import type { BrowserWindowConstructorOptions } from 'electron';
import { rendererContentSecurityPolicy } from '../../shared/csp.js';

/** The renderer's CSP (shared/csp.ts): the desktop window talks to main over IPC, not the network. */
export function contentSecurityPolicy(): string {
  return rendererContentSecurityPolicy();
}

export interface WindowOptionsInput {
  preloadPath: string;
  iconPath?: string;
  /** The OS is in dark mode (nativeTheme.shouldUseDarkColors): the window paints dark before the page does. */
  dark?: boolean;
}

/** The page's --bg in each theme (renderer/src/theme.css), so showing the window never flashes the other one. */
export function windowBackground(dark: boolean): string {
  return dark ? '#0f1320' : '#f5f6f8';
}

export function windowOptions({ preloadPath, iconPath, dark = false }: WindowOptionsInput): BrowserWindowConstructorOptions {
  return {
    width: 1200,
    height: 820,
    minWidth: 820,
    minHeight: 560,
    show: false,
    title: 'Sampling Gate',
    backgroundColor: windowBackground(dark),
    autoHideMenuBar: true,
    ...(iconPath ? { icon: iconPath } : {}),
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      // A middle click on a link would ask for a new window (denied anyway): not even the event.
      disableBlinkFeatures: 'Auxclick',
      devTools: true,
      safeDialogs: true,
    },
  };
}

/**
 * Whether an IPC message comes from our renderer: the main frame (no iframes) of a page loaded from
 * the app's own index.html (file: in production, the electron-vite dev server in development).
 */
export function isTrustedSenderUrl(senderUrl: string | undefined, rendererUrl: string): boolean {
  if (!senderUrl) return false;
  let sender: URL;
  let expected: URL;
  try {
    sender = new URL(senderUrl);
    expected = new URL(rendererUrl);
  } catch {
    return false;
  }
  if (sender.protocol !== expected.protocol) return false;
  if (expected.protocol === 'file:') return sender.pathname === expected.pathname && sender.host === expected.host;
  return sender.origin === expected.origin;
}

/** The permission requests the renderer may make: none (no camera, geolocation, notifications from web). */
export function isPermissionAllowed(_permission: string): boolean {
  return false;
}

/** Tray tooltip / title for the pending count. */
export function trayLabel(pending: number): string {
  if (pending === 0) return 'Sampling Gate — no requests waiting';
  return `Sampling Gate — ${pending} request${pending === 1 ? '' : 's'} waiting`;
}

/** The ids in `next` that were not in `previous`: requests that just arrived (notify for these). */
export function newArrivals(previous: ReadonlySet<string>, next: readonly { id: string }[]): string[] {
  return next.filter((p) => !previous.has(p.id)).map((p) => p.id);
}

/** `--data-dir DIR` or `--data-dir=DIR` from the app's argv (same flag as the CLI). */
export function dataDirFlag(argv: readonly string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] ?? '';
    if (a.startsWith('--data-dir=')) return a.slice('--data-dir='.length);
    if (a === '--data-dir') return argv[i + 1];
  }
  return undefined;
}
