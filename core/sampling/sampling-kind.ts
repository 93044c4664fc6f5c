/**
 * Sampling's room in the hold (core/hold/kind.ts): `sampling/createMessage`, from either era.
 *   judge:    validity, flags, trust, hard rules, limits (core/policy), and who answers — the client,
 *             or the user's own model (core/providers, CONTRACT.md section 8)
 *   decided:  approve, edit (clamped to maxTokensCap), switch model, or deny
 *   complete: the completion checked and flagged, held for review when reviewResponses says so
 *   provide:  the gate's provider writes the completion (provider-answer.ts)
 */
import { samplingFeatures } from './grant-features.js';
import type { EffectivePolicy } from '../../shared/config-schema.js';
import type { Result } from '../../shared/result.js';
import { fail, ok } from '../../shared/result.js';
import type { AnswerPlan, Decision, PendingRequest, ResponseDecision, SamplingParams } from '../../shared/types.js';
import type { Decided, HoldSteps, JudgeContext, Judgement, Kind } from '../hold/kind.js';
import type { AnswerMeta, ClientCaps, Completion, HoldRequest, Route } from '../hold/types.js';
import type { ApprovalQueue } from '../hold/approval-queue.js';
import type { Logger } from '../log.js';
import { chargeOnApproval, chargeOnCompletion } from '../policy/tokens.js';
import { ERROR_CODES } from '../policy/types.js';
import { routeSampling, type ProviderService } from '../providers/provider-service.js';
import { answerWithProvider } from './provider-answer.js';
import { lazyModule } from '../hold/lazy-module.js';

/** The policy engine and the SDK's schemas (policy-engine.ts), loaded with the first request or session. */
const engine = lazyModule('the policy engine', () => import('./policy-engine.js'));

export interface SamplingKindDeps {
  policyFor: (serverId: string) => EffectivePolicy;
  queue: ApprovalQueue;
  log: Logger;
  /** The user's own models (CONTRACT.md section 8); without it only the client can answer. */
  providers?: ProviderService;
}

const denied = (rule: string, reason: string, outcome: 'auto-denied' | 'failed' = 'auto-denied') =>
  ({ outcome, by: outcome === 'failed' ? 'gate' : 'policy', rule, reason, code: ERROR_CODES.denied }) as const;

export class SamplingKind implements Kind {
  readonly name = 'sampling' as const;
  readonly method = 'sampling/createMessage';
  readonly label = 'Sampling request';

  constructor(private readonly deps: SamplingKindDeps) {}

  /** The policy engine and the SDK's schemas load with the first request (a promise only then). */
  ready(): Promise<unknown> | null {
    return engine.ready();
  }

  judge(req: HoldRequest, ctx: JudgeContext): Judgement {
    const { evaluateRequest } = engine.loaded();
    const route = this.route(req.serverId, req.client);
    let plan: AnswerPlan | undefined;
    if (route.by === 'gate') {
      try {
        plan = this.planFor(route.providerId!, req.params);
      } catch {
        plan = undefined; // params too malformed to plan for: validation below refuses them
      }
    }
    const evaluation = evaluateRequest(req.params, {
      serverId: req.serverId,
      sessionId: req.sessionId,
      era: req.era,
      policy: ctx.policy,
      // Validity is judged against who will answer: the provider's abilities when the gate does.
      client: route.by === 'gate' ? this.deps.providers!.capability(route.providerId!) : req.client.sampling,
      usage: ctx.usage,
      now: ctx.now,
      ...(plan ? { estimatedCostUsd: plan.estimatedCostUsd ?? 0 } : {}),
    });
    const { verdict } = evaluation;
    const params = req.params as SamplingParams;
    const judged: Judgement = { verdict: 'ask', rule: null, reason: null, flags: verdict.flags, trace: evaluation.trace, usage: verdict.usage, params };
    if (verdict.action === 'deny') return { ...judged, refused: { outcome: 'auto-denied', by: 'policy', rule: verdict.rule, reason: verdict.reason, code: verdict.code } };
    if (route.by === 'none') return { ...judged, refused: denied('client.no-sampling', route.reason) };
    if (route.by === 'gate') {
      if (!plan) return { ...judged, refused: denied('provider.plan', `provider "${route.providerId}" could not plan an answer for this request`, 'failed') };
      judged.record = { answeredBy: `provider:${plan.providerId}`, answer: plan };
      judged.answer = plan;
      // Nothing the model cannot take is sent: refused before anyone is asked or anything is paid.
      if (plan.refusals.length) return { ...judged, refused: denied('provider.unsupported', `provider "${plan.providerId}" cannot answer this request: ${plan.refusals.join('; ')}`) };
    }
    if (verdict.action === 'approve') return { ...judged, verdict: 'approve', rule: verdict.rule, reason: verdict.reason, onApprove: { tokens: chargeOnApproval(params) } };
    return judged;
  }

