// The web UI carrier (core/http/ui.ts) over a real HTTP server and real WebSockets, with a fake GateClient.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { WebSocket } from 'ws';
import { createUiHandler, resolveStaticPath, uiContentSecurityPolicy } from '../../core/http/ui.js';
import type { UiHandler } from '../../core/http/ui.js';
import { FakeGateClient } from './renderer/fake-client.js';

const TOKEN = 'a'.repeat(64);
let dir: string;
let server: Server;
let ui: UiHandler;
let base: string;
const client = new FakeGateClient()
  .answer('servers.list', () => ({ ok: true, value: [] }))
  .answer('approvals.decide', ({ id }) => ({ ok: true, value: { id } }));

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ui-carrier-'));
  const renderer = join(dir, 'renderer');
  mkdirSync(join(renderer, 'assets'), { recursive: true });
  writeFileSync(join(renderer, 'index.html'), '<!doctype html><title>ui</title>');
  writeFileSync(join(renderer, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(join(renderer, 'assets', 'app.css'), 'body{}');
  writeFileSync(join(renderer, '.secret'), 'x');
  writeFileSync(join(dir, 'token'), TOKEN);
  symlinkSync(join(dir, 'token'), join(renderer, 'assets', 'link.js'));
  ui = createUiHandler({ client, token: TOKEN, rendererDir: renderer, authTimeoutMs: 300 });
  server = createServer((req, res) => {
    if (!ui.handleRequest(req, res)) res.writeHead(404).end('other');
  });
  server.on('upgrade', (req, socket, head) => {
    if (!ui.handleUpgrade(req, socket, head)) socket.end('HTTP/1.1 404 Not Found\r\n\r\n');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  ui.close();
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
  rmSync(dir, { recursive: true, force: true });
});

describe('static files', () => {
  it('serves the renderer with content types and a strict CSP', async () => {
    const res = await fetch(`http://${base}/ui/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("img-src 'self' data:");
    expect(csp).toContain(`connect-src 'self' ws://${base}`);
    expect(csp).not.toMatch(/unsafe-(eval|inline)/);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect((await fetch(`http://${base}/ui/assets/app.js`)).headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect((await fetch(`http://${base}/ui/assets/app.css`)).headers.get('content-type')).toBe('text/css; charset=utf-8');
    const redirect = await fetch(`http://${base}/`, { redirect: 'manual' });
    expect(redirect.status).toBe(302);
    expect(redirect.headers.get('location')).toBe('/ui/');
  });

  it('refuses traversal, dotfiles, symlinks out of the directory and other methods', async () => {
    for (const path of ['/ui/../token', '/ui/%2e%2e/token', '/ui/assets/%2e%2e%2f%2e%2e%2ftoken', '/ui/.secret', '/ui/assets/link.js', '/ui/%E0%A4%A', '/ui/nope.js']) {
      const res = await fetch(`http://${base}${path}`);
      expect(res.status, path).toBe(404);
      expect(await res.text()).not.toContain(TOKEN);
    }
    expect((await fetch(`http://${base}/ui/`, { method: 'POST' })).status).toBe(405);
    expect(resolveStaticPath('/r', '/ui/a/../../x')).toBeNull();
    expect(resolveStaticPath('/r', '/ui/a\\..\\x')).toBeNull();
    expect(resolveStaticPath('/r', '/ui/assets/x.js')).toBe('/r/assets/x.js');
  });

  it('never lets a Host header add a CSP directive', () => {
    expect(uiContentSecurityPolicy('127.0.0.1:8080')).toContain("connect-src 'self' ws://127.0.0.1:8080;");
    expect(uiContentSecurityPolicy("x:1; script-src 'unsafe-inline'")).toContain("connect-src 'self';");
    expect(uiContentSecurityPolicy("x:1; script-src 'unsafe-inline'")).not.toContain('unsafe-inline');
  });

  it('leaves other paths to the gate', async () => {
    expect(await (await fetch(`http://${base}/api/call`)).text()).toBe('other');
  });
});

function open(): Promise<{ ws: WebSocket; next(): Promise<unknown>; closed: Promise<number> }> {
  const ws = new WebSocket(`ws://${base}/api/ws`);
  const queue: unknown[] = [];
  const waiters: ((m: unknown) => void)[] = [];
  ws.on('message', (d) => {
    const m = JSON.parse(d.toString());
    const w = waiters.shift();
    if (w) w(m);
    else queue.push(m);
  });
  const closed = new Promise<number>((r) => ws.on('close', (code) => r(code)));
  return new Promise((resolve, reject) => {
    ws.on('open', () => resolve({ ws, next: () => (queue.length ? Promise.resolve(queue.shift()) : new Promise((r) => waiters.push(r))), closed }));
    ws.on('error', reject);
  });
}

describe('WebSocket carrier', () => {
  it('closes with 4401 on a wrong token, a call before auth, garbage, or silence', async () => {
    const wrong = await open();
    wrong.ws.send(JSON.stringify({ type: 'auth', token: 'b'.repeat(64) }));
    expect(await wrong.closed).toBe(4401);

    const early = await open();
    early.ws.send(JSON.stringify({ type: 'call', id: 1, method: 'servers.list', params: {} }));
    expect(await early.closed).toBe(4401);

    const garbage = await open();
    garbage.ws.send('{not json');
    expect(await garbage.next()).toMatchObject({ type: 'error', error: { code: 'bad-request' } });
    expect(await garbage.closed).toBe(4401);

    const silent = await open();
    expect(await silent.closed).toBe(4401);
    expect(client.calls.filter((c) => c.method === 'servers.list')).toHaveLength(0);
  });

  it('after auth: carries calls, refuses malformed payloads, pushes events', async () => {
    const c = await open();
    c.ws.send(JSON.stringify({ type: 'auth', token: TOKEN }));
    expect(await c.next()).toEqual({ type: 'ready' });

    c.ws.send(JSON.stringify({ type: 'call', id: 7, method: 'approvals.decide', params: { id: 'r1', decision: { kind: 'approve' } } }));
    expect(await c.next()).toEqual({ type: 'result', id: 7, result: { ok: true, value: { id: 'r1' } } });

    // Params that fail the contract's schema never reach the client.
    const before = client.calls.length;
    c.ws.send(JSON.stringify({ type: 'call', id: 8, method: 'approvals.decide', params: { id: 'r1', decision: { kind: 'approve-everything' } } }));
    expect(await c.next()).toMatchObject({ type: 'result', id: 8, result: { ok: false, error: { code: 'bad-request' } } });
    c.ws.send(JSON.stringify({ type: 'call', id: 9, method: 'constructor', params: {} }));
    expect(await c.next()).toMatchObject({ type: 'result', id: 9, result: { ok: false, error: { code: 'bad-request' } } });
    c.ws.send(JSON.stringify({ type: 'call', id: -1, method: 'servers.list' }));
    expect(await c.next()).toMatchObject({ type: 'error', error: { code: 'bad-request' } });
    c.ws.send(JSON.stringify({ type: 'call', id: 10, method: 'servers.list', params: {}, extra: true }));
    expect(await c.next()).toMatchObject({ type: 'error', error: { code: 'bad-request' } });
    expect(client.calls.length).toBe(before);

    client.emit('approvals.changed', { removed: ['a'] });
    expect(await c.next()).toEqual({ type: 'event', event: 'approvals.changed', payload: { removed: ['a'] } });

    c.ws.close();
    await c.closed;
    await new Promise((r) => setTimeout(r, 50));
    expect(client.listenerCount('approvals.changed')).toBe(0);
  });
});

describe('a UI that stops reading', () => {
  it('is dropped once more than the backlog limit waits for it; its events stop; a reading UI is not', async () => {
    const own = createUiHandler({ client, token: TOKEN, rendererDir: dir, sendBacklogBytes: 4 * 1024 * 1024 });
    const srv = createServer((req, res) => void (own.handleRequest(req, res) || res.writeHead(404).end()));
    srv.on('upgrade', (req, socket, head) => void (own.handleUpgrade(req, socket, head) || socket.destroy()));
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
    const connectUi = async (): Promise<{ ws: WebSocket; received: () => number; closed: Promise<number> }> => {
      const ws = new WebSocket(`ws://127.0.0.1:${(srv.address() as AddressInfo).port}/api/ws`);
      let n = 0;
      const ready = new Promise((r) => ws.once('message', r));
      ws.on('message', () => n++);
      const closed = new Promise<number>((r) => ws.on('close', (c) => r(c)));
      ws.on('open', () => ws.send(JSON.stringify({ type: 'auth', token: TOKEN })));
      await ready;
      return { ws, received: () => n - 1, closed };
    };
    const listeners = client.listenerCount('approvals.changed');
    const stalled = await connectUi();
    stalled.ws.pause();
    const big = 'x'.repeat(256 * 1024);
    // 64 MiB of events: far more than the kernel's socket buffers hold, so most would wait in the gate.
    for (let i = 0; i < 256; i++) {
      client.emit('approvals.changed', { removed: [big] });
      await new Promise((r) => setImmediate(r));
    }
    stalled.ws.resume();
    expect(await stalled.closed).toBe(1006); // dropped, not closed politely: it was not reading
    expect(stalled.received()).toBeLessThan(256);
    expect(client.listenerCount('approvals.changed')).toBe(listeners);

    // A UI that reads gets the same events, sent the same way, whole.
    const reading = await connectUi();
    for (let i = 0; i < 256; i++) {
      client.emit('approvals.changed', { removed: [big] });
      await new Promise((r) => setImmediate(r));
    }
    await vi.waitFor(() => expect(reading.received()).toBe(256), { timeout: 10_000 });
    reading.ws.close();
    await reading.closed;
    own.close();
    await new Promise((r) => srv.close(r));
  });
});

describe('stopping', () => {
  it('close() ends the UI sockets (1001), so the HTTP server can finish closing', async () => {
    const own = createUiHandler({ client, token: TOKEN, rendererDir: dir });
    const srv = createServer((req, res) => void (own.handleRequest(req, res) || res.writeHead(404).end()));
    srv.on('upgrade', (req, socket, head) => void (own.handleUpgrade(req, socket, head) || socket.destroy()));
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
    const ws = new WebSocket(`ws://127.0.0.1:${(srv.address() as AddressInfo).port}/api/ws`);
    const ready = new Promise((r) => ws.once('message', r));
    ws.on('open', () => ws.send(JSON.stringify({ type: 'auth', token: TOKEN })));
    await ready;
    const code = new Promise<number>((r) => ws.on('close', (c) => r(c)));
    const closed = new Promise((r) => srv.close(r));
    own.close();
    expect(await code).toBe(1001);
    await closed;
  });
});
