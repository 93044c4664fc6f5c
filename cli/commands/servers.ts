/** `servers`, `trust`, `client-config`: through the running gate, or on config.yaml directly. */
import type { ClientConfigSnippet } from '../../shared/api.js';
import { isCommandServer } from '../../shared/config-schema.js';
import type { ConfigProblem, ServerManaged, ServerStatus, Trust } from '../../shared/types.js';
import { serverManaged } from '../../core/config/managed-locks.js';
import { formatProblem } from '../../core/config/parse-config.js';
import { ConfigStore } from '../../core/config/config-store.js';
import { silentLogger } from '../../core/log.js';
import type { DataPaths } from '../../core/paths.js';
import { dataDirArgs, ensureDataDir } from '../../core/paths.js';
import { loadOrCreateToken } from '../../core/token.js';
import { readLock } from '../../core/lockfile.js';
import { callGate, gateRunning } from '../control-client.js';
import { bridgeCommand } from '../install-paths.js';
import { printJson, printTable } from '../output.js';
import { failed } from './requests.js';

export async function servers(paths: DataPaths, json: boolean): Promise<number> {
  let list: ServerStatus[];
  if (await gateRunning(paths.socket)) {
    const r = await callGate(paths.socket, 'servers.list', {});
    if (!r.ok) return failed(r);
    list = r.value;
    const problems = await callGate(paths.socket, 'config.status', {});
    if (problems.ok) printProblems(problems.value);
  } else {
    const store = openConfig(paths);
    list = Object.entries(store.config.servers).map(([id, s]) => ({
      ...withManaged(serverManaged(store.policyFor(id))),
      id,
      trust: store.policyFor(id).trust,
      transport: isCommandServer(s) ? 'stdio' : 'http',
      sessions: 0,
      lastRequestAt: null,
      errors: [],
      target: isCommandServer(s) ? [s.command, ...s.args].join(' ') : s.url,
    }));
    printProblems(store.problems);
  }
  // CONTRACT.md section 7's fields (and the managed policy's, when one is in force); the roots each
  // server was given are in `history --kind roots` and the Servers view.
  if (json) printJson(list.map(({ id, trust, transport, sessions, lastRequestAt, managed }) => ({ id, trust, transport, sessions, lastRequestAt, ...withManaged(managed) })));
  else if (list.length === 0) process.stdout.write(`no servers configured (edit ${paths.config})\n`);
  else {
    const file = list.find((s) => s.managed)?.managed?.file;
    if (file) process.stdout.write(`managed policy: ${file} (values it sets are marked; "locked" ones cannot be changed here)\n`);
    printTable(
      ['ID', 'TRUST', 'TRANSPORT', 'SESSIONS', 'LAST REQUEST', 'TARGET', 'LAST ERROR'],
      // Errors are "<ISO time> <message>": the message is what a person needs here.
      list.map((s) => [s.id, trustCell(s), s.transport, String(s.sessions), s.lastRequestAt ?? '-', s.target, s.managed?.refusal ?? s.errors.at(-1)?.replace(/^\S+ /, '') ?? '']),
    );
  }
  return 0;
}

export async function trust(paths: DataPaths, id: string, level: Trust): Promise<number> {
  if (await gateRunning(paths.socket)) {
    const r = await callGate(paths.socket, 'servers.setTrust', { id, trust: level });
    if (!r.ok) return failed(r);
  } else {
    const store = openConfig(paths);
    try {
      store.setTrust(id, level);
    } catch (err) {
      process.stderr.write(`sampling-gate: ${(err as Error).message}\n`);
      return 1;
    }
  }
  process.stdout.write(`${id}: trust ${level}\n`);
  return 0;
}

export async function clientConfig(paths: DataPaths, id: string): Promise<number> {
  let snippet: ClientConfigSnippet;
  if (await gateRunning(paths.socket)) {
    const r = await callGate(paths.socket, 'servers.clientConfig', { id });
    if (!r.ok) return failed(r);
    snippet = r.value;
  } else {
    const store = openConfig(paths);
    if (!store.config.servers[id]) {
      process.stderr.write(`sampling-gate: no server "${id}" in ${paths.config}\n`);
      return 1;
    }
    const bridge = bridgeCommand();
    snippet = {
      stdio: { command: bridge.command, args: [...bridge.args, 'connect', id, ...dataDirArgs(paths.dir)] },
      http: { url: `${readLock(paths.lockfile)?.url ?? 'http://127.0.0.1:<port>'}/servers/${encodeURIComponent(id)}/mcp`, headers: { Authorization: `Bearer ${loadOrCreateToken(paths.token)}` } },
    };
  }
  printJson({
    mcpServers: { [id]: { command: snippet.stdio.command, args: snippet.stdio.args } },
    streamableHttp: { [id]: { type: 'http', url: snippet.http.url, headers: snippet.http.headers } },
  });
  return 0;
}

function openConfig(paths: DataPaths): ConfigStore {
  ensureDataDir(paths.dir);
  return ConfigStore.open(paths.config, silentLogger);
}

/** Config problems go to stderr, one line each: `file:line:column: field: message`. */
function printProblems(problems: ConfigProblem[]): void {
  for (const p of problems) {
    const what = p.kind === 'managed' ? 'managed policy invalid, every sampling request is denied: ' : p.kind === 'locked' ? 'ignored: ' : '';
    process.stderr.write(`sampling-gate: ${what}${formatProblem(p)}\n`);
  }
}

/** `ask (managed)` when the managed policy set it, `ask (locked)` when it locks it. */
function trustCell(s: ServerStatus): string {
  if (!s.managed?.decided.trust) return s.trust;
  return `${s.trust} (${s.managed.locked.includes('trust') ? 'locked' : 'managed'})`;
}

function withManaged(managed: ServerManaged | undefined): { managed?: ServerManaged } {
  return managed ? { managed } : {};
}
