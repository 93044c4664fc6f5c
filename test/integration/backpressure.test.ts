/**
 * Backpressure through the gate (core/relay/flow.ts), as a pipe gives it directly: a side that stops
 * reading holds the other side's writes up instead of growing the gate by everything they send.
 * A real hostile server (test/fixtures/hostile-server.mjs) floods a client that does not read, and
 * stops reading while a client floods it; a Streamable HTTP server (http-flood-server.mjs) floods
 * such a client over SSE, writing as the socket takes it. The gate's RSS (from /proc) stays flat
 * meanwhile, another session is served as usual, and once the reader reads again every byte
 * arrives, in order. Both bridge modes: stdio handed over, and bytes copied; and a client on the
 * HTTP endpoint (a 2025 session) that stops reading its response's SSE stream, the same limit.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { request, type IncomingMessage } from 'node:http';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectClient, EVERYTHING, GATE_BIN, textOf } from '../support/sampling-client.js';
import { serverEntry, startGate, tempDataDir, waitFor, type RunningGate } from '../support/gate.js';
import { ERA_2026, MODERN_META } from '../support/raw-peers.js';

const HOSTILE = join(import.meta.dirname, '..', 'fixtures', 'hostile-server.mjs');
const HTTP_FLOOD = join(import.meta.dirname, '..', 'fixtures', 'http-flood-server.mjs');
const FLOOD = 128 * 1024 * 1024;
const MiB = 1024 * 1024;
/** What the gate may grow by while a side is stalled: the 16 MiB mark, its parsed copies and buffers (up to ~47 MiB seen) — not the flood (130+ MiB). */
const STALLED_GROWTH = 80 * MiB;

let gate: RunningGate;
let gatePid: number;
let httpServer: ChildProcess;

beforeAll(async () => {
  httpServer = spawn(process.execPath, [HTTP_FLOOD], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve) => httpServer.stdout!.once('data', (d: Buffer) => resolve(Number(/listening (\d+)/.exec(d.toString())![1]))));
  gate = await startGate(
    tempDataDir(`servers:\n  hostile:\n${serverEntry(HOSTILE)}  everything:\n${serverEntry(EVERYTHING, ['stdio'])}  httpflood:\n    url: http://127.0.0.1:${port}/mcp\n`),
  );
  gatePid = (JSON.parse(readFileSync(join(gate.dataDir, 'gate.json'), 'utf8')) as { pid: number }).pid;
});
afterAll(async () => {
  await gate?.stop();
  gate?.remove();
  httpServer?.kill();
});

const rssOf = (pid: number): number => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) * 1024;
const settle = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A raw client on a bridge to `serverId`, initialized; its stdout is read only when the test says. */
async function rawClient(copy: boolean, serverId = 'hostile'): Promise<{ child: ChildProcess; send(m: object): boolean; exited: Promise<number | null> }> {
  const env = { ...process.env, ...(copy ? { SAMPLING_GATE_FD_HANDOFF: '0' } : {}) };
  const child = spawn(process.execPath, [GATE_BIN, 'connect', serverId, '--data-dir', gate.dataDir], { stdio: ['pipe', 'pipe', 'inherit'], env });
  const exited = new Promise<number | null>((r) => child.once('close', r));
  const send = (m: object): boolean => child.stdin!.write(JSON.stringify({ jsonrpc: '2.0', ...m }) + '\n');
  send({ id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'backpressure', version: '1' } } });
  await new Promise<void>((resolve) => child.stdout!.once('data', () => resolve()));
  child.stdout!.pause();
  send({ method: 'notifications/initialized' });
  return { child, send, exited };
}

/** The most the gate grew by over `ms`, sampled every 100 ms, from `base`. */
async function growthOver(ms: number, base: number): Promise<number> {
  let max = 0;
  for (const end = Date.now() + ms; Date.now() < end; ) {
    max = Math.max(max, rssOf(gatePid) - base);
    await settle(100);
  }
  return max;
}

/** Another session through the gate, start to answer, while this one is stalled. */
async function otherSessionEchoes(): Promise<string> {
  const c = await connectClient({ via: 'stdio', dataDir: gate.dataDir, serverId: 'everything' });
  try {
    return textOf(await c.call('echo', { message: 'still served' }));
  } finally {
    await c.close();
  }
}

