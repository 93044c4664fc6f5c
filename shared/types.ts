/**
 * Domain types shared by the gate core, the CLI, the Electron shell and the renderer.
 * Pure data: no Node, no DOM, no Electron (VS Code's `common` layer).
 */
import type { Grant, GrantRequest } from './grants.js';
import type { ElicitationDetail } from './elicitation.js';
import type { RootsDetail, RootsGiven } from './roots.js';

export const TRUST_LEVELS = ['deny', 'ask', 'trust'] as const;
export type Trust = (typeof TRUST_LEVELS)[number];

/** Which protocol shape carried the request (CONTRACT.md section 1). */
export type Era = '2025-11-25' | '2026-07-28';

/**
 * The kinds of server-initiated request the gate holds (CONTRACT.md section 10): each is a room of
 * its own behind the one hold (core/hold/), and history, the queue and the CLI tell them apart.
 */
export const HOLD_KINDS = ['sampling', 'elicitation', 'roots'] as const;
export type HoldKind = (typeof HOLD_KINDS)[number];

export const OUTCOMES = [
  'pending',
  'approved',
  'edited',
  'denied',
  'auto-approved',
  'auto-denied',
  'timed-out',
  'cancelled',
  'failed',
] as const;
/** `pending` until decided; the other values are CONTRACT.md section 6. */
export type Outcome = (typeof OUTCOMES)[number];

/** `user (session)` / `user (timed)`: approved by a grant the user made (shared/grants.ts). */
export type DecidedBy = 'user' | 'user (session)' | 'user (timed)' | 'policy' | 'timeout' | 'server' | 'client' | 'gate';

export type Severity = 'info' | 'low' | 'medium' | 'high';

/** A risk flag: stable id, severity, and where in the request it was found so the UI can highlight it. */
export interface RiskFlag {
  id: string;
  severity: Severity;
  message: string;
  /** JSON-pointer-like path into the sampling params, e.g. `/messages/0/content/text`. */
  path?: string;
  /** Character offsets into the string at `path`. */
  start?: number;
  end?: number;
  /** The offending text (truncated), for terminals that cannot highlight. */
  excerpt?: string;
}

/** The sampling params exactly as the server sent them (the `params` of sampling/createMessage). */
export type SamplingParams = Record<string, unknown>;

/**
 * One held event (a sampling, elicitation or roots request): the history row and the
 * pending-request view are both cut from this. The name is from when sampling was the only kind.
 */
export interface SamplingEvent {
  id: string;
  /** What the server asked for; rows from before kinds existed are `sampling`. */
  kind: HoldKind;
  server: string;
  sessionId: string;
  era: Era;
  receivedAt: string;
  decidedAt: string | null;
  completedAt: string | null;
  outcome: Outcome;
  decidedBy: DecidedBy | null;
  rule: string | null;
  reason: string | null;
  request: unknown;
  finalRequest: unknown | null;
  response: unknown | null;
  flags: RiskFlag[];
  /** Tokens charged against the budget: requested maxTokens on approval, corrected by the completion. */
  tokens: number | null;
  /**
   * How the policy reached its verdict, step by step (`policy explain`). Null when the request was
   * never evaluated (a policy error) or was recorded before traces were kept. Optional so views
   * built before it still type-check.
   */
  trace?: PolicyTraceStep[] | null;
  /** Risk flags found in the completion (paths start at `/content`); null until one arrives. */
  responseFlags?: RiskFlag[] | null;
  /** Who produced the completion: `client`, or `provider:<id>` when the gate answered (CONTRACT §7). */
  answeredBy?: string | null;
  /** The model id in the completion (for a provider: the id the provider returned). */
  model?: string | null;
  /** Tokens the provider reported; null when the client answered or the call failed. */
  usage?: TokenCount | null;
  /** usage × the model's configured prices; null when unknown, never charged for a failure. */
  costUsd?: number | null;
  /** The provider plan shown when it was decided (model, why, parameters not applied, estimate). */
  answer?: AnswerPlan | null;
  /** What only this kind records (elicitation: mode, who answered, secret fields, the URL's parts). */
  detail?: EventDetail | null;
}

