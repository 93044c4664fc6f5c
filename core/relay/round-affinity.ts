/**
 * 2026-era rounds of command servers behind the HTTP endpoint. A stateless exchange gets its own
 * server process; when that process answers `input_required`, the client's retry must reach the
 * same process — a server may keep the round's state in memory, or seal its `requestState` with a
 * key only that process holds (the official Python SDK's MCPServer does). So the process that
 * asked is parked under the round id sealed into `requestState` (input-required.ts) until the retry
 * arrives, for at most the idle timeout, and at most `maxRounds` of them at once (the oldest is
 * stopped first). A retry for a round that ended here gets a clear error at once, never a hang.
 * docs/era-2026.md, "Round affinity".
 */
import type { Logger } from '../log.js';
import { Cancellation } from '../hold/cancellation.js';
import { endRound } from './input-rounds.js';
import type { RelaySession } from './relay-session.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import type { Msg, RpcId } from './envelope.js';
import type { FlowControlled } from './flow.js';

export interface RoundLimits {
  /** How long a parked process waits for its retry. */
  idleMs: number;
  /** Parked processes at once, over all servers. */
  maxRounds: number;
}

export const DEFAULT_ROUND_LIMITS: RoundLimits = { idleMs: 300_000, maxRounds: 32 };
/** Ended rounds remembered, so a late retry is told why rather than sent to a stranger process. */
const ENDED_MEMORY = 1024;

/** The limits, with SAMPLING_GATE_ROUND_IDLE_SECONDS and SAMPLING_GATE_MAX_ROUNDS as overrides. */
export function roundLimitsFrom(env: NodeJS.ProcessEnv = process.env): RoundLimits {
  const positive = (v: string | undefined): number | null => {
    const n = Number(v);
    return v !== undefined && Number.isFinite(n) && n > 0 ? n : null;
  };
  const idle = positive(env.SAMPLING_GATE_ROUND_IDLE_SECONDS);
  const max = positive(env.SAMPLING_GATE_MAX_ROUNDS);
  return {
    idleMs: idle === null ? DEFAULT_ROUND_LIMITS.idleMs : Math.round(idle * 1000),
    maxRounds: max === null ? DEFAULT_ROUND_LIMITS.maxRounds : Math.floor(max),
  };
}

/** A server process kept for one round, with the channel its exchanges travel on. */
export interface RoundProcess {
  serverId: string;
  relay: RelaySession;
  channel: ExchangeChannel;
}

interface Parked extends RoundProcess {
  roundId: string;
  timer: NodeJS.Timeout;
}

export class RoundAffinity {
  /** Insertion order is parking order: the first entry is the oldest. */
  private readonly parked = new Map<string, Parked>();
  private readonly ended = new Map<string, string>();

  constructor(
    private readonly log: Logger,
    readonly limits: RoundLimits = roundLimitsFrom(),
  ) {}

  get size(): number {
    return this.parked.size;
  }

  /** Keep `proc` until the retry of `roundId` arrives. */
  park(roundId: string, proc: RoundProcess): void {
    while (this.parked.size >= this.limits.maxRounds) {
      const oldest = this.parked.values().next().value;
      if (!oldest) break;
      this.end(oldest, `more than ${this.limits.maxRounds} rounds were waiting for their retry, and this was the oldest`);
    }
    const timer = setTimeout(() => {
      const p = this.parked.get(roundId);
      if (p) this.end(p, `the client did not retry within ${Math.round(this.limits.idleMs / 1000)}s`);
    }, this.limits.idleMs);
    timer.unref();
    const entry: Parked = { ...proc, roundId, timer };
    this.parked.set(roundId, entry);
    proc.relay.onClose(() => {
      if (this.parked.get(roundId) === entry) this.end(entry, 'the server process exited');
    });
  }

  /** The parked process for a retry of `roundId` (no longer parked: it is busy with the retry). */
  take(roundId: string, serverId: string): RoundProcess | undefined {
    const p = this.parked.get(roundId);
    if (!p || p.serverId !== serverId) return undefined;
    this.parked.delete(roundId);
    clearTimeout(p.timer);
    return { serverId: p.serverId, relay: p.relay, channel: p.channel };
  }

  /** Why a round parked here has ended, or undefined when this gate never parked it. */
  endedWhy(roundId: string): string | undefined {
    return this.ended.get(roundId);
  }

  async closeAll(): Promise<void> {
    const all = [...this.parked.values()];
    this.parked.clear();
    for (const p of all) clearTimeout(p.timer);
    await Promise.allSettled(all.map((p) => p.relay.close(new Cancellation('gate', 'gate stopping'))));
  }

  private end(p: Parked, why: string): void {
    this.parked.delete(p.roundId);
    clearTimeout(p.timer);
    this.ended.set(p.roundId, why);
    if (this.ended.size > ENDED_MEMORY) this.ended.delete(this.ended.keys().next().value!);
    this.log.info(`[${p.serverId}] round ${p.roundId.slice(0, 8)} ended: ${why}; its server process is stopped`);
    // Approved requests of the round will never get their completion: closed as cancelled.
    endRound(p.roundId, `${why}; the server process that asked was stopped`);
    void p.relay.close(new Cancellation('client', why));
  }
}

/** What the client gets for a retry whose round ended here: at once, and saying why. */
export function roundEndedError(id: RpcId, serverId: string, why: string): Msg {
  return {
    jsonrpc: '2.0',
    id,
    error: {
      code: -32602,
      message: `Sampling Gate: this retry's round with server "${serverId}" has ended (${why}); the server process that asked for the input is gone — call the tool again`,
      data: { reason: 'round-ended' },
    },
  };
}

/**
 * The client side of a command server's stateless exchanges: each `exchange` delivers one POSTed
 * request to the relay and passes on what comes back for it — notifications as they come (to
 * `onNotification`, which writes them to the client), then its response. A parked round's process
 * gets its retry as the next exchange on the same channel. Flow-controlled (flow.ts): the writer
 * says when the client is behind, and the session stops reading the server until it caught up.
 */
export class ExchangeChannel implements Transport, FlowControlled {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage) => void;
  onbackpressure?: (congested: boolean) => void;
  private current: { id: unknown; onNotification: (m: Msg) => void; settle: (m: Msg | null) => void } | null = null;
  private closed = false;

  async start(): Promise<void> {
    // Requests are delivered by exchange().
  }

  exchange(request: Msg, onNotification: (m: Msg) => void): Promise<Msg | null> {
    return new Promise((resolve) => {
      if (this.closed) return resolve(null);
      this.current = {
        id: request.id,
        onNotification,
        settle: (answer) => {
          this.current = null;
          resolve(answer);
        },
      };
      this.onmessage?.(request as JSONRPCMessage);
    });
  }

  async send(message: JSONRPCMessage): Promise<void> {
    const m = message as Msg;
    const cur = this.current;
    // Between exchanges nobody listens; a server→client request has no way back (the 2026 era forbids it).
    if (!cur) return;
    if ('id' in m && m.id === cur.id && ('result' in m || 'error' in m)) cur.settle(m);
    else if (!('id' in m)) cur.onNotification(m);
  }

  /** One POST per exchange: there is no more client input to hold back. */
  pauseInput(): void {}
  resumeInput(): void {}

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.current?.settle(null);
    this.onclose?.();
  }
}
