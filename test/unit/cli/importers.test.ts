/**
 * The client importers (core/config/importers): each format's file → the servers the gate would run,
 * and the same file with chosen servers routed through the gate — JSONC kept, nothing wrapped twice,
 * names made into valid gate ids.
 */
import { describe, expect, it } from 'vitest';
import { readClientFile, rewireClientFile, type Rewire } from '../../../core/config/importers/client-file.js';
import { parseJsonc } from '../../../core/config/importers/jsonc.js';
import { defaultLocation } from '../../../core/config/importers/locations.js';
import { planImport, sameServer } from '../../../core/config/importers/plan.js';
import { slugifyId, uniqueId } from '../../../core/config/importers/slug.js';
import type { ClientKind, FoundServer, GateRoute } from '../../../core/config/importers/types.js';
import { SERVER_ID } from '../../../shared/config-schema.js';
import type { ServerConfig } from '../../../shared/config-schema.js';

const BRIDGE: GateRoute = { kind: 'stdio', command: '/usr/bin/node', args: ['/opt/sg/bin/sampling-gate.js', 'connect', 'ID'] };
const bridgeTo = (id: string): GateRoute => ({ ...BRIDGE, args: ['/opt/sg/bin/sampling-gate.js', 'connect', id] });
const HTTP: GateRoute = { kind: 'http', url: 'http://127.0.0.1:4711/servers/remote/mcp', headers: { Authorization: 'Bearer tok' } };

function servers(kind: ClientKind, text: string): FoundServer[] {
  const r = readClientFile(kind, text);
  if (!r.ok) throw new Error(r.error);
  return r.servers;
}

function json(text: string): Record<string, any> {
  const r = parseJsonc(text);
  if (!r.ok) throw new Error(r.error);
  return r.value;
}

describe('Claude Desktop', () => {
  const file = JSON.stringify(
    {
      globalShortcut: 'Alt+Space',
      mcpServers: {
        github: { command: 'npx', args: ['-y', '@modelcontextprotocol/server-github'], env: { GITHUB_TOKEN: 'ghp_x', PORT: 8080 } },
        remote: { url: 'https://example.com/mcp' },
      },
    },
    null,
    2,
  );

  it('reads command/args/env entries, numbers in env as strings, and a url entry', () => {
    const [github, remote] = servers('claude-desktop', file);
    expect(github).toMatchObject({ name: 'github', status: 'server', transport: 'stdio', path: ['mcpServers', 'github'], rewireBlockers: [] });
    expect(github!.status === 'server' && github!.entry).toEqual({ command: 'npx', args: ['-y', '@modelcontextprotocol/server-github'], env: { GITHUB_TOKEN: 'ghp_x', PORT: '8080' } });
    expect(remote).toMatchObject({ status: 'server', transport: 'http', entry: { url: 'https://example.com/mcp', headers: {} } });
  });

  it('rewires every entry to the stdio bridge (its file takes no url + headers) and keeps the other keys', () => {
    const out = rewireClientFile('claude-desktop', file, [
      { path: ['mcpServers', 'github'], route: bridgeTo('github') },
      { path: ['mcpServers', 'remote'], route: bridgeTo('remote') },
    ]);
    const v = json(out.text);
    expect(v.globalShortcut).toBe('Alt+Space');
    expect(v.mcpServers.github).toEqual({ command: '/usr/bin/node', args: ['/opt/sg/bin/sampling-gate.js', 'connect', 'github'] });
    expect(v.mcpServers.remote).toEqual({ command: '/usr/bin/node', args: ['/opt/sg/bin/sampling-gate.js', 'connect', 'remote'] });
    expect(out.droppedComments).toBe(false);
  });
});

