/**
 * One client's MCP servers into config.yaml and, with rewire, the client's own file pointed at the gate
 * — backed up first, written atomically, the rest of it kept, the rewrite recorded for Undo. Shared
 * by `sampling-gate import` (which prints `lines`) and the first-run screen (the gate API). The
 * parsing and rewriting are pure (core/config/importers); this file does the I/O.
 */
import { constants, copyFileSync, readFileSync } from 'node:fs';
import type { ServerConfig } from '../../shared/config-schema.js';
import type { ClientServerPlan } from '../../shared/client-import.js';
import { writeFileAtomic } from '../atomic-write.js';
import { readClientFile, rewireClientFile, type Rewire } from '../config/importers/client-file.js';
import { FORMATS } from '../config/importers/formats.js';
import { planImport, type PlannedServer } from '../config/importers/plan.js';
import type { ClientKind, FoundServer, GateRoute } from '../config/importers/types.js';
import { addRecord, sha256 } from './import-records.js';

type Server = Extract<FoundServer, { status: 'server' }>;

/** Where imported servers go: config.yaml through the config store, or nowhere on a dry run. */
export interface ImportTarget {
  servers(): Record<string, ServerConfig>;
  /** Absent on a dry run. Throws when config.yaml refuses the entry. */
  upsert?: (id: string, entry: Record<string, unknown>) => void;
}

export interface ImportRequest {
  client: ClientKind;
  file: string;
  /** The file's text as read. */
  text: string;
  rewire: boolean;
  dryRun: boolean;
  target: ImportTarget;
  /** What a rewired stdio entry runs before `connect <id>` (the installed app, or Node and the bin script). */
  bridge: { command: string; args: string[] };
  /** `--data-dir DIR` when the gate's directory is not the one a client would find by default. */
  dataDirArgs: string[];
  /**
   * The gate's HTTP endpoint for a URL server, when one should be used (the CLI, with a gate running);
   * asked only when the file has a URL server to rewire. Null: everything goes through the bridge.
   */
  httpRoute: (() => Promise<((id: string) => GateRoute) | null>) | null;
  /** config.yaml, named in the note about secrets. */
  configFile: string;
  /** Where the rewrite is recorded for Undo. */
  dataDir: string;
}

export interface ImportOutcome {
  lines: string[];
  servers: ClientServerPlan[];
  /** Gate ids added to config.yaml (on a dry run: that would be). */
  imported: string[];
  /** The file's text after the rewire; null when the rewire changes nothing. Set on a dry run too. */
  next: string | null;
  /** The backup taken before the file was rewritten. */
  backup: string | null;
}

