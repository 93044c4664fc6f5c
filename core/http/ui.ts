/**
 * The web UI carrier of `sampling-gate serve --ui`: the built renderer under `/ui/`, and the gate API
 * over a WebSocket at `/api/ws`. The HTTP server (http-server.ts) has already checked Host and Origin
 * before it calls in here; this module checks the token (first WebSocket message — never in a URL or
 * header that gets logged) and parses every inbound message with zod before it reaches the client.
 */
import type { UiHandler } from './http-server.js';
import { rendererContentSecurityPolicy } from '../../shared/csp.js';
import { timingSafeEqual } from 'node:crypto';
import { existsSync, readFileSync, realpathSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, resolve, sep } from 'node:path';
import { WebSocket, WebSocketServer } from 'ws';
import type { RawData } from 'ws';
import type { GateClient, GateEventName, WsClientMessage, WsServerMessage } from '../../shared/api.js';
import { GATE_EVENTS, WS_CLOSE_UNAUTHORIZED, WS_MAX_MESSAGE_BYTES, WS_PATH, WsClientMessageSchema, parseGateCall } from '../../shared/api.js';

export interface UiHandlerOptions {
  client: GateClient;
  token: string;
  /** The built renderer (electron-vite's out/renderer). */
  rendererDir: string;
  /** How long a socket may stay open without authenticating. */
  authTimeoutMs?: number;
  /** Bytes a UI socket may have waiting to be sent before it is dropped (default SEND_BACKLOG_BYTES). */
  sendBacklogBytes?: number;
}

/**
 * A UI that stops reading (a frozen or suspended tab) while requests keep coming would have every
 * event queued for it in the gate. Past this much waiting it is dropped instead; the UI reconnects
 * and reloads every slice when it can (renderer/src/main.tsx), so it loses nothing it shows.
 */
export const SEND_BACKLOG_BYTES = 128 * 1024 * 1024;

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.map': 'application/json; charset=utf-8',
};

/**
 * The renderer's CSP (shared/csp.ts), plus the gate's own ws: origin in connect-src, because older
 * engines do not let 'self' cover ws:.
 */
export function uiContentSecurityPolicy(host: string): string {
  // The Host header is checked upstream (http-server.ts); still never let it smuggle a directive in.
  return rendererContentSecurityPolicy(/^[A-Za-z0-9.-]+:\d{1,5}$/.test(host) ? `ws://${host}` : '');
}

/** Map a request path under /ui/ to a file inside rendererDir, or null (traversal, dotfiles, bad encoding). */
export function resolveStaticPath(rendererDir: string, pathname: string): string | null {
  if (!pathname.startsWith('/ui/')) return null;
  let rel: string;
  try {
    rel = decodeURIComponent(pathname.slice('/ui/'.length));
  } catch {
    return null;
  }
  if (rel === '') rel = 'index.html';
  if (rel.includes('\0') || rel.includes('\\')) return null;
  const parts = rel.split('/');
  if (parts.some((p) => p === '..' || p.startsWith('.'))) return null;
  const root = resolve(rendererDir);
  const full = resolve(root, ...parts);
  if (full !== root && !full.startsWith(root + sep)) return null;
  return full;
}

export function createUiHandler(opts: UiHandlerOptions): UiHandler {
  const wss = new WebSocketServer({ noServer: true, maxPayload: WS_MAX_MESSAGE_BYTES });
  const rendererRoot = existsSync(opts.rendererDir) ? realpathSync(opts.rendererDir) : resolve(opts.rendererDir);

  wss.on('connection', (ws: WebSocket) => serveSocket(ws, opts));

  // An upgraded socket is no longer the HTTP server's to close, and server.close() waits for it:
  // the gate's HTTP server calls close() first (core/http/http-server.ts).
  const closeAll = (): void => {
    for (const ws of wss.clients) {
      ws.close(1001, 'gate stopping');
      // A peer that never answers the closing handshake must not hold the gate open.
      setTimeout(() => ws.terminate(), 1000).unref();
    }
  };

  return {
    handleRequest(req, res) {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      if (url.pathname === '/' || url.pathname === '/ui') {
        // The fragment (#token=…) survives a redirect in browsers; the token itself never reaches us here.
        res.writeHead(302, { location: '/ui/', 'cache-control': 'no-store' }).end();
        return true;
      }
      if (!url.pathname.startsWith('/ui/')) return false;
      serveStatic(req, res, rendererRoot, url.pathname);
      return true;
    },
    handleUpgrade(req, socket, head) {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      if (url.pathname !== WS_PATH) return false;
      wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
      return true;
    },
    close() {
      closeAll();
      wss.close();
    },
  };
}