describe('Cursor', () => {
  const file = `{
  "mcpServers": {
    "db": { "command": "uvx", "args": ["mcp-server-sqlite", "--db-path", "/tmp/a.db"], "cwd": "/work", "disabled": false },
    "docs": { "url": "https://docs.example/mcp", "headers": { "Authorization": "Bearer abc" } },
    "home": { "command": "npx", "args": ["srv", "\${userHome}/notes"] }
  }
}
`;

  it('reads cwd, url + headers, and marks client variables as a reason not to rewire', () => {
    const [db, docs, home] = servers('cursor', file);
    expect(db).toMatchObject({ status: 'server', entry: { command: 'uvx', cwd: '/work' }, rewireBlockers: [] });
    expect(docs).toMatchObject({ status: 'server', transport: 'http', entry: { url: 'https://docs.example/mcp', headers: { Authorization: 'Bearer abc' } } });
    expect(home).toMatchObject({ status: 'server', rewireBlockers: ['it uses ${userHome}, which only Cursor fills in'] });
  });

  it('rewires a URL server to the gate endpoint with headers, and keeps the entry\'s own fields', () => {
    const out = rewireClientFile('cursor', file, [
      { path: ['mcpServers', 'docs'], route: HTTP },
      { path: ['mcpServers', 'db'], route: bridgeTo('db') },
    ]);
    const v = json(out.text);
    expect(v.mcpServers.docs).toEqual({ url: HTTP.kind === 'http' && HTTP.url, headers: { Authorization: 'Bearer tok' } });
    expect(v.mcpServers.db).toEqual({ command: '/usr/bin/node', args: ['/opt/sg/bin/sampling-gate.js', 'connect', 'db'], disabled: false });
    // Untouched entries keep their exact text.
    expect(out.text).toContain(`"home": { "command": "npx", "args": ["srv", "\${userHome}/notes"] }`);
  });
});

describe('VS Code (JSONC)', () => {
  const file = `{
  // Workspace MCP servers
  "servers": {
    "fetch": {
      "type": "stdio",
      "command": "uvx", // the fetch server
      "args": ["mcp-server-fetch"],
    },
    "api": { "type": "stdio", "command": "npx", "args": ["api-srv"], "env": { "KEY": "\${input:api-key}" } },
    "dotenv": { "type": "stdio", "command": "node", "args": ["s.js"], "envFile": "\${workspaceFolder}/.env" },
    "remote": { "type": "sse", "url": "https://sse.example/sse" },
    /* a websocket server */
    "sock": { "type": "ws", "url": "ws://localhost:1" },
  },
  "inputs": [{ "type": "promptString", "id": "api-key", "password": true }],
}
`;

  it('parses comments and trailing commas; types stdio/sse; ws unsupported; inputs and envFile block rewiring', () => {
    const found = servers('vscode', file);
    expect(found.map((f) => [f.name, f.status])).toEqual([
      ['fetch', 'server'],
      ['api', 'server'],
      ['dotenv', 'server'],
      ['remote', 'server'],
      ['sock', 'unsupported'],
    ]);
    expect(found[1]).toMatchObject({ rewireBlockers: ['it uses ${input:api-key}, which only VS Code fills in'] });
    expect(found[2]!.status === 'server' && found[2]!.rewireBlockers.join(' ')).toMatch(/envFile/);
    expect(found[3]).toMatchObject({ transport: 'sse', entry: { url: 'https://sse.example/sse' } });
  });

  it('rewrites with type tags, keeps comments outside the rewired entry and inputs, and reports comments it dropped', () => {
    const out = rewireClientFile('vscode', file, [
      { path: ['servers', 'fetch'], route: bridgeTo('fetch') },
      { path: ['servers', 'remote'], route: HTTP },
    ]);
    expect(out.text).toContain('// Workspace MCP servers');
    expect(out.text).toContain('/* a websocket server */');
    expect(out.text).not.toContain('// the fetch server');
    expect(out.droppedComments).toBe(true);
    const v = json(out.text);
    expect(v.servers.fetch).toEqual({ type: 'stdio', command: '/usr/bin/node', args: ['/opt/sg/bin/sampling-gate.js', 'connect', 'fetch'] });
    expect(v.servers.remote).toEqual({ type: 'http', url: 'http://127.0.0.1:4711/servers/remote/mcp', headers: { Authorization: 'Bearer tok' } });
    expect(v.inputs).toEqual([{ type: 'promptString', id: 'api-key', password: true }]);
    expect(v.servers.api.env.KEY).toBe('${input:api-key}');
  });

  it('indents like the file (tabs) and keeps CRLF line endings', () => {
    const tabbed = '{\r\n\t"servers": {\r\n\t\t"a": { "command": "x" }\r\n\t}\r\n}\r\n';
    const out = rewireClientFile('vscode', tabbed, [{ path: ['servers', 'a'], route: bridgeTo('a') }]);
    expect(out.text).toContain('\r\n\t\t\t"type": "stdio"');
    expect(out.text.replace(/\r\n/g, '')).not.toContain('\n');
  });

  it('reads the older settings.json form, "mcp": {"servers": …}', () => {
    const found = servers('vscode', '{ "editor.fontSize": 14, "mcp": { "servers": { "a": { "command": "x" } } } }');
    expect(found).toMatchObject([{ name: 'a', path: ['mcp', 'servers', 'a'], status: 'server' }]);
  });
});

