/**
 * Roots under consent (issue 20), end to end: server-everything asks for roots (on its own, 350 ms
 * after initialize, and from its get-roots-list tool) of SDK clients that declare several
 * directories, through the stdio bridge and the HTTP endpoint; a 2026-07-28 server asks for them
 * in an input_required result; and a raw server asks for methods the gate does not hold.
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { Client } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { ListRootsRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectClient, EVERYTHING, GATE_BIN, RAW_SERVER, textOf, type Route, type TestClient } from '../support/sampling-client.js';
import { serverEntry, startGate, tempDataDir, waitFor, type RunningGate } from '../support/gate.js';
import { FIXTURE, startEverythingHttp, startFixtureHttp, type Proc } from '../fixtures/v2-processes.js';
import { node22 } from '../support/conformance.js';

const ROOTS = [
  { uri: 'file:///projects/a', name: 'a' },
  { uri: 'file:///projects/a-private', name: 'private' },
  { uri: 'file:///projects/a/../../etc', name: 'sneaky' },
  { uri: 'file:///home/ada/notes/', name: 'notes' },
];

const CONFIG = (v2url: string, everythingUrl: string) => `servers:
  everything-url:
    url: ${JSON.stringify(everythingUrl)}
  denied-url:
    url: ${JSON.stringify(everythingUrl)}
    roots: { trust: deny }
  allowed-url:
    url: ${JSON.stringify(everythingUrl)}
    roots: { allow: [/projects/a] }
  asking-url:
    url: ${JSON.stringify(everythingUrl)}
    roots: { trust: ask }
  everything:
${serverEntry(EVERYTHING, ['stdio'])}
  denied:
${serverEntry(EVERYTHING, ['stdio'], '    roots: { trust: deny }\n')}
  allowed:
${serverEntry(EVERYTHING, ['stdio'], '    roots: { allow: [/projects/a] }\n')}
  asking:
${serverEntry(EVERYTHING, ['stdio'], '    roots: { trust: ask }\n')}
  raw:
${serverEntry(RAW_SERVER, [], '    trust: trust\n')}
  rawallow:
${serverEntry(RAW_SERVER, [], '    policy: { allowServerMethods: [x-vendor/read_clipboard] }\n')}
  v2:
    command: ${JSON.stringify(node22())}
    args: [${JSON.stringify(FIXTURE)}]
  v2deny:
    command: ${JSON.stringify(node22())}
    args: [${JSON.stringify(FIXTURE)}]
    roots: { trust: deny }
  v2url:
    url: ${JSON.stringify(v2url)}
  v2urldeny:
    url: ${JSON.stringify(v2url)}
    roots: { trust: deny }
`;

let gate: RunningGate;
let fixtureHttp: { proc: Proc; url: string };
let everythingHttp: { proc: Proc; url: string };
beforeAll(async () => {
  [fixtureHttp, everythingHttp] = await Promise.all([startFixtureHttp(), startEverythingHttp()]);
  gate = await startGate(tempDataDir(CONFIG(fixtureHttp.url, everythingHttp.url)));
});
afterAll(async () => {
  await gate?.stop();
  gate?.remove();
  await fixtureHttp?.proc.stop();
  await everythingHttp?.proc.stop();
});

async function withRoots(route: Route): Promise<TestClient & { asked: () => number }> {
  let asked = 0;
  const c = await connectClient(route, { capabilities: { roots: { listChanged: true } } });
  c.client.setRequestHandler(ListRootsRequestSchema, async () => {
    asked++;
    return { roots: ROOTS };
  });
  return Object.assign(c, { asked: () => asked });
}

const toGate: Record<'stdio' | 'http', (id: string) => Route> = {
  stdio: (id) => ({ via: 'stdio', dataDir: gate.dataDir, serverId: id }),
  http: (id) => ({ via: 'http', url: gate.mcpUrl(id), token: gate.token }),
};
/** How the client reaches the gate × how the gate reaches server-everything (its stdio, or its own HTTP). */
const routes: [string, 'stdio' | 'http', string][] = [
  ['stdio bridge → command server', 'stdio', ''],
  ['HTTP endpoint → command server', 'http', ''],
  ['stdio bridge → URL server', 'stdio', '-url'],
  ['HTTP endpoint → URL server', 'http', '-url'],
];

