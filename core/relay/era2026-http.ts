/**
 * The 2026-07-28 era over the gate's HTTP endpoint: stateless, one exchange per POST, no
 * `Mcp-Session-Id`, no `initialize` (the protocol version and client capabilities travel in each
 * request's `_meta`). The 2025 era keeps its sessions in McpEndpoint; this file serves only POSTs
 * that carry the modern claim, decided per request exactly as the SDK v2 server decides
 * (`isLegacyRequest`: a body `_meta` protocol-version claim, or a modern MCP-Protocol-Version header).
 *
 * - URL servers: the exchange is passed through as HTTP. Request headers (MCP-Protocol-Version,
 *   Mcp-Method, Mcp-Name, Mcp-Param-*, which a 2026 server checks against the body) and the
 *   response's status, headers and body go through unchanged, so the server's own validation
 *   answers reach the client; only input_required results and retries are rewritten
 *   (InputRequiredInterceptor).
 * - Command servers: each exchange gets its own downstream process through Proxies.open (one
 *   downstream per client session, and a stateless exchange is its own session), so the lead's
 *   RelaySession — and the same interceptor inside it — handles it; a process that answers
 *   input_required is kept for the round's retry (era2026-command.ts, round-affinity.ts).
 * Every message from the server passes the envelope check (envelope.ts) before the gate reads it.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ServerConfig } from '../../shared/config-schema.js';
import { isCommandServer } from '../../shared/config-schema.js';
import type { Logger } from '../log.js';
import { idOf, rpcError, writeJson } from '../http/json-rpc-reply.js';
import { Cancellation } from '../hold/cancellation.js';
import { statelessSessionId } from '../hold/types.js';
import { ERA_2026, InputRequiredInterceptor, modernClaim } from './input-required.js';
import type { Msg, Routed } from './input-required.js';
import type { Proxies } from './proxies.js';
import { admit, errorReply, INTERNAL_ERROR, logExcerpt, MAX_FRAME_BYTES } from './envelope.js';
import { viaRoundProcess } from './era2026-command.js';
import { gatePost, textWithin } from './gate-post.js';
import type { RoundAffinity } from './round-affinity.js';

export interface StatelessDeps {
  proxies: Proxies;
  log: Logger;
  /** Command servers' processes kept for their round's retry. */
  rounds: RoundAffinity;
}

/** Request headers never passed to a URL server: hop-by-hop, the gate's own credentials, browser context. */
const DROP_REQUEST = new Set(['host', 'connection', 'content-length', 'transfer-encoding', 'keep-alive', 'authorization', 'cookie', 'origin', 'referer', 'accept-encoding', 'mcp-session-id']);
const DROP_RESPONSE = new Set(['connection', 'content-length', 'transfer-encoding', 'keep-alive', 'content-encoding', 'date', 'server']);

/** True for a POST that the SDK would route to its modern (2026-07-28) path. */
export function isModernHttpRequest(req: IncomingMessage, body: unknown): boolean {
  if (req.method !== 'POST' || req.headers['mcp-session-id'] !== undefined) return false;
  const header = req.headers['mcp-protocol-version'];
  if (typeof header === 'string' && header >= ERA_2026) return true;
  const messages = Array.isArray(body) ? body : [body];
  return messages.some((m) => typeof m === 'object' && m !== null && modernClaim(m as Msg) !== undefined);
}

export async function handleStateless(req: IncomingMessage, res: ServerResponse, serverId: string, body: unknown, deps: StatelessDeps): Promise<void> {
  const server = deps.proxies.config.config.servers[serverId];
  if (!server) return rpcError(res, 404, null, -32001, `no server "${serverId}" is configured`);
  const sessionId = statelessSessionId(randomUUID());
  if (isCommandServer(server)) return viaRoundProcess(res, serverId, sessionId, body, deps);
  return viaHttp(req, res, serverId, server as ServerConfig & { url: string; headers: Record<string, string> }, sessionId, body, deps);
}

// --- URL servers: HTTP pass-through ---

