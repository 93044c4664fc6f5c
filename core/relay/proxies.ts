/**
 * One proxy per configured server: opens a relay session (with its own downstream connection) for
 * each client session, and keeps what the servers view shows — live sessions, last request, errors.
 */
import { randomUUID } from 'node:crypto';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { isCommandServer } from '../../shared/config-schema.js';
import type { ServerConfig } from '../../shared/config-schema.js';
import type { RootsGiven } from '../../shared/roots.js';
import type { ServerStatus } from '../../shared/types.js';
import type { ConfigStore } from '../config/config-store.js';
import { serverManaged } from '../config/managed-locks.js';
import type { Logger } from '../log.js';
import type { GrantStore } from '../grants/grant-store.js';
import type { Hold } from '../hold/hold.js';
import { Cancellation } from '../hold/cancellation.js';
import { createDownstream } from './downstream.js';
import { RelaySession } from './relay-session.js';

const MAX_ERRORS = 10;

export class UnknownServerError extends Error {}
export class DownstreamFailedError extends Error {}

interface ServerState {
  sessions: Set<RelaySession>;
  lastRequestAt: string | null;
  errors: string[];
  /** The roots it was last given by this gate (else read from history). */
  roots: RootsGiven | null;
}

export class Proxies {
  private readonly state = new Map<string, ServerState>();
  private readonly listeners: (() => void)[] = [];

  constructor(
    readonly config: ConfigStore,
    readonly hold: Hold,
    private readonly log: Logger,
    /** The newest sampling request on record, for servers not seen since this gate started. */
    private readonly lastRecorded: (serverId: string) => string | null = () => null,
    /** The roots a server was last given, on record, for servers not asked since this gate started. */
    private readonly lastRoots: (serverId: string) => RootsGiven | null = () => null,
    /** The user's grants: shown per server, and a session's end ends its own. */
    private readonly grants?: GrantStore,
  ) {}

  /** The grants changed (made, used, revoked): the Servers view shows them. */
  grantsChanged(): void {
    this.changed();
  }

  /** A server was given these roots (the Servers view shows them). */
  noteRoots(serverId: string, uris: string[]): void {
    this.stateOf(serverId).roots = { uris, at: new Date().toISOString() };
    this.changed();
  }

  /** Called whenever sessions, last request or errors change. */
  onChange(listener: () => void): void {
    this.listeners.push(listener);
  }

  has(serverId: string): boolean {
    return Object.hasOwn(this.config.config.servers, serverId);
  }

  /**
   * Start the server's downstream and join it to `client`. The client transport is started here,
   * after the downstream, so no client message arrives before there is somewhere to send it.
   */
  async open(serverId: string, client: Transport, opts: { routesByRequest?: boolean; sessionId?: string; startClient?: boolean; exchange?: boolean } = {}): Promise<RelaySession> {
    const server = this.config.config.servers[serverId];
    if (!server) throw new UnknownServerError(`no server "${serverId}" in ${this.config.file}`);
    const st = this.stateOf(serverId);
    const downstream = await createDownstream(serverId, server, this.log);
    try {
      await downstream.transport.start();
    } catch (err) {
      const tail = downstream.stderrTail().trim().split('\n').slice(-3).join(' | ');
      const message = `could not start server "${serverId}" (${describe(server)}): ${(err as Error).message}${tail ? ` — ${tail}` : ''}`;
      this.recordError(serverId, message);
      throw new DownstreamFailedError(message);
    }
    const session = new RelaySession({
      serverId,
      sessionId: opts.sessionId ?? randomUUID(),
      client,
      downstream: downstream.transport,
      hold: this.hold,
      log: this.log,
      routesByRequest: opts.routesByRequest ?? false,
      exchange: opts.exchange ?? false,
      onSamplingRequest: () => {
        st.lastRequestAt = new Date().toISOString();
        this.changed();
      },
    });
    session.attach();
    downstream.transport.onclose = chain(downstream.transport.onclose, () => {
      const tail = downstream.stderrTail().trim();
      if (tail && /error|exception|fatal/i.test(tail)) this.recordError(serverId, `server "${serverId}" exited: ${tail.split('\n').slice(-2).join(' | ')}`);
    });
    st.sessions.add(session);
    session.onClose(() => {
      st.sessions.delete(session);
      this.grants?.endSession(session.sessionId);
      this.changed();
    });
    if (opts.startClient !== false) await client.start();
    this.changed();
    return session;
  }

  status(): ServerStatus[] {
    return Object.entries(this.config.config.servers).map(([id, server]) => {
      const st = this.state.get(id);
      const policy = this.config.policyFor(id);
      const managed = serverManaged(policy);
      return {
        ...(managed ? { managed } : {}),
        id,
        trust: policy.trust,
        transport: isCommandServer(server) ? 'stdio' : 'http',
        sessions: st?.sessions.size ?? 0,
        lastRequestAt: st?.lastRequestAt ?? this.lastRecorded(id),
        errors: st?.errors ?? [],
        roots: st?.roots ?? this.lastRoots(id),
        grants: this.grants?.list(id) ?? [],
        target: describe(server),
      };
    });
  }

  sessionCount(): number {
    let n = 0;
    for (const st of this.state.values()) n += st.sessions.size;
    return n;
  }

  async closeAll(reason: string): Promise<void> {
    const all = [...this.state.values()].flatMap((s) => [...s.sessions]);
    await Promise.allSettled(all.map((s) => s.close(new Cancellation('gate', reason))));
  }

  private recordError(serverId: string, message: string): void {
    this.log.warn(message);
    const st = this.stateOf(serverId);
    st.errors = [...st.errors, `${new Date().toISOString()} ${message}`].slice(-MAX_ERRORS);
    this.changed();
  }

  private stateOf(serverId: string): ServerState {
    let st = this.state.get(serverId);
    if (!st) {
      st = { sessions: new Set(), lastRequestAt: null, errors: [], roots: null };
      this.state.set(serverId, st);
    }
    return st;
  }

  private changed(): void {
    for (const l of this.listeners) l();
  }
}

/** What the servers view shows as the target: command line or URL, never env values or headers. */
function describe(server: ServerConfig): string {
  return isCommandServer(server) ? [server.command, ...server.args].join(' ') : server.url;
}

function chain(a: (() => void) | undefined, b: () => void): () => void {
  return () => {
    a?.();
    b();
  };
}
