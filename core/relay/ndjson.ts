/**
 * Newline-delimited JSON-RPC over a pair of byte streams, read by the gate's own line reader: the
 * stdio bridge's socket (the gate plays server) and a command server's stdout/stdin (the gate plays
 * client). Both sides get the same frame limit (MAX_FRAME_BYTES) and the same envelope check
 * (envelope.ts). A line over the limit, a line that is not JSON and a message that is not valid
 * JSON-RPC each cost that one message — an error answer where one is possible, a log line where
 * not — never the session. (The SDK's stdio transports close the connection when their 10 MiB read
 * buffer overflows, which let one long line from a server end a client's session.)
 */
import type { Readable, Writable } from 'node:stream';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { admit, errorReply, INTERNAL_ERROR, INVALID_REQUEST, MAX_FRAME_BYTES } from './envelope.js';
import type { Msg, RpcId } from './envelope.js';
import { OUTPUT_HIGH_WATER, type FlowControlled } from './flow.js';

/** Bytes of an oversized line kept to find out whose message it was. */
const HEAD_BYTES = 512;

/**
 * Splits a byte stream into lines of at most `maxBytes` (the newline and a trailing CR excluded).
 * A longer line is never buffered whole: its first bytes are kept, the rest is counted and dropped.
 */
export class LineReader {
  private parts: Buffer[] = [];
  private length = 0;
  private oversized = false;
  private head: Buffer | null = null;

  constructor(
    private readonly maxBytes: number,
    private readonly onLine: (line: Buffer) => void,
    private readonly onOversized: (bytes: number, head: string) => void,
  ) {}

  push(chunk: Buffer): void {
    let start = 0;
    while (start < chunk.length) {
      const nl = chunk.indexOf(0x0a, start);
      const end = nl === -1 ? chunk.length : nl;
      this.take(chunk.subarray(start, end));
      if (nl === -1) return;
      this.finishLine();
      start = nl + 1;
    }
  }

  /** The stream ended: a last line without its newline is still a line. */
  end(): void {
    if (this.length > 0) this.finishLine();
  }

  private take(piece: Buffer): void {
    if (piece.length === 0) return;
    if (!this.oversized && this.length + piece.length > this.maxBytes + 1) {
      // +1: a CR before the newline does not count against the limit.
      this.oversized = true;
      this.head = Buffer.concat([...this.parts, piece]).subarray(0, HEAD_BYTES);
      this.parts = [];
    }
    if (!this.oversized) this.parts.push(piece);
    this.length += piece.length;
  }

  private finishLine(): void {
    if (this.oversized) {
      const bytes = this.length;
      const head = this.head?.toString('utf8') ?? '';
      this.reset();
      this.onOversized(bytes, head);
      return;
    }
    let line = this.parts.length === 1 ? this.parts[0]! : Buffer.concat(this.parts);
    this.reset();
    if (line.length > 0 && line[line.length - 1] === 0x0d) line = line.subarray(0, line.length - 1);
    if (line.length > this.maxBytes) return this.onOversized(line.length, line.subarray(0, HEAD_BYTES).toString('utf8'));
    this.onLine(line);
  }

  private reset(): void {
    this.parts = [];
    this.length = 0;
    this.oversized = false;
    this.head = null;
  }
}

/**
 * Who sent an oversized line, from its first bytes, when it starts the way every SDK writes a
 * message (`{"jsonrpc":"2.0","id":…,` then `"method"` or `"result"`/`"error"`): so a request can
 * be refused by id, and a response turned into an error for the request it answers.
 */
export function sniffOversized(head: string): { id: RpcId; kind: 'request' | 'response' } | null {
  const m = /^\s*\{\s*"jsonrpc"\s*:\s*"2\.0"\s*,\s*"id"\s*:\s*("(?:[^"\\]|\\.){0,256}"|-?\d{1,16})\s*,\s*"(method|result|error)"\s*:/.exec(head);
  if (!m) return null;
  let id: unknown;
  try {
    id = JSON.parse(m[1]!);
  } catch {
    return null;
  }
  if (typeof id !== 'string' && !(typeof id === 'number' && Number.isSafeInteger(id))) return null;
  return { id, kind: m[2] === 'method' ? 'request' : 'response' };
}

export interface NdjsonOptions {
  input: Readable;
  output: Writable;
  /** Who is on the other end, for error messages and log lines: `stdio client`, `server "x"`. */
  peer: string;
  /** The gate plays server to this peer: invalid requests without a usable id still get an `id: null` error. */
  peerIsClient: boolean;
  /** Bytes already read from `input` (what followed the bridge's HTTP upgrade). */
  head?: Buffer;
}

/** Reported through `onerror`: one message was refused or dropped; the transport goes on. */
export class FrameError extends Error {}

/**
 * The text a response arrived as, so `send` forwards it as it came instead of serialising the
 * parsed copy again (issue 10: a 1 MB tool result cost a JSON.stringify per hop). Only responses:
 * a request or notification with a duplicated key could read differently to a peer whose parser
 * keeps the first value than to the gate (which keeps the last) — a `method` the gate never saw —
 * so those are always re-serialised from what the gate decided on. The decoded text, not the raw
 * bytes: invalid UTF-8 goes on as the gate read it.
 */
const ARRIVED = new WeakMap<object, string>();

/** What to write for `message`: the text a response arrived as, else its JSON (the HTTP endpoint writes the same). */
export function wireText(message: object): string {
  return ARRIVED.get(message) ?? JSON.stringify(message);
}