async function viaHttp(
  req: IncomingMessage,
  res: ServerResponse,
  serverId: string,
  server: { url: string; headers: Record<string, string> },
  sessionId: string,
  body: unknown,
  deps: StatelessDeps,
): Promise<void> {
  const interceptor = new InputRequiredInterceptor({ serverId, sessionId, hold: deps.proxies.hold, log: deps.log, send: gatePost(server) });
  // A client that goes away ends the exchange: holds are cancelled and the server's response
  // (possibly a long SSE stream) is no longer read.
  const upstreamAbort = new AbortController();
  res.on('close', () => {
    interceptor.close(new Cancellation('client', 'client disconnected'));
    upstreamAbort.abort();
  });
  let outgoing: unknown = body;
  if (isMessage(body)) {
    const routed = await settle(interceptor.fromClient(body), body);
    if (routed.to === 'nowhere') return void res.end();
    if (routed.to === 'client') return writeJson(res, 200, {}, routed.message);
    outgoing = routed.message;
  }

  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (typeof value === 'string' && !DROP_REQUEST.has(name)) headers[name] = value;
  }
  Object.assign(headers, server.headers);
  // When the gate's provider answered the server's sampling itself, the interceptor hands back a
  // retry of the call for the server: it is POSTed in the same exchange, and the client sees only
  // the final result (bounded: a server asking round after round is cut off).
  let sse = false;
  for (let round = 0; round <= MAX_GATE_RETRIES; round++) {
    let upstream: Response;
    try {
      upstream = await fetch(server.url, { method: 'POST', headers, body: JSON.stringify(outgoing), redirect: 'manual', signal: upstreamAbort.signal });
    } catch (err) {
      if (upstreamAbort.signal.aborted) return;
      if (sse) return void res.end();
      return rpcError(res, 502, idOf(body), -32603, `server "${serverId}" unreachable: ${(err as Error).message}`);
    }
    const responseHeaders: Record<string, string> = {};
    upstream.headers.forEach((value, name) => {
      if (!DROP_RESPONSE.has(name)) responseHeaders[name] = value;
    });
    const type = upstream.headers.get('content-type') ?? '';

    if (type.includes('text/event-stream') && upstream.body) {
      if (!sse) res.writeHead(upstream.status, responseHeaders);
      sse = true;
      let retry: Msg | null;
      try {
        retry = await relaySse(upstream.body, res, interceptor, (reason) => deps.log.warn(`[${serverId}] ${logExcerpt(reason)}`));
      } catch (err) {
        if (!upstreamAbort.signal.aborted) deps.log.warn(`[${serverId}] SSE from the server broke off: ${(err as Error).message}`);
        return void res.end();
      }
      if (!retry) return void res.end();
      outgoing = retry;
      continue;
    }
    let text: string;
    try {
      text = await textWithin(upstream, MAX_FRAME_BYTES);
    } catch (err) {
      if (upstreamAbort.signal.aborted) return;
      if (sse) return void res.end();
      return rpcError(res, 502, idOf(body), -32603, `server "${serverId}" broke off its answer: ${(err as Error).message}`);
    }
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = undefined;
    }
    if (parsed !== undefined) {
      // Nothing invalid reaches the client past the gate: a server could hide sampling in it.
      const checked = admitFromServer(parsed, idOf(body), serverId, deps.log);
      if (checked !== parsed) text = JSON.stringify((parsed = checked));
    }
    let reply: Msg | null = null;
    if (isMessage(parsed)) {
      const pending = interceptor.fromServer(parsed) ?? interceptor.seen(parsed);
      if (pending) {
        const routed = await pending;
        if (routed.to === 'nowhere') return void res.end();
        if (routed.to === 'server') {
          outgoing = routed.message;
          continue;
        }
        reply = routed.message;
      }
    }
    if (sse) {
      res.end(`event: message\ndata: ${reply ? JSON.stringify(reply) : text}\n\n`);
      return;
    }
    if (reply) return writeJson(res, upstream.status, responseHeaders, reply);
    res.writeHead(upstream.status, responseHeaders);
    res.end(text);
    return;
  }
  const message = `server "${serverId}" kept asking for sampling after ${MAX_GATE_RETRIES} answered rounds; the gate stopped retrying`;
  if (sse) return void res.end(`event: message\ndata: ${JSON.stringify({ jsonrpc: '2.0', id: idOf(body), error: { code: -32603, message } })}\n\n`);
  return rpcError(res, 502, idOf(body), -32603, message);
}

/** Rounds of sampling the gate answers itself within one exchange before it gives up. */
const MAX_GATE_RETRIES = 8;

/**
 * Pass an SSE response through event by event; the event carrying the JSON-RPC response (the last
 * one of the exchange) is the only one that may be held and rewritten.
 */
