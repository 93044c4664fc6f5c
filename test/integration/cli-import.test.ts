/**
 * `sampling-gate import` as users run it — the built CLI on real files: servers land in config.yaml
 * with its comments kept, the client's file is backed up and rewired with the rest of it untouched,
 * and the rewired entries work: an SDK client started from exactly what the file now says reaches
 * server-everything through a real gate (stdio bridge and HTTP endpoint) and calls `echo`.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { parse as parseJsonc } from 'jsonc-parser';
import { runCli, startGate, waitFor, type RunningGate } from '../support/gate.js';
import { EVERYTHING, GATE_BIN, textOf } from '../support/sampling-client.js';
import { startEverythingHttp, type Proc } from '../fixtures/v2-processes.js';

const NODE = process.execPath;
let root: string;
let dataDir: string;
let gate: RunningGate | undefined;
let everythingHttp: Proc | undefined;

const CONFIG = `# my gate config: keep this comment
defaults:
  trust: ask # and this one
servers:
  # a hand-written server
  taken:
    command: node
    args: [something-else.js]
    trust: deny
`;

const DESKTOP = JSON.stringify(
  {
    globalShortcut: 'Ctrl+Space',
    mcpServers: {
      everything: { command: NODE, args: [EVERYTHING, 'stdio'], env: { EVERYTHING_TOKEN: 'secret-123' } },
      'Fetch Tools': { command: 'uvx', args: ['mcp-server-fetch'] },
      taken: { command: 'node', args: ['mine.js'] },
      old: { command: NODE, args: [GATE_BIN, 'connect', 'legacy'] },
    },
  },
  null,
  2,
);

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'sg-import-'));
  dataDir = join(root, 'data');
  mkdirSync(dataDir, { mode: 0o700 });
  writeFileSync(join(dataDir, 'config.yaml'), CONFIG);
});

afterAll(async () => {
  await gate?.stop();
  await everythingHttp?.stop();
  rmSync(root, { recursive: true, force: true });
});

const cli = (...args: string[]) => runCli([...args, '--data-dir', dataDir]);
const lines = (s: string) => s.trim().split('\n');
const backups = (dir: string, name: string) => readdirSync(dir).filter((f) => f.startsWith(`${name}.sampling-gate-backup-`));

/** An SDK client started from a client-file entry, as the client itself would start it. */
async function echoThrough(entry: { command?: string; args?: string[]; url?: string; headers?: Record<string, string> }, message: string): Promise<string> {
  const transport: Transport = entry.url
    ? new StreamableHTTPClientTransport(new URL(entry.url), { requestInit: { headers: entry.headers ?? {} } })
    : new StdioClientTransport({ command: entry.command!, args: entry.args ?? [], stderr: 'pipe' });
  const client = new Client({ name: 'import-test', version: '1.0.0' }, { capabilities: {} });
  await client.connect(transport);
  try {
    return textOf((await client.callTool({ name: 'echo', arguments: { message } })) as CallToolResult);
  } finally {
    await client.close();
  }
}

