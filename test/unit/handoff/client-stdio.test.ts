/**
 * The gate taking descriptors a bridge handed over as a client's stdin and stdout: pipes and
 * sockets are taken; anything else is refused with every descriptor closed.
 */
import { execFileSync } from 'node:child_process';
import { constants, fstatSync, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { adoptClientStdio, HandoffRefused } from '../../../core/handoff/client-stdio.js';

const isOpen = (fd: number): boolean => {
  try {
    fstatSync(fd);
    return true;
  } catch {
    return false;
  }
};

describe.runIf(process.platform !== 'win32')('adoptClientStdio', () => {
  it('a file, or the wrong count: refused, and every descriptor closed', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sg-stdio-'));
    try {
      writeFileSync(join(dir, 'f'), 'x');
      const file = openSync(join(dir, 'f'), 'r');
      const other = openSync('/dev/null', 'r');
      expect(() => adoptClientStdio([file, other])).toThrow(HandoffRefused);
      expect(isOpen(file) || isOpen(other)).toBe(false);

      const lone = openSync(join(dir, 'f'), 'r');
      expect(() => adoptClientStdio([lone])).toThrow(/got 1 descriptor/);
      expect(isOpen(lone)).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('pipes: what the client writes is read, what is written reaches it, close() drains and closes both', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sg-stdio-'));
    try {
      const [requests, answers] = [join(dir, 'in'), join(dir, 'out')];
      execFileSync('mkfifo', [requests, answers]);
      // The gate's ends, as a bridge would hand them over, and the client's.
      const gateIn = openSync(requests, constants.O_RDONLY | constants.O_NONBLOCK);
      const client = new Socket({ fd: openSync(requests, constants.O_WRONLY), readable: false, writable: true });
      const clientReads = new Socket({ fd: openSync(answers, constants.O_RDONLY | constants.O_NONBLOCK), readable: true, writable: false });
      const gateOut = openSync(answers, constants.O_WRONLY);

      const stdio = adoptClientStdio([gateIn, gateOut]);
      const request = new Promise<string>((resolve) => stdio.input.once('data', (d: Buffer) => resolve(d.toString())));
      client.write('{"id":1}\n');
      expect(await request).toBe('{"id":1}\n');

      let answered = '';
      clientReads.on('data', (d: Buffer) => (answered += d.toString()));
      const ended = new Promise((r) => clientReads.once('end', r));
      stdio.output.write('{"id":1,"result":{}}\n');
      stdio.close();
      await ended;
      expect(answered).toBe('{"id":1,"result":{}}\n');
      await new Promise((r) => (stdio.output.closed ? r(null) : stdio.output.once('close', r)));
      expect(stdio.input.destroyed).toBe(true);
      client.destroy();
      clientReads.destroy();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
