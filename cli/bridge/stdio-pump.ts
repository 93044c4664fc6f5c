/**
 * The bridge's bytes: stdin → gate, gate → stdout, never parsed (the gate parses; the bridge cannot
 * disagree with it), in as few JavaScript steps per chunk as Node allows (see gate-link.ts for why
 * that matters).
 *
 * - stdout is written with writeSync, one system call per chunk. An MCP client creates the pipe or
 *   socket, blocking as children get them, so a client that reads slowly holds the write and with
 *   it the reading of the gate's socket: backpressure without a stream. Should stdout be
 *   non-blocking and full (EAGAIN), the rest goes through process.stdout's stream from then on.
 * - stdin, when a pipe or socket, is read with `onread` like the gate's socket; a file or a terminal
 *   (someone trying the bridge by hand) through process.stdin.
 */
import { fstatSync, writeSync } from 'node:fs';
import { Socket } from 'node:net';
import type { Writable } from 'node:stream';
import type { GateLink } from './gate-link.js';

const READ_BUFFER_BYTES = 64 * 1024;

/** Until the session ends: 0 when the client or the gate ended it, 1 when the gate's socket failed. */
export function pump(link: GateLink): Promise<number> {
  const gate = link.socket;
  return new Promise((resolve) => {
    let ended = false;
    const end = (code: number): void => {
      if (ended) return;
      ended = true;
      resolve(code);
    };
    const stdout = new SyncWriter(1, () => process.stdout, {
      drained: () => gate.resume(),
      // The client closed its end: the session is over for it.
      closed: () => gate.destroy(),
    });
    link.onData((chunk) => stdout.write(chunk));
    readStdin(gate);
    // The client closing stdin ends the session; the gate ending it ends the bridge.
    gate.on('close', () => end(0));
    gate.on('error', (err) => {
      process.stderr.write(`sampling-gate: connection to the gate lost: ${err.message}\n`);
      end(1);
    });
  });
}

/**
 * Writes chunks to `fd` with writeSync; if the descriptor is non-blocking and full (EAGAIN), the
 * rest and everything after goes through `fallback()` (the same descriptor as a stream), in order.
 */
export class SyncWriter {
  private stream: Writable | null = null;
  private closed = false;

  constructor(
    private readonly fd: number,
    private readonly fallback: () => Writable,
    private readonly on: { drained(): void; closed(): void },
  ) {}

  /** False: the source pauses until `drained`. */
  write(chunk: Uint8Array): boolean {
    if (this.closed) return true;
    // The stream keeps what it is given; the chunk's buffer is reused by the next read.
    if (this.stream) return this.stream.write(Buffer.from(chunk));
    let written = 0;
    try {
      while (written < chunk.length) written += writeSync(this.fd, chunk, written, chunk.length - written);
      return true;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EAGAIN') {
        // EPIPE and the like: nobody reads it any more.
        this.close();
        return true;
      }
      this.stream = this.fallback();
      this.stream.on('drain', () => this.on.drained());
      this.stream.on('error', () => this.close());
      return this.stream.write(Buffer.from(chunk.subarray(written)));
    }
  }

  private close(): void {
    if (this.closed) return;
    this.closed = true;
    this.on.closed();
  }
}

function readStdin(gate: Socket): void {
  if (!isPipeOrSocket(0)) {
    process.stdin.pipe(gate);
    return;
  }
  const input: Socket = new Socket({
    fd: 0,
    readable: true,
    writable: false,
    onread: {
      buffer: Buffer.allocUnsafe(READ_BUFFER_BYTES),
      callback: (n: number, buf: Uint8Array) => {
        // Copied: the socket keeps what it is given until written, and `buf` is reused.
        if (gate.write(Buffer.from(buf.subarray(0, n)))) return true;
        gate.once('drain', () => input.resume());
        return false;
      },
    },
  });
  input.on('end', () => gate.end());
  // stdin failing is the client gone, as its end is.
  input.on('error', () => gate.end());
}

function isPipeOrSocket(fd: number): boolean {
  try {
    const s = fstatSync(fd);
    return s.isFIFO() || s.isSocket();
  } catch {
    return false;
  }
}
