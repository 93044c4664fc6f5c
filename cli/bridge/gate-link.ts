/**
 * The bridge's connection to the gate: `GET /connect/<server-id>` with `Upgrade: mcp-stdio` on the
 * data directory's socket (core/control/control-server.ts answers it), then raw bytes both ways.
 *
 * The socket is read with `onread` (net.Socket's documented option): each chunk goes to one
 * callback, not through a Readable stream. A bridge wakes twice per round trip, and with one bridge
 * process per session its JavaScript seldom runs often enough to be optimised — so what counts is
 * how few steps a chunk takes (issue 10: 20 sessions at once spent more CPU in their bridges than in
 * the gate). The HTTP handshake is one request and one response head, read here by hand for that
 * reason; a refusal's JSON body becomes the error the user sees.
 */
import { Socket } from 'node:net';
import { BRIDGE_PROTOCOL } from '../../shared/bridge.js';

/** The gate answered the handshake with an error (unknown server, the server failed to start). */
export class BridgeRefused extends Error {}

/** Chunks are views of one reused buffer: use or copy them before returning. False pauses the socket. */
export type ChunkSink = (chunk: Uint8Array) => boolean;

export interface GateLink {
  socket: Socket;
  /** From now on every chunk from the gate goes to `sink` (bytes that came with the handshake first). */
  onData(sink: ChunkSink): void;
}

/** A response head longer than this is not the gate's. */
const MAX_HEAD_BYTES = 16 * 1024;
/** A refusal's body is a one-line JSON error; more is cut. */
const MAX_REFUSAL_BYTES = 64 * 1024;
/** What one read of a socket or pipe may take (stdio-pump.ts reads stdin the same way). */
export const READ_BUFFER_BYTES = 64 * 1024;

/**
 * Where the handshake goes: the control socket's path, or a connection already made to the handoff
 * socket (handoff.ts) that carried the client's stdio — the handshake is the same on both.
 */
export type GateAddress = { path: string } | { fd: number };

/** Rejects with the socket's own error (ENOENT, ECONNREFUSED: no gate), or BridgeRefused. */
export function attach(to: GateAddress, serverId: string): Promise<GateLink> {
  return new Promise((resolve, reject) => {
    let received = Buffer.alloc(0);
    /** The handshake's status once its head is complete. */
    let status: number | null = null;
    let sink: ChunkSink | null = null;
    /** Bytes after the 101 head, and any chunk that arrives before onData() names the sink. */
    let early: Buffer[] = [];
    let settled = false;

    const fail = (err: Error): void => {
      if (settled) return;
      settled = true;
      socket.destroy();
      reject(err);
    };

    const onHandshakeChunk = (chunk: Uint8Array): boolean => {
      if (status === 101) {
        early.push(Buffer.from(chunk));
        return true;
      }
      if (received.length + chunk.length > (status === null ? MAX_HEAD_BYTES : MAX_HEAD_BYTES + MAX_REFUSAL_BYTES)) {
        if (status === null) fail(new Error('the gate answered the bridge with something that is not an HTTP response'));
        return true; // a refusal's body past the limit is cut; 'end' reports it
      }
      received = Buffer.concat([received, chunk]);
      if (status !== null) return true;
      const end = received.indexOf('\r\n\r\n');
      if (end < 0) return true;
      const m = /^HTTP\/1\.[01] (\d{3})/.exec(received.toString('latin1', 0, Math.min(end, 64)));
      if (!m) {
        fail(new Error('the gate answered the bridge with something that is not an HTTP response'));
        return true;
      }
      status = Number(m[1]);
      received = received.subarray(end + 4);
      if (status !== 101) return true; // the body follows until the gate closes
      if (received.length > 0) early.push(Buffer.from(received));
      settled = true;
      socket.off('end', onEnd);
      resolve({
        socket,
        onData(s) {
          for (const b of early) s(b);
          early = [];
          sink = s;
        },
      });
      return true;
    };

    // Listened to until the 101: after it, the end of the socket is the end of the session.
    const onEnd = (): void => {
      if (status === null) return fail(new Error('the gate closed the connection during the handshake'));
      fail(new BridgeRefused(refusalMessage(status, received)));
    };

    const socket = new Socket({
      ...('fd' in to ? { fd: to.fd, readable: true, writable: true } : {}),
      onread: {
        buffer: Buffer.allocUnsafe(READ_BUFFER_BYTES),
        callback: (n: number, buf: Uint8Array) => (sink ? sink(buf.subarray(0, n)) : onHandshakeChunk(buf.subarray(0, n))),
      },
    });
    socket.on('error', (err) => fail(err));
    socket.on('end', onEnd);
    const request = (): void =>
      void socket.write(`GET /connect/${encodeURIComponent(serverId)} HTTP/1.1\r\nHost: localhost\r\nConnection: Upgrade\r\nUpgrade: ${BRIDGE_PROTOCOL}\r\n\r\n`);
    if ('fd' in to) request();
    else socket.connect({ path: to.path }, request);
  });
}

/** The gate's refusal as one line: its JSON `error`, or the body, or the status. */
function refusalMessage(status: number, body: Buffer): string {
  const text = body.toString('utf8').trim();
  try {
    const error = (JSON.parse(text) as { error?: unknown }).error;
    if (typeof error === 'string' && error) return error;
  } catch {
    // not JSON: shown as is
  }
  return text.split('\n')[0]?.trim() || `the gate refused the connection (HTTP ${status})`;
}
