/**
 * What goes into and comes out of the hold, whatever the kind of request (sampling, elicitation,
 * roots) and whoever answers it (the client, or the gate itself: a provider, the user's own form).
 * The relay, the 2026 input_required handling and every kind speak these types.
 */
import type { HoldVia } from '../../shared/elicitation.js';
import type { AnswerPlan, Era, HoldKind, TokenCount } from '../../shared/types.js';
import type { ClientCaps } from './client-caps.js';

export type { ClientCaps } from './client-caps.js';

export interface HoldRequest {
  kind: HoldKind;
  serverId: string;
  sessionId: string;
  era: Era;
  /** The params exactly as received; validated by the kind, never before. */
  params: unknown;
  /** What the client declared it can do (initialize in 2025, each request's `_meta` in 2026). */
  client: ClientCaps;
  /** Aborted when the server cancels or either side disconnects: nothing is forwarded after that. */
  signal: AbortSignal;
  /** How it arrived; `request` when not said. */
  via?: HoldVia;
}

/** A JSON-RPC error for the server (2025), the error or tool error for the client (2026). */
export interface Refusal {
  code: number;
  message: string;
  data: { reason: string; rule?: string; eventId: string };
}

/**
 * `forward`: on to the client — or, with `answer`, to the gate's provider (its plan).
 * `answered`: the user answered it in the gate's own dialog (an elicitation's form): the result.
 */
export type Admission =
  | { kind: 'forward'; eventId: string; params: Record<string, unknown>; answer?: AnswerPlan }
  | { kind: 'answered'; eventId: string; result: Record<string, unknown> }
  | { kind: 'refuse'; eventId: string; refusal: Refusal }
  | { kind: 'cancelled'; eventId: string };

/** What the client answered: a result, or a JSON-RPC error. */
export type ClientAnswer = { result: unknown } | { error: { code: number; message: string; data?: unknown } };

/** What a provider answer adds to the row: who answered, the model id returned, usage and cost. */
export interface AnswerMeta {
  answeredBy: string;
  model: string;
  usage: TokenCount;
  costUsd: number | null;
}

export type Completion = { kind: 'result'; result: Record<string, unknown> } | { kind: 'refuse'; refusal: Refusal } | { kind: 'cancelled' };

/** Who answers one kind of request for a client: the client, the gate itself, or nobody (refused). */
export type Route = { by: 'client' } | { by: 'gate'; providerId?: string } | { by: 'none'; reason: string };

/** The session id of a 2026-07-28 stateless HTTP exchange: one request, no session to grant anything for. */
export const statelessSessionId = (uuid: string): string => `stateless-${uuid}`;
export const isStatelessSession = (sessionId: string): boolean => sessionId.startsWith('stateless-');
