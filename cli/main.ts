/**
 * `sampling-gate` — CONTRACT.md section 7. Exit status: 0 success, 1 failed operation, 2 bad usage;
 * an error is one line on stderr.
 */
import { TRUST_LEVELS, type Trust } from '../shared/types.js';
import { MAX_GRANT_MINUTES, type GrantRequest } from '../shared/grants.js';
import { dataPaths, resolveDataDir } from '../core/paths.js';
import { int, parseArgs, str, UsageError, type ParsedArgs } from './args.js';
import { packageVersion } from './install-paths.js';
import { quietStartup } from '../core/runtime/startup-memory.js';

// Commands load on demand: `connect`, which MCP clients start for every session, must not pay for
// SQLite, the policy engine or the UI — and must not load a native module it never uses.
const serve = async (...a: Parameters<typeof import('./commands/serve.js').serve>) => {
  // The gate's modules load with the optimising compiler off (core/runtime/startup-memory.ts); serve turns it back on.
  const started = quietStartup();
  return (await import('./commands/serve.js')).serve(a[0], a[1], started);
};
const connect = async (...a: Parameters<typeof import('./commands/connect.js').connect>) => (await import('./commands/connect.js')).connect(...a);
const history = async (...a: Parameters<typeof import('./commands/history.js').history>) => (await import('./commands/history.js')).history(...a);
const requests = () => import('./commands/requests.js');
const serverCommands = () => import('./commands/servers.js');
const importCommand = () => import('./commands/import.js');
const policyCommands = () => import('./commands/policy.js');
const providerCommands = () => import('./commands/providers.js');
const grantCommands = () => import('./commands/grants.js');

const USAGE = `usage: sampling-gate <command> [options]   (every command takes --data-dir DIR)

  serve [--port N] [--ui]        run the headless gate; --ui also serves the web UI
  connect <server-id>            stdio bridge: put this in an MCP client's config
  pending [--json]               requests waiting for a decision (sampling, elicitation)
  approve <request-id>… | --all [--server ID]   [--edit FILE.json with one id]
  approve <request-id> --answer FILE.json      answer a form the gate shows with FILE's object
  approve <request-id> --session | --for MINUTES | --always
                                 and approve the same later: this client session's, the server's
                                 for MINUTES, or every one (trust: trust)
  deny <request-id>… | --all [--server ID] [--reason TEXT]   (an elicitation the gate answers: decline)
  deny <request-id> --never      and deny every later one (trust: deny)
  grants [--server ID] [--json]  what "approve for this session / for N minutes" decided
  grants revoke <grant-id> | --server ID
  history [--json|--csv] [--kind sampling|elicitation|roots] [--server ID] [--outcome O] [--model M] [--since ISO] [--until ISO] [--search TEXT] [--limit N]
  history --stats [--json] [--utc] [same filters]   events per day by server and outcome, cost per day
                                 by server and model (this machine's days, or UTC days with --utc)
  servers [--json]               configured servers, trust, live sessions
  trust <server-id> deny|ask|trust
  client-config <server-id>      the snippet to paste into a client config
  import claude-desktop|cursor|vscode|claude-code [--rewire] [--file PATH] [--dry-run]
                                 add a client's MCP servers; --rewire routes the client through the gate (backup kept)
  import --undo <client> [--file PATH]   put the client's file back as it was before --rewire
  policy explain <request-id> [--json]   how the policy decided a recorded request
  providers [--json]             the models that answer for clients that cannot sample
  providers test <id> [--model NAME]     one tiny call: latency, or the provider's exact error
`;

/** The commands, for the desktop app: started as `<app> <command> …` it runs the CLI instead of a window. */
export const CLI_COMMANDS: readonly string[] = ['serve', 'connect', 'pending', 'approve', 'deny', 'grants', 'history', 'servers', 'trust', 'policy', 'providers', 'client-config', 'import', 'help', '--help', '--version'];