describe('Claude Code', () => {
  const file = JSON.stringify({
    numStartups: 12,
    mcpServers: { notion: { type: 'http', url: 'https://mcp.notion.com/mcp' }, db: { type: 'stdio', command: 'pg-mcp', args: [], env: {} } },
    projects: {
      '/home/me/app': { allowedTools: [], mcpServers: { db: { type: 'stdio', command: 'pg-mcp', args: ['--other'], env: {} }, sock: { type: 'ws', url: 'ws://x' } } },
      '/home/me/empty': { allowedTools: [] },
    },
  });

  it('reads user-scope servers and each project\'s local-scope servers with their scope', () => {
    const found = servers('claude-code', file);
    expect(found.map((f) => [f.name, f.scope, f.status])).toEqual([
      ['notion', null, 'server'],
      ['db', null, 'server'],
      ['db', 'project /home/me/app', 'server'],
      ['sock', 'project /home/me/app', 'unsupported'],
    ]);
    expect(found[2]!.path).toEqual(['projects', '/home/me/app', 'mcpServers', 'db']);
  });

  it('gives the second "db" (another definition) its own id, and rewires inside projects', () => {
    const plan = planImport(servers('claude-code', file), {});
    expect(plan.map((p) => [p.id, p.action])).toEqual([
      ['notion', 'import'],
      ['db', 'import'],
      ['db-2', 'import'],
      [null, 'unsupported'],
    ]);
    const out = rewireClientFile('claude-code', file, [{ path: ['projects', '/home/me/app', 'mcpServers', 'db'], route: bridgeTo('db-2') }]);
    const v = json(out.text);
    expect(v.projects['/home/me/app'].mcpServers.db).toEqual({ type: 'stdio', command: '/usr/bin/node', args: ['/opt/sg/bin/sampling-gate.js', 'connect', 'db-2'] });
    expect(v.mcpServers.db).toEqual({ type: 'stdio', command: 'pg-mcp', args: [], env: {} });
    expect(v.numStartups).toBe(12);
  });

  it('headersHelper and oauth block rewiring: only Claude Code can provide them', () => {
    const found = servers('claude-code', JSON.stringify({ mcpServers: { a: { type: 'http', url: 'https://a.example/mcp', headersHelper: 'get-token.sh' }, b: { type: 'http', url: 'https://b.example/mcp', oauth: { clientId: 'x' } } } }));
    expect(found.map((f) => f.status === 'server' && f.rewireBlockers.length)).toEqual([1, 1]);
  });
});

