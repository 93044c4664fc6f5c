/**
 * `sampling-gate connect <server-id>`: what an MCP client runs. It hands the client's stdin and stdout
 * to the running gate (../bridge/handoff.ts) and waits; where that cannot be done it attaches over
 * the data directory's socket (../bridge/gate-link.ts) and only moves bytes: stdin → gate, gate →
 * stdout (../bridge/stdio-pump.ts). The gate parses and relays; the bridge stays dumb so it cannot
 * disagree with it. With no gate running it starts one (the desktop app when there is a display and
 * Electron is installed, else a headless core). In the packaged app this same code runs in the
 * app's main process, started as `<app> connect <id>`.
 */
import { spawn } from 'node:child_process';
import { existsSync, openSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { DataPaths } from '../../core/paths.js';
import { ensureDataDir, makePrivate } from '../../core/paths.js';
import { attach, type GateLink } from '../bridge/gate-link.js';
import { handOff, holdSession } from '../bridge/handoff.js';
import { pump } from '../bridge/stdio-pump.js';
import { appLauncher, BIN_SCRIPT, PACKAGE_ROOT } from '../install-paths.js';

const START_TIMEOUT_MS = 20_000;

/** A link to the gate, and whether the gate took the client's stdio with it. */
interface Attached {
  link: GateLink;
  handed: boolean;
}

export async function connect(paths: DataPaths, serverId: string): Promise<number> {
  let attached = await open(paths, serverId).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT' || err.code === 'ECONNREFUSED') return null;
    throw err;
  });
  if (!attached) {
    startGate(paths);
    attached = await waitForGate(paths, serverId);
  }
  return attached.handed ? holdSession(attached.link) : pump(attached.link);
}

async function open(paths: DataPaths, serverId: string): Promise<Attached> {
  const handed = await handOff(paths.handoff, serverId);
  if (handed) return { link: handed, handed: true };
  return { link: await attach({ path: paths.socket }, serverId), handed: false };
}

async function waitForGate(paths: DataPaths, serverId: string): Promise<Attached> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    try {
      return await open(paths, serverId);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if ((code !== 'ENOENT' && code !== 'ECONNREFUSED') || Date.now() > deadline) {
        if (code === 'ENOENT' || code === 'ECONNREFUSED') throw new Error(`started a gate but it did not come up within ${START_TIMEOUT_MS / 1000}s (see the log in the data directory)`);
        throw err;
      }
      await new Promise((r) => setTimeout(r, 150));
    }
  }
}

/** Start a gate that outlives this bridge: detached, its output in `<data dir>/gate.log`. */
function startGate(paths: DataPaths): void {
  ensureDataDir(paths.dir);
  const out = openSync(paths.log, 'a', 0o600);
  makePrivate(paths.log);
  const [command, args, what] = gateStarter(paths.dir, desktopAvailable());
  const child = spawn(command, args, { detached: true, stdio: ['ignore', out, out], env: process.env });
  child.unref();
  process.stderr.write(`sampling-gate: no gate was running; started ${what}\n`);
}

/**
 * Inside the installed app (the bridge is the app's own executable) the gate it starts is that app:
 * its window, or with no display its `serve`. From a checkout: Electron if downloaded, else Node.
 */
function gateStarter(dir: string, desktop: boolean): [string, string[], string] {
  const app = appLauncher();
  if (app) return desktop ? [app.command, [...app.args, `--data-dir=${dir}`], 'the desktop app'] : [app.command, [...app.args, 'serve', '--data-dir', dir], 'a headless gate'];
  const electron = desktop ? electronBinary() : null;
  if (electron) return [electron, [PACKAGE_ROOT, `--data-dir=${dir}`], 'the desktop app'];
  return [process.execPath, [BIN_SCRIPT, 'serve', '--data-dir', dir], 'a headless gate'];
}

function desktopAvailable(): boolean {
  if (process.env.SAMPLING_GATE_HEADLESS === '1') return false;
  if (process.platform === 'linux') return Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
  return true;
}

/** The Electron binary, if installed and downloaded (require('electron') is its path under Node). */
function electronBinary(): string | null {
  try {
    const path = createRequire(import.meta.url)('electron') as unknown;
    return typeof path === 'string' && existsSync(path) ? path : null;
  } catch {
    return null;
  }
}
