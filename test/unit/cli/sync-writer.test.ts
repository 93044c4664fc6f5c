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
  it('a full non-blocking descriptor: the rest waits in the stream, in order, then writeSync again', async () => {
    const { read, write } = fifo();
    let streams = 0;
    let drained = 0;
    const stream = new Socket({ fd: write, readable: false, writable: true });
    const w = new SyncWriter(write, () => (streams++, stream), { drained: () => drained++, closed: () => {} });
    // Three chunks of 256 KiB, each byte numbered by its chunk: a FIFO holds 64 KiB.
    const chunks = [0, 1, 2].map((i) => Buffer.alloc(256 * 1024, i + 1));
    const reading = readAll(read, 3 * 256 * 1024 + 4);
    // The first fills the FIFO: the source is told to pause; what follows queues behind it.
    expect(chunks.map((c) => w.write(c))).toEqual([false, false, false]);
    await new Promise<void>((resolve) => {
      const wait = (): void => (drained > 0 ? resolve() : void setTimeout(wait, 5));
      wait();
    });
    // Drained: the next chunk is written at once again.
    expect(w.write(Buffer.from('end\n'))).toBe(true);
    const all = await reading;
    expect(streams).toBe(1);
    expect(drained).toBe(1);
    expect(all.equals(Buffer.concat([...chunks, Buffer.from('end\n')]))).toBe(true);
    stream.destroy();
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
