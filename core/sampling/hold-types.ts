/**
 * What goes into and comes out of the sampling hold, whoever answers (the client or the gate's
 * provider). Its own file so the hold and the provider path can share it without importing each other.
 */
import type { AnswerPlan, Era, SamplingParams, TokenCount } from '../../shared/types.js';
import type { ClientSamplingCapability } from '../policy/types.js';

export interface HoldRequest {
  serverId: string;
  sessionId: string;
  era: Era;
  /** The params exactly as received; validated here, never before. */
  params: unknown;
  client: ClientSamplingCapability;
  /** Aborted when the server cancels or either side disconnects: nothing is forwarded after that. */
  signal: AbortSignal;
}

/** A JSON-RPC error for the server (2025) or the tool error for the client (2026). */
export interface Refusal {
  code: number;
  message: string;
  data: { reason: string; rule?: string; eventId: string };
}

/** `answer` present: the gate answers with this provider plan instead of asking the client. */
export type Admission =
  | { kind: 'forward'; eventId: string; params: SamplingParams; answer?: AnswerPlan }
  | { kind: 'refuse'; eventId: string; refusal: Refusal }
  | { kind: 'cancelled'; eventId: string };

/** What the client answered: a CreateMessageResult, or a JSON-RPC error. */
export type ClientAnswer = { result: unknown } | { error: { code: number; message: string; data?: unknown } };

/** What a provider answer adds to the row: who answered, the model id returned, usage and cost. */
export interface AnswerMeta {
  answeredBy: string;
  model: string;
  usage: TokenCount;
  costUsd: number | null;
}

export type Completion = { kind: 'result'; result: Record<string, unknown> } | { kind: 'refuse'; refusal: Refusal } | { kind: 'cancelled' };
