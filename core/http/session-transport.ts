/**
 * The client side of one 2025-era Streamable HTTP session on the gate's endpoint, written for the
 * gate instead of the SDK's StreamableHTTPServerTransport. Two reasons (docs/bench.md, "The HTTP
 * endpoint"):
 *
 * - Backpressure. The SDK's transport writes into a web ReadableStream that @hono/node-server pipes
 *   to the socket; what a client does not read piles up there, out of the gate's sight, so a server
 *   flooding a client that stopped reading its stream grew the gate without bound. Here every
 *   response is a Node ServerResponse the transport writes itself: once more than
 *   OUTPUT_HIGH_WATER bytes wait in a session's responses, it says so (FlowControlled, flow.ts) and
 *   the session reads neither side until they went — as stdio sessions do.
 * - Cost. Converting each request and response between Node and web streams, a zod parse of each
 *   message the envelope check already validated, and an SSE stream for every answer took ~1 ms of
 *   the gate's CPU per echo. Here a request's answer goes back as one JSON body when nothing else
 *   travels with it (an echo, a list) — one write — and the response becomes an SSE stream only
 *   when the server sends something related first (progress, sampling, elicitation): the spec lets
 *   the server choose per response.
 *
 * What the SDK's transport checked is checked alike: Accept (406), Content-Type (415), the session's
 * protocol version header (400), a second initialize (400), batches of at most 100 (400), one
 * standalone GET stream (409); no resumability (the gate never configured an event store). McpEndpoint routes requests here.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Transport, TransportSendOptions } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { OUTPUT_HIGH_WATER, type FlowControlled } from '../relay/flow.js';
import { wireText } from '../relay/ndjson.js';
import type { Msg, RpcId } from '../relay/envelope.js';
import { rpcError } from './json-rpc-reply.js';

/** A comment on an SSE stream this often keeps it from idling out in proxies and finds dead clients (the SDK's interval). */
const KEEP_ALIVE_MS = 15_000;

/** Messages in one POSTed batch at most, as the SDK's transport allows (each request holds an entry until answered). */
const MAX_BATCH = 100;

const SSE_HEADERS = { 'content-type': 'text/event-stream', 'cache-control': 'no-cache, no-transform', connection: 'keep-alive', 'x-accel-buffering': 'no' };

const isRequest = (m: Msg): boolean => typeof m.method === 'string' && 'id' in m;
const isResponse = (m: Msg): boolean => 'id' in m && ('result' in m || 'error' in m);
const event = (text: string): string => `event: message\ndata: ${text}\n\n`;

/**
 * One HTTP response of the session: a POST's answer (JSON until something else must go first,
 * then SSE), or the standalone GET stream (SSE).
 */
class Outgoing {
  /** Requests of the POST still to be answered, and the answers kept while it may still be JSON. */
  readonly open = new Set<RpcId>();
  private readonly answers: string[] = [];
  private sse = false;
  private keepAlive: NodeJS.Timeout | null = null;
  private watching = false;

  constructor(
    readonly res: ServerResponse,
    private readonly headers: Record<string, string>,
    /** A POST's batch is answered as an array. */
    private readonly batch: boolean,
  ) {}

  get ended(): boolean {
    return this.res.writableEnded || this.res.destroyed;
  }

  /** Bytes written to this response that have not reached the kernel yet. */
  get waiting(): number {
    return this.res.writableFinished || this.res.destroyed ? 0 : this.res.writableLength;
  }

  /**
   * Start the SSE stream (the GET stream, or a POST whose server sent something before its answer).
   * `flush`: the headers go out now, for a stream with nothing to say yet; otherwise with the first event.
   */
  startSse(flush = false): void {
    if (this.sse || this.ended) return;
    this.sse = true;
    this.res.writeHead(200, { ...SSE_HEADERS, ...this.headers });
    if (flush) this.res.flushHeaders();
    this.keepAlive = setInterval(() => this.write(': keepalive\n\n'), KEEP_ALIVE_MS);
    this.keepAlive.unref();
  }

  /** A request or notification on this response; false when it is gone. */
  message(text: string): boolean {
    if (this.ended) return false;
    this.startSse();
    this.write(event(text));
    return true;
  }

