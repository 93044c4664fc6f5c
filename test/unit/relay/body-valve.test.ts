/**
 * BodyValve (core/relay/body-valve.ts) around the real fetch and a local HTTP server: a successful
 * body is read only while the valve is open; statuses without a body, redirects and errors come
 * back as they were.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BodyValve } from '../../../core/relay/body-valve.js';

let server: Server;
let base: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === '/stream') {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write('data: one\n\n');
      setTimeout(() => res.end('data: two\n\n'), 20);
    } else if (req.url === '/empty') res.writeHead(204).end();
    else if (req.url === '/moved') res.writeHead(307, { location: '/stream' }).end();
    else res.writeHead(404, { 'content-type': 'text/plain' }).end('no such thing');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((r) => server.close(r)));

const settle = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('BodyValve', () => {
  it('holds a successful body while closed and lets it through, whole, once open', async () => {
    const valve = new BodyValve();
    const response = await valve.wrap(fetch)(`${base}/stream`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/event-stream');
    valve.close();
    let text: string | null = null;
    const read = response.text().then((t) => (text = t));
    await settle(100);
    expect(text).toBeNull();
    valve.open();
    await read;
    expect(text).toBe('data: one\n\ndata: two\n\n');
  });

  it('returns a 204, a redirect left unfollowed and an error as they came, closed or not', async () => {
    const valve = new BodyValve();
    valve.close();
    const f = valve.wrap(fetch);
    expect((await f(`${base}/empty`)).status).toBe(204);
    const moved = await f(`${base}/moved`, { redirect: 'manual' });
    expect(moved.status).toBe(307);
    expect(moved.headers.get('location')).toBe('/stream');
    const missing = await f(`${base}/nope`);
    expect(missing.status).toBe(404);
    expect(await missing.text()).toBe('no such thing');
    valve.open();
  });
});