function serveStatic(req: IncomingMessage, res: ServerResponse, root: string, pathname: string): void {
  const host = req.headers.host ?? '127.0.0.1';
  const headers: Record<string, string> = {
    'content-security-policy': uiContentSecurityPolicy(host),
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'x-frame-options': 'DENY',
    'cross-origin-opener-policy': 'same-origin',
    'cross-origin-resource-policy': 'same-origin',
  };
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { ...headers, allow: 'GET, HEAD', 'content-type': 'text/plain' }).end('method not allowed');
    return;
  }
  const file = resolveStaticPath(root, pathname);
  let body: Buffer | null = null;
  if (file) {
    try {
      // realpath again: a symlink inside the renderer dir must not lead outside it.
      const real = realpathSync(file);
      if ((real === root || real.startsWith(root + sep)) && statSync(real).isFile()) body = readFileSync(real);
    } catch {
      body = null;
    }
  }
  if (!file || !body) {
    res.writeHead(404, { ...headers, 'content-type': 'text/plain; charset=utf-8' }).end('not found');
    return;
  }
  const type = CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
  // Hashed assets may be cached; index.html must not be, so a rebuilt renderer is picked up.
  const cache = file.endsWith('.html') ? 'no-store' : 'public, max-age=3600';
  res.writeHead(200, { ...headers, 'content-type': type, 'content-length': String(body.length), 'cache-control': cache });
  res.end(req.method === 'HEAD' ? undefined : body);
}

/** One UI connection: authenticate, then calls in and events out. */
function serveSocket(ws: WebSocket, opts: UiHandlerOptions): void {
  let authed = false;
  const unsubscribers: (() => void)[] = [];
  const backlogLimit = opts.sendBacklogBytes ?? SEND_BACKLOG_BYTES;
  const send = (msg: WsServerMessage): void => {
    if (ws.readyState !== WebSocket.OPEN) return;
    if (ws.bufferedAmount > backlogLimit) return void ws.terminate();
    ws.send(JSON.stringify(msg));
  };
  const authTimer = setTimeout(() => {
    if (!authed) ws.close(WS_CLOSE_UNAUTHORIZED, 'authentication required');
  }, opts.authTimeoutMs ?? 5000);

  ws.on('message', (data: RawData, isBinary: boolean) => {
    const msg = parseClientMessage(data, isBinary);
    if (!msg.ok) {
      send({ type: 'error', error: { code: 'bad-request', message: msg.message } });
      // Before authentication, anything but a well-formed auth message ends the connection.
      if (!authed) ws.close(WS_CLOSE_UNAUTHORIZED, 'authentication required');
      return;
    }
    const m = msg.value;
    if (!authed) {
      if (m.type !== 'auth' || !sameSecret(m.token, opts.token)) {
        ws.close(WS_CLOSE_UNAUTHORIZED, 'wrong token');
        return;
      }
      authed = true;
      clearTimeout(authTimer);
      for (const event of GATE_EVENTS) {
        unsubscribers.push(opts.client.on(event, (payload) => send({ type: 'event', event: event as GateEventName, payload })));
      }
      send({ type: 'ready' });
      return;
    }
    if (m.type === 'auth') return; // already authenticated: harmless, ignore
    const call = parseGateCall(m.method, m.params);
    if (!call.ok) {
      send({ type: 'result', id: m.id, result: call });
      return;
    }
    opts.client
      .call(call.value.method, call.value.params)
      .then(
        (result) => send({ type: 'result', id: m.id, result }),
        (err: unknown) =>
          send({ type: 'result', id: m.id, result: { ok: false, error: { code: 'internal', message: err instanceof Error ? err.message : 'internal error' } } }),
      );
  });

  ws.on('close', () => {
    clearTimeout(authTimer);
    for (const off of unsubscribers.splice(0)) off();
  });
  ws.on('error', () => ws.terminate());
}

type Parsed = { ok: true; value: WsClientMessage } | { ok: false; message: string };

export function parseClientMessage(data: RawData | string, isBinary = false): Parsed {
  if (isBinary) return { ok: false, message: 'binary messages are not accepted' };
  let json: unknown;
  try {
    json = JSON.parse(typeof data === 'string' ? data : Buffer.isBuffer(data) ? data.toString('utf8') : Buffer.concat(data as Buffer[]).toString('utf8'));
  } catch {
    return { ok: false, message: 'message is not JSON' };
  }
  const parsed = WsClientMessageSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, message: `malformed message: ${issue?.path.join('.') || 'message'}: ${issue?.message ?? 'invalid'}` };
  }
  return { ok: true, value: parsed.data };
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export type { UiHandler };
