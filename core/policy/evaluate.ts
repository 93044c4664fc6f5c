/**
 * The decision order of CONTRACT.md section 6, one step at a time:
 * protocol validity → trust deny → hard rules → rate limits and budget → trust approves → the human.
 * Returns the verdict and the trace of every step, so `policy explain` can show why.
 * Risk flags are computed for every request that is well-formed enough to read, whatever the verdict.
 */
import type { RiskFlag, UsageSnapshot } from '../../shared/types.js';
import { DEFAULT_RULE_TIMEOUT_MS, applyFlagRules } from './content-rules.js';
import { finishFlags, shapeFlags, textFlags, usageFlags } from './flags.js';
import { checkHardRules } from './hard-rules.js';
import { checkLimits } from './limits.js';
import { chargeOnApproval } from './tokens.js';
import { ERROR_CODES } from './types.js';
import type { PolicyContext, PolicyTraceStep, PolicyVerdict } from './types.js';
import { managedSource } from './managed-source.js';
import { validateRequest } from './validate.js';
import type { Refusal } from './validate.js';
import { collectTexts } from './walk.js';

export interface Evaluation {
  verdict: PolicyVerdict;
  trace: PolicyTraceStep[];
}

/** Refusals after which the request is not read any further: too big, too deep or not text. */
const UNREADABLE = new Set([
  'protocol.invalid-request',
  'protocol.depth',
  'protocol.request-size',
  'protocol.message-size',
  'protocol.too-many-items',
  'protocol.invalid-utf8',
]);

export function evaluateRequest(params: unknown, ctx: PolicyContext): Evaluation {
  const trace: PolicyTraceStep[] = [];
  const ruleTimeoutMs = ctx.contentRuleTimeoutMs ?? DEFAULT_RULE_TIMEOUT_MS;
  let flags: RiskFlag[] = [];
  let usage: UsageSnapshot | null = null;

  const denied = (step: PolicyTraceStep['step'], refusal: Refusal): Evaluation => {
    const managed = managedSource(ctx.policy, refusal.rule);
    const reason = managed && !refusal.rule.startsWith('managed.') ? `${refusal.reason} (managed policy: ${managed.key})` : refusal.reason;
    trace.push({ step, outcome: 'deny', rule: refusal.rule, detail: reason, ...(managed ? { managed } : {}) });
    return { verdict: { action: 'deny', ...refusal, reason, flags: finishFlags(flags), usage }, trace };
  };

  const validation = validateRequest(params, ctx.client);
  const readable = validation.ok || !UNREADABLE.has(validation.refusal.rule);
  const raw = readable ? (params as Record<string, unknown>) : {};
  const texts = readable ? collectTexts(raw) : [];
  if (readable) flags = [...textFlags(texts), ...shapeFlags(raw, ctx.policy)];
  if (!validation.ok) return denied('validity', validation.refusal);
  trace.push({ step: 'validity', outcome: 'pass' });

  // Flag rules inform whatever the verdict, so they run before anything can deny.
  flags.push(...applyFlagRules(ctx.policy.rules, texts, ruleTimeoutMs));

  // The managed policy denies a server it does not allow, and everything while its file is broken.
  const denyAll = ctx.policy.managed?.denyAll;
  if (denyAll) return denied('trust-deny', { rule: denyAll.rule, reason: denyAll.reason, code: ERROR_CODES.denied });
  if (ctx.policy.trust === 'deny') {
    return denied('trust-deny', { rule: 'trust.deny', reason: `server "${ctx.serverId}" is set to deny sampling`, code: ERROR_CODES.denied });
  }
  trace.push({ step: 'trust-deny', outcome: 'pass' });

  const hard = checkHardRules(raw, ctx.policy, texts, ruleTimeoutMs);
  if (hard) return denied('hard-rules', hard);
  trace.push({ step: 'hard-rules', outcome: 'pass' });

  const charge = chargeOnApproval(raw);
  const limits = checkLimits(ctx, charge);
  usage = limits.usage;
  if (usage) flags.push(...usageFlags(usage, charge));
  if (limits.refusal) return denied('limits', limits.refusal);
  trace.push({ step: 'limits', outcome: 'pass', detail: usage ? describeUsage(usage) : undefined });

  if (ctx.policy.trust === 'trust') {
    const reason = `server "${ctx.serverId}" is trusted`;
    const managed = managedSource(ctx.policy, 'trust.trust');
    trace.push({ step: 'trust-approve', outcome: 'approve', rule: 'trust.trust', detail: reason, ...(managed ? { managed } : {}) });
    return { verdict: { action: 'approve', rule: 'trust.trust', reason, flags: finishFlags(flags), usage }, trace };
  }
  trace.push({ step: 'trust-approve', outcome: 'pass' });
  trace.push({ step: 'ask', outcome: 'ask' });
  return { verdict: { action: 'ask', rule: null, reason: null, flags: finishFlags(flags), usage }, trace };
}

function describeUsage(u: UsageSnapshot): string {
  const part = (name: string, w: { used: number; limit: number | null }): string => `${name} ${w.used}/${w.limit ?? '∞'}`;
  return [part('minute', u.minute), part('hour', u.hour), part('day', u.day), part('session', u.session), part('tokens', u.tokensToday)].join(', ');
}