/** A row's kind-specific record (the `detail` column). */
export type EventDetail = ElicitationDetail | RootsDetail | Record<string, unknown>;

/**
 * One history row as a list shows it (`history.list`): everything but the bodies — the request,
 * edit, completion and trace are fetched with `history.get` when the row is opened.
 */
export interface SamplingSummary {
  id: string;
  kind: HoldKind;
  server: string;
  receivedAt: string;
  outcome: Outcome;
  decidedBy: DecidedBy | null;
  rule: string | null;
  /** The request's last message text on one line, cut to 120 characters. */
  preview: string;
  /** Each flag's id, severity and message (where it points and what it quotes come with the event). */
  flags: Pick<RiskFlag, 'id' | 'severity' | 'message'>[];
  tokens: number | null;
  answeredBy: string | null;
  model: string | null;
  usage: TokenCount | null;
  costUsd: number | null;
  /** The model the gate had chosen when the user switched to another (AnswerPlan.switchedFrom). */
  switchedFrom: string | null;
}

export interface TokenCount {
  inputTokens: number;
  outputTokens: number;
}

/** One configured model the dialog can switch to, with what it would cost and not apply. */
export interface ModelOption {
  name: string;
  aliases: string[];
  estimatedCostUsd: number | null;
  /** Requested parameters this model's API would not be sent (shown, recorded). */
  notApplied: string[];
  /** Why this model cannot take the request (e.g. audio); non-empty: it cannot be chosen. */
  refusals: string[];
}

/**
 * How the gate will answer a request itself (CONTRACT.md section 8): which provider and model, why
 * that model, the estimated cost, and what of the request the provider's API will not apply.
 */
export interface AnswerPlan {
  providerId: string;
  kind: 'anthropic' | 'openai';
  /** The configured model name chosen (the completion's `model` is the id the provider returns). */
  model: string;
  /** How the model was chosen: a hint that matched, the priorities, the default, or the user. */
  why: string;
  estimatedCostUsd: number | null;
  notApplied: string[];
  refusals: string[];
  /** Every configured model of the provider, for the dialog's switch. */
  models: ModelOption[];
  /** Set when the user switched model before approving: the model the gate had chosen. */
  switchedFrom?: string;
}

/** One step of the policy's evaluation (docs/policy.md, decision order). */
export interface PolicyTraceStep {
  step: 'validity' | 'trust-deny' | 'hard-rules' | 'limits' | 'trust-approve' | 'grant' | 'ask';
  outcome: 'pass' | 'deny' | 'approve' | 'ask';
  rule?: string;
  detail?: string;
  /** Set when the value that decided this step came from the managed policy (issue 12). */
  managed?: { file: string; key: string; locked: boolean };
}

/** A request waiting for a human (CONTRACT.md section 7, `pending --json`). */
export interface PendingRequest {
  id: string;
  kind: HoldKind;
  server: string;
  sessionId: string;
  receivedAt: string;
  /** When the approval timeout denies it. */
  expiresAt: string;
  /**
   * `request`: a sampling request to decide; `answering`: approved, the gate's provider is writing
   * the completion (it can be stopped); `response`: a completion to review (reviewResponses).
   */
  stage: 'request' | 'answering' | 'response';
  era: Era;
  trust: Trust;
  request: SamplingParams;
  /** Present at the `response` stage: the client's CreateMessageResult. */
  response?: unknown;
  flags: RiskFlag[];
  usage?: UsageSnapshot;
  /** Present when the gate answers with a provider rather than the client. */
  answer?: AnswerPlan;
  /** At the `answering` stage: the completion's text so far. */
  partial?: string;
  /** An elicitation: its mode, who answers, secret fields, the URL taken apart. */
  elicitation?: ElicitationDetail;
  /** A roots list to review (roots.trust ask): what the server would get, and what was removed. */
  roots?: RootsDetail;
  /**
   * What the user may decide for later requests besides this one (issue 23): approve for this
   * session, for some minutes, always (trust), never (deny). Absent: none of them.
   */
  grants?: { session: boolean; minutes: boolean; always: boolean; never: boolean };
}

