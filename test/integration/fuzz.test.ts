/**
 * Seeded fuzz (issue 9): mutated JSON-RPC frames — odd ids, methods and params, deep nesting,
 * broken bytes, oversized lines — sent to a real gate from every side it has: a client on the stdio
 * bridge, a hostile command server writing them on its stdout, and the HTTP endpoint in both eras
 * (2025 sessions, 2026 stateless) to a command server and to a hostile URL server answering with
 * them. Afterwards the gate must be the same process, and a clean session must still round-trip on
 * each path. Bounded in count and in time; the seed is printed (FUZZ_SEED=<n> repeats a run).
 *
 * FUZZ_ROUNDS=<n> (default 1) runs the hostile rounds n times against the same gate and prints its
 * RSS after each, with V8's heap after a full collection: whether memory under hostile traffic
 * settles or keeps growing (docs/bench.md, "Memory under hostile traffic").
 */
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocket } from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectClient, textOf } from '../support/sampling-client.js';
import { serverEntry, startGate, tempDataDir, type RunningGate } from '../support/gate.js';
import { FrameFuzzer } from '../support/fuzz-frames.js';
import { HOSTILE_SERVER } from '../support/hostile.js';
import { alive, gatePid, initializeLine, modernCall, postRaw, rawBridge } from '../support/raw-peers.js';

/** Frames per side; each round also stops generating after TIME_BUDGET_MS. */
const COUNTS = { bridge: 150, serverStdio: 100, modern: 80, session: 60, urlModern: 40, urlSession: 30 };
const TIME_BUDGET_MS = 35_000;
const ROUNDS = Math.max(1, Math.min(50, Number(process.env.FUZZ_ROUNDS) || 1));
/** A request whose answer was dropped (its id unusable) waits this long before the client gives up. */
const POST_TIMEOUT_MS = 2500;

const seed = Number(process.env.FUZZ_SEED) || Math.floor(Math.random() * 2 ** 31);
const fuzz = new FrameFuzzer(seed);
let gate: RunningGate;
let pid: number;
let hostileUrl: { server: Server; url: string; clean: boolean };
const sent: Record<string, number> = {};
const started = Date.now();
let roundStarted = started;
const inBudget = () => Date.now() - roundStarted < TIME_BUDGET_MS;
/** The gate's RSS once started, then after each round, MiB; with FUZZ_ROUNDS, its JS heap after a full GC too. */
const memory: number[] = [];
const heap: number[] = [];
const rssMiB = (of: number): number => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${of}/status`, 'utf8'))![1]) / 1024;
const count = (side: string) => (sent[side] = (sent[side] ?? 0) + 1);

beforeAll(async () => {
  console.log(`fuzz seed ${seed} (FUZZ_SEED=${seed} repeats this run)`);
  hostileUrl = await startHostileUrlServer();
  gate = await startGate(
    tempDataDir(`defaults:
  rateLimit: { perMinute: null, perHour: null, perDay: null, perSession: null }
  tokenBudgetPerDay: null
  approvalTimeoutSeconds: 2
servers:
  hostile:
${serverEntry(HOSTILE_SERVER, [], '    trust: trust\n')}
  hostileurl:
    url: ${JSON.stringify(hostileUrl.url)}
    trust: trust