describe('no double wrap', () => {
  const gateEntries = {
    checkout: { command: '/usr/bin/node', args: ['/opt/sg/bin/sampling-gate.js', 'connect', 'fetch', '--data-dir', '/d'] },
    onPath: { command: 'sampling-gate', args: ['connect', 'github'] },
    npx: { command: 'npx', args: ['-y', 'sampling-gate', 'connect', 'db'] },
    http: { type: 'http', url: 'http://127.0.0.1:4711/servers/my%20srv/mcp', headers: { Authorization: 'Bearer t' } },
    local: { url: 'http://localhost:9/servers/x/mcp?token=t' },
  };

  it('recognises every way of reaching the gate and names the gate id', () => {
    const found = servers('cursor', JSON.stringify({ mcpServers: gateEntries }));
    expect(found.map((f) => f.status === 'through-gate' && f.gateId)).toEqual(['fetch', 'github', 'db', 'my srv', 'x']);
    expect(planImport(found, {}).every((p) => p.action === 'through-gate')).toBe(true);
  });

  it('a connect to some other program is not the gate', () => {
    const [f] = servers('cursor', JSON.stringify({ mcpServers: { vpn: { command: 'openvpn', args: ['connect', 'work'] } } }));
    expect(f!.status).toBe('server');
  });

  it('a rewired file read again is all through the gate', () => {
    for (const kind of ['claude-desktop', 'cursor', 'vscode', 'claude-code'] as const) {
      const key = kind === 'vscode' ? 'servers' : 'mcpServers';
      const text = JSON.stringify({ [key]: { s: { command: 'x', args: [] }, r: { type: 'http', url: 'https://r.example/mcp' } } });
      const rewires: Rewire[] = [
        { path: [key, 's'], route: bridgeTo('s') },
        { path: [key, 'r'], route: kind === 'claude-desktop' ? bridgeTo('r') : { ...HTTP, url: 'http://127.0.0.1:4711/servers/r/mcp' } },
      ];
      const again = servers(kind, rewireClientFile(kind, text, rewires).text);
      expect(again.map((f) => f.status === 'through-gate' && f.gateId), kind).toEqual(['s', 'r']);
    }
  });
});

describe('gate ids from client names', () => {
  it('keeps valid names and slugs the rest into SERVER_ID', () => {
    expect(slugifyId('github')).toBe('github');
    expect(slugifyId('My Server (prod)')).toBe('My-Server-prod');
    expect(slugifyId('Résumé tools')).toBe('Resume-tools');
    expect(slugifyId('@scope/pkg')).toBe('scope-pkg');
    expect(slugifyId('日本語')).toBe('server');
    const long = slugifyId('x'.repeat(70) + ' y');
    expect(long).toHaveLength(64);
    for (const s of ['My Server (prod)', '...hidden', '-dash', 'a b/c:d', '日本語', 'x'.repeat(100)]) expect(slugifyId(s)).toMatch(SERVER_ID);
  });

  it('numbers clashes and stays within 64 characters', () => {
    expect(uniqueId('a', (id) => id === 'a' || id === 'a-2')).toBe('a-3');
    const base = 'b'.repeat(64);
    const id = uniqueId(base, (x) => x === base);
    expect(id).toBe('b'.repeat(62) + '-2');
    expect(id).toMatch(SERVER_ID);
  });

  it('two names that slug alike get different ids; the same definition in two scopes shares one', () => {
    const text = JSON.stringify({
      mcpServers: { 'my server': { command: 'a' }, 'my:server': { command: 'b' } },
      projects: { '/p': { mcpServers: { 'my server': { command: 'a' } } } },
    });
    expect(planImport(servers('claude-code', text), {}).map((p) => [p.found.name, p.id, p.action])).toEqual([
      ['my server', 'my-server', 'import'],
      ['my:server', 'my-server-2', 'import'],
      ['my server', 'my-server', 'duplicate'],
    ]);
  });
});

