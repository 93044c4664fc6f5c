/**
 * The seam between the sampling hold (core/sampling) and the policy engine (core/policy).
 * The hold calls `evaluateRequest` once per request, before anything is shown or forwarded.
 */
import type { EffectivePolicy } from '../../shared/config-schema.js';
import type { Era, RiskFlag, UsageSnapshot } from '../../shared/types.js';

/** What the client declared under `capabilities.sampling` at initialize (2025) or in `_meta` (2026). */
export interface ClientSamplingCapability {
  /** The client declared `sampling` at all. */
  supported: boolean;
  /** `sampling.tools`: may receive tools / toolChoice. */
  tools: boolean;
  /** `sampling.context`: may receive includeContext other than "none". */
  context: boolean;
}

/** Counts derived from history, so limits survive a restart. Implemented by the history store. */
export interface UsageSource {
  /**
   * Requests from this server admitted (not refused by a rate limit / budget) since `since`,
   * optionally only in one client session. May include the request being evaluated (the sampling
   * hold records it before evaluating); PolicyContext.usageIncludesRequest says which.
   */
  countRequests(serverId: string, since: Date, sessionId?: string): number;
  /** Tokens charged to this server since `since`. */
  tokensUsed(serverId: string, since: Date): number;
  /** USD spent on provider answers for this server since `since` (costBudgetPerDay). */
  costUsed?(serverId: string, since: Date): number;
}

export interface PolicyContext {
  serverId: string;
  sessionId: string;
  era: Era;
  policy: EffectivePolicy;
  client: ClientSamplingCapability;
  usage: UsageSource;
  now: Date;
  /**
   * Time budget for each pass of config.yaml content rules (deny rules, then flag rules), which run
   * in a worker because a user regex can backtrack for minutes. Default 250 ms (content-rules.ts).
   */
  contentRuleTimeoutMs?: number;
  /**
   * Whether `usage.countRequests` already counts the request being evaluated, because the caller
   * recorded it in history first (the sampling hold does). Default true; pass false when
   * evaluating a request that is not in history (tests, `policy explain` dry runs).
   */
  usageIncludesRequest?: boolean;
  /**
   * The most a provider answer to this request could cost (maxTokens at the chosen model's prices),
   * counted against costBudgetPerDay. Undefined when the client answers.
   */
  estimatedCostUsd?: number;
}

/**
 * JSON-RPC error codes a refusal is sent with: invalid params/request/parse for protocol
 * violations, -1 (CONTRACT.md section 6) for every policy or human denial.
 */
export const ERROR_CODES = { parse: -32700, invalidRequest: -32600, invalidParams: -32602, denied: -1 } as const;

export type PolicyVerdict =
  | { action: 'deny'; rule: string; reason: string; code: number; flags: RiskFlag[]; usage: UsageSnapshot | null }
  | { action: 'approve'; rule: string; reason: string; flags: RiskFlag[]; usage: UsageSnapshot | null }
  | { action: 'ask'; rule: null; reason: null; flags: RiskFlag[]; usage: UsageSnapshot | null };

/** One step of the evaluation, kept so `policy explain` can print how a decision was reached. */
export type { PolicyTraceStep } from '../../shared/types.js';