  /** The answer to `id`; once every request has one, the response ends. */
  answer(id: RpcId, text: string): void {
    this.open.delete(id);
    if (this.ended) return;
    if (this.sse) {
      this.write(event(text));
    } else {
      this.answers.push(text);
    }
    if (this.open.size > 0) return;
    if (this.sse) return this.end();
    const body = this.batch ? `[${this.answers.join(',')}]` : this.answers[0]!;
    this.res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), ...this.headers });
    this.res.end(body);
  }

  /** `then` once what waits in the socket has gone (one listener however many writes wait). */
  whenDrained(then: () => void): void {
    const socket = this.res.socket;
    if (this.watching || !socket) return;
    this.watching = true;
    socket.once('drain', () => {
      this.watching = false;
      then();
    });
  }

  end(): void {
    if (this.keepAlive) clearInterval(this.keepAlive);
    this.keepAlive = null;
    if (this.ended) return;
    // A POST closed before its answers (the session ends): an empty stream, as the SDK's transport leaves it.
    if (!this.sse && !this.res.headersSent) this.res.writeHead(200, { ...SSE_HEADERS, ...this.headers });
    this.res.end();
  }

  private write(text: string): void {
    if (!this.ended) this.res.write(text);
  }
}

export interface SessionTransportOptions {
  sessionId: string;
  /** Protocol versions a request header may name (the SDK's list). */
  supportedVersions: readonly string[];
}

