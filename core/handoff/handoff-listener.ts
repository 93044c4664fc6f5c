/**
 * The gate's side of the handoff: a socket beside the control socket (`gate-fd.sock`, 0600) where a
 * bridge sends the client's stdin and stdout as descriptors (fd-passing.ts), then speaks the usual
 * `GET /connect/<server-id>` upgrade on the same connection. Each connection becomes a net.Socket
 * for the control server's HTTP parser; the descriptors wait beside it until the upgrade takes them
 * (`take`), and are closed if the connection ends first — nothing a peer sends leaks a descriptor.
 */
import { chmodSync, existsSync, unlinkSync } from 'node:fs';
import { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type { Logger } from '../log.js';
import { closeDescriptors, fdPassing, type FdListener, type FdPassing } from './fd-passing.js';

/** A connection that has not sent its descriptors by then is closed (the bridge sends them at once). */
const SEND_TIMEOUT_MS = 5_000;

export class HandoffListener {
  private readonly handed = new WeakMap<Duplex, number[]>();
  private listener: FdListener | null = null;

  private constructor(
    private readonly native: FdPassing,
    private readonly path: string,
    private readonly onConnection: (socket: Socket) => void,
    private readonly log: Logger,
  ) {}

  /**
   * Listening on `path` with the addon at `addon`, each connection to `onConnection`; null when
   * descriptors cannot be passed here (no addon, Windows, turned off) or the socket cannot be made —
   * bridges then copy bytes.
   */
  static open(path: string, addon: string, onConnection: (socket: Socket) => void, log: Logger): HandoffListener | null {
    const native = fdPassing(addon);
    if (!native) return null;
    const self = new HandoffListener(native, path, onConnection, log);
    try {
      // The control socket's stale check ran first: a socket file here is a dead gate's.
      if (existsSync(path)) unlinkSync(path);
      self.listener = native.listen(path, SEND_TIMEOUT_MS, (connFd, fds) => self.accept(connFd, fds));
      chmodSync(path, 0o600);
    } catch (err) {
      log.warn(`bridges will copy bytes: cannot listen for handed-over stdio on ${path}: ${(err as Error).message}`);
      self.close();
      return null;
    }
    return self;
  }

  /** The descriptors that came with `socket`, now the caller's; null for a connection without them. */
  take(socket: Duplex): number[] | null {
    const fds = this.handed.get(socket);
    if (!fds) return null;
    this.handed.delete(socket);
    return fds;
  }

  close(): void {
    if (this.listener) this.native.close(this.listener);
    this.listener = null;
    try {
      if (existsSync(this.path)) unlinkSync(this.path);
    } catch {
      // gone already
    }
  }

  /** Called from the addon: must not throw (the descriptors would be lost, the gate stopped). */
  private accept(connFd: number, fds: number[]): void {
    let socket: Socket;
    try {
      socket = new Socket({ fd: connFd, readable: true, writable: true });
    } catch (err) {
      this.log.debug(`handoff connection: ${(err as Error).message}`);
      closeDescriptors([connFd, ...fds]);
      return;
    }
    this.handed.set(socket, fds);
    socket.once('close', () => {
      const left = this.take(socket);
      if (left) closeDescriptors(left);
    });
    try {
      this.onConnection(socket);
    } catch (err) {
      this.log.error(`handoff connection: ${(err as Error).message}`);
      socket.destroy();
    }
  }
}
