/**
 * BodyValve's fetch (core/relay/body-valve.ts, abort-isolation.ts) around the real fetch and a local HTTP server: many
 * requests on one transport-wide signal leave no listener on it once each is over, and aborting
 * that signal still aborts a request in flight, body included.
 */
import { getEventListeners } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BodyValve } from '../../../core/relay/body-valve.js';

/** What downstream.ts gives the SDK's transports. */
const isolateAbort = () => new BodyValve().wrap(fetch);

let server: Server;
let base: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === '/json') res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    else if (req.url === '/stream') {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write('data: one\n\n'); // and never ends: the abort must end it
    } else if (req.url === '/empty') res.writeHead(202).end();
    else res.writeHead(404, { 'content-type': 'text/plain' }).end('no such thing');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  server.closeAllConnections();
  return new Promise((r) => server.close(r));
});

describe('isolateAbort', () => {
  it('leaves no listener on the shared signal after requests that were read, empty or failed', async () => {
    const shared = new AbortController();
    const f = isolateAbort();
    for (let i = 0; i < 300; i++) {
      const path = ['/json', '/empty', '/missing'][i % 3]!;
      const res = await f(`${base}${path}`, { signal: shared.signal });
      await res.text();
    }
    await expect(f('http://127.0.0.1:1/', { signal: shared.signal })).rejects.toThrow();
    expect(getEventListeners(shared.signal, 'abort')).toHaveLength(0);
    // The bare fetch, for contrast: undici leaves one per request until the request is collected.
    for (let i = 0; i < 20; i++) await (await fetch(`${base}/json`, { signal: shared.signal })).text();
    expect(getEventListeners(shared.signal, 'abort').length).toBeGreaterThan(0);
  });

  it('the body comes through whole, with status and headers', async () => {
    const res = await isolateAbort()(`${base}/json`, { signal: new AbortController().signal });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(await res.json()).toEqual({ ok: true });
  });

  it('aborting the shared signal aborts a stream being read, and releases it', async () => {
    const shared = new AbortController();
    const res = await isolateAbort()(`${base}/stream`, { signal: shared.signal });
    const reader = res.body!.getReader();
    expect(new TextDecoder().decode((await reader.read()).value)).toBe('data: one\n\n');
    expect(getEventListeners(shared.signal, 'abort')).toHaveLength(1);
    const next = reader.read();
    shared.abort(new Error('closed'));
    await expect(next).rejects.toThrow();
  });

  it('a cancelled body releases its listener', async () => {
    const shared = new AbortController();
    const res = await isolateAbort()(`${base}/stream`, { signal: shared.signal });
    await res.body!.cancel();
    expect(getEventListeners(shared.signal, 'abort')).toHaveLength(0);
  });
});
