/**
 * The gate's TCP face, bound to 127.0.0.1 only: the MCP endpoints, the JSON API, and (with --ui) the
 * web UI. Every request passes the Host/Origin check; everything but the UI's static files needs the token.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import type { GateApi } from '../api/gate-api.js';
import type { Logger } from '../log.js';
import { authorize, checkHostAndOrigin, type AuthOptions } from './auth.js';
import { BodyError, readJsonBody } from './body.js';
import { decodePathSegment } from './path-segment.js';
import { redactQueryTokens } from '../log.js';
import type { McpEndpoint } from './mcp-endpoint.js';

/** What serves the web UI (static renderer + WebSocket carrier); see core/http/ui.ts. */
export interface UiHandler {
  handleRequest(req: IncomingMessage, res: ServerResponse): boolean;
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean;
  /** Close the UI's WebSockets: upgraded sockets are not the HTTP server's to close. */
  close(): void;
}

export interface HttpServerOptions {
  mcp: McpEndpoint;
  api: GateApi;
  token: string;
  allowedOrigins: () => string[];
  log: Logger;
  ui?: UiHandler | null;
}

export class HttpServer {
  private server: Server | null = null;
  private boundPort = 0;
  readonly auth: AuthOptions;

  constructor(private readonly opts: HttpServerOptions) {
    this.auth = { token: opts.token, port: () => this.boundPort, allowedOrigins: opts.allowedOrigins };
  }

  get port(): number {
    return this.boundPort;
  }

  get url(): string {
    return `http://127.0.0.1:${this.boundPort}`;
  }

  async listen(port: number): Promise<void> {
    const server = createServer((req, res) => {
      this.route(req, res).catch((err: Error) => {
        this.opts.log.error(`http ${req.method} ${redactUrl(req.url)} failed: ${err.message}`);
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' }).end('{"error":"internal error"}');
      });
    });
    server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
      // A listener that throws would end the process: a request target `new URL` rejects is a 400.
      try {
        const place = checkHostAndOrigin(req, this.auth);
        if (!place.ok) return void socket.end(`HTTP/1.1 ${place.status} Forbidden\r\nconnection: close\r\n\r\n`);
        if (!this.opts.ui?.handleUpgrade(req, socket, head)) socket.end('HTTP/1.1 404 Not Found\r\nconnection: close\r\n\r\n');
      } catch (err) {
        this.opts.log.warn(`http upgrade ${redactUrl(req.url)} refused: ${(err as Error).message}`);
        socket.end('HTTP/1.1 400 Bad Request\r\nconnection: close\r\n\r\n');
      }
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
    this.boundPort = (server.address() as AddressInfo).port;
    this.server = server;
  }

  async close(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (!server) return;
    this.opts.ui?.close();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const place = checkHostAndOrigin(req, this.auth);
    if (!place.ok) return json(res, place.status, { error: place.message });

    if (this.opts.ui && (url.pathname === '/' || url.pathname.startsWith('/ui'))) {
      if (this.opts.ui.handleRequest(req, res)) return;
    }
    const mcp = /^\/servers\/([^/]+)\/mcp\/?$/.exec(url.pathname);
    if (mcp || url.pathname === '/api/call') {
      const verdict = authorize(req, url, this.auth);
      if (!verdict.ok) {
        if (verdict.status === 401) res.setHeader('www-authenticate', 'Bearer realm="sampling-gate"');
        return json(res, verdict.status, { error: verdict.message });
      }
    }
    if (mcp) {
      const serverId = decodePathSegment(mcp[1]!);
      if (serverId === null) return json(res, 400, { error: 'malformed server id in the path' });
      return this.opts.mcp.handle(req, res, serverId);
    }
    if (url.pathname === '/api/call' && req.method === 'POST') {
      let body: unknown;
      try {
        body = await readJsonBody(req, 64 * 1024 * 1024);
      } catch (err) {
        return json(res, err instanceof BodyError ? err.status : 400, { ok: false, error: { code: 'bad-request', message: (err as Error).message } });
      }
      const { method, params } = (body ?? {}) as { method?: unknown; params?: unknown };
      return json(res, 200, await this.opts.api.callUntrusted(typeof method === 'string' ? method : '', params));
    }
    json(res, 404, { error: 'not found' });
  }
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

/** Never log the token, even when a client put it in the query string (in any spelling). */
export function redactUrl(url: string | undefined): string {
  return redactQueryTokens(url ?? '');
}
