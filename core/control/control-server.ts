/**
 * The local socket in the data directory (mode 0600; a named pipe on Windows). It speaks HTTP:
 * - `POST /api/call` {method, params} → Result — the CLI's way to the running gate;
 * - `GET /connect/<server-id>` with `Upgrade: mcp-stdio` — the `connect` bridge: after `101` the
 *   socket carries the client's newline-delimited JSON-RPC, read by the SDK's stdio transport.
 * File permissions are the authentication: only the user who owns the data directory gets in.
 */
import { chmodSync, existsSync, unlinkSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { connect } from 'node:net';
import type { Duplex } from 'node:stream';
import type { Logger } from '../log.js';
import type { Proxies } from '../relay/proxies.js';
import { UnknownServerError } from '../relay/proxies.js';
import type { GateApi } from '../api/gate-api.js';
import { BodyError, readJsonBody } from '../http/body.js';
import { decodePathSegment } from '../http/path-segment.js';
import { logExcerpt, MAX_FRAME_BYTES } from '../relay/envelope.js';
import { NdjsonTransport } from '../relay/ndjson.js';
import { Cancellation } from '../sampling/cancellation.js';

export { BRIDGE_PROTOCOL } from '../../shared/bridge.js';
import { BRIDGE_PROTOCOL } from '../../shared/bridge.js';
/** One JSON-RPC line from a stdio client may be at most this long — the same limit as a server's. */
export const MAX_STDIO_LINE = MAX_FRAME_BYTES;

export class GateAlreadyRunningError extends Error {}

const CLIENT_GONE = new Cancellation('client', 'client disconnected');

export class ControlServer {
  private server: Server | null = null;
  private readonly sockets = new Set<Duplex>();

  constructor(
    private readonly path: string,
    private readonly api: GateApi,
    private readonly proxies: Proxies,
    private readonly log: Logger,
  ) {}

  async listen(): Promise<void> {
    await this.clearStale();
    // Whatever a local peer sends, a failure ends that one request or bridge, never the gate.
    const server = createServer((req, res) =>
      this.onRequest(req, res).catch((err: Error) => {
        this.log.error(`control ${req.method} failed: ${err.message}`);
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: false, error: { code: 'internal', message: 'internal error' } }));
      }),
    );
    server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) =>
      this.onUpgrade(req, socket, head).catch((err: Error) => {
        this.log.error(`bridge upgrade failed: ${err.message}`);
        refuse(socket, 400, 'bad request');
      }),
    );
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.path, () => {
        server.off('error', reject);
        resolve();
      });
    });
    if (process.platform !== 'win32') chmodSync(this.path, 0o600);
    this.server = server;
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    const server = this.server;
    this.server = null;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
    if (process.platform !== 'win32' && existsSync(this.path)) unlinkSync(this.path);
  }

  private async onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method !== 'POST' || req.url !== '/api/call') {
      res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: false, error: { code: 'not-found', message: 'unknown endpoint' } }));
      return;
    }
    let body: unknown;
    try {
      body = await readJsonBody(req, 64 * 1024 * 1024);
    } catch (err) {
      const message = err instanceof BodyError ? err.message : 'bad body';
      res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: false, error: { code: 'bad-request', message } }));
      return;
    }
    const { method, params } = (body ?? {}) as { method?: unknown; params?: unknown };
    const result = await this.api.callUntrusted(typeof method === 'string' ? method : '', params);
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(result));
  }

  private async onUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    const match = /^\/connect\/([^/?#]+)$/.exec(req.url ?? '');
    if (!match || req.headers.upgrade !== BRIDGE_PROTOCOL) return refuse(socket, 400, 'expected GET /connect/<server-id> with Upgrade: mcp-stdio');
    const serverId = decodePathSegment(match[1]!);
    if (serverId === null) return refuse(socket, 400, 'malformed server id in the path');
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    socket.on('error', (err) => this.log.debug(`bridge socket: ${err.message}`));

    // The gate's own line reader: a line over the limit, a line that is not JSON and a message that
    // is not valid JSON-RPC each get an error; the session goes on (core/relay/ndjson.ts).
    const transport = new NdjsonTransport({ input: socket, output: socket, peer: 'stdio client', peerIsClient: true, head });
    try {
      const session = await this.proxies.open(serverId, transport, { startClient: false });
      if (socket.destroyed) return void session.close(CLIENT_GONE);
      socket.write(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: ${BRIDGE_PROTOCOL}\r\nConnection: Upgrade\r\n\r\n`);
      // The socket closing is the client going away, and the session ending closes the socket (the
      // bridge then exits).
      socket.on('end', () => void session.close(CLIENT_GONE));
      socket.on('close', () => void session.close(CLIENT_GONE));
      session.onClose(() => socket.end());
      transport.onerror = (err) => this.log.warn(`[${serverId}] malformed message from stdio client: ${logExcerpt(err.message)}`);
      await transport.start();
    } catch (err) {
      const status = err instanceof UnknownServerError ? 404 : 502;
      refuse(socket, status, (err as Error).message);
    }
  }

  /** A socket file left by a gate that died is removed; a live gate on it is an error. */
  private async clearStale(): Promise<void> {
    if (process.platform === 'win32' || !existsSync(this.path)) return;
    const alive = await new Promise<boolean>((resolve) => {
      const probe = connect(this.path);
      probe.once('connect', () => {
        probe.destroy();
        resolve(true);
      });
      probe.once('error', () => resolve(false));
    });
    if (alive) throw new GateAlreadyRunningError(`a gate is already running for this data directory (${this.path})`);
    unlinkSync(this.path);
  }
}

function refuse(socket: Duplex, status: number, message: string): void {
  if (socket.destroyed) return;
  const body = JSON.stringify({ error: message });
  socket.end(`HTTP/1.1 ${status} ${status === 404 ? 'Not Found' : status === 400 ? 'Bad Request' : 'Bad Gateway'}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`);
}
