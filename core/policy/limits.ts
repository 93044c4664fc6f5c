/**
 * Step 4 of the decision order: rate limits and the daily token budget, derived from history
 * (UsageSource) so they survive a restart. Windows are rolling: the last 60 s, 60 min and 24 h,
 * and the whole client session. A request over a limit is denied at once — a flood never reaches
 * the human's queue.
 *
 * `used` in the snapshot is what history holds before this request; the request is over a
 * limit when `used + 1 > limit` (or, for tokens, `used + maxTokens > budget`).
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
  const { perMinute, perHour, perDay, perSession } = policy.rateLimit;
  return {
    minute: { used: source.countRequests(serverId, since(MINUTE)), limit: perMinute },
    hour: { used: source.countRequests(serverId, since(HOUR)), limit: perHour },
    day: { used: source.countRequests(serverId, since(DAY)), limit: perDay },
    session: { used: source.countRequests(serverId, new Date(0), sessionId), limit: perSession },
    tokensToday: { used: source.tokensUsed(serverId, since(DAY)), limit: policy.tokenBudgetPerDay },
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
    if (limit !== null && used + 1 > limit) {
      return { usage, refusal: { rule, reason: `rate limit: ${used} requests ${when}, limit ${limit}`, code: ERROR_CODES.denied } };
    }
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
