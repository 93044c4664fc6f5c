/**
 * `/servers/<id>/mcp`: the Streamable HTTP face of each proxy. One session transport (the gate's
 * own, session-transport.ts) and one relay session (with its own downstream) per MCP session; the
 * session id is the one the gate issues. 2026-07-28 requests, which carry no session, go to the
 * stateless path (core/relay/era2026-http.ts).
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '../log.js';
import type { Proxies } from '../relay/proxies.js';
import { DownstreamFailedError } from '../relay/proxies.js';
import type { RelaySession } from '../relay/relay-session.js';
import { handleStateless, isModernHttpRequest } from '../relay/era2026-http.js';
import { RoundAffinity } from '../relay/round-affinity.js';
import { admit, errorReply, INVALID_REQUEST, logExcerpt, MAX_FRAME_BYTES } from '../relay/envelope.js';
import { BodyError, readJsonBody } from './body.js';
import { idOf, rpcError, writeJson } from './json-rpc-reply.js';
import { Cancellation } from '../hold/cancellation.js';
import { HttpSessionTransport } from './session-transport.js';

/** A POSTed JSON-RPC message (or batch) larger than this is refused before parsing: the frame limit of every transport. */
export const MAX_HTTP_BODY = MAX_FRAME_BYTES;
/** HTTP clients may vanish without DELETE: a session idle this long is closed with its downstream. */
const IDLE_MS = 60 * 60 * 1000;

interface HttpSession {
  serverId: string;
  transport: HttpSessionTransport;
  relay: RelaySession;
  lastSeen: number;
}

export class McpEndpoint {
  private readonly sessions = new Map<string, HttpSession>();
  private readonly reaper: NodeJS.Timeout;

  constructor(
    private readonly proxies: Proxies,
    private readonly log: Logger,
    /** 2026-era rounds of command servers waiting for their retry (round-affinity.ts). */
    private readonly rounds: RoundAffinity = new RoundAffinity(log),
  ) {
    this.reaper = setInterval(() => this.reap(), 60_000);
    this.reaper.unref();
  }

  async handle(req: IncomingMessage, res: ServerResponse, serverId: string): Promise<void> {
    if (!this.proxies.has(serverId)) return rpcError(res, 404, null, -32001, `no server "${serverId}" is configured`);
    const sid = req.headers['mcp-session-id'];
    const session = typeof sid === 'string' ? this.sessions.get(sid) : undefined;
    if (typeof sid === 'string') {
      if (!session || session.serverId !== serverId) return rpcError(res, 404, null, -32001, 'Session not found');
      session.lastSeen = Date.now();
      // Backpressure: while this session's client or server is behind, the next body waits on TCP (flow.ts).
      if (req.method === 'POST') await session.transport.readable();
    }
    let body: unknown;
    if (req.method === 'POST') {
      try {
        body = await readJsonBody(req, MAX_HTTP_BODY);
      } catch (err) {
        if (err instanceof BodyError) return rpcError(res, err.status, null, err.rpcCode, err.message);
        throw err;
      }
      // The envelope check, once, before either era's path sees the body.
      const admitted = admitBody(body, `HTTP client of "${serverId}"`);
      if (!admitted.ok) {
        this.log.warn(`[${serverId}] ${logExcerpt(admitted.reason)}`);
        return writeJson(res, 400, {}, admitted.reply);
      }
      body = admitted.body;
    }
    if (session) return session.transport.handle(req, res, body);
    if (isModernHttpRequest(req, body)) {
      // 2026-07-28: stateless, one exchange per POST, no session (core/relay/era2026-http.ts).
      const { proxies, log, rounds } = this;
      return handleStateless(req, res, serverId, body, { proxies, log, rounds });
    }
    if (req.method !== 'POST') return rpcError(res, 400, null, -32000, 'Bad Request: no session id');
    // The SDK's schemas load with the first session (issue 10: lazy start-up).
    const { isInitializeRequest, SUPPORTED_PROTOCOL_VERSIONS } = await import('@modelcontextprotocol/sdk/types.js');
    if (!isInitializeRequest(body)) {
      return rpcError(res, 400, idOf(body), -32000, 'Bad Request: no valid session id; start with initialize');
    }
    await this.startSession(req, res, serverId, body, SUPPORTED_PROTOCOL_VERSIONS);
  }

  private async startSession(req: IncomingMessage, res: ServerResponse, serverId: string, body: unknown, supportedVersions: readonly string[]): Promise<void> {
    const sessionId = randomUUID();
    const transport = new HttpSessionTransport({ sessionId, supportedVersions });
    let relay: RelaySession;
    try {
      relay = await this.proxies.open(serverId, transport, { routesByRequest: true, sessionId });
    } catch (err) {
      const status = err instanceof DownstreamFailedError ? 502 : 500;
      return rpcError(res, status, idOf(body), -32603, (err as Error).message);
    }
    this.sessions.set(sessionId, { serverId, transport, relay, lastSeen: Date.now() });
    relay.onClose(() => this.sessions.delete(sessionId));
    transport.handle(req, res, body);
  }

  get size(): number {
    return this.sessions.size;
  }

  async closeAll(): Promise<void> {
    clearInterval(this.reaper);
    await this.rounds.closeAll();
    await Promise.allSettled([...this.sessions.values()].map((s) => s.relay.close(new Cancellation('gate', 'gate stopping'))));
  }

  private reap(): void {
    const cutoff = Date.now() - IDLE_MS;
    for (const [id, s] of this.sessions) {
      if (s.lastSeen < cutoff) {
        this.log.info(`[${s.serverId}] closing idle HTTP session ${id.slice(0, 8)}`);
        void s.relay.close(new Cancellation('gate', 'idle HTTP session'));
      }
    }
  }
}

type AdmittedBody = { ok: true; body: unknown } | { ok: false; reply: unknown; reason: string };

/**
 * A POSTed message, or a batch of them, through the envelope check. A client's invalid response
 * whose id is usable becomes an error response for that id (the held request learns it failed);
 * anything else invalid is refused with `-32600` and the request is not processed.
 */
export function admitBody(body: unknown, peer: string): AdmittedBody {
  const one = (v: unknown) => admit(v, { peer, answerWithoutId: true });
  if (!Array.isArray(body)) {
    const v = one(body);
    if (v.kind === 'deliver') return { ok: true, body: v.message };
    return { ok: false, reply: v.kind === 'answer' ? v.reply : errorReply(null, INVALID_REQUEST, `Invalid Request: ${v.reason}`), reason: v.reason };
  }
  if (body.length === 0) return { ok: false, reply: errorReply(null, INVALID_REQUEST, 'Invalid Request: an empty batch'), reason: `invalid message from ${peer}: an empty batch` };
  const out: unknown[] = [];
  for (const item of body) {
    const v = one(item);
    if (v.kind !== 'deliver') return { ok: false, reply: errorReply(null, INVALID_REQUEST, `Invalid Request: a message in the batch is invalid: ${v.reason}`), reason: v.reason };
    out.push(v.message);
  }
  return { ok: true, body: out };
}
