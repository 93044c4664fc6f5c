/**
 * The bridge's handshake with the gate (cli/bridge/gate-link.ts), read by hand: against a socket
 * server that answers as the gate does, as a gate refusing does, and as something that is not a
 * gate does — split into small pieces, with bytes after the head, or closed midway.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { attach, BridgeRefused } from '../../../cli/bridge/gate-link.js';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

/** A socket server that answers each connection's request with `respond`; resolves with its path. */
async function fakeGate(respond: (socket: Socket, request: string) => void): Promise<{ path: string; requests: string[] }> {
  const dir = mkdtempSync(join(tmpdir(), 'sg-link-'));
  const path = join(dir, 'gate.sock');
  const requests: string[] = [];
  const server: Server = createServer((socket) => {
    let got = '';
    socket.on('data', (d: Buffer) => {
      got += d.toString('latin1');
      if (!got.includes('\r\n\r\n')) return;
      requests.push(got);
      respond(socket, got);
      got = '';
    });
    socket.on('error', () => {});
  });
  await new Promise<void>((r) => server.listen(path, r));
  cleanups.push(() => {
    server.close();
    rmSync(dir, { recursive: true, force: true });
  });
  return { path, requests };
}

/** Write `text` in pieces of `size` bytes, a turn apart. */
async function trickle(socket: Socket, text: string, size: number): Promise<void> {
  for (let i = 0; i < text.length; i += size) {
    socket.write(text.slice(i, i + size));
    await new Promise((r) => setTimeout(r, 2));
  }
}

describe('attach', () => {
  it('sends the upgrade request; a 101 in small pieces with bytes after it: those bytes come first', async () => {
    const gate = await fakeGate((s) => void trickle(s, 'HTTP/1.1 101 Switching Protocols\r\nUpgrade: mcp-stdio\r\nConnection: Upgrade\r\n\r\n{"early":1}\n', 7).then(() => s.write('{"late":2}\n')));
    const link = await attach({ path: gate.path }, 'my server');
    expect(gate.requests[0]).toMatch(/^GET \/connect\/my%20server HTTP\/1\.1\r\n/);
    expect(gate.requests[0]).toMatch(/\r\nUpgrade: mcp-stdio\r\n/);
    let got = '';
    link.onData((chunk) => ((got += Buffer.from(chunk).toString('utf8')), true));
    await new Promise<void>((r) => {
      const wait = (): void => (got.includes('late') ? r() : void setTimeout(wait, 5));
      wait();
    });
    expect(got).toBe('{"early":1}\n{"late":2}\n');
    link.socket.destroy();
  });

  it("a refusal: BridgeRefused with the gate's JSON error", async () => {
    const body = JSON.stringify({ error: 'no server "x" in /tmp/config.yaml' });
    const gate = await fakeGate((s) => s.end(`HTTP/1.1 404 Not Found\r\ncontent-type: application/json\r\ncontent-length: ${body.length}\r\nconnection: close\r\n\r\n${body}`));
    const err = await attach({ path: gate.path }, 'x').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BridgeRefused);
    expect((err as Error).message).toBe('no server "x" in /tmp/config.yaml');
  });

  it('a refusal without a JSON body: its first line, or the status', async () => {
    const plain = await fakeGate((s) => s.end('HTTP/1.1 400 Bad Request\r\nconnection: close\r\n\r\nbad request line\nmore'));
    expect(((await attach({ path: plain.path }, 'x').catch((e: unknown) => e)) as Error).message).toBe('bad request line');
    const empty = await fakeGate((s) => s.end('HTTP/1.1 502 Bad Gateway\r\nconnection: close\r\n\r\n'));
    expect(((await attach({ path: empty.path }, 'x').catch((e: unknown) => e)) as Error).message).toBe('the gate refused the connection (HTTP 502)');
  });

  it('not an HTTP answer, an endless head, or a close during the handshake: a clear error', async () => {
    const garbage = await fakeGate((s) => s.write('SSH-2.0-OpenSSH\r\n\r\n'));
    expect(((await attach({ path: garbage.path }, 'x').catch((e: unknown) => e)) as Error).message).toMatch(/not an HTTP response/);
    const endless = await fakeGate((s) => s.write('HTTP/1.1 101 OK\r\n' + 'X-Pad: y\r\n'.repeat(4000)));
    expect(((await attach({ path: endless.path }, 'x').catch((e: unknown) => e)) as Error).message).toMatch(/not an HTTP response/);
    const closed = await fakeGate((s) => s.end('HTTP/1.1 101 Swi'));
    expect(((await attach({ path: closed.path }, 'x').catch((e: unknown) => e)) as Error).message).toMatch(/closed the connection during the handshake/);
  });

  it('no gate listening: the socket error itself (the bridge then starts a gate)', async () => {
    const err = (await attach({ path: join(tmpdir(), `sg-none-${process.pid}.sock`) }, 'x').catch((e: unknown) => e)) as NodeJS.ErrnoException;
    expect(err.code).toBe('ENOENT');
  });
});
