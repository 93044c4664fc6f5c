/**
 * The local socket in the data directory (mode 0600; a named pipe on Windows). It speaks HTTP:
 * - `POST /api/call` {method, params} → Result — the CLI's way to the running gate;
 * - `GET /connect/<server-id>` with `Upgrade: mcp-stdio` — the `connect` bridge: after `101` the
 *   socket carries the client's newline-delimited JSON-RPC, read by the gate's line reader.
 * The same upgrade also arrives through the handoff socket beside it (../handoff/), with the
 * client's stdin and stdout attached: the gate then reads and writes those itself, and the socket
 * only says whether the bridge is still there.
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
import { Cancellation } from '../hold/cancellation.js';
import { adoptClientStdio, type ClientStdio } from '../handoff/client-stdio.js';
import { HandoffListener } from '../handoff/handoff-listener.js';

export { BRIDGE_PROTOCOL } from '../../shared/bridge.js';
import { BRIDGE_PROTOCOL } from '../../shared/bridge.js';
/** One JSON-RPC line from a stdio client may be at most this long — the same limit as a server's. */
export const MAX_STDIO_LINE = MAX_FRAME_BYTES;

export class GateAlreadyRunningError extends Error {}

const CLIENT_GONE = new Cancellation('client', 'client disconnected');

export class ControlServer {
  private server: Server | null = null;
  private handoffListener: HandoffListener | null = null;
  private readonly sockets = new Set<Duplex>();

  constructor(
    private readonly path: string,
    private readonly api: GateApi,
    private readonly proxies: Proxies,
    private readonly log: Logger,
    /** Where bridges hand over their stdio, and the addon that takes it (null: they copy bytes). */
    private readonly handoff: { path: string; addon: string } | null = null,
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
    // Before the control socket: a bridge that finds the gate finds where to hand over its stdio.
    if (this.handoff) {
      this.handoffListener = HandoffListener.open(this.handoff.path, this.handoff.addon, (socket) => server.emit('connection', socket), this.log);
    }
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
    this.handoffListener?.close();
    this.handoffListener = null;
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
    const handed = this.handoffListener?.take(socket) ?? null;
    let stdio: ClientStdio | null = null;
    if (handed) {
      try {
        stdio = adoptClientStdio(handed);
      } catch (err) {
        return refuse(socket, 400, (err as Error).message);
      }
      // Nothing more comes on this socket but its end (the bridge gone): read it to see that.
      socket.resume();
    }

    // The gate's own line reader: a line over the limit, a line that is not JSON and a message that
    // is not valid JSON-RPC each get an error; the session goes on (core/relay/ndjson.ts).
    const transport = new NdjsonTransport({ input: stdio?.input ?? socket, output: stdio?.output ?? socket, peer: 'stdio client', peerIsClient: true, head: stdio ? undefined : head });
    try {
      const session = await this.proxies.open(serverId, transport, { startClient: false });
      if (socket.destroyed) {
        stdio?.close();
        return void session.close(CLIENT_GONE);
      }
      socket.write(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: ${BRIDGE_PROTOCOL}\r\nConnection: Upgrade\r\n\r\n`);
      // The socket closing is the client going away (or, with handed-over stdio, the bridge it
      // started), and the session ending closes the socket (the bridge then exits). The client
      // closing its input (stdin; a copying bridge passes that on as the socket's end) is not its
      // going: it still reads what it asked for, and the session ends once that is answered.
      const clientGone = (): void => void session.close(CLIENT_GONE);
      transport.oninputend = () => session.endOfClientInput();
      socket.on('close', clientGone);
      if (stdio) {
        // The bridge sends nothing but its end; stdin failing (not ending) or stdout closing is the client gone.
        socket.on('end', clientGone);
        stdio.input.on('close', () => void (stdio.input.readableEnded || clientGone()));
        stdio.output.on('close', clientGone);
        if (stdio.input.destroyed || stdio.output.destroyed) clientGone();
      }
      session.onClose(() => {
        stdio?.close();
        socket.end();
      });
      transport.onerror = (err) => this.log.warn(`[${serverId}] malformed message from stdio client: ${logExcerpt(err.message)}`);
      await transport.start();
    } catch (err) {
      stdio?.close();
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