`),
    [],
    // Repeated rounds measure the heap after a full GC through the gate's inspector (loopback, a free port).
    ROUNDS > 1 ? { NODE_OPTIONS: '--inspect=127.0.0.1:0' } : {},
  );
  pid = gatePid(gate);
  if (process.platform === 'linux') memory.push(rssMiB(pid));
});

afterAll(async () => {
  await gate?.stop();
  gate?.remove();
  hostileUrl?.server.closeAllConnections();
  hostileUrl?.server.close();
});

function expectAlive(): void {
  expect(alive(pid), `the gate (pid ${pid}) is alive`).toBe(true);
  expect(gatePid(gate)).toBe(pid);
}

/** POST with a deadline; a dropped answer is not a failure, an answer is not required. */
async function post(serverId: string, body: Buffer | string, opts: { modern?: boolean; sessionId?: string } = {}): Promise<number | null> {
  try {
    const r = await postRaw(gate, serverId, body, { ...opts, signal: AbortSignal.timeout(POST_TIMEOUT_MS) });
    // The gate never answers a frame with a crash of its own.
    expect(r.status, `status for ${body.toString().slice(0, 80)}`).not.toBe(500);
    return r.status;
  } catch (err) {
    if ((err as Error).name === 'TimeoutError' || (err as Error).name === 'AbortError') return null;
    throw err;
  }
}

/** Run `n` async jobs, `width` at a time. */
async function inParallel(n: number, width: number, job: (i: number) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < n && inBudget()) await job(next++);
    }),
  );
}

const b64 = (b: Buffer) => b.toString('base64');

describe(`fuzz (seed ${seed})`, () => {
  for (let round = 1; round <= ROUNDS; round++) {
    describe(ROUNDS > 1 ? `round ${round}` : 'hostile frames', () => {
      beforeAll(() => void (roundStarted = Date.now()));
      it('the stdio bridge: mutated client frames and a hostile server\'s stdout', async () => {
        const b = rawBridge(gate, 'hostile');
        try {
          b.write(initializeLine(1));
          await b.next((m) => m.id === 1 && 'result' in m);
          b.write('{"jsonrpc":"2.0","method":"notifications/initialized"}\n');
          for (let i = 0; i < COUNTS.bridge && inBudget(); i++) {
            b.write(Buffer.concat([fuzz.frame('client'), Buffer.from('\n')]));
            count('bridge client');
            // Now and then the server writes a batch of mutated frames, or answers a call with one.
            if (i % 15 === 0) {
              const lines = Array.from({ length: 10 }, () => b64(fuzz.frame('server')));
              b.write(JSON.stringify({ jsonrpc: '2.0', id: `emit-${i}`, method: 'tools/call', params: { name: 'emit', arguments: { lines } } }) + '\n');
              sent['server stdio'] = (sent['server stdio'] ?? 0) + lines.length;
              const line = b64(fuzz.frame('server', '"$ID"'));
              b.write(JSON.stringify({ jsonrpc: '2.0', id: `reply-${i}`, method: 'tools/call', params: { name: 'reply', arguments: { line } } }) + '\n');
              count('server stdio');
            }
          }
          // One line over the frame limit from each side.
          b.write(`{"jsonrpc":"2.0","id":"huge","method":"ping","params":{"pad":"${'x'.repeat(17 * 1024 * 1024)}"}}\n`);
          b.write(JSON.stringify({ jsonrpc: '2.0', id: 'big', method: 'tools/call', params: { name: 'big', arguments: { bytes: 17 * 1024 * 1024 } } }) + '\n');
          count('bridge client');
          count('server stdio');
          await b.next((m) => m.id === 'huge' && 'error' in m, 'the oversized client line refused');
          await b.next((m) => m.id === 'big' && 'error' in m, 'the oversized server line refused');
          b.write(JSON.stringify({ jsonrpc: '2.0', id: 'last', method: 'tools/call', params: { name: 'echo', arguments: { text: 'clean' } } }) + '\n');
          expect(await b.next((m) => m.id === 'last' && 'result' in m, 'the clean call after the fuzz')).toMatchObject({ result: { content: [{ text: 'echo:clean' }] } });
          // Whatever the gate wrote back was JSON, line by line.
          expect(b.garbage).toEqual([]);
        } finally {
          await b.close();
        }
        expectAlive();
      });

      it('the HTTP endpoint, 2026-07-28 stateless, command server: mutated requests and mutated answers', async () => {
        await inParallel(COUNTS.modern, 8, async () => {
          count('http 2026 client');
          await post('hostile', fuzz.frame('client'), { modern: true });
        });
        await inParallel(16, 8, async (i) => {
          count('http 2026 server');
          const body = i % 2 ? modernCall(`m${i}`, 'reply', { line: b64(fuzz.frame('server', '"$ID"')) }) : modernCall(`m${i}`, 'emit', { lines: Array.from({ length: 5 }, () => b64(fuzz.frame('server'))) });
          await post('hostile', body, { modern: true });
        });
        expectAlive();
      });

      it('the HTTP endpoint, 2025 session, command server', async () => {
        const init = await postRaw(gate, 'hostile', initializeLine(1));
        const sessionId = init.headers.get('mcp-session-id')!;
        await post('hostile', '{"jsonrpc":"2.0","method":"notifications/initialized"}', { sessionId });
        await inParallel(COUNTS.session, 8, async (i) => {
          count('http 2025 client');
          await post('hostile', i % 12 === 0 ? JSON.stringify({ jsonrpc: '2.0', id: `s${i}`, method: 'tools/call', params: { name: 'emit', arguments: { lines: [b64(fuzz.frame('server')), b64(fuzz.frame('server'))] } } }) : fuzz.frame('client'), { sessionId });
        });
        const ok = await postRaw(gate, 'hostile', JSON.stringify({ jsonrpc: '2.0', id: 'ok', method: 'tools/call', params: { name: 'echo', arguments: { text: 'session' } } }), { sessionId });
        expect(ok.messages.at(-1)).toMatchObject({ id: 'ok', result: { content: [{ text: 'echo:session' }] } });
        expectAlive();
      });

      it('the HTTP endpoint to a hostile URL server, both eras', async () => {
        await inParallel(COUNTS.urlModern, 8, async (i) => {
          count('url 2026');
          await post('hostileurl', modernCall(`u${i}`, 'echo', { text: 'x' }), { modern: true });
        });
        const init = await postRaw(gate, 'hostileurl', initializeLine(1));
        const sessionId = init.headers.get('mcp-session-id');
        if (sessionId) {
          await post('hostileurl', '{"jsonrpc":"2.0","method":"notifications/initialized"}', { sessionId });
          await inParallel(COUNTS.urlSession, 8, async (i) => {
            count('url 2025');
            await post('hostileurl', JSON.stringify({ jsonrpc: '2.0', id: `v${i}`, method: 'tools/call', params: { name: 'echo', arguments: { text: 'x' } } }), { sessionId });
          });
        }
        expectAlive();
      });

      it.runIf(process.platform === 'linux')('the gate\'s memory after the round', async () => {
        expectAlive();
        memory.push(rssMiB(pid));
        console.log(`fuzz round ${round}/${ROUNDS}: gate RSS at start, then after each round: ${memory.map((m) => m.toFixed(0)).join(' → ')} MiB`);
        if (ROUNDS === 1) return;
        heap.push(await heapAfterGc(gate.output()));
        // Sessions the fuzz opened and never closed stay until the gate's idle timeout: part of what the heap holds.
        const live = (await gate.json<{ sessions: number }[]>('servers')).reduce((n, s) => n + s.sessions, 0);
        console.log(`fuzz round ${round}/${ROUNDS}: gate JS heap after a full GC, after each round: ${heap.map((m) => m.toFixed(1)).join(' → ')} MiB; ${live} sessions open`);
      });
    });
  }

  it('afterwards: the same gate process, and clean sessions round-trip on every path', async () => {
    expectAlive();
    hostileUrl.clean = true;
    const stdio = await connectClient({ via: 'stdio', dataDir: gate.dataDir, serverId: 'hostile' });
    expect(textOf(await stdio.call('echo', { text: 'a' }))).toBe('echo:a');
    await stdio.close();
    for (const serverId of ['hostile', 'hostileurl']) {
      const http = await connectClient({ via: 'http', url: gate.mcpUrl(serverId), token: gate.token });
      expect(textOf(await http.call('echo', { text: 'b' }))).toBe('echo:b');
      await http.close();
      const modern = await postRaw(gate, serverId, modernCall('c', 'echo', { text: 'c' }), { modern: true });
      expect(modern.messages.at(-1)).toMatchObject({ id: 'c', result: { content: [{ text: 'echo:c' }] } });
    }
    // The shield around each handler (RelaySession) kept the gate up; it must not have been needed.
    const bugs = gate.output().split('\n').filter((l) => /^\S+ error /.test(l));
    expect(bugs).toEqual([]);
    const total = Object.values(sent).reduce((a, b) => a + b, 0);
    console.log(`fuzz seed ${seed}: ${total} frames in ${((Date.now() - started) / 1000).toFixed(1)} s — ${JSON.stringify(sent)}; gate pid ${pid} unchanged`);
    expect(total).toBeGreaterThan(200);
  });
});

/** The gate's used JS heap after a full collection, MiB, asked through its inspector (Chrome DevTools Protocol). */
async function heapAfterGc(output: string): Promise<number> {
  const url = /ws:\/\/127\.0\.0\.1:\d+\/[\w-]+/.exec(output)?.[0];
  if (!url) throw new Error('the gate printed no inspector URL');
  const ws = new WebSocket(url);
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  let next = 0;
  const call = (method: string): Promise<Record<string, unknown>> =>
    new Promise((resolve) => {
      const id = ++next;
      const onMessage = (data: Buffer): void => {
        const m = JSON.parse(data.toString('utf8')) as { id?: number; result?: Record<string, unknown> };
        if (m.id !== id) return;
        ws.off('message', onMessage);
        resolve(m.result ?? {});
      };
      ws.on('message', onMessage);
      ws.send(JSON.stringify({ id, method }));
    });
  try {
    await call('HeapProfiler.collectGarbage');
    return ((await call('Runtime.getHeapUsage')).usedSize as number) / 1024 / 1024;
  } finally {
    ws.close();
  }
}

/**
 * An HTTP MCP server that answers initialize properly and every other request with a mutated
 * frame — as a JSON body or as SSE events — until `clean` is set, then answers `echo` properly.
 */
async function startHostileUrlServer(): Promise<{ server: Server; url: string; clean: boolean }> {
  const state = { server: null as unknown as Server, url: '', clean: false };
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (req.method !== 'POST') return void res.writeHead(req.method === 'DELETE' ? 200 : 405).end();
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    let msg: { id?: unknown; method?: unknown; params?: { protocolVersion?: unknown; name?: unknown; arguments?: { text?: unknown } } };
    try {
      msg = JSON.parse(Buffer.concat(chunks).toString('utf8')) as typeof msg;
    } catch {
      return void res.writeHead(400).end();
    }
    if (msg.id === undefined || typeof msg.method !== 'string') return void res.writeHead(202).end();
    const id = JSON.stringify(msg.id);
    const json = (body: unknown, headers: Record<string, string> = {}): void => void res.writeHead(200, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
    if (msg.method === 'initialize') {
      return json({ jsonrpc: '2.0', id: msg.id, result: { protocolVersion: String(msg.params?.protocolVersion ?? '2025-06-18'), capabilities: { tools: {} }, serverInfo: { name: 'hostile-url', version: '1' } } }, { 'mcp-session-id': 'hostile-session' });
    }
    if (state.clean || msg.method !== 'tools/call') {
      const result = msg.method === 'tools/call' ? { content: [{ type: 'text', text: `echo:${String(msg.params?.arguments?.text ?? '')}` }], resultType: 'complete' } : msg.method === 'tools/list' ? { tools: [{ name: 'echo', inputSchema: { type: 'object' } }] } : {};
      return json({ jsonrpc: '2.0', id: msg.id, result });
    }
    if (fuzz.chance(0.5)) {
      res.writeHead(200, { 'content-type': 'application/json' }).end(fuzz.frame('server', id));
      return;
    }
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    for (let i = fuzz.int(3); i >= 0; i--) res.write(Buffer.concat([Buffer.from('event: message\ndata: '), fuzz.frame('server', id), Buffer.from('\n\n')]));
    res.end();
  };
  state.server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
  await new Promise<void>((r) => state.server.listen(0, '127.0.0.1', r));
  state.url = `http://127.0.0.1:${(state.server.address() as AddressInfo).port}/mcp`;
  return state;
}