describe('import claude-desktop --rewire', () => {
  const file = () => join(root, 'claude_desktop_config.json');

  it('--dry-run says what it would do and writes nothing', async () => {
    writeFileSync(file(), DESKTOP);
    const r = await cli('import', 'claude-desktop', '--rewire', '--dry-run', '--file', file());
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('would import everything (stdio: ');
    expect(r.stdout).toContain('would rewire everything → sampling-gate connect everything');
    expect(lines(r.stdout).at(-1)).toBe('dry run: nothing written');
    expect(readFileSync(file(), 'utf8')).toBe(DESKTOP);
    expect(readFileSync(join(dataDir, 'config.yaml'), 'utf8')).toBe(CONFIG);
    expect(backups(root, 'claude_desktop_config.json')).toEqual([]);
    expect(readdirSync(dataDir)).toEqual(['config.yaml']);
  });

  it('adds the servers to config.yaml keeping its comments, and says what it skipped and why', async () => {
    const r = await cli('import', 'claude-desktop', '--rewire', '--file', file());
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    const out = lines(r.stdout);
    expect(out[0]).toBe(`Claude Desktop: ${file()}`);
    expect(out).toContain(`imported everything (stdio: ${NODE} ${EVERYTHING} stdio), trust ask`);
    expect(out).toContain('imported Fetch-Tools (from "Fetch Tools") (stdio: uvx mcp-server-fetch), trust ask');
    expect(out).toContain('skipped taken: config.yaml already has a different server "taken"; both left as they are');
    expect(out).toContain('skipped old: already goes through the gate (server "legacy")');
    expect(out.find((l) => l.startsWith('note: the env values'))).toContain(`${join(dataDir, 'config.yaml')} (mode 0600)`);

    const text = readFileSync(join(dataDir, 'config.yaml'), 'utf8');
    for (const comment of ['# my gate config: keep this comment', '# and this one', '# a hand-written server']) expect(text).toContain(comment);
    expect(statSync(join(dataDir, 'config.yaml')).mode & 0o777).toBe(0o600);
    const servers = (parseYaml(text) as { servers: Record<string, Record<string, unknown>> }).servers;
    expect(servers.everything).toMatchObject({ command: NODE, args: [EVERYTHING, 'stdio'], env: { EVERYTHING_TOKEN: 'secret-123' }, trust: 'ask' });
    expect(servers['Fetch-Tools']).toMatchObject({ command: 'uvx', args: ['mcp-server-fetch'], trust: 'ask' });
    expect(servers.taken).toEqual({ command: 'node', args: ['something-else.js'], trust: 'deny' });
    expect(Object.keys(servers)).not.toContain('old');
  });

  it('kept a backup equal to the original, and rewired only what it imported', () => {
    const [backup, ...more] = backups(root, 'claude_desktop_config.json');
    expect(more).toEqual([]);
    expect(readFileSync(join(root, backup!), 'utf8')).toBe(DESKTOP);
    const before = JSON.parse(DESKTOP) as { mcpServers: Record<string, unknown> };
    const after = JSON.parse(readFileSync(file(), 'utf8')) as { globalShortcut: string; mcpServers: Record<string, { command: string; args: string[] }> };
    expect(after.globalShortcut).toBe('Ctrl+Space');
    expect(after.mcpServers.old).toEqual(before.mcpServers.old);
    expect(after.mcpServers.taken).toEqual(before.mcpServers.taken);
    expect(after.mcpServers.everything).toEqual({ command: NODE, args: [GATE_BIN, 'connect', 'everything', '--data-dir', dataDir] });
    expect(after.mcpServers['Fetch Tools']).toEqual({ command: NODE, args: [GATE_BIN, 'connect', 'Fetch-Tools', '--data-dir', dataDir] });
  });

  it('the rewired entry works: a real client started from it reaches server-everything through the gate', async () => {
    gate = await startGate(dataDir);
    const entry = (JSON.parse(readFileSync(file(), 'utf8')) as { mcpServers: Record<string, { command: string; args: string[] }> }).mcpServers.everything!;
    expect(await echoThrough(entry, 'through the import')).toBe('Echo: through the import');
    // What the gate serves is the imported entry, with the trust an import gives.
    const list = await gate.api('servers.list', {});
    expect(list.find((s) => s.id === 'everything')).toMatchObject({ trust: 'ask', transport: 'stdio' });
  });

  it('run again, it wraps nothing twice and leaves the file alone', async () => {
    const rewired = readFileSync(file(), 'utf8');
    const r = await cli('import', 'claude-desktop', '--rewire', '--file', file());
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('skipped everything: already goes through the gate (server "everything")');
    expect(r.stdout).toContain('skipped Fetch Tools: already goes through the gate (server "Fetch-Tools")');
    expect(r.stdout).toContain('nothing to rewire, left as it is');
    expect(readFileSync(file(), 'utf8')).toBe(rewired);
    expect(backups(root, 'claude_desktop_config.json')).toHaveLength(1);
  });
});