describe('planImport against config.yaml', () => {
  const existing: Record<string, ServerConfig> = {
    same: { command: 'npx', args: ['s'], env: { B: '2', A: '1' }, trust: 'deny' },
    other: { command: 'npx', args: ['something-else'], env: {} },
  };

  it('an identical id is "same" (trust and env order do not matter), a different one a conflict', () => {
    const found = servers('cursor', JSON.stringify({ mcpServers: { same: { command: 'npx', args: ['s'], env: { A: '1', B: '2' } }, other: { command: 'npx', args: ['mine'] }, fresh: { command: 'x' } } }));
    expect(planImport(found, existing).map((p) => [p.id, p.action])).toEqual([
      ['same', 'same'],
      ['other', 'conflict'],
      ['fresh', 'import'],
    ]);
  });

  it('a later entry with a conflicting id stays a conflict, never rewired', () => {
    const text = JSON.stringify({ mcpServers: { other: { command: 'npx', args: ['mine'] } }, projects: { '/p': { mcpServers: { other: { command: 'npx', args: ['mine'] } } } } });
    expect(planImport(servers('claude-code', text), existing).map((p) => p.action)).toEqual(['conflict', 'conflict']);
  });

  it('sameServer compares url and headers for URL servers', () => {
    expect(sameServer({ url: 'https://a/mcp', headers: {} }, { url: 'https://a/mcp', headers: {}, trust: 'ask' })).toBe(true);
    expect(sameServer({ url: 'https://a/mcp', headers: { X: '1' } }, { url: 'https://a/mcp', headers: {} })).toBe(false);
    expect(sameServer({ url: 'https://a/mcp', headers: {} }, { command: 'https://a/mcp', args: [], env: {} })).toBe(false);
  });
});

describe('bad input', () => {
  it('a parse error names line and column', () => {
    expect(readClientFile('cursor', '{\n  "mcpServers": {\n    "a": { "command": }\n  }\n}')).toEqual({ ok: false, error: 'line 3, column 23: ValueExpected' });
    expect(readClientFile('cursor', '[]')).toEqual({ ok: false, error: 'expected a JSON object at the top' });
    expect(readClientFile('cursor', '')).toMatchObject({ ok: false });
  });

  it('entries the gate cannot run are unsupported with a reason', () => {
    const found = servers('cursor', JSON.stringify({ mcpServers: { a: 'npx x', b: { args: ['x'] }, c: { command: 'x', args: 'x y' }, d: { url: 'ftp://x' }, e: { url: '${env:HOST}/mcp' } } }));
    expect(found.map((f) => f.status === 'unsupported' && f.reason)).toEqual([
      'not an object',
      'neither a command nor a url',
      'args is not a list of strings',
      'url is not an http(s) URL: ftp://x',
      'its url uses ${env:HOST}, which only Cursor fills in',
    ]);
  });

  it('a file without a servers key has no servers; a UTF-8 BOM is fine', () => {
    expect(servers('vscode', '{ "mcpServers": { "a": { "command": "x" } } }')).toEqual([]);
    expect(servers('cursor', '\ufeff{ "mcpServers": { "a": { "command": "x" } } }')).toHaveLength(1);
    expect(rewireClientFile('cursor', '\ufeff{ "mcpServers": { "a": { "command": "x" } } }', [{ path: ['mcpServers', 'a'], route: bridgeTo('a') }]).text.startsWith('\ufeff{')).toBe(true);
  });
});

describe('default locations', () => {
  const linux = { platform: 'linux', home: '/home/me', env: {} };
  const mac = { platform: 'darwin', home: '/Users/me', env: {} };
  const win = { platform: 'win32', home: 'C:\\Users\\me', env: { APPDATA: 'C:\\Users\\me\\AppData\\Roaming' } };

  it('per client and OS', () => {
    expect(defaultLocation('claude-desktop', mac)).toBe('/Users/me/Library/Application Support/Claude/claude_desktop_config.json');
    expect(defaultLocation('claude-desktop', win)).toBe('C:\\Users\\me\\AppData\\Roaming\\Claude\\claude_desktop_config.json');
    expect(defaultLocation('claude-desktop', linux)).toBe('/home/me/.config/Claude/claude_desktop_config.json');
    expect(defaultLocation('claude-desktop', { ...linux, env: { XDG_CONFIG_HOME: '/xdg' } })).toBe('/xdg/Claude/claude_desktop_config.json');
    expect(defaultLocation('cursor', win)).toBe('C:\\Users\\me\\.cursor\\mcp.json');
    expect(defaultLocation('vscode', mac)).toBe('/Users/me/Library/Application Support/Code/User/mcp.json');
    expect(defaultLocation('vscode', linux)).toBe('/home/me/.config/Code/User/mcp.json');
    expect(defaultLocation('claude-code', linux)).toBe('/home/me/.claude.json');
  });
});
