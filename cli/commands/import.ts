/**
 * `import claude-desktop|cursor|vscode|claude-code [--rewire] [--file PATH] [--dry-run]` (CONTRACT.md
 * section 7): a client's MCP servers into config.yaml (new ones get trust `ask`), and with --rewire the
 * client's own file pointed at the gate — backed up first, written atomically, the rest of it kept.
 * `import --undo <client>` puts the client's file back. The work is in core/import (shared with the
 * app's first-run screen); this file reads the file, opens config.yaml and prints.
 */
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { resolve } from 'node:path';
import type { ServerConfig } from '../../shared/config-schema.js';
import { ConfigStore } from '../../core/config/config-store.js';
import { formatProblem, parseConfig } from '../../core/config/parse-config.js';
import { FORMATS } from '../../core/config/importers/formats.js';
import { defaultLocation, PROJECT_FILES } from '../../core/config/importers/locations.js';
import type { ClientKind, GateRoute } from '../../core/config/importers/types.js';
import { importClient, type ImportTarget } from '../../core/import/client-import.js';
import { undoImport } from '../../core/import/undo.js';
import { silentLogger } from '../../core/log.js';
import { dataDirArgs, ensureDataDir, type DataPaths } from '../../core/paths.js';
import { loadOrCreateToken } from '../../core/token.js';
import { gateRunning } from '../control-client.js';
import { readLock } from '../../core/lockfile.js';
import { bridgeCommand } from '../install-paths.js';

export interface ImportOptions {
  client: ClientKind;
  /** --file: the client's file; else its user-level default. */
  file: string | undefined;
  rewire: boolean;
  dryRun: boolean;
}

export async function importServers(paths: DataPaths, opts: ImportOptions): Promise<number> {
  const file = opts.file !== undefined ? resolve(opts.file) : defaultLocation(opts.client, { platform: process.platform, home: homedir(), env: process.env });
  const text = readClientText(file, opts);
  // A dry run reads config.yaml and writes nothing — not even the starter file.
  const target: ImportTarget = opts.dryRun ? { servers: () => readServers(paths.config) } : storeTarget(paths);
  const outcome = await importClient({
    client: opts.client,
    file,
    text,
    rewire: opts.rewire,
    dryRun: opts.dryRun,
    target,
    bridge: bridgeCommand(),
    dataDirArgs: dataDirArgs(paths.dir),
    httpRoute: () => httpRoute(paths, opts.dryRun),
    configFile: paths.config,
    dataDir: paths.dir,
  });
  for (const line of outcome.lines) process.stdout.write(line + '\n');
  return 0;
}

/** `import --undo <client>`: the latest rewiring import of that client (of --file, when given) reverted. */
export function undo(paths: DataPaths, client: ClientKind, file: string | undefined): number {
  const result = undoImport(paths.dir, client, file !== undefined ? resolve(file) : undefined);
  for (const line of result.lines) process.stdout.write(line + '\n');
  return 0;
}

function readClientText(file: string, opts: ImportOptions): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT') throw new Error(`${file}: cannot read: ${(err as Error).message}`);
    const project = PROJECT_FILES[opts.client];
    const hint = opts.file !== undefined ? '' : ` (is ${FORMATS[opts.client].label} set up for MCP? pass --file PATH${project ? `, e.g. --file ${project}` : ''})`;
    throw new Error(`${file}: no such file${hint}`);
  }
}

/** config.yaml through the config store, opened only once the client's file has servers to import. */
function storeTarget(paths: DataPaths): ImportTarget {
  let store: ConfigStore | null = null;
  const open = (): ConfigStore => {
    if (store) return store;
    ensureDataDir(paths.dir);
    store = ConfigStore.open(paths.config, silentLogger);
    const problem = store.problems[0];
    if (problem) throw new Error(`${formatProblem(problem)} — fix config.yaml before importing`);
    return store;
  };
  return { servers: () => open().config.servers, upsert: (id, entry) => open().upsertServer(id, entry) };
}

function readServers(file: string): Record<string, ServerConfig> {
  if (!existsSync(file)) return {};
  const parsed = parseConfig(readFileSync(file, 'utf8'), file);
  if (!parsed.ok) throw new Error(`${formatProblem(parsed.problems[0]!)} — fix config.yaml before importing`);
  return parsed.config.servers;
}

/**
 * URL servers go to the HTTP endpoint of the gate running on this data directory (a stopped gate's
 * port means nothing: then they go through the bridge). The token is read only for a real write: a
 * dry run must not create one.
 */
async function httpRoute(paths: DataPaths, dryRun: boolean): Promise<((id: string) => GateRoute) | null> {
  if (!(await gateRunning(paths.socket))) return null;
  const port = readLock(paths.lockfile)?.port ?? null;
  if (port === null) return null;
  return (id) => ({
    kind: 'http',
    url: `http://127.0.0.1:${port}/servers/${encodeURIComponent(id)}/mcp`,
    headers: { Authorization: `Bearer ${dryRun ? '<token>' : loadOrCreateToken(paths.token)}` },
  });
}