describe('import vscode --rewire (JSONC) with the gate running', () => {
  const file = () => join(root, 'mcp.json');
  let original = '';
  let webUrl = '';

  beforeAll(async () => {
    const started = await startEverythingHttp();
    everythingHttp = started.proc;
    webUrl = started.url;
    original = `{
  // my workspace servers
  "servers": {
    /* the same server config.yaml already has */
    "everything": { "type": "stdio", "command": ${JSON.stringify(NODE)}, "args": [${JSON.stringify(EVERYTHING)}, "stdio"], "env": { "EVERYTHING_TOKEN": "secret-123" } },
    "web": { "type": "http", "url": "${started.url}" }, // remote
    "keyed": { "type": "stdio", "command": "npx", "args": ["api-srv"], "env": { "KEY": "\${input:api-key}" } },
  },
  "inputs": [{ "type": "promptString", "id": "api-key", "password": true }],
}
`;
    writeFileSync(file(), original);
  });

  it('rewires an identical server and a URL server (to the HTTP endpoint), keeps comments and inputs', async () => {
    expect(gate, 'the gate from the previous block').toBeDefined();
    const r = await cli('import', 'vscode', '--rewire', '--file', file());
    expect(r.code, r.stderr).toBe(0);
    const out = lines(r.stdout);
    expect(out).toContain('unchanged everything: already in config.yaml, identical');
    expect(out).toContain(`imported web (http: ${webUrl}), trust ask`);
    expect(out).toContain(`rewired web → ${gate!.mcpUrl('web')} (the gate's token in its Authorization header)`);
    expect(out).toContain('rewired everything → sampling-gate connect everything');
    expect(out.find((l) => l.startsWith('not rewired keyed:'))).toContain('${input:api-key}, which only VS Code fills in');

    const text = readFileSync(file(), 'utf8');
    expect(text).toContain('// my workspace servers');
    expect(text).toContain('"keyed": { "type": "stdio", "command": "npx", "args": ["api-srv"], "env": { "KEY": "${input:api-key}" } },');
    expect(readFileSync(join(root, backups(root, 'mcp.json')[0]!), 'utf8')).toBe(original);
    const v = parseJsonc(text) as { servers: Record<string, { type: string; url?: string; headers?: Record<string, string>; command?: string; args?: string[] }>; inputs: unknown[] };
    expect(v.inputs).toEqual([{ type: 'promptString', id: 'api-key', password: true }]);
    expect(v.servers.web).toEqual({ type: 'http', url: gate!.mcpUrl('web'), headers: { Authorization: `Bearer ${gate!.token}` } });
    expect(v.servers.everything).toEqual({ type: 'stdio', command: NODE, args: [GATE_BIN, 'connect', 'everything', '--data-dir', dataDir] });

    // The running gate picks config.yaml up live; then both rewired entries work as written.
    await waitFor(async () => ((await gate!.api('servers.list', {})).some((s) => s.id === 'web') ? true : undefined), 'the gate to load "web"');
    expect(await echoThrough(v.servers.web!, 'over http')).toBe('Echo: over http');
    expect(await echoThrough(v.servers.everything!, 'over stdio')).toBe('Echo: over stdio');
  });
});

describe('errors', () => {
  it('a missing file: one line naming it, exit 1', async () => {
    const missing = join(root, 'nope', 'mcp.json');
    const r = await cli('import', 'cursor', '--file', missing);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`sampling-gate: ${missing}: no such file\n`);
    expect(r.stdout).toBe('');
  });

  it('an unparseable file: one line naming it and where, exit 1, nothing changed', async () => {
    const bad = join(root, 'bad.json');
    writeFileSync(bad, '{ "mcpServers": { "a": { "command": "x" } }');
    const config = readFileSync(join(dataDir, 'config.yaml'), 'utf8');
    const r = await cli('import', 'claude-code', '--rewire', '--file', bad);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`^sampling-gate: ${bad.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: not valid JSON: line 1, column \\d+: CloseBraceExpected\\n$`));
    expect(readFileSync(join(dataDir, 'config.yaml'), 'utf8')).toBe(config);
    expect(backups(root, 'bad.json')).toEqual([]);
  });

  it('an unknown client or no client: bad usage, exit 2', async () => {
    const r = await cli('import', 'windsurf');
    expect(r.code).toBe(2);
    expect(lines(r.stderr)).toHaveLength(1);
    expect(r.stderr).toContain('unknown client "windsurf"');
    expect((await cli('import')).code).toBe(2);
  });
});
