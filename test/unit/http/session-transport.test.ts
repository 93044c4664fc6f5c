/**
 * The gate's session transport for the 2025-era HTTP endpoint (core/http/session-transport.ts), on
 * a real HTTP server on 127.0.0.1: an answer alone goes back as JSON, one preceded by a related
 * message as SSE; the SDK transport's checks; and backpressure from a client that stops reading.
 */
import { createServer, request, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { afterEach, describe, expect, it } from 'vitest';
import { HttpSessionTransport } from '../../../core/http/session-transport.js';
import { readJsonBody } from '../../../core/http/body.js';
import { OUTPUT_HIGH_WATER } from '../../../core/relay/flow.js';

const VERSIONS = ['2025-11-25', '2025-06-18', '2025-03-26'];
const INIT = { jsonrpc: '2.0', id: 0, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 't', version: '1' } } };
let server: Server | null = null;

afterEach(() => {
  server?.closeAllConnections();
  server?.close();
  server = null;
});

/** A server handing every request to one transport, which answers through `peer` (the relay's place). */
async function serve(peer: (m: JSONRPCMessage, t: HttpSessionTransport) => void): Promise<{ t: HttpSessionTransport; url: string }> {
  const t = new HttpSessionTransport({ sessionId: 'sid', supportedVersions: VERSIONS });
  t.onmessage = (m) => peer(m, t);
  server = createServer((req, res) => {
    void (req.method === 'POST' ? readJsonBody(req, 1 << 24) : Promise.resolve(undefined)).then((body) => t.handle(req, res, body));
  });
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
  return { t, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/mcp` };
}

function send(url: string, body: unknown, headers: Record<string, string> = {}, method = 'POST'): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers: { accept: 'application/json, text/event-stream', 'content-type': 'application/json', ...headers } });
    req.on('response', resolve);
    req.on('error', reject);
    req.end(body === undefined ? undefined : JSON.stringify(body));
  });
}

async function text(res: IncomingMessage): Promise<string> {
  let out = '';
  for await (const c of res) out += (c as Buffer).toString('utf8');
  return out;
}

const echo = (m: JSONRPCMessage, t: HttpSessionTransport): void => {
  const r = m as { id?: number; method?: string };
  if (r.id !== undefined && r.method) void t.send({ jsonrpc: '2.0', id: r.id, result: { echoed: r.method } } as JSONRPCMessage);
};

describe('HttpSessionTransport', () => {
  it('answers a request alone with one JSON body carrying the session id', async () => {
    const { url } = await serve(echo);
    const res = await send(url, INIT);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/json');
    expect(res.headers['mcp-session-id']).toBe('sid');
    expect(JSON.parse(await text(res))).toEqual({ jsonrpc: '2.0', id: 0, result: { echoed: 'initialize' } });
    const batch = await send(url, [{ jsonrpc: '2.0', id: 1, method: 'a' }, { jsonrpc: '2.0', id: 2, method: 'b' }, { jsonrpc: '2.0', method: 'n' }]);
    expect(JSON.parse(await text(batch))).toEqual([
      { jsonrpc: '2.0', id: 1, result: { echoed: 'a' } },
      { jsonrpc: '2.0', id: 2, result: { echoed: 'b' } },
    ]);
  });

  it('turns the response into SSE when a related message goes before the answer', async () => {
    const { url } = await serve((m, t) => {
      const r = m as { id?: number; method?: string };
      if (r.method === 'initialize') return echo(m, t);
      if (r.id === undefined) return;
      void t.send({ jsonrpc: '2.0', method: 'notifications/progress', params: { progress: 1 } } as JSONRPCMessage, { relatedRequestId: r.id });
      setTimeout(() => void t.send({ jsonrpc: '2.0', id: r.id!, result: {} } as JSONRPCMessage), 10);
    });
    await text(await send(url, INIT));
    const res = await send(url, { jsonrpc: '2.0', id: 7, method: 'tools/call' });
    expect(res.headers['content-type']).toBe('text/event-stream');
    const events = (await text(res)).split('\n\n').filter((e) => e.startsWith('event: message'));
    expect(events.map((e) => JSON.parse(e.split('data: ')[1]!) as { method?: string; id?: number })).toEqual([
      { jsonrpc: '2.0', method: 'notifications/progress', params: { progress: 1 } },
      { jsonrpc: '2.0', id: 7, result: {} },
    ]);
  });

  it('202 for notifications and responses only; the checks of the SDK transport', async () => {
    const { url } = await serve(echo);
    expect((await send(url, { jsonrpc: '2.0', id: 0, method: 'initialize' }, { accept: 'application/json' })).statusCode).toBe(406);
    expect((await send(url, INIT, { 'content-type': 'text/plain' })).statusCode).toBe(415);
    await text(await send(url, INIT));
    expect((await send(url, INIT)).statusCode).toBe(400);
    expect((await send(url, { jsonrpc: '2.0', method: 'notifications/initialized' })).statusCode).toBe(202);
    expect((await send(url, { jsonrpc: '2.0', id: 3, method: 'x' }, { 'mcp-protocol-version': '1999-01-01' })).statusCode).toBe(400);
    expect((await send(url, Array.from({ length: 101 }, (_, i) => ({ jsonrpc: '2.0', id: 10 + i, method: 'x' })))).statusCode).toBe(400);
    const stream = await send(url, undefined, { accept: 'text/event-stream' }, 'GET');
    expect(stream.headers['content-type']).toBe('text/event-stream');
    expect((await send(url, undefined, { accept: 'text/event-stream' }, 'GET')).statusCode).toBe(409);
    stream.destroy();
  });

  it('says when more than OUTPUT_HIGH_WATER waits in a response its client does not read, and when it went', async () => {
    const signals: boolean[] = [];
    const { t, url } = await serve(echo);
    t.onbackpressure = (congested) => signals.push(congested);
    await text(await send(url, INIT));
    const res = await send(url, undefined, { accept: 'text/event-stream' }, 'GET');
    // Nobody reads the stream; 64 KiB notifications until the transport says stop (bounded).
    const note = { jsonrpc: '2.0', method: 'notifications/message', params: { data: 'x'.repeat(64 * 1024) } } as JSONRPCMessage;
    let sent = 0;
    while (signals.length === 0 && sent < 4 * (OUTPUT_HIGH_WATER / (64 * 1024))) {
      await t.send(note);
      sent++;
    }
    expect(signals).toEqual([true]);
    // Reading again drains it: the signal goes back.
    res.resume();
    await new Promise<void>((resolve) => {
      const check = setInterval(() => {
        if (signals.length === 2) {
          clearInterval(check);
          resolve();
        }
      }, 20);
    });
    expect(signals).toEqual([true, false]);
    res.destroy();
  });
});
