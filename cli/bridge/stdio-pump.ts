/**
 * The bridge's bytes: stdin → gate, gate → stdout, never parsed (the gate parses; the bridge cannot
 * disagree with it), in as few JavaScript steps per chunk as Node allows (see gate-link.ts for why
 * that matters).
 *
 * - stdout is written with writeSync, one system call per chunk. When it is a pipe or socket it is
 *   made non-blocking first (as process.stdout would), so a client that does not read its stdout
 *   never blocks the bridge: what does not fit waits in a stream, the gate's socket is paused until
 *   that has drained, and stdin is read on meanwhile — a client writing a large request while its
 *   answers pile up does not deadlock with the bridge.
 * - stdin, when a pipe or socket, is read with `onread` like the gate's socket; a file or a terminal
 *   (someone trying the bridge by hand) through process.stdin.
 */
import { writeSync } from 'node:fs';
import { Socket } from 'node:net';
import type { Writable } from 'node:stream';
import { isPipeOrSocket } from '../../core/handoff/fd-passing.js';
import { READ_BUFFER_BYTES, type GateLink } from './gate-link.js';

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
    // The client closed its end: the session is over for it.
    const clientGone = (): void => void gate.destroy();
    // Opening fd 1 as a socket makes it non-blocking (libuv's uv_pipe_open); writeSync then
    // returns EAGAIN instead of blocking when the client's pipe is full.
    const stdoutStream = isPipeOrSocket(1) ? new Socket({ fd: 1, readable: false, writable: true }).on('error', clientGone) : null;
    const stdout = new SyncWriter(1, () => stdoutStream ?? process.stdout, { drained: () => gate.resume(), closed: clientGone });
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
 * Writes chunks to `fd` with writeSync. When the descriptor is non-blocking and full (EAGAIN), the
 * rest goes through `stream()` (the same descriptor as a stream) and so does every chunk after it,
 * in order, until the stream has written everything; then writeSync again.
 */
export class SyncWriter {
  private backlog: Writable | null = null;
  private watching = false;
  private closed = false;

  constructor(
    private readonly fd: number,
    private readonly stream: () => Writable,
    private readonly on: { drained(): void; closed(): void },
  ) {}

  /** False: the source pauses until `drained`. */
  write(chunk: Uint8Array): boolean {
    if (this.closed) return true;
    // A stream keeps what it is given; the chunk's buffer is reused by the next read.
    if (this.backlog) return this.queue(Buffer.from(chunk));
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
      this.backlog = this.stream();
      if (!this.watching) {
        this.watching = true;
        this.backlog.on('error', () => this.close());
      }
      this.queue(Buffer.from(chunk.subarray(written)));
      return false;
    }
  }

  private queue(rest: Buffer): boolean {
    const stream = this.backlog!;
    stream.write(rest, (err) => {
      if (err || this.backlog !== stream || stream.writableLength > 0) return;
      // Everything that waited is out: back to one system call per chunk.
      this.backlog = null;
      this.on.drained();
    });
    return false;
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