describe.each(routes)('roots through the %s', (_name, via, suffix) => {
  const sid = (base: string): string => base + suffix;
  const route = (id: string): Route => toGate[via](id);
  it('trust: the server gets the client\'s roots, checked and normalised; the traversal is removed; the row and the Servers view say what it got', async () => {
    const c = await withRoots(route(sid('everything')));
    try {
      const text = textOf(await c.call('get-roots-list'));
      expect(text).toContain('file:///projects/a\n');
      expect(text).toContain('file:///projects/a-private');
      expect(text).toContain('file:///home/ada/notes');
      expect(text).not.toContain('etc');
      const [row] = await gate.json<{ kind: string; response: { roots: { uri: string }[] }; detail: { given: string[]; removed: { uri: string; why: string }[] } }[]>('history', '--kind', 'roots', '--server', sid('everything'), '--limit', '1');
      expect(row!.detail.given).toEqual(['file:///projects/a', 'file:///projects/a-private', 'file:///home/ada/notes']);
      expect(row!.detail.removed).toEqual([{ uri: 'file:///projects/a/../../etc', why: 'a ".." segment (path traversal)' }]);
      const [server] = (await gate.api('servers.list', {})).filter((s) => s.id === sid('everything'));
      expect(server!.roots?.uris).toEqual(row!.detail.given);
    } finally {
      await c.close();
    }
  });

  it('deny: the server gets an empty list and the client is never asked', async () => {
    const c = await withRoots(route(sid('denied')));
    try {
      expect(textOf(await c.call('get-roots-list'))).toContain('no roots are currently configured');
      expect(c.asked()).toBe(0);
    } finally {
      await c.close();
    }
  });

  it('allow: only roots under an allowed directory reach the server, path-wise', async () => {
    const c = await withRoots(route(sid('allowed')));
    try {
      const text = textOf(await c.call('get-roots-list'));
      expect(text).toContain('file:///projects/a\n');
      expect(text).not.toContain('a-private');
      expect(text).not.toContain('notes');
    } finally {
      await c.close();
    }
  });

  it('ask: the user sees the exact list first, once per session', async () => {
    const c = await withRoots(route(sid('asking')));
    try {
      // server-everything asks on its own after initialize: held until the user decides.
      const p = await gate.nextPending(sid('asking'));
      expect(p).toMatchObject({ kind: 'roots', stage: 'response' });
      expect((p.response as { roots: { uri: string }[] }).roots.map((r) => r.uri)).toEqual(['file:///projects/a', 'file:///projects/a-private', 'file:///home/ada/notes']);
      expect((await gate.cli('approve', p.id)).code).toBe(0);
      await waitFor(async () => ((await gate.api('approvals.list', {})).length === 0 ? true : undefined), 'the queue to empty');
      expect(textOf(await c.call('get-roots-list'))).toContain('file:///home/ada/notes');
      expect((await gate.api('approvals.list', {})).filter((x) => x.server === sid('asking'))).toEqual([]);
    } finally {
      await c.close();
    }
  });
});

const routes2026: [string, 'stdio' | 'http', string][] = [
  ['stdio bridge → command server', 'stdio', 'v2'],
  ['stdio bridge → URL server', 'stdio', 'v2url'],
  ['HTTP endpoint → command server', 'http', 'v2'],
  ['HTTP endpoint → URL server', 'http', 'v2url'],
];