const SPEC = {
  booleans: ['json', 'csv', 'ui', 'help', 'version', 'rewire', 'dry-run', 'undo', 'all', 'session', 'always', 'never', 'stats', 'utc'],
  values: ['data-dir', 'port', 'edit', 'answer', 'reason', 'server', 'since', 'until', 'search', 'limit', 'outcome', 'kind', 'file', 'model', 'for'],
};

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === 'help') {
    process.stdout.write(USAGE);
    return command ? 0 : 2;
  }
  if (command === '--version') {
    process.stdout.write(packageVersion() + '\n');
    return 0;
  }
  const args = parseArgs(rest, SPEC);
  const dirFlag = str(args, 'data-dir');
  const paths = dataPaths(resolveDataDir(dirFlag));
  const [a1, a2] = args.positionals;
  switch (command) {
    case 'serve':
      expect(args, 0);
      return serve(paths.dir, { port: int(args, 'port', 0, 65535) ?? 0, ui: args.flags.has('ui') });
    case 'connect':
      return connect(paths, required(args, 1, 'server-id')[0]!);
    case 'pending':
      expect(args, 0);
      return (await requests()).pending(paths.socket, args.flags.has('json'));
    case 'approve':
    case 'deny': {
      // One id as before (approve --edit takes exactly one); several, or --all [--server], in one call.
      const targets = bulkTargets(args);
      if (command === 'approve' && str(args, 'edit') !== undefined && !('id' in targets)) throw new UsageError('--edit takes exactly one request id');
      if (command === 'approve' && str(args, 'answer') !== undefined && !('id' in targets)) throw new UsageError('--answer takes exactly one request id');
      if (str(args, 'edit') !== undefined && str(args, 'answer') !== undefined) throw new UsageError('choose one of --edit and --answer');
      const grant = command === 'approve' ? grantOf(args) : undefined;
      const never = command === 'deny' && args.flags.has('never');
      if ((grant || never) && !('id' in targets)) throw new UsageError('--session, --for, --always and --never take exactly one request id');
      if (grant && (str(args, 'edit') !== undefined || str(args, 'answer') !== undefined)) throw new UsageError('--session, --for and --always approve the request as it is (not with --edit or --answer)');
      if ('id' in targets) {
        return command === 'approve'
          ? (await requests()).approve(paths.socket, targets.id, str(args, 'edit'), str(args, 'answer'), grant)
          : (await requests()).deny(paths.socket, targets.id, str(args, 'reason'), never);
      }
      return (await requests()).decideMany(paths.socket, command, targets, str(args, 'reason'));
    }
    case 'grants': {
      if (a1 === undefined) return (await grantCommands()).grants(paths.socket, str(args, 'server'), args.flags.has('json'));
      if (a1 !== 'revoke') throw new UsageError(`unknown grants command "${a1}" (expected revoke)`);
      const server = str(args, 'server');
      if ((a2 === undefined) === (server === undefined)) throw new UsageError('grants revoke takes a grant id, or --server ID');
      return (await grantCommands()).revoke(paths.socket, a2 !== undefined ? { id: a2 } : { server: server! });
    }
    case 'history': {
      expect(args, 0);
      if (args.flags.has('json') && args.flags.has('csv')) throw new UsageError('choose one of --json and --csv');
      const query = {
        ...(str(args, 'kind') ? { kind: str(args, 'kind') } : {}),
        ...(str(args, 'server') ? { server: str(args, 'server') } : {}),
        ...(str(args, 'since') ? { since: isoOrUsage(str(args, 'since')!) } : {}),
        ...(str(args, 'until') ? { until: isoOrUsage(str(args, 'until')!) } : {}),
        ...(str(args, 'search') ? { search: str(args, 'search') } : {}),
        ...(str(args, 'outcome') ? { outcome: str(args, 'outcome') } : {}),
        ...(str(args, 'model') ? { model: str(args, 'model') } : {}),
        limit: int(args, 'limit', 1, 10000) ?? 100,
      };
      if (args.flags.has('stats')) {
        if (args.flags.has('csv')) throw new UsageError('--stats prints a table or --json (not --csv)');
        return (await import('./commands/history-stats.js')).historyStats(paths, query as Parameters<typeof history>[1], { json: args.flags.has('json'), utc: args.flags.has('utc') });
      }
      if (args.flags.has('utc')) throw new UsageError('--utc goes with --stats');
      return history(paths, query as Parameters<typeof history>[1], args.flags.has('json') ? 'json' : args.flags.has('csv') ? 'csv' : 'table');
    }
    case 'servers':
      expect(args, 0);
      return (await serverCommands()).servers(paths, args.flags.has('json'));
    case 'trust': {
      required(args, 2, 'server-id deny|ask|trust');
      if (!(TRUST_LEVELS as readonly string[]).includes(a2!)) throw new UsageError(`trust must be one of ${TRUST_LEVELS.join(', ')}`);
      return (await serverCommands()).trust(paths, a1!, a2 as Trust);
    }
    case 'policy': {
      const [sub, id] = required(args, 2, 'explain <request-id>');
      if (sub !== 'explain') throw new UsageError(`unknown policy command "${sub}" (expected explain)`);
      return (await policyCommands()).explainRequest(paths, id!, args.flags.has('json'));
    }
    case 'providers': {
      if (args.positionals.length === 0) return (await providerCommands()).providers(paths, args.flags.has('json'));
      const [sub, id] = required(args, 2, 'test <provider-id>');
      if (sub !== 'test') throw new UsageError(`unknown providers command "${sub}" (expected test)`);
      return (await providerCommands()).testProvider(paths, id!, str(args, 'model'));
    }
    case 'client-config':
      return (await serverCommands()).clientConfig(paths, required(args, 1, 'server-id')[0]!);
    case 'import': {
      const [client] = required(args, 1, 'claude-desktop|cursor|vscode|claude-code');
      const { CLIENT_KINDS } = await import('../core/config/importers/types.js');
      if (!(CLIENT_KINDS as readonly string[]).includes(client!)) throw new UsageError(`unknown client "${client}": one of ${CLIENT_KINDS.join(', ')}`);
      if (args.flags.has('undo')) {
        if (args.flags.has('rewire') || args.flags.has('dry-run')) throw new UsageError('--undo takes no --rewire or --dry-run');
        return (await importCommand()).undo(paths, client as (typeof CLIENT_KINDS)[number], str(args, 'file'));
      }
      const opts = { client: client as (typeof CLIENT_KINDS)[number], file: str(args, 'file'), rewire: args.flags.has('rewire'), dryRun: args.flags.has('dry-run') };
      return (await importCommand()).importServers(paths, opts);
    }
    default:
      throw new UsageError(`unknown command "${command}"`);
  }
}

