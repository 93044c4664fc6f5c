/**
 * Electron main: only glue. Hosts the gate core in-process, one hardened window, the tray, IPC.
 * Closing the window keeps the gate running in the tray; Quit stops the gate cleanly (the core
 * denies whatever is pending) before the process exits.
 */
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { app, BrowserWindow, dialog, ipcMain, Notification, safeStorage } from 'electron';
import type { PendingRequest } from '../../shared/types.js';
import { Gate } from '../../core/gate.js';
import { resolveDataDir } from '../../core/paths.js';
import { forwardGateEvents, registerGateIpc } from './ipc.js';
import { dataDirFlag, newArrivals } from './security.js';
import { createGateTray } from './tray.js';
import type { GateTray } from './tray.js';
import { createMainWindow } from './window.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const assets = app.isPackaged ? join(process.resourcesPath, 'assets') : join(here, '..', '..', 'assets');
const indexHtml = join(here, '..', 'renderer', 'index.html');
const preloadPath = join(here, '..', 'preload', 'index.cjs');
const devServerUrl = !app.isPackaged ? process.env.ELECTRON_RENDERER_URL : undefined;
const rendererUrl = (): string => devServerUrl ?? pathToFileURL(indexHtml).href;

let gate: Gate | null = null;
let win: BrowserWindow | null = null;
let tray: GateTray | null = null;
let quitting = false;
let known = new Set<string>();

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => showWindow());
  app.on('activate', () => showWindow()); // macOS: clicking the dock icon
  app.on('window-all-closed', () => {
    // Stay in the tray: the gate must keep holding requests for MCP clients.
  });
  app.on('before-quit', (event) => {
    if (quitting || !gate) return;
    event.preventDefault();
    quitting = true;
    const g = gate;
    gate = null;
    void g
      .stop()
      .catch((err: unknown) => console.error('gate stop failed:', err))
      .finally(() => {
        tray?.destroy();
        app.exit(0);
      });
  });
  void app
    .whenReady()
    .then(start)
    .catch((err: unknown) => {
      // e.g. the data directory is unusable: say so plainly instead of sitting in the tray doing nothing.
      dialog.showErrorBox('Sampling Gate could not start', err instanceof Error ? err.message : String(err));
      app.exit(1);
    });
}

async function start(): Promise<void> {
  app.setAppUserModelId('dev.sampling-gate.app');
  // Same rule as the CLI (CONTRACT.md section 4): --data-dir, else SAMPLING_GATE_HOME, else the OS default.
  const dataDir = resolveDataDir(dataDirFlag(process.argv));
  // MCP clients launch the bridge with Node: from a checkout, this app's own bin script; a packaged
  // app has no Node of its own to lend, so its snippets name the `sampling-gate` command on PATH.
  const bridgeCommand = app.isPackaged
    ? { command: 'sampling-gate', args: [] }
    : { command: 'node', args: [join(app.getAppPath(), 'bin', 'sampling-gate.js')] };
  // Provider keys entered in the app are encrypted with the OS keychain (safeStorage), never kept in config.yaml.
  gate = await Gate.start({ dataDir, version: app.getVersion(), bridgeCommand, keyCipher: safeStorage });
  const client = gate.client;
  registerGateIpc(ipcMain, client, rendererUrl);
  forwardGateEvents(client, () => win?.webContents ?? null);

  tray = createGateTray(
    { idle: join(assets, 'tray.png'), pending: join(assets, 'tray-pending.png') },
    { show: showWindow, quit: () => app.quit() },
  );
  client.on('approvals.changed', onPending);
  const first = await client.call('approvals.list', {});
  if (first.ok) onPending(first.value);

  showWindow();
}

function onPending(pending: PendingRequest[]): void {
  tray?.setPending(pending.length);
  app.setBadgeCount(pending.length);
  const arrived = newArrivals(known, pending);
  known = new Set(pending.map((p) => p.id));
  if (arrived.length === 0) return;
  const first = pending.find((p) => p.id === arrived[0]);
  if (Notification.isSupported() && first) {
    const n = new Notification({
      title: arrived.length === 1 ? `Sampling request from ${first.server}` : `${arrived.length} sampling requests`,
      // Never the prompt itself: notifications end up in OS logs and on lock screens.
      body: 'Review it in Sampling Gate before it reaches your model.',
      silent: false,
    });
    n.on('click', showWindow);
    n.show();
  }
  showWindow();
}

function showWindow(): void {
  if (!app.isReady() || quitting) return;
  if (!win || win.isDestroyed()) {
    win = createMainWindow({ devServerUrl, indexHtml, preloadPath, iconPath: join(assets, 'icon.png') });
    win.on('close', (event) => {
      if (quitting) return;
      event.preventDefault();
      win?.hide();
    });
    return;
  }
  if (win.isMinimized()) win.restore();
  win.show();
  win.focus();
}

export {};
