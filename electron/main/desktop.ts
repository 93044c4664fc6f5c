/**
 * The desktop app: only glue. Hosts the gate core in-process, one hardened window, the tray, IPC.
 * Closing the window keeps the gate running in the tray; Quit stops the gate cleanly (the core
 * denies whatever is pending) before the process exits.
 */
import { homedir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { app, BrowserWindow, dialog, ipcMain, Notification, safeStorage, screen, shell } from 'electron';
import type { PendingRequest } from '../../shared/types.js';
import { Gate } from '../../core/gate.js';
import { resolveDataDir } from '../../core/paths.js';
import { checkUrl } from '../../core/elicitation/url.js';
import { FD_HANDOFF_ADDON } from '../../core/handoff/fd-passing.js';
import { installedExecutable, unstableLocation } from '../../cli/app-layout.js';
import { cliToolPlan, installCliTool } from '../../cli/cli-tool.js';
import { aboutText } from './about.js';
import { autostartFile, HIDDEN_FLAG, linuxAutostartEnabled, setLinuxAutostart } from './autostart.js';
import { OPEN_REQUEST_CHANNEL } from '../channels.js';
import { forwardGateEvents, registerGateIpc } from './ipc.js';
import { dataDirFlag, newArrivals, windowOptions } from './security.js';
import { applyPendingDelta } from '../../shared/pending.js';
import { createGateTray } from './tray.js';
import type { GateTray } from './tray.js';
import { installAppMenu } from './menu.js';
import { createMainWindow } from './window.js';
import { loadWindowState, placeWindow, saveWindowState } from './window-state.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const assets = app.isPackaged ? join(process.resourcesPath, 'assets') : join(here, '..', '..', 'assets');
const indexHtml = join(here, '..', 'renderer', 'index.html');
const preloadPath = join(here, '..', 'preload', 'index.cjs');
const devServerUrl = !app.isPackaged ? process.env.ELECTRON_RENDERER_URL : undefined;
const rendererUrl = (): string => devServerUrl ?? pathToFileURL(indexHtml).href;
// Same rule as the CLI (CONTRACT.md section 4): --data-dir, else SAMPLING_GATE_HOME, else the OS default.
const dataDir = resolveDataDir(dataDirFlag(process.argv));
const windowStateFile = join(dataDir, 'window.json');

let gate: Gate | null = null;
let win: BrowserWindow | null = null;
let tray: GateTray | null = null;
let quitting = false;
let known = new Set<string>();

/** This install's executable as client configs name it (cli/app-layout.ts). */
function appExecutable(): string {
  return installedExecutable({ platform: process.platform, exe: app.getPath('exe'), env: process.env });
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => showWindow());
  app.on('activate', () => showWindow()); // macOS: clicking the dock icon
  app.on('window-all-closed', () => {
    // Stay in the tray: the gate must keep holding requests for MCP clients.
  });
  app.on('before-quit', (event) => {
    rememberWindow();
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
  installAppMenu();
  // MCP clients reach the gate through the app's own executable (`<app> connect <id>`, which runs the
  // CLI's bridge: cli-mode.ts), so a packaged install needs no Node. From a checkout: Node and the bin script.
  const bridgeCommand = app.isPackaged ? { command: appExecutable(), args: [] } : { command: 'node', args: [join(app.getAppPath(), 'bin', 'sampling-gate.js')] };
  // Provider keys entered in the app are encrypted with the OS keychain (safeStorage), never kept in config.yaml.
  // Bridges hand the client's stdio to this gate (unpacked beside app.asar in the packaged app).
  // A URL-mode elicitation the user consented to opens in the OS browser, outside the app and the
  // model (the spec's MUST). Only URLs the gate checked reach here (https, or http to loopback);
  // the renderer never names a URL to open.
  // Checked again here (defence in depth): whatever reaches this line, only such a URL opens.
  const openUrl = (url: string): void => {
    const checked = checkUrl(url);
    if (!checked.ok) return;
    void shell.openExternal(checked.url.href).catch(() => undefined); // eng-disable OPEN_EXTERNAL_JS_CHECK -- only a URL checkUrl passed (https, or http to loopback; no userinfo), after the user's explicit consent
  };
  gate = await Gate.start({ dataDir, version: app.getVersion(), bridgeCommand, keyCipher: safeStorage, fdHandoffAddon: join(app.getAppPath(), FD_HANDOFF_ADDON), openUrl });
  const client = gate.client;
  registerGateIpc(ipcMain, client, rendererUrl);
  forwardGateEvents(client, () => win?.webContents ?? null);
  // The macOS app menu's About.
  app.setAboutPanelOptions({ applicationName: 'Sampling Gate', applicationVersion: app.getVersion(), credits: `Data directory: ${dataDir}` });

  tray = createGateTray(
    { idle: join(assets, 'tray.png'), pending: join(assets, 'tray-pending.png') },
    { show: showWindow, quit: () => app.quit(), about: showAbout, installCliTool: installCommandLineTool, startAtLogin: { get: startsAtLogin, set: setStartAtLogin } },
  );
  // The queue from the list once, then from the gate's deltas (shared/pending.ts).
  let queue: PendingRequest[] = [];
  client.on('approvals.changed', (delta) => onPending((queue = applyPendingDelta(queue, delta))));
  const first = await client.call('approvals.list', {});
  if (first.ok) onPending((queue = first.value));

  // Started at login: to the tray only, until a request or the user opens the window.
  const atLogin = process.argv.includes(HIDDEN_FLAG) || (process.platform === 'darwin' && app.getLoginItemSettings().wasOpenedAtLogin);
  if (!atLogin) showWindow();
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
    n.on('click', () => openRequest(first.id));
    n.show();
  }
  showWindow();
}

/** A notification was clicked: the window, on that request (the page selects it once it is listed). */
function openRequest(id: string): void {
  showWindow();
  const wc = win?.webContents;
  if (!wc || wc.isDestroyed()) return;
  if (wc.isLoading()) wc.once('did-finish-load', () => wc.send(OPEN_REQUEST_CHANNEL, id));
  else wc.send(OPEN_REQUEST_CHANNEL, id);
}

function showWindow(): void {
  if (!app.isReady() || quitting) return;
  if (!win || win.isDestroyed()) {
    const size = windowOptions({ preloadPath });
    const placement = placeWindow(
      loadWindowState(windowStateFile),
      screen.getAllDisplays().map((d) => d.workArea),
      { width: size.width ?? 1200, height: size.height ?? 820, minWidth: size.minWidth ?? 820, minHeight: size.minHeight ?? 560 },
    );
    win = createMainWindow({ devServerUrl, indexHtml, preloadPath, iconPath: join(assets, 'icon.png'), placement });
    win.on('close', (event) => {
      rememberWindow();
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

/** Size and position for next time (`<data dir>/window.json`). */
function rememberWindow(): void {
  if (!win || win.isDestroyed()) return;
  try {
    saveWindowState(windowStateFile, { bounds: win.getNormalBounds(), maximized: win.isMaximized() });
  } catch (err) {
    console.error('could not save the window state:', err);
  }
}

function showAbout(): void {
  const { message, detail } = aboutText({ version: app.getVersion(), dataDir, versions: process.versions });
  void dialog.showMessageBox({ type: 'info', title: 'About Sampling Gate', message, detail, buttons: ['OK', 'Open data directory'], defaultId: 0, cancelId: 0 }).then(({ response }) => {
    if (response === 1) void shell.openPath(dataDir);
  });
}

function installCommandLineTool(): void {
  const target = appExecutable();
  const host = { platform: process.platform, exe: app.getPath('exe'), env: process.env };
  const moving = unstableLocation(host);
  const result = moving ? { ok: false as const, message: `Not installed: ${moving}.` } : installCliTool(cliToolPlan({ platform: process.platform, home: homedir(), env: process.env, target }));
  void dialog.showMessageBox({
    type: result.ok ? 'info' : 'warning',
    title: 'Install command-line tool',
    message: result.ok ? 'The sampling-gate command is installed' : 'The sampling-gate command could not be installed',
    detail: `${result.message}\n\nIt runs ${target}.`,
  });
}

function startsAtLogin(): boolean {
  if (process.platform === 'linux') return linuxAutostartEnabled(autostartFile(homedir(), process.env));
  return app.getLoginItemSettings({ args: [HIDDEN_FLAG] }).openAtLogin;
}

function setStartAtLogin(on: boolean): void {
  if (process.platform === 'linux') setLinuxAutostart(autostartFile(homedir(), process.env), appExecutable(), on);
  // Windows passes the args; macOS reports wasOpenedAtLogin instead.
  else app.setLoginItemSettings({ openAtLogin: on, args: [HIDDEN_FLAG] });
}