/** `<id>`, `<id> <id>…`, or `--all [--server ID]` for approve and deny. */
function bulkTargets(args: ParsedArgs): { id: string } | { ids: string[]; server?: string } | { all: true; server?: string } {
  const server = str(args, 'server');
  if (args.flags.has('all')) {
    if (args.positionals.length > 0) throw new UsageError('give request ids or --all, not both');
    return { all: true, ...(server ? { server } : {}) };
  }
  if (args.positionals.length === 0) throw new UsageError('expected request-id… or --all');
  if (args.positionals.length === 1 && !server) return { id: args.positionals[0]! };
  return { ids: args.positionals, ...(server ? { server } : {}) };
}

function required(args: ParsedArgs, n: number, what: string): string[] {
  if (args.positionals.length !== n) throw new UsageError(`expected ${what}`);
  return args.positionals;
}

function expect(args: ParsedArgs, n: number): void {
  if (args.positionals.length !== n) throw new UsageError(`unexpected argument "${args.positionals[n] ?? ''}"`);
}

function isoOrUsage(s: string): string {
  const d = new Date(s);
  if (Number.isNaN(d.getTime())) throw new UsageError(`--since: not a date: ${s}`);
  return d.toISOString();
}

export async function run(argv: string[]): Promise<void> {
  let code: number;
  try {
    code = await main(argv);
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`sampling-gate: ${err.message} (sampling-gate --help lists the commands)\n`);
      code = 2;
    } else {
      // A failed operation (no gate, refused bridge, a gate already running, I/O): one line, exit 1.
      process.stderr.write(`sampling-gate: ${(err as Error).message}\n`);
      code = 1;
    }
  }
  process.exitCode = code;
  if (argv[0] === 'serve') return; // ends by closing its handles
  // A one-shot command may leave a keep-alive socket open, so it exits explicitly — but only once
  // stdout and stderr have drained: into a pipe, process.exit() would cut the output short
  // (`history --json | jq` lost all but the first pipe-buffers' worth, with status 0).
  await Promise.all([drained(process.stdout), drained(process.stderr)]);
  process.exit(code);
}

/** Resolves once everything written to `stream` so far has been handed to the OS. */
function drained(stream: NodeJS.WriteStream): Promise<void> {
  return new Promise((resolve) => {
    if (stream.destroyed || stream.writableEnded) return resolve();
    // Writes complete in order: the callback of an empty write runs after all earlier data.
    stream.write('', () => resolve());
    // A reader that went away (EPIPE) never drains; there is nothing left to wait for then.
    stream.once('error', () => resolve());
  });
}

/** approve's --session / --for MINUTES / --always, at most one. */
function grantOf(args: ParsedArgs): GrantRequest | undefined {
  const minutes = str(args, 'for') !== undefined ? int(args, 'for', 1, MAX_GRANT_MINUTES) : undefined;
  const given = [args.flags.has('session'), minutes !== undefined, args.flags.has('always')].filter(Boolean).length;
  if (given > 1) throw new UsageError('choose one of --session, --for MINUTES and --always');
  if (args.flags.has('session')) return { scope: 'session' };
  if (minutes !== undefined) return { scope: 'minutes', minutes };
  if (args.flags.has('always')) return { scope: 'always' };
  return undefined;
}
