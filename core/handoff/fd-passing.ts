/**
 * Passing open file descriptors between unrelated processes (SCM_RIGHTS over a Unix-domain
 * socket), from native/fd_handoff.c — a Node-API addon `npm run build` compiles into
 * out/native/fd_handoff.node. Node passes descriptors only between a parent and the child it forked;
 * the bridge and the gate are strangers (an MCP client starts the one, the user the other).
 *
 * Optional by design: on Windows (no SCM_RIGHTS), where no C compiler built the addon, or with
 * SAMPLING_GATE_FD_HANDOFF=0, `fdPassing()` is null and the bridge copies bytes as it always did.
 * Where the addon is comes from the host, like everything that depends on the installation
 * (cli/install-paths.ts, the desktop app): `join(<app root>, FD_HANDOFF_ADDON)`.
 */
import { closeSync, fstatSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

/** What the addon exports (native/fd_handoff.c says what each does). */
export interface FdPassing {
  /** Connect to `path` and send one byte carrying `fds`; the connected socket's fd (the caller owns it). */
  send(path: string, fds: number[]): number;
  /** Accept on `path`; each connection's fd and the descriptors it sent go to `onHandoff`, which owns them. */
  listen(path: string, timeoutMs: number, onHandoff: (connFd: number, fds: number[]) => void): FdListener;
  close(listener: FdListener): void;
}

/** Opaque: only `close` takes it. */
export type FdListener = { readonly __brand: 'fd_handoff listener' };

/** The built addon, relative to the app's root (the package root; app.asar in the desktop app). */
export const FD_HANDOFF_ADDON = join('out', 'native', 'fd_handoff.node');

const loaded = new Map<string, FdPassing | null>();

/** The addon at `file`; null when there is none to use (no file, Windows, turned off, not loadable). */
export function fdPassing(file: string | null | undefined, env: NodeJS.ProcessEnv = process.env): FdPassing | null {
  if (!file || process.platform === 'win32' || env.SAMPLING_GATE_FD_HANDOFF === '0') return null;
  if (!loaded.has(file)) loaded.set(file, load(file));
  return loaded.get(file)!;
}

function load(file: string): FdPassing | null {
  try {
    // In the desktop app Electron's require finds the file unpacked beside app.asar.
    return createRequire(import.meta.url)(file) as FdPassing;
  } catch {
    // Not built (no C compiler), or built for another platform (a copied checkout): bridges copy bytes.
    return null;
  }
}

/** What a client gives the server it spawns — the only stdio worth handing over (not a terminal or a file). */
export function isPipeOrSocket(fd: number): boolean {
  try {
    const s = fstatSync(fd);
    return s.isFIFO() || s.isSocket();
  } catch {
    return false;
  }
}

/** Descriptors received and not (or no longer) wanted; one already closed is skipped. */
export function closeDescriptors(fds: readonly number[]): void {
  for (const fd of fds) {
    try {
      closeSync(fd);
    } catch {
      // already closed
    }
  }
}