export async function importClient(req: ImportRequest): Promise<ImportOutcome> {
  const format = FORMATS[req.client];
  const read = readClientFile(req.client, req.text);
  if (!read.ok) throw new Error(`${req.file}: not valid JSON: ${read.error}`);
  const lines: string[] = [];
  const out = (line: string): void => void lines.push(line);
  const did = (verb: string, past: string): string => (req.dryRun ? `would ${verb}` : past);
  const outcome: ImportOutcome = { lines, servers: [], imported: [], next: null, backup: null };
  out(`${format.label}: ${req.file}`);
  if (read.servers.length === 0) {
    out(`no MCP servers under "${format.serversKey}"; nothing to import`);
    return outcome;
  }

  const upsert = req.dryRun ? undefined : req.target.upsert;
  const plan = planImport(read.servers, req.target.servers());
  const inGate: PlannedServer[] = [];
  const secrets: string[] = [];
  const rows = new Map<PlannedServer, ClientServerPlan>();
  for (const p of plan) {
    const f = p.found;
    const name = label(p);
    const row: ClientServerPlan = {
      name: f.name,
      scope: f.scope,
      id: p.id,
      action: p.action,
      transport: f.status === 'server' ? f.transport : null,
      target: f.status === 'server' ? describe(f) : null,
      rewired: false,
      why: null,
    };
    rows.set(p, row);
    switch (p.action) {
      case 'import': {
        const s = f as Server;
        try {
          upsert?.(p.id!, { ...withoutEmpty(s.entry), trust: 'ask', description: `imported from ${format.label} ("${f.name}")` });
        } catch (err) {
          out(`skipped ${name}: ${(err as Error).message}`);
          row.why = (err as Error).message;
          break;
        }
        out(`${did('import', 'imported')} ${name} (${s.transport}: ${describe(s)}), trust ask`);
        if (Object.keys('env' in s.entry ? s.entry.env : s.entry.headers).length > 0) secrets.push(p.id!);
        outcome.imported.push(p.id!);
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
        row.why = `config.yaml already has a different server "${p.id}"`;
        break;
      case 'through-gate':
        out(`skipped ${f.name}${f.scope ? ` [${f.scope}]` : ''}: already goes through the gate (server "${p.id}")`);
        row.why = 'already goes through the gate';
        break;
      case 'unsupported':
        out(`skipped ${f.name}${f.scope ? ` [${f.scope}]` : ''}: ${(f as Extract<FoundServer, { status: 'unsupported' }>).reason}`);
        row.why = (f as Extract<FoundServer, { status: 'unsupported' }>).reason;
        break;
    }
    if (f.status === 'server') for (const n of f.notes) out(`note ${name}: ${n}`);
  }
  outcome.servers = plan.map((p) => rows.get(p)!);

  const rewrote = req.rewire && (await rewire(req, inGate, rows, outcome, out));
  if (secrets.length > 0) {
    out(`note: the env values and headers of ${secrets.join(', ')} (API keys, tokens) ${req.dryRun ? 'would' : 'now'} also live in ${req.configFile} (mode 0600)`);
  }
  if (rewrote) out(`restart ${format.label} to use the gate`);
  if (!req.rewire && inGate.length > 0) out(`run again with --rewire to send ${format.label}'s servers through the gate`);
  if (req.dryRun) out('dry run: nothing written');
  return outcome;
}

/** Returns whether the client's file was rewritten. */
async function rewire(req: ImportRequest, inGate: PlannedServer[], rows: Map<PlannedServer, ClientServerPlan>, outcome: ImportOutcome, out: (line: string) => void): Promise<boolean> {
  const format = FORMATS[req.client];
  const rewired = req.dryRun ? 'would rewire' : 'rewired';
  const wantsHttp = format.takesHttpHeaders && req.httpRoute !== null && inGate.some((p) => (p.found as Server).transport !== 'stdio');
  const http = wantsHttp ? await req.httpRoute!() : null;
  const rewires: Rewire[] = [];
  let httpPort: string | null = null;
  for (const p of inGate) {
    const s = p.found as Server;
    const id = p.id!;
    const row = rows.get(p)!;
    if (s.rewireBlockers.length > 0) {
      out(`not rewired ${label(p)}: ${s.rewireBlockers.join('; ')} — edit config.yaml, then see \`sampling-gate client-config ${id}\``);
      row.why = `not rewired: ${s.rewireBlockers.join('; ')}`;
      continue;
    }
    let route: GateRoute;
    if (s.transport !== 'stdio' && http !== null) {
      route = http(id);
      const url = route.kind === 'http' ? route.url : '';
      out(`${rewired} ${label(p)} → ${url} (the gate's token in its Authorization header)`);
      httpPort = new URL(url).port;
    } else {
      route = { kind: 'stdio', command: req.bridge.command, args: [...req.bridge.args, 'connect', id, ...req.dataDirArgs] };
      out(`${rewired} ${label(p)} → sampling-gate connect ${id}`);
    }
    row.rewired = true;
    rewires.push({ path: s.path, route });
  }
  if (rewires.length === 0) {
    out(`${req.file}: nothing to rewire, left as it is`);
    return false;
  }
  const next = rewireClientFile(req.client, req.text, rewires);
  outcome.next = next.text;
  if (next.droppedComments) out(`note: comments inside the rewired entries are gone from ${req.file}; the backup keeps them`);
  if (httpPort !== null) out(`note: the HTTP entries name port ${httpPort}; start the gate with --port ${httpPort} to keep them working after a restart`);
  if (req.dryRun) return false;
  // Clients (Claude Code above all) rewrite their own file: never overwrite a change made since we read it.
  if (readFileSync(req.file, 'utf8') !== req.text) throw new Error(`${req.file} changed while importing; nothing rewired — run the import again`);
  const at = new Date();
  const backup = `${req.file}.sampling-gate-backup-${at.toISOString().replace(/[:.]/g, '-')}`;
  copyFileSync(req.file, backup, constants.COPYFILE_EXCL);
  try {
    writeFileAtomic(req.file, next.text);
  } catch (err) {
    throw new Error(`${req.file}: cannot write: ${(err as Error).message}`);
  }
  outcome.backup = backup;
  try {
    addRecord(req.dataDir, { client: req.client, file: req.file, backup, at: at.toISOString(), wrote: sha256(next.text), rewired: rewires.map((r) => r.path) });
  } catch (err) {
    out(`note: could not record this import for undo (${(err as Error).message}); the backup is still there`);
  }
  out(`backup ${backup}`);
  return true;
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