  /**
   * A human's edit must still be a valid request; maxTokens above the cap is clamped (CONTRACT.md
   * section 5). A model switch must name a configured model that can take the request.
   */
  checkDecision(d: Decision, _req: HoldRequest, judged: Judgement, policy: EffectivePolicy): Result<Decision> {
    if (d.kind === 'answer') return fail('bad-request', 'this is a sampling request: approve, edit or deny it');
    const plan = judged.answer;
    if (d.kind !== 'deny' && d.model !== undefined) {
      if (!plan) return fail('bad-request', 'this request is answered by the client: there is no model to switch to');
      let replanned: AnswerPlan;
      try {
        replanned = this.planFor(plan.providerId, judged.params, d.model);
      } catch (err) {
        return fail('bad-request', (err as Error).message);
      }
      if (replanned.refusals.length) return fail('bad-request', `model ${replanned.model} cannot take this request: ${replanned.refusals.join('; ')}`);
    }
    if (d.kind !== 'approve-edited') return ok(d);
    const parsed = engine.loaded().CreateMessageRequestParamsSchema.safeParse(d.request);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return fail('bad-request', `the edited request is not valid: ${issue?.path.join('.') || 'params'}: ${issue?.message ?? 'invalid'}`);
    }
    const request = { ...d.request };
    if (typeof request.maxTokens === 'number' && request.maxTokens > policy.maxTokensCap) request.maxTokens = policy.maxTokensCap;
    return ok({ kind: 'approve-edited', request, ...(d.model !== undefined ? { model: d.model } : {}) });
  }

  decided(d: Decision, _req: HoldRequest, judged: Judgement): Decided {
    if (d.kind === 'deny') return { kind: 'refuse', outcome: 'denied', by: 'user', rule: null, reason: d.reason?.trim() ? d.reason.trim() : 'denied by the user', code: ERROR_CODES.denied };
    if (d.kind === 'answer') return { kind: 'refuse', ...denied('gate.bad-decision', 'a sampling request has no answer of its own', 'failed') };
    const plan = judged.answer;
    const final = d.kind === 'approve-edited' ? d.request : judged.params;
    // The plan follows the final request (an edit may add an image) and the user's model switch.
    let finalPlan: AnswerPlan | undefined;
    try {
      finalPlan = plan ? this.planFor(plan.providerId, final, d.model ?? plan.model) : undefined;
    } catch (err) {
      // The provider left config.yaml while the request waited: nobody can answer it now.
      return { kind: 'refuse', ...denied('provider.plan', (err as Error).message, 'failed') };
    }
    const switched = d.model !== undefined && finalPlan !== undefined && finalPlan.model !== plan?.model;
    return {
      kind: 'forward',
      outcome: d.kind === 'approve-edited' || switched ? 'edited' : 'approved',
      update: { ...(d.kind === 'approve-edited' ? { finalRequest: final } : {}), ...(finalPlan ? { answer: finalPlan } : {}), tokens: chargeOnApproval(final) },
      params: final,
      ...(finalPlan ? { answer: finalPlan } : {}),
    };
  }

  /** The completion arrived: record it, review it if asked, say what the server gets. */
  async complete(eventId: string, req: HoldRequest, answer: { result: unknown }, steps: HoldSteps, meta?: AnswerMeta): Promise<Completion> {
    // The completion is validated (with tool use: a request with tools may be answered by a tool
    // call) and scanned like a request; its flags are recorded whether or not anyone reviews it.
    const policy = this.deps.policyFor(req.serverId);
    const { evaluateResponse } = engine.loaded();
    const checked = evaluateResponse(answer.result, { policy });
    if (!checked.valid) {
      const reason = `the client returned an invalid sampling result (${checked.reason ?? 'invalid'})`;
      steps.record(eventId, { outcome: 'failed', completedAt: steps.now(), response: answer.result, reason, tokens: 0 });
      return { kind: 'refuse', refusal: { code: ERROR_CODES.invalidParams, message: reason, data: { reason, rule: 'protocol.invalid-result', eventId } } };
    }
    let result = answer.result as Record<string, unknown>;
    // A provider reports what it used: the budget counts that, not an estimate.
    const tokens = meta ? meta.usage.inputTokens + meta.usage.outputTokens : checked.tokens;
    const answered = meta
      ? { answeredBy: meta.answeredBy, model: meta.model, inputTokens: meta.usage.inputTokens, outputTokens: meta.usage.outputTokens, costUsd: meta.costUsd }
      : { answeredBy: 'client', model: typeof result.model === 'string' ? result.model : null };
    if (!checked.hold) {
      // The common path: one write records the completion and closes the row.
      steps.record(eventId, { response: result, tokens, responseFlags: checked.flags, completedAt: steps.now(), ...answered });
      return { kind: 'result', result };
    }
    steps.record(eventId, { response: result, tokens, responseFlags: checked.flags, ...answered });

    const event = steps.event(eventId);
    const view: PendingRequest = {
      id: eventId,
      kind: 'sampling',
      server: req.serverId,
      sessionId: req.sessionId,
      receivedAt: event?.receivedAt ?? steps.now().toISOString(),
      expiresAt: new Date(steps.now().getTime() + policy.approvalTimeoutSeconds * 1000).toISOString(),
      stage: 'response',
      era: req.era,
      trust: policy.trust,
      request: ((event?.finalRequest ?? event?.request) as SamplingParams | undefined) ?? {},
      response: result,
      // What the reviewer decides on first: the completion's flags, then the request's.
      flags: [...checked.flags, ...(event?.flags ?? [])],
      // Which provider and model wrote it (and what it did not apply) stays in view at review.
      ...(event?.answer ? { answer: event.answer } : {}),
    };
    const waited = await steps.waitFor<ResponseDecision>(view, req.signal, checkResponseDecision);
    if (waited.kind === 'cancelled') {
      if (waited.by === 'gate') return { kind: 'refuse', refusal: steps.refuse(eventId, { outcome: 'denied', by: 'gate', rule: 'gate.shutdown', reason: waited.reason, code: ERROR_CODES.denied }) };
      steps.cancelled(eventId, waited.reason, waited.by);
      return { kind: 'cancelled' };
    }
    if (waited.kind === 'timed-out') {
      return { kind: 'refuse', refusal: steps.refuse(eventId, { outcome: 'timed-out', by: 'timeout', rule: 'review.timeout', reason: `the completion was not reviewed within ${policy.approvalTimeoutSeconds}s`, code: ERROR_CODES.denied }) };
    }
    const d = waited.decision;
    if (d.kind === 'deny') {
      const reason = d.reason?.trim() ? d.reason.trim() : 'the user withheld the completion';
      return { kind: 'refuse', refusal: steps.refuse(eventId, { outcome: 'denied', by: 'user', rule: 'review.denied', reason, code: ERROR_CODES.denied }) };
    }
    if (d.kind === 'approve-edited') {
      result = d.response as Record<string, unknown>;
      const edited = evaluateResponse(result, { policy });
      // A provider's usage stays what was paid for; a client's completion is re-estimated.
      steps.record(eventId, { response: result, outcome: 'edited', tokens: meta ? tokens : chargeOnCompletion(result), responseFlags: edited.flags });
    }
    steps.record(eventId, { completedAt: steps.now() });
    return { kind: 'result', result };
  }

  /**
   * An admitted request the gate answers itself: the provider streams the completion (the UI shows
   * it at stage `answering`, with Stop), then it is completed like a client's answer (review
   * included). A failure is an answer too: the row is `failed` with the provider's message.
   */
  provide(eventId: string, req: HoldRequest, plan: AnswerPlan, params: SamplingParams, steps: HoldSteps): Promise<Completion> {
    return answerWithProvider(
      { queue: this.deps.queue, providers: this.deps.providers!, log: this.deps.log, steps },
      { eventId, req, plan, params, policy: this.deps.policyFor(req.serverId) },
      (answer, meta) => this.complete(eventId, req, answer, steps, meta),
    );
  }

  /** Who answers this server's sampling: the client, the gate's provider, or nobody. */
  route(serverId: string, client: ClientCaps): Route {
    const policy = this.deps.policyFor(serverId);
    const r = this.deps.providers ? this.deps.providers.route(policy, client.sampling) : routeSampling(policy, client.sampling, () => false);
    return r.by === 'provider' ? { by: 'gate', providerId: r.providerId } : r;
  }

  /**
   * The `sampling` capability the server is told about: the client's own (less what the gate cannot
   * honour) when the client answers, the provider's when the gate does, none when nobody can.
   */
  advertise(serverId: string, client: ClientCaps, declared: unknown): Record<string, unknown> | null {
    // A session is starting: sampling may follow, so the policy engine starts loading now.
    void engine.load();
    const route = this.route(serverId, client);
    if (route.by === 'gate') return this.deps.providers!.advertisedSampling(route.providerId!);
    if (route.by === 'none' || typeof declared !== 'object' || declared === null) return null;
    const d = declared as Record<string, unknown>;
    const honoured: Record<string, unknown> = {};
    if (client.sampling.context) honoured.context = d.context;
    if (client.sampling.tools) honoured.tools = d.tools;
    return honoured;
  }

  /** A refused sampling request fails the 2026 call: the server is never sampled. */
  /** A grant covers requests that add nothing to this one's tools, context or media (shared/grants.ts). */
  grantFeatures(_req: HoldRequest, judged: Judgement): string[] {
    return samplingFeatures(judged.params);
  }

  refusedEntry(): null {
    return null;
  }

  private planFor(providerId: string, params: unknown, model?: string): AnswerPlan {
    return this.deps.providers!.plan(providerId, params as SamplingParams, model);
  }
}

function checkResponseDecision(d: ResponseDecision): Result<ResponseDecision> {
  if (d.kind !== 'approve-edited') return ok(d);
  const parsed = engine.loaded().CreateMessageResultWithToolsSchema.safeParse(d.response);
  if (!parsed.success) return fail('bad-request', 'the edited completion is not a valid CreateMessageResult');
  return ok(d);
}