describe.runIf(process.platform === 'linux').each([
  { mode: 'stdio handed over', copy: false },
  { mode: 'bytes copied', copy: true },
])('backpressure ($mode)', ({ copy }) => {
  it.each([
    { server: 'a stdio server', serverId: 'hostile' },
    { server: 'an HTTP server (SSE)', serverId: 'httpflood' },
  ])('a client that stops reading: $server flooding it waits; the gate stays flat, then delivers all', async ({ serverId }) => {
    const { child, send, exited } = await rawClient(copy, serverId);
    const base = rssOf(gatePid);
    send({ id: 2, method: 'tools/call', params: { name: 'flood', arguments: { bytes: FLOOD } } });
    const growth = await growthOver(2_000, base);
    expect(growth).toBeLessThan(STALLED_GROWTH);
    expect(await otherSessionEchoes()).toBe('Echo: still served');

    // Reading again: every notification, then the answer saying how many were sent.
    let notifications = 0;
    let partial = '';
    const answered = new Promise<string>((resolve) => {
      child.stdout!.on('data', (d: Buffer) => {
        const lines = (partial + d.toString('utf8')).split('\n');
        partial = lines.pop()!;
        for (const l of lines) {
          if (l.includes('"notifications/message"')) notifications++;
          else if (l.includes('"id":2')) resolve(l);
        }
      });
    });
    child.stdout!.resume();
    const answer = /flooded (\d+)/.exec(await answered);
    expect(notifications).toBe(Number(answer![1]));
    expect(notifications * 64 * 1024).toBeGreaterThanOrEqual(FLOOD * 0.99);
    child.stdin!.end();
    expect(await exited).toBe(0);
  });

  it('a server that stops reading: the client flooding it waits; the gate stays flat, then the server gets all', async () => {
    const { child, send, exited } = await rawClient(copy);
    child.stdout!.resume();
    let out = '';
    child.stdout!.on('data', (d: Buffer) => (out += d.toString('utf8')));
    const base = rssOf(gatePid);
    send({ id: 2, method: 'tools/call', params: { name: 'deaf', arguments: { ms: 2_500 } } });
    // Written as a client writes: on when the pipe takes more.
    const line = JSON.stringify({ jsonrpc: '2.0', method: 'notifications/padding', params: { pad: 'p'.repeat(64 * 1024) } }) + '\n';
    let left = FLOOD;
    const written = new Promise<void>((resolve) => {
      const more = (): void => {
        while (left > 0) {
          left -= line.length;
          if (!child.stdin!.write(line)) return void child.stdin!.once('drain', more);
        }
        resolve();
      };
      more();
    });
    const growth = await growthOver(2_000, base);
    expect(growth).toBeLessThan(STALLED_GROWTH);
    // Held up, not refused: most of the flood was still waiting to be written.
    expect(left).toBeGreaterThan(FLOOD / 2);
    expect(await otherSessionEchoes()).toBe('Echo: still served');

    await written;
    send({ id: 3, method: 'ping' });
    await waitFor(async () => (out.includes('"id":3') ? true : undefined), 'the ping after the flood answered');
    expect(out).toContain('heard again');
    child.stdin!.end();
    expect(await exited).toBe(0);
  });
});

/** A POST on the gate's endpoint; the response is handed back unread (paused) once its headers came. */
function post(serverId: string, message: object, sessionId?: string, modern = false): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const req = request(gate.mcpUrl(serverId), {
      method: 'POST',
      headers: {
        authorization: `Bearer ${gate.token}`,
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
        ...(sessionId ? { 'mcp-session-id': sessionId, 'mcp-protocol-version': '2025-06-18' } : {}),
        ...(modern ? { 'mcp-protocol-version': ERA_2026 } : {}),
      },
    });
    req.on('response', resolve);
    req.on('error', reject);
    req.end(JSON.stringify({ jsonrpc: '2.0', ...message }));
  });
}

async function readAll(res: IncomingMessage): Promise<string> {
  let text = '';
  for await (const chunk of res) text += (chunk as Buffer).toString('utf8');
  return text;
}

/** `flood` is a response nobody has read yet: the gate stays flat meanwhile, then every event arrives. */
async function stalledThenRead(flood: IncomingMessage, base: number): Promise<void> {
  // The answer is an SSE stream (notifications come before the result), and nobody reads it yet.
  expect(flood.headers['content-type']).toBe('text/event-stream');
  const growth = await growthOver(2_000, base);
  expect(growth).toBeLessThan(STALLED_GROWTH);
  expect(await otherSessionEchoes()).toBe('Echo: still served');

  // Reading again: every notification, then the answer saying how many were sent.
  let notifications = 0;
  let answer = '';
  let partial = '';
  for await (const chunk of flood) {
    const events = (partial + (chunk as Buffer).toString('utf8')).split('\n\n');
    partial = events.pop()!;
    for (const e of events) {
      if (e.includes('"notifications/message"')) notifications++;
      else if (e.includes('"id":2')) answer = e;
    }
  }
  const sent = /flooded (\d+)/.exec(answer);
  expect(notifications).toBe(Number(sent![1]));
  expect(notifications * 64 * 1024).toBeGreaterThanOrEqual(FLOOD * 0.99);
}

const FLOODING = [
  { server: 'a stdio server', serverId: 'hostile' },
  { server: 'an HTTP server (SSE)', serverId: 'httpflood' },
];

describe.runIf(process.platform === 'linux')('backpressure (HTTP endpoint)', () => {
  it.each(FLOODING)('2025 session: a client that stops reading its stream: $server flooding it waits; the gate stays flat, then delivers all', async ({ serverId }) => {
    const init = await post(serverId, { id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'backpressure', version: '1' } } });
    const sessionId = init.headers['mcp-session-id'] as string;
    expect(JSON.parse(await readAll(init))).toMatchObject({ id: 1, result: {} });
    await readAll(await post(serverId, { method: 'notifications/initialized' }, sessionId));

    const base = rssOf(gatePid);
    await stalledThenRead(await post(serverId, { id: 2, method: 'tools/call', params: { name: 'flood', arguments: { bytes: FLOOD } } }, sessionId), base);
  });

  it.each(FLOODING)('2026-07-28, stateless: $server flooding a client that stops reading waits; the gate stays flat, then delivers all', async ({ serverId }) => {
    const base = rssOf(gatePid);
    await stalledThenRead(await post(serverId, { id: 2, method: 'tools/call', params: { name: 'flood', arguments: { bytes: FLOOD }, _meta: MODERN_META } }, undefined, true), base);
  });
});
