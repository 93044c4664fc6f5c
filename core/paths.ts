/**
 * Where the gate keeps its files (CONTRACT.md section 4):
 * `--data-dir`, else SAMPLING_GATE_HOME, else the OS default.
 */
import { createHash } from 'node:crypto';
import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { homedir, platform, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export interface DataPaths {
  dir: string;
  config: string;
  history: string;
  token: string;
  /** Provider keys entered in the desktop app, each encrypted with the OS keychain (core/providers/keys.ts). */
  keys: string;
  /** The bridge/control socket (a named pipe on Windows). */
  socket: string;
  /** Where a bridge hands the gate its client's stdin and stdout (core/handoff/; not on Windows). */
  handoff: string;
  /** Written by a running gate: its pid and HTTP port. */
  lockfile: string;
  log: string;
}

export function resolveDataDir(flag?: string, env: NodeJS.ProcessEnv = process.env): string {
  if (flag) return resolve(flag);
  if (env.SAMPLING_GATE_HOME) return resolve(env.SAMPLING_GATE_HOME);
  switch (platform()) {
    case 'darwin':
      return join(homedir(), 'Library', 'Application Support', 'sampling-gate');
    case 'win32':
      return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'sampling-gate');
    default:
      return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'sampling-gate');
  }
}

/**
 * The args that make a bridge find this data directory. An MCP client starts `connect` with its own
 * environment, not the gate's: any directory but the OS default must be passed explicitly.
 */
export function dataDirArgs(dir: string, env: NodeJS.ProcessEnv = process.env): string[] {
  const { SAMPLING_GATE_HOME: _ignored, ...clientEnv } = env;
  return resolve(dir) === resolveDataDir(undefined, clientEnv) ? [] : ['--data-dir', resolve(dir)];
}

export function dataPaths(dir: string): DataPaths {
  return {
    dir,
    config: join(dir, 'config.yaml'),
    history: join(dir, 'history.db'),
    token: join(dir, 'token'),
    keys: join(dir, 'keys.bin'),
    socket: socketPath(dir),
    handoff: socketPath(dir, 'gate-fd'),
    lockfile: join(dir, 'gate.json'),
    log: join(dir, 'gate.log'),
  };
}

/** The data directory holds a token and prompts: owner-only (every directory it creates is 0700). */
export function ensureDataDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
}

/**
 * A file of the gate's that holds prompts or secrets: owner-only (0600) whatever the umask or the
 * mode it was left with. `create`: make it (empty) when missing, so it never exists with a wider
 * mode — SQLite gives the -wal and -shm files it creates later the database file's mode.
 */
export function makePrivate(file: string, opts: { create?: boolean } = {}): void {
  if (process.platform === 'win32') return;
  if (!existsSync(file)) {
    if (!opts.create) return;
    closeSync(openSync(file, 'a', 0o600));
  }
  chmodSync(file, 0o600);
}

/** history.db and the WAL files beside it: full prompts and completions. */
export function makeHistoryPrivate(file: string): void {
  makePrivate(file, { create: true });
  makePrivate(`${file}-wal`);
  makePrivate(`${file}-shm`);
}

function socketPath(dir: string, name = 'gate'): string {
  const digest = createHash('sha256').update(dir).digest('hex').slice(0, 16);
  const suffix = name === 'gate' ? '' : `-${name}`;
  if (platform() === 'win32') return `\\\\.\\pipe\\sampling-gate-${digest}${suffix}`;
  const inDir = join(dir, `${name}.sock`);
  // sun_path is ~104-108 bytes; a deep data dir falls back to a per-dir name in the temp dir.
  return Buffer.byteLength(inDir) < 100 ? inDir : join(tmpdir(), `sampling-gate-${digest}${suffix}.sock`);
}
