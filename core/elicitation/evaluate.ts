/**
 * The decision order of an elicitation (CONTRACT.md sections 6 and 10), step by step as sampling's:
 * protocol validity → trust deny → hard rules (URL mode allowed, its host allowed, content rules
 * with `deny`, someone able to answer) → its rate limits → trust approves, unless a high flag or a
 * flag rule says to hold it → the human. Returns the verdict and the trace of every step, and the
 * flags, computed for every request that is readable whatever the verdict.
 */
import type { EffectivePolicy } from '../../shared/config-schema.js';
import type { ElicitationMode } from '../../shared/elicitation.js';
import type { Era, PolicyTraceStep, RiskFlag } from '../../shared/types.js';
import type { Route } from '../hold/types.js';
import { applyDenyRules, applyFlagRules, DEFAULT_RULE_TIMEOUT_MS } from '../policy/content-rules.js';
import { managedSource as managedSourceOf } from '../policy/managed-source.js';
import { finishFlags, textFlags } from '../policy/flags.js';
import type { ManagedKey } from '../../shared/managed-sources.js';
import { ERROR_CODES, type UsageSource } from '../policy/types.js';
import type { Refusal } from '../policy/validate.js';
import { elicitationTexts, pressureFlags, secretFieldFlags, urlFlags, type ServerHome } from './flags.js';
import { hostAllowed } from './url.js';
import { validateElicitation, type ElicitationShape } from './validate.js';

export interface ElicitationContext {
  serverId: string;
  era: Era;
  policy: EffectivePolicy;
  /** Who answers (the client, the gate's own form, or nobody). */
  route: Route;
  home: ServerHome;
  /** Listed by a URL-elicitation-required error: URL mode only. */
  urlOnly?: boolean;
  usage: UsageSource;
  now: Date;
  contentRuleTimeoutMs?: number;
}

export type ElicitationVerdict =
  | { action: 'deny'; rule: string; reason: string; code: number }
  | { action: 'approve'; rule: string; reason: string }
  | { action: 'ask'; rule: null; reason: string | null };

export interface ElicitationEvaluation {
  verdict: ElicitationVerdict;
  trace: PolicyTraceStep[];
  flags: RiskFlag[];
  /** Form fields that ask for secrets: their values are never written. */
  secretFields: string[];
  /** The request as validated (absent when it is not valid). */
  shape: ElicitationShape | null;
  mode: ElicitationMode;
}

/** The managed key each rule enforces, to name it when the managed policy's value decided. */
const RULE_KEYS: Record<string, ManagedKey> = {
  'elicitation.trust.deny': 'elicitation.trust',
  'elicitation.trust.trust': 'elicitation.trust',
  'elicitation.allowUrl': 'elicitation.allowUrl',
  'elicitation.urlHosts': 'elicitation.urlHosts',
  'limit.perMinute': 'elicitation.rateLimit.perMinute',
  'limit.perHour': 'elicitation.rateLimit.perHour',
};
const managedSource = (policy: EffectivePolicy, rule: string) => managedSourceOf(policy, rule, RULE_KEYS);

