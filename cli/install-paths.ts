/**
 * Where this installation lives: the package root, its bin script and its built renderer — and what
 * an MCP client runs to reach the gate. From a checkout that is this Node and the bin script; in the
 * packaged desktop app it is the app's own executable, which runs the CLI when started as
 * `<app> connect <id>` (electron/main/index.ts registers it here with `useInstall`).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { FD_HANDOFF_ADDON } from '../core/handoff/fd-passing.js';

// Compiled to out/node/cli/install-paths.js: the package root is three levels up.
export const PACKAGE_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const BIN_SCRIPT = join(PACKAGE_ROOT, 'bin', 'sampling-gate.js');

export interface Launcher {
  command: string;
  args: string[];
}

export interface Install {
  /** The app's root: package.json and out/ (in the packaged app, resources/app.asar). */
  root: string;
  /** The installed app's executable and leading args; null in a checkout (Node runs the bin script). */
  launcher: Launcher | null;
}

let install: Install = { root: PACKAGE_ROOT, launcher: null };

/** Called once by the desktop app before it runs a command: the CLI then describes the installed app. */
export function useInstall(next: Install): void {
  install = next;
}

/** The installed app's executable, when the CLI runs inside it (null from a checkout or npm). */
export function appLauncher(): Launcher | null {
  return install.launcher;
}

export function rendererDir(): string {
  return join(install.root, 'out', 'renderer');
}

/** The bridge's descriptor passing (native/fd_handoff.c), as `npm run build` leaves it. */
export function fdHandoffAddon(): string {
  return join(install.root, FD_HANDOFF_ADDON);
}

export function packageVersion(): string {
  try {
    return (JSON.parse(readFileSync(join(install.root, 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return '0.0.0';
  }
}

/**
 * What an MCP client should run to reach the gate (before `connect <id>`): the installed app's own
 * executable — it exists wherever the app is installed and needs no Node — else this Node and this
 * bin script.
 */
export function bridgeCommand(): Launcher {
  return install.launcher ?? { command: process.execPath, args: [BIN_SCRIPT] };
}