/** Fields of a listed pending request that changed (a provider's streamed text, say), with its id. */
export type PendingPatch = { id: string } & Partial<Omit<PendingRequest, 'id'>>;

/**
 * What changed in the approval queue since the last event (`approvals.changed`), never the whole
 * queue: requests that arrived (or whose view was replaced, as when a completion comes up for
 * review), fields that changed on listed ones, and ids that stopped waiting. Applying a delta
 * twice, or one already covered by `approvals.list`, changes nothing.
 */
export interface PendingDelta {
  added?: PendingRequest[];
  changed?: PendingPatch[];
  removed?: string[];
}

/** What a server has used against its limits, shown in the dialog. */
export interface UsageSnapshot {
  minute: { used: number; limit: number | null };
  hour: { used: number; limit: number | null };
  day: { used: number; limit: number | null };
  session: { used: number; limit: number | null };
  tokensToday: { used: number; limit: number | null };
  /** USD spent on provider answers in the last 24 h, against costBudgetPerDay. */
  costToday?: { used: number; limit: number | null };
}

/**
 * `model`: answer with this configured model instead of the one chosen (recorded as an edit).
 * `grant`: approve this one and decide the same later (shared/grants.ts); `never`: deny, and set
 * the server's trust to deny.
 * `answer`: the user's own answer to an elicitation the gate answers (the form's content, or a
 * URL's consent); `approve` forwards a held request to the client, `deny` refuses it.
 */
export type Decision =
  | { kind: 'approve'; model?: string; grant?: GrantRequest }
  | { kind: 'approve-edited'; request: SamplingParams; model?: string }
  | { kind: 'deny'; reason?: string; never?: true }
  | { kind: 'answer'; action: 'accept' | 'decline' | 'cancel'; content?: Record<string, unknown> };

/** Review of a completion (reviewResponses): approve as is, replace it, or deny. */
export type ResponseDecision =
  | { kind: 'approve' }
  | { kind: 'approve-edited'; response: unknown }
  | { kind: 'deny'; reason?: string };

export type Transport = 'stdio' | 'http';

export interface ServerStatus {
  id: string;
  trust: Trust;
  transport: Transport;
  /** Live client sessions through this server's proxy. */
  sessions: number;
  lastRequestAt: string | null;
  /** Downstream spawn/connect failures, newest last. */
  errors: string[];
  /** The server's entry as configured (command/url, args, …) without secrets. */
  target: string;
  /** Present while a managed policy is in force: what it decides here (the UI shows these as locked). */
  managed?: ServerManaged;
  /** The roots this server was last given (null: never asked). */
  roots?: RootsGiven | null;
  /** The grants in force for this server ("approve for this session / for N minutes"). */
  grants?: Grant[];
}

/** What the managed policy decides for one server (issue 12). */
export interface ServerManaged {
  file: string;
  /** Policy keys locked for this server (`trust`, `maxTokensCap`, `rateLimit.perMinute`, …). */
  locked: string[];
  /** Policy keys whose value in force is the managed one → the managed file's key (`defaults.trust`). */
  decided: Record<string, string>;
  /** Why the managed policy denies this server outright (a broken file, a server not allowed), or null. */
  refusal: string | null;
}

export interface ConfigProblem {
  file: string;
  line: number | null;
  column: number | null;
  path: string;
  message: string;
  /**
   * Absent or `invalid`: config.yaml is invalid, the last good config keeps running. `locked`: a
   * config.yaml setting the managed policy locks — ignored, the managed value applies. `managed`:
   * the managed policy file is broken — every sampling request is denied until it is fixed.
   */
  kind?: 'invalid' | 'locked' | 'managed';
}

export interface HistoryQuery {
  kind?: HoldKind;
  server?: string;
  outcome?: Outcome;
  /** The model id the completion named (issue 23: a bar of the cost chart). */
  model?: string;
  since?: string;
  until?: string;
  search?: string;
  limit?: number;
  offset?: number;
}