async function relaySse(stream: ReadableStream<Uint8Array>, res: ServerResponse, interceptor: InputRequiredInterceptor, note: (reason: string) => void): Promise<Msg | null> {
  const decoder = new TextDecoder();
  let buffer = '';
  let retry: Msg | null = null;
  const pass = async (raw: string): Promise<string> => {
    const out = await rewriteEvent(raw, interceptor, note);
    if (typeof out !== 'string') {
      retry = out.retry;
      return ':';
    }
    return out;
  };
  for await (const chunk of stream as unknown as AsyncIterable<Uint8Array>) {
    buffer += decoder.decode(chunk, { stream: true });
    let end: number;
    while ((end = eventEnd(buffer)) >= 0) {
      const raw = buffer.slice(0, end);
      buffer = buffer.slice(end).replace(/^(\r?\n){2}/, '');
      await writeOut(res, (await pass(raw)) + '\n\n');
    }
    // The frame limit of every transport: an event that never ends is not buffered forever.
    if (buffer.length > MAX_FRAME_BYTES) throw new Error(`an event larger than ${MAX_FRAME_BYTES} bytes`);
  }
  if (buffer.trim()) await writeOut(res, await pass(buffer));
  return retry;
}

/**
 * Write to the client; when it is behind, wait until it caught up. The server's stream is not read
 * meanwhile, so its writes wait on TCP instead of piling up in the gate (flow.ts says why).
 */
async function writeOut(res: ServerResponse, text: string): Promise<void> {
  if (res.write(text) || res.destroyed) return;
  await new Promise<void>((resolve) => {
    const done = (): void => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}

function eventEnd(buffer: string): number {
  const a = buffer.indexOf('\n\n');
  const b = buffer.indexOf('\r\n\r\n');
  if (a < 0) return b;
  if (b < 0) return a;
  return Math.min(a, b);
}

/** The event to write, or the retry the gate makes itself (its provider answered the sampling). */
async function rewriteEvent(raw: string, interceptor: InputRequiredInterceptor, note: (reason: string) => void): Promise<string | { retry: Msg }> {
  const lines = raw.split(/\r?\n/);
  const data = lines.filter((l) => l.startsWith('data:')).map((l) => l.replace(/^data: ?/, '')).join('\n');
  let message: unknown;
  try {
    message = data ? JSON.parse(data) : undefined;
  } catch {
    return raw;
  }
  if (!claimsJsonRpc(message)) return raw;
  const verdict = admit(message, { peer: 'the server', answerWithoutId: false });
  if (verdict.kind !== 'deliver') {
    note(verdict.reason);
    return ':';
  }
  if (verdict.replaced) note(verdict.replaced);
  message = verdict.message;
  if (!isMessage(message)) return raw;
  const notice = verdict.replaced ? null : interceptor.taskNotification(message);
  if (notice) return eventWith(lines, notice);
  const pending = verdict.replaced ? null : (interceptor.fromServer(message) ?? interceptor.seen(message));
  if (!pending) return verdict.replaced ? eventWith(lines, message) : raw;
  const routed = await pending;
  if (routed.to === 'server') return { retry: routed.message };
  if (routed.to !== 'client') return ':';
  return eventWith(lines, routed.message);
}

/** The SSE event `lines` with its data replaced by `message`. */
function eventWith(lines: string[], message: Msg): string {
  const kept = lines.filter((l) => !l.startsWith('data:'));
  return [...kept, `data: ${JSON.stringify(message)}`].join('\n');
}

/**
 * JSON a client would read as JSON-RPC (an object with `jsonrpc`, or a batch). Anything else — an
 * HTML error page, `{"error": "unauthorized"}` — passes unchanged: no client acts on it.
 */
function claimsJsonRpc(v: unknown): boolean {
  return Array.isArray(v) || (typeof v === 'object' && v !== null && 'jsonrpc' in v);
}

/** A JSON body from a URL server through the envelope check: itself, or an error for the client's request. */
function admitFromServer(value: unknown, clientId: string | number | null, serverId: string, log: Logger): unknown {
  if (!claimsJsonRpc(value)) return value;
  const verdict = admit(value, { peer: `server "${serverId}"`, answerWithoutId: false });
  if (verdict.kind === 'deliver' && !verdict.replaced) return value;
  const reason = verdict.kind === 'deliver' ? verdict.replaced! : verdict.reason;
  log.warn(`[${serverId}] ${logExcerpt(reason)}`);
  return verdict.kind === 'deliver' ? verdict.message : errorReply(clientId, INTERNAL_ERROR, `server "${serverId}" sent an invalid message: ${reason}`);
}

// --- helpers ---

async function settle(pending: Promise<Routed> | null, message: Msg): Promise<Routed> {
  return pending ? pending : { to: 'server', message };
}

function isMessage(v: unknown): v is Msg {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && (v as { jsonrpc?: unknown }).jsonrpc === '2.0';
}
