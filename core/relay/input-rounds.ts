/**
 * The 2026-07-28 era's rounds: an `input_required` result the client must answer with a retry of
 * the same call (docs/era-2026.md). The gate seals its round id into the `requestState` the client
 * echoes (`sg1.<round>.-` when the server sent none, `sg1.<round>.+<server's state>` otherwise), and
 * unseals it before the server sees the retry, so the server gets its own bytes back. No session is
 * needed to find the held events again — which is what the stateless 2026 HTTP era requires — and
 * two clients calling the same tool with the same keys cannot be confused.
 */
import { randomUUID } from 'node:crypto';
import type { Hold } from '../hold/hold.js';
import type { HoldRequest } from '../hold/types.js';

/** A client that never retries leaves its approved events open this long, then they are closed as cancelled. */
const ROUND_TTL_MS = 30 * 60 * 1000;

const SEAL = 'sg1.';

export function sealState(roundId: string, original: string | undefined): string {
  return `${SEAL}${roundId}.${original === undefined ? '-' : `+${original}`}`;
}

/** Whether a server's own requestState looks like one the gate sealed (it is then wrapped, see guardState). */
export function looksSealed(value: string): boolean {
  return value.startsWith(SEAL);
}

/** The round id and the server's own requestState, or null when the value is not one the gate sealed. */
export function unsealState(value: unknown): { roundId: string; original: string | undefined } | null {
  if (typeof value !== 'string' || !value.startsWith(SEAL)) return null;
  const dot = value.indexOf('.', SEAL.length);
  if (dot < 0) return null;
  const roundId = value.slice(SEAL.length, dot);
  const flag = value[dot + 1];
  if (flag === '-' && value.length === dot + 2) return { roundId, original: undefined };
  if (flag === '+') return { roundId, original: value.slice(dot + 2) };
  return null;
}

export interface Round {
  id: string;
  serverId: string;
  /** Input request key → the held event the client answers, and the request it was admitted with. */
  events: Map<string, { eventId: string; req: HoldRequest }>;
  /** What the gate already answered itself (its provider, the user's form, a refusal's decline), merged into the retry. */
  provided: Record<string, unknown>;
  hold: Hold;
  timer: NodeJS.Timeout;
}

/**
 * Rounds are found by the unguessable id sealed into requestState, from any session or stateless
 * exchange of the same server, so they live beside the sessions rather than inside one.
 */
const rounds = new Map<string, Round>();

export function openRound(serverId: string, hold: Hold, events: Round['events'], provided: Record<string, unknown> = {}): Round {
  const id = randomUUID();
  const timer = setTimeout(() => {
    if (!rounds.delete(id)) return;
    for (const { eventId } of events.values()) hold.abandon(eventId, 'the client never retried with its answer', 'client');
  }, ROUND_TTL_MS);
  timer.unref();
  const round: Round = { id, serverId, events, provided, hold, timer };
  rounds.set(id, round);
  return round;
}

export function takeRound(id: string, serverId: string): Round | undefined {
  const round = rounds.get(id);
  if (!round || round.serverId !== serverId) return undefined;
  rounds.delete(id);
  clearTimeout(round.timer);
  return round;
}

/**
 * A round whose retry can no longer reach the server that asked (its process was stopped: the
 * client did not retry in time, too many rounds waited): its approved events are closed as cancelled.
 */
export function endRound(id: string, reason: string): void {
  const round = rounds.get(id);
  if (!round) return;
  rounds.delete(id);
  clearTimeout(round.timer);
  for (const { eventId } of round.events.values()) round.hold.abandon(eventId, reason, 'client');
}