describe.each(routes2026)('roots in the 2026-07-28 era, %s', (_name, via, serverId) => {
  async function v2(id: string): Promise<Client> {
    const client = new Client({ name: 'roots-2026', version: '1.0.0' }, { capabilities: { roots: {} }, versionNegotiation: { mode: { pin: '2026-07-28' } } });
    client.setRequestHandler('roots/list', async () => ({ roots: ROOTS }));
    const transport =
      via === 'stdio'
        ? new StdioClientTransport({ command: node22(), args: [GATE_BIN, 'connect', id, '--data-dir', gate.dataDir] })
        : new StreamableHTTPClientTransport(new URL(gate.mcpUrl(id)), { requestInit: { headers: { Authorization: `Bearer ${gate.token}` } } });
    await client.connect(transport);
    return client;
  }
  const text = (r: unknown): string => ((r as { content?: { text?: string }[] }).content ?? []).map((c) => c.text ?? '').join('');

  it('an input_required roots entry: the client answers, the server gets the checked list (the traversal removed)', async () => {
    const client = await v2(serverId);
    try {
      const r = await client.callTool({ name: 'test_input_required_result_list_roots', arguments: {} });
      expect(text(r)).toBe('Roots: file:///projects/a, file:///projects/a-private, file:///home/ada/notes');
    } finally {
      await client.close();
    }
  });

  it('deny: the gate answers the entry with an empty list itself', async () => {
    const client = await v2(`${serverId}deny`);
    try {
      expect(text(await client.callTool({ name: 'test_input_required_result_list_roots', arguments: {} }))).toBe('Roots: ');
    } finally {
      await client.close();
    }
  });
});

describe('methods the gate does not hold', () => {
  it('a server request of an unknown method is refused with -32601 and never reaches the client; ping passes', async () => {
    const c = await connectClient({ via: 'stdio', dataDir: gate.dataDir, serverId: 'raw' }, { capabilities: {} });
    try {
      for (const method of ['resources/read', 'x-vendor/read_clipboard']) {
        const answer = JSON.parse(textOf(await c.call('request', { method, params: {} }))) as { error?: { code: number; message: string } };
        expect(answer.error?.code).toBe(-32601);
        expect(answer.error?.message).toContain('does not relay');
      }
      expect(JSON.parse(textOf(await c.call('request', { method: 'ping' })))).toEqual({ result: {} });
    } finally {
      await c.close();
    }
  });

  it('allowServerMethods: a named method is relayed to the client as it is; others stay refused', async () => {
    const c = await connectClient({ via: 'stdio', dataDir: gate.dataDir, serverId: 'rawallow' }, { capabilities: {} });
    try {
      c.client.fallbackRequestHandler = async (request) => ({ clipboard: `answered ${request.method}` });
      expect(JSON.parse(textOf(await c.call('request', { method: 'x-vendor/read_clipboard', params: {} })))).toEqual({ result: { clipboard: 'answered x-vendor/read_clipboard' } });
      const other = JSON.parse(textOf(await c.call('request', { method: 'x-vendor/other', params: {} }))) as { error?: { code: number } };
      expect(other.error?.code).toBe(-32601);
    } finally {
      await c.close();
    }
  });

  it('a 2026 input_required entry of an unknown method fails the call rather than reach the client', async () => {
    const bridge = spawn(process.execPath, [GATE_BIN, 'connect', 'raw', '--data-dir', gate.dataDir], { stdio: ['pipe', 'pipe', 'inherit'] });
    try {
      const lines = createInterface({ input: bridge.stdout! });
      const reply = new Promise<Record<string, unknown>>((resolve) => lines.on('line', (l) => resolve(JSON.parse(l) as Record<string, unknown>)));
      const meta = { 'io.modelcontextprotocol/protocolVersion': '2026-07-28', 'io.modelcontextprotocol/clientCapabilities': {} };
      const inputRequests = { sneak: { method: 'x-vendor/read_clipboard', params: {} } };
      bridge.stdin!.write(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'input-required', arguments: { inputRequests }, _meta: meta } }) + '\n');
      const r = (await reply) as { result?: { isError?: boolean; content?: { text: string }[] } };
      expect(r.result?.isError).toBe(true);
      expect(r.result?.content?.[0]?.text).toContain('which the gate does not hold or relay');
    } finally {
      bridge.kill();
    }
  });
});
