/**
 * The bridge's stdout writer (cli/bridge/stdio-pump.ts): one writeSync per chunk on a blocking
 * descriptor; on a non-blocking one that fills up, the rest goes through a stream in order; a
 * reader that went away ends the session instead of throwing.
 */
import { execFileSync } from 'node:child_process';
import { closeSync, constants, mkdtempSync, openSync, rmSync } from 'node:fs';
import { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SyncWriter } from '../../../cli/bridge/stdio-pump.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A FIFO with both ends open non-blocking (the read end first, so neither open waits). */
function fifo(): { read: number; write: number } {
  const dir = mkdtempSync(join(tmpdir(), 'sg-fifo-'));
  dirs.push(dir);
  const path = join(dir, 'f');
  execFileSync('mkfifo', [path]);
  const read = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  const write = openSync(path, constants.O_WRONLY | constants.O_NONBLOCK);
  return { read, write };
}

function readAll(fd: number, bytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let got = 0;
    const s = new Socket({ fd, readable: true, writable: false });
    s.on('data', (c: Buffer) => {
      chunks.push(c);
      got += c.length;
      if (got >= bytes) {
        s.destroy();
        resolve(Buffer.concat(chunks));
      }
    });
    s.on('error', reject);
  });
}

describe('SyncWriter', () => {
  it('a full non-blocking descriptor: the rest and what follows go through the stream, in order', async () => {
    const { read, write } = fifo();
    let fallbacks = 0;
    let stream: Socket | null = null;
    const w = new SyncWriter(write, () => (fallbacks++, (stream = new Socket({ fd: write, readable: false, writable: true }))), { drained: () => {}, closed: () => {} });
    // Three chunks of 256 KiB, each byte numbered by its chunk: a FIFO holds 64 KiB.
    const chunks = [0, 1, 2].map((i) => Buffer.alloc(256 * 1024, i + 1));
    const reading = readAll(read, 3 * 256 * 1024);
    const accepted = chunks.map((c) => w.write(c));
    const all = await reading;
    expect(fallbacks).toBe(1);
    expect(accepted.at(-1)).toBe(false); // the stream holds more than its high-water mark: the source pauses
    expect(all.equals(Buffer.concat(chunks))).toBe(true);
    (stream as Socket | null)?.destroy();
  });

  it('a reader that went away (EPIPE): closed once, no throw, later writes dropped', () => {
    const { read, write } = fifo();
    closeSync(read);
    let closed = 0;
    const w = new SyncWriter(write, () => {
      throw new Error('no fallback expected');
    }, { drained: () => {}, closed: () => closed++ });
    expect(w.write(Buffer.from('one\n'))).toBe(true);
    expect(w.write(Buffer.from('two\n'))).toBe(true);
    expect(closed).toBe(1);
    closeSync(write);
  });
});