export class NdjsonTransport implements Transport, FlowControlled {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage) => void;
  /**
   * The input reached its end (the peer closed its writing side) after every line in it was
   * delivered; the output may still be open. Unset, the end goes unremarked (the peer's exit or the
   * stream's close is what ends the session then).
   */
  oninputend?: () => void;
  onbackpressure?: (congested: boolean) => void;
  private readonly reader: LineReader;
  private congested = false;
  private readonly drainWaiters: (() => void)[] = [];
  private started = false;
  private closed = false;
  private corked = false;
  private readonly uncorked: (() => void)[] = [];
  private readonly onData = (chunk: Buffer): void => this.reader.push(chunk);
  private readonly onStreamError = (err: Error): void => this.onerror?.(err);
  private readonly onInputEnd = (): void => {
    if (this.closed) return;
    this.reader.end();
    if (!this.closed) this.oninputend?.();
  };

  constructor(private readonly opts: NdjsonOptions) {
    this.reader = new LineReader(MAX_FRAME_BYTES, (line) => this.onLine(line), (bytes, head) => this.onOversized(bytes, head));
  }

  async start(): Promise<void> {
    if (this.started) throw new Error('already started');
    this.started = true;
    this.opts.input.on('data', this.onData);
    this.opts.input.on('error', this.onStreamError);
    this.opts.input.on('end', this.onInputEnd);
    if (this.opts.head && this.opts.head.length > 0) this.reader.push(this.opts.head);
  }

  send(message: JSONRPCMessage): Promise<void> {
    return new Promise((resolve, reject) => {
      if (this.closed) return reject(new Error('Not connected'));
      const out = this.opts.output;
      if (out.destroyed || out.writableEnded) return reject(new Error('Not connected'));
      const text = wireText(message) + '\n';
      this.coalesce(out);
      // Sent once the turn's lines have gone to the stream (or, when it is full, once it drained).
      if (out.write(text)) this.uncorked.push(resolve);
      else this.whenDrained(out, resolve);
    });
  }

  pauseInput(): void {
    this.opts.input.pause();
  }

  resumeInput(): void {
    if (!this.closed) this.opts.input.resume();
  }

  /**
   * The stream is full: `resolve` once it drained — one listener for all the sends that wait. Past
   * OUTPUT_HIGH_WATER the peer reads slower than it is written to: say so until it drained (flow.ts).
   */
  private whenDrained(out: Writable, resolve: () => void): void {
    this.drainWaiters.push(resolve);
    if (this.drainWaiters.length === 1) {
      out.once('drain', () => {
        for (const r of this.drainWaiters.splice(0)) r();
        if (!this.congested) return;
        this.congested = false;
        this.onbackpressure?.(false);
      });
    }
    if (!this.congested && out.writableLength > OUTPUT_HIGH_WATER) {
      this.congested = true;
      this.onbackpressure?.(true);
    }
  }

  /**
   * Messages sent to this peer in one turn of the event loop leave in one write. A burst — a flood's
   * refusals, a batch of answers — was a system call and a wake-up of the peer per message (~100 µs
   * each on a small VM, issue 10); corked, the lines go together when the turn's callbacks and
   * promises are done (the nextTick queue runs after them), so nothing waits longer than the turn.
   */
  private coalesce(out: Writable): void {
    if (this.corked) return;
    this.corked = true;
    out.cork();
    process.nextTick(() => {
      this.corked = false;
      out.uncork();
      for (const resolve of this.uncorked.splice(0)) resolve();
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.opts.input.off('data', this.onData);
    this.opts.input.off('error', this.onStreamError);
    this.opts.input.off('end', this.onInputEnd);
    this.onclose?.();
  }

  private onLine(line: Buffer): void {
    if (this.closed) return;
    const text = line.toString('utf8');
    if (text.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      this.refuse(`a line from ${this.opts.peer} is not JSON`, this.opts.peerIsClient ? errorReply(null, -32700, 'Parse error: not JSON') : null);
      return;
    }
    const verdict = admit(value, { peer: this.opts.peer, answerWithoutId: this.opts.peerIsClient });
    if (verdict.kind === 'answer') return this.refuse(verdict.reason, verdict.reply);
    if (verdict.kind === 'drop') return this.refuse(verdict.reason, null);
    if (verdict.replaced) this.onerror?.(new FrameError(verdict.replaced));
    else if (!('method' in verdict.message)) ARRIVED.set(verdict.message, text);
    this.onmessage?.(verdict.message as JSONRPCMessage);
  }

  private onOversized(bytes: number, head: string): void {
    if (this.closed) return;
    const reason = `dropped a ${bytes}-byte line from ${this.opts.peer} (limit ${MAX_FRAME_BYTES})`;
    const message = `message larger than ${MAX_FRAME_BYTES} bytes dropped`;
    const sniffed = sniffOversized(head);
    if (sniffed?.kind === 'response') {
      // The request it answers would otherwise wait forever.
      this.onerror?.(new FrameError(reason));
      this.onmessage?.(errorReply(sniffed.id, INTERNAL_ERROR, `${this.opts.peer} sent a ${message}`) as JSONRPCMessage);
      return;
    }
    const answerable = sniffed?.kind === 'request' || this.opts.peerIsClient;
    this.refuse(reason, answerable ? errorReply(sniffed?.id ?? null, INVALID_REQUEST, message) : null);
  }

  /** Log the refusal (through onerror) and answer the peer when there is an answer to give. */
  private refuse(reason: string, reply: Msg | null): void {
    this.onerror?.(new FrameError(reason));
    if (reply) this.send(reply as JSONRPCMessage).catch(() => {});
  }
}