export class HttpSessionTransport implements Transport, FlowControlled {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage) => void;
  onbackpressure?: (congested: boolean) => void;
  readonly sessionId: string;
  private readonly supported: readonly string[];
  private readonly outgoing = new Set<Outgoing>();
  /** Each client request in flight → the response its answer goes on. */
  private readonly byRequest = new Map<RpcId, Outgoing>();
  private standalone: Outgoing | null = null;
  private initialized = false;
  private closed = false;
  private congested = false;
  private paused = false;
  private readonly whenResumed: (() => void)[] = [];
  private readonly headers: Record<string, string>;

  constructor(opts: SessionTransportOptions) {
    this.sessionId = opts.sessionId;
    this.supported = opts.supportedVersions;
    this.headers = { 'mcp-session-id': opts.sessionId };
  }

  async start(): Promise<void> {
    // Requests arrive through handle().
  }

  /**
   * Resolves when the session reads its client again: while a side's output is piled up
   * (pauseInput), a POST's body is not read, so the client's writes wait on TCP. Undefined when
   * not paused (no promise per request).
   */
  readable(): Promise<void> | undefined {
    if (!this.paused || this.closed) return undefined;
    return new Promise((resolve) => this.whenResumed.push(resolve));
  }

  pauseInput(): void {
    this.paused = true;
  }

  resumeInput(): void {
    this.paused = false;
    for (const resume of this.whenResumed.splice(0)) resume();
  }

  /** A request on this session; `body` is the POSTed message or batch, already envelope-checked. */
  handle(req: IncomingMessage, res: ServerResponse, body: unknown): void {
    if (this.closed) return rpcError(res, 404, null, -32001, 'Session not found');
    if (req.method === 'POST') return this.post(req, res, body);
    if (req.method === 'GET') return this.get(req, res);
    if (req.method === 'DELETE') {
      if (!this.checkVersion(req, res)) return;
      res.writeHead(200).end();
      void this.close();
      return;
    }
    res.setHeader('allow', 'GET, POST, DELETE');
    rpcError(res, 405, null, -32000, 'Method not allowed.');
  }

  private post(req: IncomingMessage, res: ServerResponse, body: unknown): void {
    const accept = req.headers.accept ?? '';
    if (!accept.includes('application/json') || !accept.includes('text/event-stream')) {
      return rpcError(res, 406, null, -32000, 'Not Acceptable: Client must accept both application/json and text/event-stream');
    }
    const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    if (type !== 'application/json') return rpcError(res, 415, null, -32000, 'Unsupported Media Type: Content-Type must be application/json');
    const batch = Array.isArray(body);
    const messages = (batch ? body : [body]) as Msg[];
    if (messages.length > MAX_BATCH) return rpcError(res, 400, null, -32600, `Invalid Request: Batch must not exceed ${MAX_BATCH} messages`);
    const initialize = messages.some((m) => m.method === 'initialize');
    if (initialize) {
      if (this.initialized) return rpcError(res, 400, null, -32600, 'Invalid Request: Server already initialized');
      if (messages.length > 1) return rpcError(res, 400, null, -32600, 'Invalid Request: Only one initialization request is allowed');
      this.initialized = true;
    } else if (!this.checkVersion(req, res)) {
      return;
    }
    if (!messages.some(isRequest)) {
      res.writeHead(202).end();
      for (const m of messages) this.onmessage?.(m as JSONRPCMessage);
      return;
    }
    const out = this.track(new Outgoing(res, this.headers, batch));
    for (const m of messages) {
      if (!isRequest(m)) continue;
      out.open.add(m.id as RpcId);
      this.byRequest.set(m.id as RpcId, out);
    }
    res.on('close', () => {
      for (const id of out.open) if (this.byRequest.get(id) === out) this.byRequest.delete(id);
    });
    for (const m of messages) this.onmessage?.(m as JSONRPCMessage);
  }

  private get(req: IncomingMessage, res: ServerResponse): void {
    if (!(req.headers.accept ?? '').includes('text/event-stream')) return rpcError(res, 406, null, -32000, 'Not Acceptable: Client must accept text/event-stream');
    if (!this.checkVersion(req, res)) return;
    if (this.standalone && !this.standalone.ended) return rpcError(res, 409, null, -32000, 'Conflict: Only one SSE stream is allowed per session');
    const out = this.track(new Outgoing(res, this.headers, false));
    this.standalone = out;
    res.on('close', () => {
      if (this.standalone === out) this.standalone = null;
    });
    // The client waits for the headers of a stream that may stay quiet for long.
    out.startSse(true);
  }

  /** After initialize, a protocol version header must be one the SDK speaks (absent: the default). */
  private checkVersion(req: IncomingMessage, res: ServerResponse): boolean {
    const version = req.headers['mcp-protocol-version'];
    if (version === undefined || (typeof version === 'string' && this.supported.includes(version))) return true;
    rpcError(res, 400, null, -32000, `Bad Request: Unsupported protocol version: ${String(version)} (supported versions: ${this.supported.join(', ')})`);
    return false;
  }

  /**
   * A response goes on the POST of the request it answers; a request or notification on the POST
   * of `relatedRequestId`, else on the standalone GET stream (dropped when there is none, as the
   * SDK does: the client did not open one).
   */
  async send(message: JSONRPCMessage, options?: TransportSendOptions): Promise<void> {
    if (this.closed) throw new Error('Not connected');
    const m = message as Msg;
    const text = wireText(message);
    if (isResponse(m)) {
      const out = this.byRequest.get(m.id as RpcId);
      if (!out) throw new Error(`No connection established for request ID: ${String(m.id)}`);
      this.byRequest.delete(m.id as RpcId);
      out.answer(m.id as RpcId, text);
      return this.wrote(out);
    }
    const related = options?.relatedRequestId;
    const out = related !== undefined ? this.byRequest.get(related) : this.standalone;
    if (related !== undefined && !out) throw new Error(`No connection established for request ID: ${String(related)}`);
    if (out?.message(text)) this.wrote(out);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const out of this.outgoing) out.end();
    this.outgoing.clear();
    this.byRequest.clear();
    this.standalone = null;
    this.resumeInput();
    this.onclose?.();
  }

  private track(out: Outgoing): Outgoing {
    this.outgoing.add(out);
    out.res.on('close', () => {
      out.end();
      this.outgoing.delete(out);
      this.recheck();
    });
    return out;
  }

  /**
   * After a write: past OUTPUT_HIGH_WATER bytes waiting in the session's responses, the client reads
   * slower than it is written to — say so until they are down to half (flow.ts pauses both sides).
   */
  private wrote(out: Outgoing): void {
    if (out.waiting === 0) return;
    out.whenDrained(() => this.recheck());
    if (!this.congested && this.waiting() > OUTPUT_HIGH_WATER) {
      this.congested = true;
      this.onbackpressure?.(true);
    }
  }

  private recheck(): void {
    if (this.congested && this.waiting() <= OUTPUT_HIGH_WATER / 2) {
      this.congested = false;
      this.onbackpressure?.(false);
    }
  }

  private waiting(): number {
    let n = 0;
    for (const out of this.outgoing) n += out.waiting;
    return n;
  }
}
