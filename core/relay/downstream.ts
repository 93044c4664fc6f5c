/**
 * The gate's connection to a configured server, one per client session (never shared): a spawned
 * command over stdio, or a URL over Streamable HTTP with the older HTTP+SSE transport as fallback.
 * Every message from the server passes the envelope check (envelope.ts) before the relay sees it.
 */
import type { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { Transport, TransportSendOptions } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import type { ServerConfig } from '../../shared/config-schema.js';
import { isCommandServer } from '../../shared/config-schema.js';
import type { Logger } from '../log.js';
import { BodyValve } from './body-valve.js';
import { withModernHeaders } from './era2026-headers.js';
import { admit } from './envelope.js';
import type { FlowControlled } from './flow.js';
import { FrameError } from './ndjson.js';
import { StandaloneStream } from './standalone-stream.js';
import { ChildStdioTransport } from './stdio-child.js';

/** Bytes of a child's stderr kept for the servers view when it fails. */
const STDERR_TAIL = 4000;

export interface Downstream {
  transport: Transport;
  /** Last lines the server wrote to stderr (stdio servers), for error reports. */
  stderrTail(): string;
}

/** The SDK's client transports load with the first session that needs one (issue 10: lazy start-up). */
export async function createDownstream(serverId: string, server: ServerConfig, log: Logger): Promise<Downstream> {
  if (isCommandServer(server)) {
    const { getDefaultEnvironment } = await import('@modelcontextprotocol/sdk/client/stdio.js');
    // Only an allow-list of the gate's environment reaches the child (the SDK's default list:
    // PATH, HOME, …), plus what config.yaml sets for this server.
    // The gate's own line reader (stdio-child.ts, ndjson.ts), not the SDK's: a long line from the
    // server is refused alone instead of closing the session.
    const transport = new ChildStdioTransport({
      command: server.command,
      args: server.args,
      env: { ...getDefaultEnvironment(), ...server.env },
      ...(server.cwd ? { cwd: server.cwd } : {}),
      peer: `server "${serverId}"`,
    });
    let tail = '';
    transport.stderr.on('data', (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      tail = (tail + text).slice(-STDERR_TAIL);
      for (const line of text.split('\n')) if (line.trim()) log.debug(`[${serverId}] stderr: ${line}`);
    });
    return { transport, stderrTail: () => tail };
  }
  const onFallback = (status: number): void => log.info(`[${serverId}] Streamable HTTP answered ${status}: falling back to HTTP+SSE`);
  const { StreamableHTTPClientTransport: Http } = await import('@modelcontextprotocol/sdk/client/streamableHttp.js');
  return { transport: new HttpWithSseFallback(Http, new URL(server.url), server.headers, onFallback, `server "${serverId}"`), stderrTail: () => '' };
}

/**
 * Streamable HTTP first; if the server answers the first POST with 400/404/405 (an HTTP+SSE-only
 * server from before 2025-03-26), reconnect with the SSE transport and resend — as the spec's
 * backwards-compatibility section describes. Its streams are read through a valve, so a client
 * that stops reading holds the server up (flow.ts, body-valve.ts).
 */
class HttpWithSseFallback implements Transport, FlowControlled {
  private inner: Transport;
  private decided = false;
  private readonly valve = new BodyValve();
  private readonly standalone = new StandaloneStream();
  /** Messages wait for this: the last notification taken by the server, and after `initialized` the standalone stream open (standalone-stream.ts). */
  private ready: Promise<void> = Promise.resolve();
  private sse = false;
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage) => void;

  constructor(
    Http: typeof StreamableHTTPClientTransport,
    private readonly url: URL,
    private readonly headers: Record<string, string>,
    private readonly onFallback: (status: number) => void,
    private readonly peer: string,
  ) {
    // withModernHeaders: a 2026-07-28 server needs headers derived from each message (era2026-headers.ts).
    this.inner = this.wire(new Http(url, { requestInit: { headers }, fetch: this.standalone.watch(this.valve.wrap(withModernHeaders())) }));
  }

  get sessionId(): string | undefined {
    return this.inner.sessionId;
  }

  async start(): Promise<void> {
    await this.inner.start();
  }

  async send(message: JSONRPCMessage, options?: TransportSendOptions): Promise<void> {
    // Each message is its own POST, and POSTs in flight race: a notification (`initialized` above
    // all) holds back what comes after it until the server took it, as a client awaiting each
    // send would — otherwise a tool call can reach the server before the session is initialized.
    // The chain is taken synchronously, before any await, so two sends in one tick keep their order.
    // Requests hold nothing back: their POST lasts as long as their answer.
    const before = this.ready;
    let done = (): void => {};
    if (!('id' in message)) this.ready = new Promise<void>((resolve) => (done = resolve));
    try {
      await before;
      // (The HTTP+SSE fallback opened its one stream at the start: nothing to wait for there.)
      if ((message as { method?: unknown }).method === 'notifications/initialized' && this.decided && !this.sse) {
        const opened = this.standalone.opened();
        await this.inner.send(message, options);
        return await opened;
      }
      if (this.decided) return await this.inner.send(message, options);
      await this.firstSend(message, options);
    } finally {
      done();
    }
  }

  private async firstSend(message: JSONRPCMessage, options?: TransportSendOptions): Promise<void> {
    try {
      await this.inner.send(message, options);
      this.decided = true;
    } catch (err) {
      const code = (err as { code?: number }).code;
      if (code === undefined || ![400, 404, 405].includes(code)) throw err;
      this.decided = true;
      this.sse = true;
      this.onFallback(code);
      const { SSEClientTransport } = await import('@modelcontextprotocol/sdk/client/sse.js');
      const sse = new SSEClientTransport(this.url, { requestInit: { headers: this.headers }, fetch: this.valve.wrap(fetch) });
      const old = this.inner;
      old.onclose = undefined;
      await old.close().catch(() => {});
      this.inner = this.wire(sse);
      await sse.start();
      await sse.send(message);
    }
  }

  async close(): Promise<void> {
    this.valve.open();
    await this.inner.close();
  }

  pauseInput(): void {
    this.valve.close();
  }

  resumeInput(): void {
    this.valve.open();
  }

  private wire(t: Transport): Transport {
    t.onclose = () => this.onclose?.();
    t.onerror = (e) => this.onerror?.(e);
    t.onmessage = (m) => this.admit(m);
    return t;
  }

  /** The SDK transports parse loosely; the gate's envelope check decides what the relay sees. */
  private admit(value: unknown): void {
    const verdict = admit(value, { peer: this.peer, answerWithoutId: false });
    if (verdict.kind === 'deliver') {
      if (verdict.replaced) this.onerror?.(new FrameError(verdict.replaced));
      this.onmessage?.(verdict.message as JSONRPCMessage);
      return;
    }
    this.onerror?.(new FrameError(verdict.reason));
    if (verdict.kind === 'answer') this.send(verdict.reply as JSONRPCMessage).catch(() => {});
  }
}
