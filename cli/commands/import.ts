/**
 * `import claude-desktop|cursor|vscode|claude-code [--rewire] [--file PATH] [--dry-run]` (CONTRACT.md
 * section 7): a client's MCP servers into config.yaml (new ones get trust `ask`), and with --rewire the
 * client's own file pointed at the gate — backed up first, written atomically, the rest of it kept.
 * The parsing and rewriting are pure (core/config/importers); this file does the I/O.
 */
import { constants, copyFileSync, existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { resolve } from 'node:path';
import type { ServerConfig } from '../../shared/config-schema.js';
import { ConfigStore } from '../../core/config/config-store.js';
import { formatProblem, parseConfig } from '../../core/config/parse-config.js';
import { readClientFile, rewireClientFile, type Rewire } from '../../core/config/importers/client-file.js';
import { FORMATS } from '../../core/config/importers/formats.js';
import { defaultLocation, PROJECT_FILES } from '../../core/config/importers/locations.js';
import { planImport, type PlannedServer } from '../../core/config/importers/plan.js';
import type { ClientKind, FoundServer, GateRoute } from '../../core/config/importers/types.js';
import { silentLogger } from '../../core/log.js';
import { dataDirArgs, ensureDataDir, type DataPaths } from '../../core/paths.js';
import { loadOrCreateToken } from '../../core/token.js';
import { gateRunning } from '../control-client.js';
import { writeFileAtomic } from '../../core/atomic-write.js';
import { readLock } from '../../core/lockfile.js';
import { bridgeCommand } from '../install-paths.js';

export interface ImportOptions {
  client: ClientKind;
  /** --file: the client's file; else its user-level default. */
  file: string | undefined;
  rewire: boolean;
  dryRun: boolean;
}

type Server = Extract<FoundServer, { status: 'server' }>;

export async function importServers(paths: DataPaths, opts: ImportOptions): Promise<number> {
  const format = FORMATS[opts.client];
  const file = opts.file !== undefined ? resolve(opts.file) : defaultLocation(opts.client, { platform: process.platform, home: homedir(), env: process.env });
  const text = readClientText(file, opts);
  const read = readClientFile(opts.client, text);
  if (!read.ok) throw new Error(`${file}: not valid JSON: ${read.error}`);
  const out = (line: string): void => void process.stdout.write(line + '\n');
  const did = (verb: string, past: string): string => (opts.dryRun ? `would ${verb}` : past);
  out(`${format.label}: ${file}`);
  if (read.servers.length === 0) {
    out(`no MCP servers under "${format.serversKey}"; nothing to import`);
    return 0;
  }

  // A dry run reads config.yaml and writes nothing — not even the starter file.
  const store = opts.dryRun ? null : openStore(paths);
  const plan = planImport(read.servers, store ? store.config.servers : readServers(paths.config));
  const inGate: PlannedServer[] = [];
  const secrets: string[] = [];
  for (const p of plan) {
    const f = p.found;
    const name = label(p);
    switch (p.action) {
      case 'import': {
        const s = f as Server;
        try {
          store?.upsertServer(p.id!, { ...withoutEmpty(s.entry), trust: 'ask', description: `imported from ${format.label} ("${f.name}")` });
        } catch (err) {
          out(`skipped ${name}: ${(err as Error).message}`);
          break;
        }
        out(`${did('import', 'imported')} ${name} (${s.transport}: ${describe(s)}), trust ask`);
        if (Object.keys('env' in s.entry ? s.entry.env : s.entry.headers).length > 0) secrets.push(p.id!);
        inGate.push(p);
        break;
      }
      case 'same':
        out(`unchanged ${name}: already in config.yaml, identical`);
        inGate.push(p);
        break;
      case 'duplicate':
        out(`unchanged ${name}: the same server as above`);
        inGate.push(p);
        break;
      case 'conflict':
        out(`skipped ${name}: config.yaml already has a different server "${p.id}"; both left as they are`);
        break;
      case 'through-gate':
        out(`skipped ${f.name}${f.scope ? ` [${f.scope}]` : ''}: already goes through the gate (server "${p.id}")`);
        break;
      case 'unsupported':
        out(`skipped ${f.name}${f.scope ? ` [${f.scope}]` : ''}: ${(f as Extract<FoundServer, { status: 'unsupported' }>).reason}`);
        break;
    }
    if (f.status === 'server') for (const n of f.notes) out(`note ${name}: ${n}`);
  }

  const rewrote = opts.rewire && (await rewire(paths, opts, file, text, inGate, out));
  if (secrets.length > 0) {
    out(`note: the env values and headers of ${secrets.join(', ')} (API keys, tokens) ${opts.dryRun ? 'would' : 'now'} also live in ${paths.config} (mode 0600)`);
  }
  if (rewrote) out(`restart ${format.label} to use the gate`);
  if (!opts.rewire && inGate.length > 0) out(`run again with --rewire to send ${format.label}'s servers through the gate`);
  if (opts.dryRun) out('dry run: nothing written');
  return 0;
}

/** Returns whether the client's file was rewritten. */
async function rewire(paths: DataPaths, opts: ImportOptions, file: string, text: string, inGate: PlannedServer[], out: (line: string) => void): Promise<boolean> {
  const format = FORMATS[opts.client];
  const rewired = opts.dryRun ? 'would rewire' : 'rewired';
  const bridge = bridgeCommand();
  const port = format.takesHttpHeaders && inGate.some((p) => (p.found as Server).transport !== 'stdio') ? await runningGatePort(paths) : null;
  const rewires: Rewire[] = [];
  let httpPort: number | null = null;
  for (const p of inGate) {
    const s = p.found as Server;
    const id = p.id!;
    if (s.rewireBlockers.length > 0) {
      out(`not rewired ${label(p)}: ${s.rewireBlockers.join('; ')} — edit config.yaml, then see \`sampling-gate client-config ${id}\``);
      continue;
    }
    let route: GateRoute;
    if (s.transport !== 'stdio' && port !== null) {
      const url = `http://127.0.0.1:${port}/servers/${encodeURIComponent(id)}/mcp`;
      // The token is read only for a real write: a dry run must not create one.
      route = { kind: 'http', url, headers: { Authorization: `Bearer ${opts.dryRun ? '<token>' : loadOrCreateToken(paths.token)}` } };
      out(`${rewired} ${label(p)} → ${url} (the gate's token in its Authorization header)`);
      httpPort = port;
    } else {
      route = { kind: 'stdio', command: bridge.command, args: [...bridge.args, 'connect', id, ...dataDirArgs(paths.dir)] };
      out(`${rewired} ${label(p)} → sampling-gate connect ${id}`);
    }
    rewires.push({ path: s.path, route });
  }
  if (rewires.length === 0) {
    out(`${file}: nothing to rewire, left as it is`);
    return false;
  }
  const next = rewireClientFile(opts.client, text, rewires);
  if (next.droppedComments) out(`note: comments inside the rewired entries are gone from ${file}; the backup keeps them`);
  if (httpPort !== null) out(`note: the HTTP entries name port ${httpPort}; start the gate with --port ${httpPort} to keep them working after a restart`);
  if (opts.dryRun) return false;
  // Clients (Claude Code above all) rewrite their own file: never overwrite a change made since we read it.
  if (readFileSync(file, 'utf8') !== text) throw new Error(`${file} changed while importing; nothing rewired — run the import again`);
  const backup = `${file}.sampling-gate-backup-${new Date().toISOString().replace(/[:.]/g, '-')}`;
  copyFileSync(file, backup, constants.COPYFILE_EXCL);
  try {
    writeFileAtomic(file, next.text);
  } catch (err) {
    throw new Error(`${file}: cannot write: ${(err as Error).message}`);
  }
  out(`backup ${backup}`);
  return true;
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

function openStore(paths: DataPaths): ConfigStore {
  ensureDataDir(paths.dir);
  const store = ConfigStore.open(paths.config, silentLogger);
  const problem = store.problems[0];
  if (problem) throw new Error(`${formatProblem(problem)} — fix config.yaml before importing`);
  return store;
}

function readServers(file: string): Record<string, ServerConfig> {
  if (!existsSync(file)) return {};
  const parsed = parseConfig(readFileSync(file, 'utf8'), file);
  if (!parsed.ok) throw new Error(`${formatProblem(parsed.problems[0]!)} — fix config.yaml before importing`);
  return parsed.config.servers;
}

/** The HTTP port of the gate running on this data directory, or null: a stopped gate's port means nothing. */
async function runningGatePort(paths: DataPaths): Promise<number | null> {
  if (!(await gateRunning(paths.socket))) return null;
  return readLock(paths.lockfile)?.port ?? null;
}


/** `id`, the client's name when it had to change, and the scope when the file has several. */
function label(p: PlannedServer): string {
  const f = p.found;
  return `${p.id ?? f.name}${p.id !== null && p.id !== f.name ? ` (from "${f.name}")` : ''}${f.scope ? ` [${f.scope}]` : ''}`;
}

/** config.yaml defaults env and headers to {}: leave empty ones out of the file. */
function withoutEmpty(entry: Server['entry']): Record<string, unknown> {
  return Object.fromEntries(Object.entries(entry).filter(([, v]) => !(typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length === 0)));
}

function describe(s: Server): string {
  return 'command' in s.entry ? [s.entry.command, ...s.entry.args].join(' ') : s.entry.url;
}
