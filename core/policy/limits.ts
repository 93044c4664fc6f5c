/**
 * Step 4 of the decision order: rate limits and the daily token budget, derived from history
 * (UsageSource) so they survive a restart. Windows are rolling: the last 60 s, 60 min and 24 h,
 * and the whole client session. A request over a limit is denied at once — a flood never reaches
 * the human's queue.
 *
 * In the snapshot, request windows count this request too (`used > limit` refuses it), so the
 * dialog reads "3 of 5 this minute" for the third request; `tokensToday` is what was charged before
 * it (`used + maxTokens > budget` refuses it).
 */
import type { EffectivePolicy } from '../../shared/config-schema.js';
import type { UsageSnapshot } from '../../shared/types.js';
import { ERROR_CODES } from './types.js';
import type { PolicyContext } from './types.js';
import type { Refusal } from './validate.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export interface LimitCheck {
  usage: UsageSnapshot | null;
  refusal: Refusal | null;
}

export function readUsage(ctx: PolicyContext, policy: EffectivePolicy): UsageSnapshot {
  const { usage: source, serverId, sessionId, now } = ctx;
  const since = (ms: number): Date => new Date(now.getTime() - ms);
  // Count this request exactly once, whether or not the caller recorded it before asking.
  const self = ctx.usageIncludesRequest === false ? 1 : 0;
  const count = (from: Date, session?: string): number => source.countRequests(serverId, from, session) + self;
  const { perMinute, perHour, perDay, perSession } = policy.rateLimit;
  return {
    minute: { used: count(since(MINUTE)), limit: perMinute },
    hour: { used: count(since(HOUR)), limit: perHour },
    day: { used: count(since(DAY)), limit: perDay },
    session: { used: count(new Date(0), sessionId), limit: perSession },
    tokensToday: { used: source.tokensUsed(serverId, since(DAY)), limit: policy.tokenBudgetPerDay },
    ...(policy.costBudgetPerDay !== null || ctx.estimatedCostUsd !== undefined
      ? { costToday: { used: source.costUsed?.(serverId, since(DAY)) ?? 0, limit: policy.costBudgetPerDay } }
      : {}),
  };
}

const WINDOWS = [
  ['minute', 'limit.perMinute', 'in the last minute'],
  ['hour', 'limit.perHour', 'in the last hour'],
  ['day', 'limit.perDay', 'in the last 24 hours'],
  ['session', 'limit.perSession', 'in this client session'],
] as const;

export function checkLimits(ctx: PolicyContext, charge: number): LimitCheck {
  let usage: UsageSnapshot;
  try {
    usage = readUsage(ctx, ctx.policy);
  } catch (error) {
    // Without history we cannot tell a flood from a trickle: refuse rather than guess.
    const detail = error instanceof Error ? error.message : String(error);
    return { usage: null, refusal: { rule: 'limit.unavailable', reason: `usage history is unavailable (${detail})`, code: ERROR_CODES.denied } };
  }
  for (const [key, rule, when] of WINDOWS) {
    const { used, limit } = usage[key];
    if (limit !== null && used > limit) {
      return { usage, refusal: { rule, reason: `rate limit: this is request ${used} ${when}; the limit is ${limit}`, code: ERROR_CODES.denied } };
    }
  }
  // Spend counts only provider answers (the client's own model costs the gate nothing it can see).
  const cost = usage.costToday;
  const estimate = ctx.estimatedCostUsd ?? 0;
  if (cost && cost.limit !== null && cost.used + estimate > cost.limit) {
    return {
      usage,
      refusal: {
        rule: 'limit.costBudgetPerDay',
        reason: `daily cost budget: $${round(cost.used)} of $${cost.limit} spent in the last 24 hours; this request may cost up to $${round(estimate)}`,
        code: ERROR_CODES.denied,
      },
    };
  }
  const { used, limit } = usage.tokensToday;
  if (limit !== null && used + charge > limit) {
    return {
      usage,
      refusal: {
        rule: 'limit.tokenBudgetPerDay',
        reason: `daily token budget: ${used} of ${limit} tokens used in the last 24 hours; this request asks for ${charge}`,
        code: ERROR_CODES.denied,
      },
    };
  }
  return { usage, refusal: null };
}

function round(usd: number): string {
  return usd >= 0.01 ? usd.toFixed(2) : usd.toPrecision(2);
}
