/**
 * The fd_handoff addon (native/fd_handoff.c, built by `npm run build`) against real sockets and a
 * real second process: descriptors cross, and whatever a peer sends — nothing, too many
 * descriptors, none — neither stops the listener nor leaks a descriptor.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, openSync, readdirSync, rmSync } from 'node:fs';
import { connect, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { closeDescriptors, FD_HANDOFF_ADDON, fdPassing, type FdListener } from '../../../core/handoff/fd-passing.js';

const unix = process.platform !== 'win32';
/** Where `npm run build` left it in this checkout. */
const ADDON = join(import.meta.dirname, '..', '..', '..', FD_HANDOFF_ADDON);
const native = fdPassing(ADDON);
let dir: string;
let path: string;
let listener: FdListener | null = null;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'sg-fd-'));
  path = join(dir, 'h.sock');
});
afterEach(() => {
  if (listener) native!.close(listener);
  listener = null;
  rmSync(dir, { recursive: true, force: true });
});

/** Open descriptors of this process (Linux: /proc/self/fd). */
const openFds = (): number => readdirSync('/proc/self/fd').length;
const settle = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.runIf(unix)('fd_handoff', () => {
  it('is built for this platform and loads; none where it is missing or turned off', () => {
    expect(native).not.toBeNull();
    expect(fdPassing(ADDON, { SAMPLING_GATE_FD_HANDOFF: '0' })).toBeNull();
    expect(fdPassing(join(dir, 'missing.node'))).toBeNull();
    expect(fdPassing(null)).toBeNull();
  });

  it("another process's stdin and stdout cross: the listener reads and writes them, the connection stays the sender's", async () => {
    const got = new Promise<{ conn: number; fds: number[] }>((resolve) => {
      listener = native!.listen(path, 5_000, (conn, fds) => resolve({ conn, fds }));
    });
    const sender = `const a = require(${JSON.stringify(ADDON)}); const fd = a.send(process.argv[1], [0, 1]);
      const s = new (require('net').Socket)({ fd }); s.end('hello from the sender'); s.on('close', () => process.exit(7));`;
    const child = spawn(process.execPath, ['-e', sender, path], { stdio: ['pipe', 'pipe', 'inherit'] });
    const { conn, fds } = await got;
    expect(fds).toHaveLength(2);

    // Half-open: the sender ends its side at once and exits once this side ends too; answering its
    // end automatically would let it exit (and Node close its stdin) before the pipes are tried.
    const control = new Socket({ fd: conn, allowHalfOpen: true });
    let said = '';
    control.on('data', (d: Buffer) => (said += d.toString()));
    // The sender ends at once, so its end may come before the pipes below answer: listen now.
    const ended = new Promise((r) => control.once('end', r));
    const input = new Socket({ fd: fds[0], readable: true, writable: false });
    const output = new Socket({ fd: fds[1], readable: false, writable: true });
    const read = new Promise<string>((resolve) => input.once('data', (d: Buffer) => resolve(d.toString())));
    child.stdin!.write('to the stdin it handed over');
    expect(await read).toBe('to the stdin it handed over');
    const answered = new Promise<string>((resolve) => child.stdout!.once('data', (d: Buffer) => resolve(d.toString())));
    output.write('to the stdout it handed over');
    expect(await answered).toBe('to the stdout it handed over');

    await ended;
    expect(said).toBe('hello from the sender');
    control.destroy();
    expect(await new Promise((r) => child.once('exit', r))).toBe(7);
    input.destroy();
    output.destroy();
  });

  it('a connection that sends nothing is closed after the timeout, with no call', async () => {
    let calls = 0;
    listener = native!.listen(path, 150, () => calls++);
    const peer = connect(path);
    const closedAfter = await new Promise<number>((resolve) => {
      const t0 = Date.now();
      peer.on('error', () => {});
      peer.once('close', () => resolve(Date.now() - t0));
      peer.resume();
    });
    expect(closedAfter).toBeGreaterThanOrEqual(100);
    expect(calls).toBe(0);
  });

  it('more descriptors than a bridge sends: refused, none kept; the listener goes on', async () => {
    const received: number[][] = [];
    listener = native!.listen(path, 5_000, (conn, fds) => {
      received.push(fds);
      closeDescriptors([conn, ...fds]);
    });
    const five = Array.from({ length: 5 }, () => openSync('/dev/null', 'r'));
    const before = openFds();
    const fd = native!.send(path, five);
    const refused = new Socket({ fd });
    await new Promise((r) => refused.once('close', r).resume());
    await settle(50);
    expect(received).toEqual([]);
    // Every descriptor the listener got with that message was closed (the sender's socket too).
    expect(openFds()).toBe(before);

    // The next peer is served.
    const pipe = openSync('/dev/null', 'r');
    const next = new Socket({ fd: native!.send(path, [pipe]) });
    await waitUntil(() => received.length === 1);
    expect(received[0]).toHaveLength(1);
    next.destroy();
    closeDescriptors([...five, pipe]);
  });

  it('a byte with no descriptors is passed on with none (the gate refuses it), and a peer that hangs up first costs nothing', async () => {
    const received: number[][] = [];
    listener = native!.listen(path, 5_000, (conn, fds) => {
      received.push(fds);
      closeDescriptors([conn, ...fds]);
    });
    const plain = connect(path, () => plain.end('x'));
    plain.on('error', () => {});
    const quitter = connect(path, () => quitter.destroy());
    quitter.on('error', () => {});
    await waitUntil(() => received.length === 1);
    await settle(100);
    expect(received).toEqual([[]]);
  });

  it('send: a missing socket is ENOENT; bad arguments are type errors', () => {
    expect(() => native!.send(join(dir, 'none.sock'), [0])).toThrow(expect.objectContaining({ code: 'ENOENT', syscall: 'connect' }));
    expect(() => native!.send(path, [])).toThrow(RangeError);
    expect(() => native!.send(path, [-1])).toThrow(TypeError);
    expect(() => native!.send('x'.repeat(200), [0])).toThrow(expect.objectContaining({ code: 'ENAMETOOLONG' }));
    expect(() => native!.listen(path, 0, () => {})).toThrow(RangeError);
  });

  it('close: a connection still waiting is closed; closing twice is harmless', async () => {
    listener = native!.listen(path, 60_000, () => {});
    const waiting = connect(path);
    waiting.on('error', () => {});
    await new Promise((r) => waiting.once('connect', r));
    await settle(50);
    const closed = new Promise((r) => waiting.once('close', r));
    waiting.resume();
    native!.close(listener);
    native!.close(listener);
    listener = null;
    await closed;
  });
});

async function waitUntil(check: () => boolean): Promise<void> {
  for (let i = 0; i < 100 && !check(); i++) await settle(20);
  expect(check()).toBe(true);
}
