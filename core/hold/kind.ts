/**
 * What one kind of server-initiated request brings to the hold (STYLE.md "One pipeline, a room per
 * kind"): its validation, flags and policy (`judge`), what the user decides on it (`checkDecision`,
 * `decided`), how a client's answer is checked (`complete`), who may answer (`route`) and what the
 * server is told the client can do (`advertise`). The hold (hold.ts) owns everything they share:
 * the history row, pacing, the approval queue, timeouts, cancellation and the messages a refusal
 * carries. core/sampling/, core/elicitation/ and core/roots/ each implement this once.
 */
import type { EffectivePolicy } from '../../shared/config-schema.js';
import type { Result } from '../../shared/result.js';
import type { AnswerPlan, Decision, HoldKind, Outcome, PendingRequest, PolicyTraceStep, ResponseDecision, RiskFlag, UsageSnapshot } from '../../shared/types.js';
import type { EventUpdate, HistoryStore } from '../history/history-store.js';
import type { UsageSource } from '../policy/types.js';
import type { Waited } from './approval-queue.js';
import type { Actor } from './cancellation.js';
import type { Admission, AnswerMeta, ClientCaps, Completion, HoldRequest, Refusal, Route } from './types.js';

export interface JudgeContext {
  eventId: string;
  policy: EffectivePolicy;
  /** What this kind's rate limits count (each kind counts its own requests). */
  usage: UsageSource;
  now: Date;
}

/** Refused before anyone is asked, and how the row records it. */
export interface Refused {
  outcome: Outcome;
  by: 'policy' | 'user' | 'timeout' | 'gate';
  rule: string | null;
  reason: string;
  code: number;
}

/** What the kind made of a request: refused, approved by policy, or held for the user. */
export interface Judgement {
  refused?: Refused;
  verdict: 'approve' | 'ask';
  rule: string | null;
  reason: string | null;
  flags: RiskFlag[];
  trace: PolicyTraceStep[];
  usage: UsageSnapshot | null;
  /** The request as it goes on unless the user changes it. */
  params: Record<string, unknown>;
  /** The gate's provider answers instead of the client (sampling). */
  answer?: AnswerPlan;
  /**
   * The policy answers it itself, and nobody is asked (roots under `deny`: an empty list). The row
   * records `outcome` by policy with this rule and reason; `result` goes to the server.
   */
  answered?: { outcome: Outcome; rule: string; reason: string; result: Record<string, unknown> };
  /** Recorded with the verdict: who answers, the kind's detail. */
  record?: EventUpdate;
  /** Recorded when policy approves (sampling: the tokens charged). */
  onApprove?: EventUpdate;
  /** What the dialog shows beyond what every kind shows. */
  view?: Partial<PendingRequest>;
}

/** What a user's decision makes of a held request. */
export type Decided =
  /** Goes on to whoever answers: the client, or the gate's provider (`answer`). */
  | { kind: 'forward'; outcome: Outcome; update: EventUpdate; params: Record<string, unknown>; answer?: AnswerPlan }
  /** The user answered it in the gate's own dialog (an elicitation's form): this is the result. */
  | { kind: 'answered'; outcome: Outcome; update: EventUpdate; result: Record<string, unknown> }
  | ({ kind: 'refuse' } & Refused);

/** The hold's steps a kind may take while completing a request, so a row ends the same way for every kind. */
export interface HoldSteps {
  record(eventId: string, update: EventUpdate): void;
  refuse(eventId: string, r: Refused): Refusal;
  cancelled(eventId: string, reason: string, by: Actor): void;
  waitFor<D extends Decision | ResponseDecision>(view: PendingRequest, signal: AbortSignal, check: (d: D) => Result<D>): Promise<Waited<D>>;
  /** The row as recorded so far (queued changes included). */
  event(eventId: string): ReturnType<HistoryStore['get']>;
  now(): Date;
}

/** What a kind may do with the hold when it sees more than its own requests (Kind.see). */
export interface HoldAccess {
  admit(req: HoldRequest): Promise<Admission>;
  /** The user's own answer from admission, recorded as the row's response. */
  answered(eventId: string, req: HoldRequest, result: Record<string, unknown>): Promise<Completion>;
  /** Passed on to the client, which answers out of band (a URL it opens): the row is complete. */
  passedOn(eventId: string): void;
  note(eventId: string, update: EventUpdate): void;
  event(eventId: string): ReturnType<HistoryStore['get']>;
}

/** The session a message from the server belongs to, for what a kind sees beside its own requests. */
export interface SessionContext {
  serverId: string;
  sessionId: string;
  client: ClientCaps;
  /** Aborted when the session ends. */
  signal: AbortSignal;
}

export interface Kind {
  readonly name: HoldKind;
  /** The JSON-RPC method of this kind's request. */
  readonly method: string;
  /** How messages about it begin: "Sampling request", "Elicitation request". */
  readonly label: string;
  /** What the kind loads on its first request (a promise only then); judge runs once it is done. */
  ready?(): Promise<unknown> | null;
  /** Synchronous: the hold records the verdict in the same step, so the next request's limits count it. */
  judge(req: HoldRequest, ctx: JudgeContext): Judgement;
  /** A decision on a request held for the user, checked (and normalised) before it is accepted. */
  checkDecision(d: Decision, req: HoldRequest, judged: Judgement, policy: EffectivePolicy): Result<Decision>;
  decided(d: Decision, req: HoldRequest, judged: Judgement, policy: EffectivePolicy): Decided;
  /** The client answered the forwarded request (`meta`: the gate's provider answered it). */
  complete(eventId: string, req: HoldRequest, answer: { result: unknown }, steps: HoldSteps, meta?: AnswerMeta): Promise<Completion>;
  /** The gate's provider answers an admitted request itself (sampling, CONTRACT.md section 8). */
  provide?(eventId: string, req: HoldRequest, plan: AnswerPlan, params: Record<string, unknown>, steps: HoldSteps): Promise<Completion>;
  /** Who answers this server's requests of this kind for a client with these capabilities. */
  route(serverId: string, client: ClientCaps, params?: unknown): Route;
  /** The capability the server is told the client has (null: not offered). `declared`: the client's own. */
  advertise(serverId: string, client: ClientCaps, declared: unknown): Record<string, unknown> | null;
  /**
   * A message from the server this kind must see besides its own requests (elicitation: a -32042
   * error's URLs, notifications/elicitation/complete). null: not this kind's (relayed as is);
   * otherwise what the client gets instead (null: nothing).
   */
  see?(m: Record<string, unknown>, ctx: SessionContext, hold: HoldAccess): Promise<Record<string, unknown> | null> | null;
  /**
   * In the 2026 era, what the server's retry carries in place of a refused request of this kind
   * (elicitation: a `decline`); null: the call fails with the refusal instead (sampling).
   */
  refusedEntry(refusal: Refusal): Record<string, unknown> | null;
  /**
   * The request's shape as a grant covers it (shared/grants.ts): the features a later request may
   * carry and still be approved by the grant ("tools", "media:image/png"). null, or absent: this
   * kind (or this request: one the gate's own form answers) is never approved by a grant.
   */
  grantFeatures?(req: HoldRequest, judged: Judgement): string[] | null;
}
