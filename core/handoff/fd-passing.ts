/**
 * Passing open file descriptors between unrelated processes (SCM_RIGHTS over a Unix-domain
 * socket), from native/fd_handoff.c — a Node-API addon `npm run build` compiles into
 * out/native/fd_handoff.node. Node passes descriptors only between a parent and the child it forked;
 * the bridge and the gate are strangers (an MCP client starts the one, the user the other).
 *
 * Optional by design: on Windows (no SCM_RIGHTS), where no C compiler built the addon, or with
 * SAMPLING_GATE_FD_HANDOFF=0, `fdPassing()` is null and the bridge copies bytes as it always did.
 */
import { closeSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

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

const ADDON = join('native', 'fd_handoff.node');

let loaded: FdPassing | null | undefined;

export function fdPassing(env: NodeJS.ProcessEnv = process.env): FdPassing | null {
  if (process.platform === 'win32' || env.SAMPLING_GATE_FD_HANDOFF === '0') return null;
  if (loaded === undefined) loaded = load();
  return loaded;
}

function load(): FdPassing | null {
  const file = findAddon();
  if (!file) return null;
  try {
    return createRequire(import.meta.url)(file) as FdPassing;
  } catch {
    // Built for another platform or architecture (a copied checkout): the byte-copying bridge works.
    return null;
  }
}

/**
 * `out/native/fd_handoff.node`, walking up from this module: it runs from out/node/core/handoff
 * (tsc), out/node/bundle (the CLI), out/main (Electron, where the file is unpacked beside app.asar
 * and Electron's require finds it there) or core/handoff (the sources, under vitest).
 */
export function findAddon(from: string = dirname(fileURLToPath(import.meta.url))): string | null {
  let dir = from;
  for (let i = 0; i < 6; i++) {
    for (const candidate of [join(dir, ADDON), join(dir, 'out', ADDON)]) if (existsSync(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return null;
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
