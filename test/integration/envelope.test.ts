/**
 * No frame stops the gate (issue 9): each input that crashed the gate or a session, reproduced
 * against a real gate, now costs only its own message — an error answer where one is possible, a
 * log line where not — and the gate (same pid) and the session go on.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectClient, textOf } from '../support/sampling-client.js';
import { serverEntry, startGate, tempDataDir, type RunningGate } from '../support/gate.js';
import { alive, gatePid, initializeLine, MODERN_META, modernCall, postRaw, rawBridge } from '../support/raw-peers.js';
import { HOSTILE_SERVER } from '../support/hostile.js';

let gate: RunningGate;
let pid: number;

beforeAll(async () => {
  gate = await startGate(tempDataDir(`servers:\n  hostile:\n${serverEntry(HOSTILE_SERVER, [], '    trust: trust\n')}`));
  pid = gatePid(gate);
});
afterAll(async () => {
  await gate?.stop();
  gate?.remove();
});

const deepArray = (n: number): string => '['.repeat(n) + ']'.repeat(n);
const code = (m: Record<string, unknown> | undefined): number | undefined => (m?.error as { code?: number } | undefined)?.code;

async function stillServing(): Promise<void> {
  expect(alive(pid)).toBe(true);
  expect(gatePid(gate)).toBe(pid);
  const r = await postRaw(gate, 'hostile', modernCall(99, 'echo', { text: 'after' }), { modern: true });
  expect(r.messages[0]).toMatchObject({ id: 99, result: { content: [{ text: 'echo:after' }] } });
}

describe('the HTTP endpoint, 2026-07-28 (stateless)', () => {
  it('an object id ({"toString":0}) gets -32600 instead of ending the gate', async () => {
    const r = await postRaw(gate, 'hostile', '{"jsonrpc":"2.0","id":{"toString":0},"method":"tools/list"}', { modern: true });
    expect(r.status).toBe(400);
    expect(r.messages[0]).toMatchObject({ jsonrpc: '2.0', id: null, error: { code: -32600 } });
    await stillServing();
  });

  it('an id nested 10,000 deep, and params nested 10,000 deep, get -32600', async () => {
    const id = await postRaw(gate, 'hostile', `{"jsonrpc":"2.0","id":${deepArray(10_000)},"method":"tools/list"}`, { modern: true });
    expect(id.status).toBe(400);
    const params = await postRaw(gate, 'hostile', `{"jsonrpc":"2.0","id":5,"method":"tools/list","params":{"_meta":${JSON.stringify(MODERN_META)},"x":${deepArray(10_000)}}}`, { modern: true });
    expect(params.status).toBe(400);
    expect(params.messages[0]).toMatchObject({ id: 5, error: { code: -32600, message: expect.stringContaining('deeper') } });
    await stillServing();
  });

  it('a server answering with a mangled id or a deep result: the client gets an error for its call', async () => {
    const line = Buffer.from(`{"jsonrpc":"2.0","id":"$ID","result":{"content":${deepArray(300)}}}`).toString('base64');
    const r = await postRaw(gate, 'hostile', modernCall(7, 'reply', { line }), { modern: true });
    expect(r.messages.at(-1)).toMatchObject({ id: 7, error: { code: -32603, message: expect.stringContaining('invalid response') } });
    await stillServing();
  });
});

describe('the HTTP endpoint, 2025 (sessions)', () => {
  it('invalid messages in a session are refused one by one; the session goes on', async () => {
    const init = await postRaw(gate, 'hostile', initializeLine(1));
    const sid = init.headers.get('mcp-session-id')!;
    expect(sid).toBeTruthy();
    await postRaw(gate, 'hostile', '{"jsonrpc":"2.0","method":"notifications/initialized"}', { sessionId: sid });
    for (const bad of ['{"jsonrpc":"2.0","id":{"toString":0},"method":"ping"}', `{"jsonrpc":"2.0","id":2,"method":"ping","params":${deepArray(5000)}}`, '[]', '{"jsonrpc":"2.0","id":3,"method":7}']) {
      const r = await postRaw(gate, 'hostile', bad, { sessionId: sid });
      expect(r.status, bad.slice(0, 60)).toBe(400);
      expect(code(r.messages[0])).toBe(-32600);
    }
    const ok = await postRaw(gate, 'hostile', JSON.stringify({ jsonrpc: '2.0', id: 4, method: 'tools/call', params: { name: 'echo', arguments: { text: 'session' } } }), { sessionId: sid });
    expect(ok.messages.at(-1)).toMatchObject({ id: 4, result: { content: [{ text: 'echo:session' }] } });
    await stillServing();
  });
});

describe('the stdio bridge and a server\'s stdio', () => {
  it('client side: object and deep ids, bad params, a deep request — each answered, the session goes on', async () => {
    const b = rawBridge(gate, 'hostile');
    try {
      b.write(initializeLine(1));
      await b.next((m) => m.id === 1 && 'result' in m);
      b.write('{"jsonrpc":"2.0","id":{"toString":0},"method":"tools/list"}\n');
      await b.next((m) => m.id === null && code(m) === -32600);
      b.write(`{"jsonrpc":"2.0","id":${deepArray(10_000)},"method":"tools/list"}\n`);
      b.write(`{"jsonrpc":"2.0","id":"deep","method":"tools/list","params":{"a":${deepArray(200)}}}\n`);
      await b.next((m) => m.id === 'deep' && code(m) === -32600);
      b.write('{"jsonrpc":"2.0","id":"str","method":"tools/list","params":"x"}\n');
      await b.next((m) => m.id === 'str' && code(m) === -32600);
      b.write(JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'echo', arguments: { text: 'bridge' } } }) + '\n');
      expect(await b.next((m) => m.id === 2)).toMatchObject({ result: { content: [{ text: 'echo:bridge' }] } });
      expect(b.garbage).toEqual([]);
    } finally {
      await b.close();
    }
    await stillServing();
  });

  it('server side: a 12 MiB line passes (the SDK closed at 10 MiB), a 17 MiB line is refused alone with an error for its call', async () => {
    // A raw client: an SDK client would itself close at its own 10 MiB read buffer.
    const b = rawBridge(gate, 'hostile');
    try {
      b.write(initializeLine(1));
      await b.next((m) => m.id === 1 && 'result' in m);
      const call = (id: number, name: string, args: Record<string, unknown>) => b.write(JSON.stringify({ jsonrpc: '2.0', id, method: 'tools/call', params: { name, arguments: args } }) + '\n');
      call(2, 'big', { bytes: 12 * 1024 * 1024 });
      const twelve = await b.next((m) => m.id === 2);
      expect((twelve.result as { content: { text: string }[] }).content[0]!.text).toHaveLength(12 * 1024 * 1024);
      call(3, 'big', { bytes: 17 * 1024 * 1024 });
      expect(await b.next((m) => m.id === 3)).toMatchObject({ error: { code: -32603, message: expect.stringContaining('larger than 16777216 bytes') } });
      call(4, 'echo', { text: 'still here' });
      expect(await b.next((m) => m.id === 4)).toMatchObject({ result: { content: [{ text: 'echo:still here' }] } });
    } finally {
      await b.close();
    }
    expect(gate.output()).toMatch(/dropped a \d+-byte line from server "hostile"/);
    await stillServing();
  });

  it('server side: garbage, mangled requests and notifications are dropped with a log line', async () => {
    const c = await connectClient({ via: 'stdio', dataDir: gate.dataDir, serverId: 'hostile' });
    try {
      const lines = [
        'not json',
        '{"jsonrpc":"2.0","id":{"toString":0},"method":"sampling/createMessage","params":{}}',
        `{"jsonrpc":"2.0","id":${deepArray(10_000)},"result":{}}`,
        '{"jsonrpc":"2.0","method":"notifications/progress","params":"x"}',
        '{"jsonrpc":"2.0","id":123456,"result":{}}',
      ].map((l) => Buffer.from(l).toString('base64'));
      expect(textOf(await c.call('emit', { lines }))).toBe('emitted');
      expect(textOf(await c.call('echo', { text: 'ok' }))).toBe('echo:ok');
    } finally {
      await c.close();
    }
    expect(gate.output()).toMatch(/\[hostile\] server transport: invalid message from server "hostile"/);
    await stillServing();
  });
});