export function evaluateElicitation(params: unknown, ctx: ElicitationContext): ElicitationEvaluation {
  const { policy, serverId } = ctx;
  const e = policy.elicitation;
  const trace: PolicyTraceStep[] = [];
  const timeout = ctx.contentRuleTimeoutMs ?? DEFAULT_RULE_TIMEOUT_MS;
  const validation = validateElicitation(params, ctx.era, { urlOnly: ctx.urlOnly === true });
  const readable = validation.ok || validation.readable;
  const raw = readable ? (params as Record<string, unknown>) : {};
  const shape = validation.ok ? validation.shape : null;
  const mode: ElicitationMode = raw.mode === 'url' ? 'url' : 'form';
  const texts = readable ? elicitationTexts(raw) : [];
  const secrets = readable ? secretFieldFlags(raw) : { names: [], flags: [] };
  let flags: RiskFlag[] = readable ? [...secrets.flags, ...textFlags(texts), ...pressureFlags(texts)] : [];
  if (shape?.mode === 'url') flags.push(...urlFlags(shape.view, shape.url, ctx.home));

  const result = (verdict: ElicitationVerdict): ElicitationEvaluation => ({ verdict, trace, flags: finishFlags(flags), secretFields: secrets.names, shape, mode });
  const denied = (step: PolicyTraceStep['step'], r: Refusal): ElicitationEvaluation => {
    const managed = managedSource(policy, r.rule);
    trace.push({ step, outcome: 'deny', rule: r.rule, detail: r.reason, ...(managed ? { managed } : {}) });
    return result({ action: 'deny', rule: r.rule, reason: r.reason, code: r.code });
  };
  if (!validation.ok) return denied('validity', validation.refusal);
  trace.push({ step: 'validity', outcome: 'pass' });
  // Flag rules inform whatever the verdict, so they run before anything can deny.
  const ruleFlags = applyFlagRules(policy.rules, texts, timeout);
  flags = [...flags, ...ruleFlags];

  const denyAll = policy.managed?.denyAll;
  if (denyAll) return denied('trust-deny', { rule: denyAll.rule, reason: denyAll.reason, code: ERROR_CODES.denied });
  if (e.trust === 'deny') return denied('trust-deny', { rule: 'elicitation.trust.deny', reason: `server "${serverId}" is set to deny elicitation`, code: ERROR_CODES.denied });
  trace.push({ step: 'trust-deny', outcome: 'pass' });

  const hard = hardRules(validation.shape, ctx, texts, timeout);
  if (hard) return denied('hard-rules', hard);
  trace.push({ step: 'hard-rules', outcome: 'pass' });

  const limit = checkRate(ctx);
  if (limit) return denied('limits', limit);
  trace.push({ step: 'limits', outcome: 'pass' });

  if (ctx.route.by === 'gate') {
    // The gate's own dialog is the form (or the URL's consent): a person answers it, whatever the trust.
    trace.push({ step: 'trust-approve', outcome: 'pass', detail: 'the gate answers: the person fills the form in its dialog' });
    trace.push({ step: 'ask', outcome: 'ask' });
    return result({ action: 'ask', rule: null, reason: null });
  }
  const high = flags.find((f) => f.severity === 'high');
  if (e.trust === 'trust' && !high && ruleFlags.length === 0) {
    const reason = `server "${serverId}" is trusted to elicit`;
    const managed = managedSource(policy, 'elicitation.trust.trust');
    trace.push({ step: 'trust-approve', outcome: 'approve', rule: 'elicitation.trust.trust', detail: reason, ...(managed ? { managed } : {}) });
    return result({ action: 'approve', rule: 'elicitation.trust.trust', reason });
  }
  const why = e.trust === 'trust' ? (high ? `held for you despite trust: ${high.message}` : `held for you despite trust: content rule ${ruleFlags[0]!.id.slice('content-rule:'.length)} matched`) : null;
  trace.push({ step: 'trust-approve', outcome: 'pass', ...(why ? { detail: why } : {}) });
  trace.push({ step: 'ask', outcome: 'ask' });
  return result({ action: 'ask', rule: null, reason: why });
}

function hardRules(shape: ElicitationShape, ctx: ElicitationContext, texts: ReturnType<typeof elicitationTexts>, timeout: number): Refusal | null {
  const e = ctx.policy.elicitation;
  const deny = (rule: string, reason: string): Refusal => ({ rule, reason, code: ERROR_CODES.denied });
  if (shape.mode === 'url') {
    if (!e.allowUrl) return deny('elicitation.allowUrl', 'this server may not send URL-mode elicitations (allowUrl: false)');
    const host = shape.url.hostname;
    if (e.urlHosts.length > 0 && !hostAllowed(host, e.urlHosts)) return deny('elicitation.urlHosts', `${host} is not one of this server's allowed URL hosts (urlHosts: ${e.urlHosts.join(', ')})`);
    if (e.managedUrlHosts && e.managedUrlHosts.length > 0 && !hostAllowed(host, e.managedUrlHosts)) {
      return deny('elicitation.urlHosts', `${host} is not one of the URL hosts the managed policy allows (${e.managedUrlHosts.join(', ')})`);
    }
  }
  const content = applyDenyRules(ctx.policy.rules, texts, timeout);
  if (content) return content;
  if (ctx.route.by === 'none') return deny('client.no-elicitation', ctx.route.reason);
  return null;
}

const MINUTE = 60_000;

/** Rolling minute and hour; the request being judged is already recorded, so it counts itself. */
function checkRate(ctx: ElicitationContext): Refusal | null {
  const { perMinute, perHour } = ctx.policy.elicitation.rateLimit;
  const windows = [
    ['limit.perMinute', perMinute, MINUTE, 'in the last minute'],
    ['limit.perHour', perHour, 60 * MINUTE, 'in the last hour'],
  ] as const;
  for (const [rule, limit, ms, when] of windows) {
    if (limit === null) continue;
    let used: number;
    try {
      used = ctx.usage.countRequests(ctx.serverId, new Date(ctx.now.getTime() - ms));
    } catch (err) {
      // Without history a flood cannot be told from a trickle: refuse rather than guess.
      return { rule: 'limit.unavailable', reason: `usage history is unavailable (${(err as Error).message})`, code: ERROR_CODES.denied };
    }
    if (used > limit) return { rule, reason: `elicitation rate limit: this is request ${used} ${when}; the limit is ${limit}`, code: ERROR_CODES.denied };
  }
  return null;
}
