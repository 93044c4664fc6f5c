/**
 * One sampling request from arrival to completion, whatever protocol era carried it:
 *   admit:    record → policy (validity, trust, rules, limits) → the human if policy asks
 *   complete: record the client's answer → the human again if reviewResponses → what the server gets
 * The relay (2025 era: a server→client request) and the input_required handling (2026 era: inside a
 * result) both call these two steps, so validation, policy, approval and history exist once.
 */
import type { EffectivePolicy } from '../../shared/config-schema.js';
import type { Result } from '../../shared/result.js';
import { fail, ok } from '../../shared/result.js';
import type { AnswerPlan, Decision, Outcome, PendingRequest, ResponseDecision, SamplingParams } from '../../shared/types.js';
import { newEventId } from '../history/event-id.js';
import type { HistoryStore } from '../history/history-store.js';
import type { Logger } from '../log.js';
import { chargeOnApproval, chargeOnCompletion } from '../policy/tokens.js';
import type { ClientSamplingCapability } from '../policy/types.js';
import { ERROR_CODES } from '../policy/types.js';
import { routeSampling, type ProviderService, type Route } from '../providers/provider-service.js';
import type { ApprovalQueue, Waited } from './approval-queue.js';
import { cancellationOf, type Actor } from './cancellation.js';
import { Pacer } from './pacer.js';
import { answerWithProvider } from './provider-answer.js';
import { loadEngine, loadedEngine } from './policy-loader.js';
import type { Admission, AnswerMeta, ClientAnswer, Completion, HoldRequest, Refusal } from './hold-types.js';

export interface HoldDeps {
  history: HistoryStore;
  queue: ApprovalQueue;
  policyFor: (serverId: string) => EffectivePolicy;
  log: Logger;
  now?: () => Date;
  /** Called whenever a history row changes (the UI refreshes). */
  onChange?: (eventId: string) => void;
  /** The user's own models (CONTRACT.md section 8); without it only the client can answer. */
  providers?: ProviderService;
}

export type { Admission, AnswerMeta, ClientAnswer, Completion, HoldRequest, Refusal } from './hold-types.js';

export class SamplingHold {
  private readonly now: () => Date;
  private readonly pacer = new Pacer();

  constructor(private readonly deps: HoldDeps) {
    this.now = deps.now ?? (() => new Date());
  }

  async admit(req: HoldRequest): Promise<Admission> {
    const { history, log } = this.deps;
    const eventId = newEventId();
    const receivedAt = this.now();
    const policy = this.deps.policyFor(req.serverId);
    history.insert({ id: eventId, server: req.serverId, sessionId: req.sessionId, era: req.era, receivedAt, request: req.params });
    this.changed(eventId);
    // Recorded on arrival; evaluated in turn, so a flood from one server leaves the event loop to the others.
    const turn = this.pacer.turn(req.serverId);
    if (turn) await turn;
    // The policy engine and the SDK's schemas load with the first request (a promise only then).
    const loading = loadEngine();
    const { evaluateRequest } = 'then' in loading ? await loading : loading;

    const route = this.route(req.serverId, req.client);
    let plan: AnswerPlan | undefined;
    if (route.by === 'provider') {
      try {
        plan = this.planFor(route.providerId, req.params);
      } catch {
        plan = undefined; // params too malformed to plan for: validation below refuses them
      }
    }

    let evaluation;
    try {
      evaluation = evaluateRequest(req.params, {
        serverId: req.serverId,
        sessionId: req.sessionId,
        era: req.era,
        policy,
        // Validity is judged against who will answer: the provider's abilities when the gate does.
        client: route.by === 'provider' ? this.deps.providers!.capability(route.providerId) : req.client,
        usage: history,
        now: receivedAt,
        ...(plan ? { estimatedCostUsd: plan.estimatedCostUsd ?? 0 } : {}),
      });
    } catch (err) {
      // A policy bug must not let a request through: it is refused, and the row says why.
      log.error('policy evaluation failed', { eventId, error: err as Error });
      return this.refuse(eventId, 'failed', 'gate', 'gate.policy-error', `the gate could not evaluate this request: ${(err as Error).message}`, ERROR_CODES.denied);
    }
    const { verdict } = evaluation;
    // The trace goes with the row, so `policy explain <id>` can show later how this was decided.
    history.update(eventId, { flags: verdict.flags, trace: evaluation.trace });

    if (verdict.action === 'deny') {
      return this.refuse(eventId, 'auto-denied', 'policy', verdict.rule, verdict.reason, verdict.code);
    }
    if (route.by === 'none') return this.refuse(eventId, 'auto-denied', 'policy', 'client.no-sampling', route.reason, ERROR_CODES.denied);
    if (route.by === 'provider') {
      if (!plan) return this.refuse(eventId, 'failed', 'gate', 'provider.plan', `provider "${route.providerId}" could not plan an answer for this request`, ERROR_CODES.denied);
      history.update(eventId, { answeredBy: `provider:${plan.providerId}`, answer: plan });
      // Nothing the model cannot take is sent: refused before anyone is asked or anything is paid.
      if (plan.refusals.length) {
        return this.refuse(eventId, 'auto-denied', 'policy', 'provider.unsupported', `provider "${plan.providerId}" cannot answer this request: ${plan.refusals.join('; ')}`, ERROR_CODES.denied);
      }
    }
    if (req.signal.aborted) {
      const c = cancellationOf(req.signal);
      return this.cancelled(eventId, c.reason, c.by);
    }

    const params = req.params as SamplingParams;
    if (verdict.action === 'approve') {
      history.update(eventId, {
        outcome: 'auto-approved',
        decidedBy: 'policy',
        decidedAt: this.now(),
        rule: verdict.rule,
        reason: verdict.reason,
        tokens: chargeOnApproval(params),
      });
      this.changed(eventId);
      return { kind: 'forward', eventId, params, ...(plan ? { answer: plan } : {}) };
    }

    const view: PendingRequest = {
      id: eventId,
      server: req.serverId,
      sessionId: req.sessionId,
      receivedAt: receivedAt.toISOString(),
      expiresAt: new Date(receivedAt.getTime() + policy.approvalTimeoutSeconds * 1000).toISOString(),
      stage: 'request',
      era: req.era,
      trust: policy.trust,
      request: params,
      flags: verdict.flags,
      ...(verdict.usage ? { usage: verdict.usage } : {}),
      ...(plan ? { answer: plan } : {}),
    };
    const waited = await this.waitFor<Decision>(view, req.signal, (d) => checkDecision(d, policy, plan ? (m) => this.planFor(plan.providerId, params, m) : undefined));
    switch (waited.kind) {
      case 'timed-out':
        return this.refuse(eventId, 'timed-out', 'timeout', 'approval.timeout', `no decision within ${policy.approvalTimeoutSeconds}s`, ERROR_CODES.denied);
      case 'cancelled':
        // The gate stopping (quit) denies what waits, so the server hears an answer; the server
        // cancelling or a side disconnecting leaves nobody to answer.
        if (waited.by === 'gate') return this.refuse(eventId, 'denied', 'gate', 'gate.shutdown', waited.reason, ERROR_CODES.denied);
        return this.cancelled(eventId, waited.reason, waited.by);
      case 'decided': {
        const d = waited.decision;
        if (d.kind === 'deny') {
          const reason = d.reason?.trim() ? d.reason.trim() : 'denied by the user';
          return this.refuse(eventId, 'denied', 'user', null, reason, ERROR_CODES.denied);
        }
        const final = d.kind === 'approve-edited' ? d.request : params;
        // The plan follows the final request (an edit may add an image) and the user's model switch.
        let finalPlan: AnswerPlan | undefined;
        try {
          finalPlan = plan ? this.planFor(plan.providerId, final, d.model ?? plan.model) : undefined;
        } catch (err) {
          // The provider left config.yaml while the request waited: nobody can answer it now.
          return this.refuse(eventId, 'failed', 'gate', 'provider.plan', (err as Error).message, ERROR_CODES.denied);
        }
        const switched = d.model !== undefined && finalPlan !== undefined && finalPlan.model !== plan?.model;
        history.update(eventId, {
          outcome: d.kind === 'approve-edited' || switched ? 'edited' : 'approved',
          decidedBy: 'user',
          decidedAt: this.now(),
          ...(d.kind === 'approve-edited' ? { finalRequest: final } : {}),
          ...(finalPlan ? { answer: finalPlan } : {}),
          tokens: chargeOnApproval(final),
        });
        this.changed(eventId);
        return { kind: 'forward', eventId, params: final, ...(finalPlan ? { answer: finalPlan } : {}) };
      }
    }
  }

  /** The client answered the forwarded request: record it, review it if asked, say what the server gets. */
  async complete(eventId: string, req: HoldRequest, answer: ClientAnswer, meta?: AnswerMeta): Promise<Completion> {
    const { history } = this.deps;
    if (req.signal.aborted) {
      const c = cancellationOf(req.signal);
      this.cancelled(eventId, c.reason, c.by);
      return { kind: 'cancelled' };
    }
    if ('error' in answer) {
      history.update(eventId, {
        outcome: 'failed',
        completedAt: this.now(),
        response: { error: answer.error },
        reason: `the client could not complete it: ${answer.error.message}`,
        tokens: 0,
      });
      this.changed(eventId);
      return {
        kind: 'refuse',
        refusal: { code: answer.error.code, message: answer.error.message, data: { reason: answer.error.message, eventId } },
      };
    }
    // The completion is validated (with tool use: a request with tools may be answered by a tool
    // call) and scanned like a request; its flags are recorded whether or not anyone reviews it.
    const policy = this.deps.policyFor(req.serverId);
    const { evaluateResponse } = loadedEngine();
    const checked = evaluateResponse(answer.result, { policy });
    if (!checked.valid) {
      const reason = `the client returned an invalid sampling result (${checked.reason ?? 'invalid'})`;
      history.update(eventId, { outcome: 'failed', completedAt: this.now(), response: answer.result, reason, tokens: 0 });
      this.changed(eventId);
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
      history.update(eventId, { response: result, tokens, responseFlags: checked.flags, completedAt: this.now(), ...answered });
      this.changed(eventId);
      return { kind: 'result', result };
    }
    history.update(eventId, { response: result, tokens, responseFlags: checked.flags, ...answered });
    this.changed(eventId);

    const event = history.get(eventId);
    const view: PendingRequest = {
      id: eventId,
      server: req.serverId,
      sessionId: req.sessionId,
      receivedAt: event?.receivedAt ?? this.now().toISOString(),
      expiresAt: new Date(this.now().getTime() + policy.approvalTimeoutSeconds * 1000).toISOString(),
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
    const waited = await this.waitFor<ResponseDecision>(view, req.signal, checkResponseDecision);
    if (waited.kind === 'cancelled') {
      if (waited.by === 'gate') return { kind: 'refuse', refusal: this.refuse(eventId, 'denied', 'gate', 'gate.shutdown', waited.reason, ERROR_CODES.denied).refusal };
      this.cancelled(eventId, waited.reason, waited.by);
      return { kind: 'cancelled' };
    }
    if (waited.kind === 'timed-out') {
      return { kind: 'refuse', refusal: this.refuse(eventId, 'timed-out', 'timeout', 'review.timeout', `the completion was not reviewed within ${policy.approvalTimeoutSeconds}s`, ERROR_CODES.denied).refusal };
    }
    const d = waited.decision;
    if (d.kind === 'deny') {
      const reason = d.reason?.trim() ? d.reason.trim() : 'the user withheld the completion';
      return { kind: 'refuse', refusal: this.refuse(eventId, 'denied', 'user', 'review.denied', reason, ERROR_CODES.denied).refusal };
    }
    if (d.kind === 'approve-edited') {
      result = d.response as Record<string, unknown>;
      const edited = evaluateResponse(result, { policy });
      // A provider's usage stays what was paid for; a client's completion is re-estimated.
      history.update(eventId, { response: result, outcome: 'edited', tokens: meta ? tokens : chargeOnCompletion(result), responseFlags: edited.flags });
    }
    history.update(eventId, { completedAt: this.now() });
    this.changed(eventId);
    return { kind: 'result', result };
  }

  /** The 2025-era path in one call: admit, let `forward` ask the client, complete. */
  async run(req: HoldRequest, forward: (params: SamplingParams) => Promise<ClientAnswer>): Promise<Completion> {
    const admission = await this.admit(req);
    if (admission.kind === 'refuse') return { kind: 'refuse', refusal: admission.refusal };
    if (admission.kind === 'cancelled') return { kind: 'cancelled' };
    if (admission.answer) return this.provide(admission.eventId, req, admission.answer, admission.params);
    const answer = await forward(admission.params);
    return this.complete(admission.eventId, req, answer);
  }

  /** Who answers this server's sampling for a client with these capabilities. */
  route(serverId: string, client: ClientSamplingCapability): Route {
    const policy = this.deps.policyFor(serverId);
    return this.deps.providers ? this.deps.providers.route(policy, client) : routeSampling(policy, client, () => false);
  }

  /**
   * The `sampling` capability the server is told about: the client's own (less what the gate cannot
   * honour) when the client answers, the provider's when the gate does, none when nobody can.
   */
  samplingToAdvertise(serverId: string, client: ClientSamplingCapability, declared: Record<string, unknown> | undefined): Record<string, unknown> | null {
    // A session is starting: sampling may follow, so the policy engine starts loading now.
    void loadEngine();
    const route = this.route(serverId, client);
    if (route.by === 'provider') return this.deps.providers!.advertisedSampling(route.providerId);
    if (route.by === 'none' || !declared) return null;
    const honoured: Record<string, unknown> = {};
    if (client.context) honoured.context = declared.context;
    if (client.tools) honoured.tools = declared.tools;
    return honoured;
  }

  /**
   * An admitted request the gate answers itself: the provider streams the completion (the UI shows
   * it at stage `answering`, with Stop), then it is completed like a client's answer (review
   * included). A failure is an answer too: the row is `failed` with the provider's message.
   */
  async provide(eventId: string, req: HoldRequest, plan: AnswerPlan, params: SamplingParams): Promise<Completion> {
    return answerWithProvider(
      { history: this.deps.history, queue: this.deps.queue, providers: this.deps.providers!, log: this.deps.log, now: this.now, changed: (id) => this.changed(id) },
      { eventId, req, plan, params, policy: this.deps.policyFor(req.serverId) },
      {
        complete: (answer, meta) => this.complete(eventId, req, answer, meta),
        refuse: (outcome, by, rule, reason) => this.refuse(eventId, outcome, by, rule, reason, ERROR_CODES.denied).refusal,
        cancelled: (reason, by) => void this.cancelled(eventId, reason, by),
      },
    );
  }

  private planFor(providerId: string, params: unknown, model?: string): AnswerPlan {
    return this.deps.providers!.plan(providerId, params as SamplingParams, model);
  }

  /** The forwarded request will never be answered (the session ended, the server cancelled). */
  abandon(eventId: string, reason: string, by: Actor): void {
    const event = this.deps.history.get(eventId);
    if (!event || event.completedAt) return;
    this.cancelled(eventId, reason, by);
  }

  /** The server refused the completion it was given (a 2026 retry answered with an error): the row is `failed`. */
  rejectedByServer(eventId: string, reason: string): void {
    const event = this.deps.history.get(eventId);
    if (!event || event.outcome === 'failed') return;
    this.deps.history.update(eventId, { outcome: 'failed', reason, ...(event.completedAt ? {} : { completedAt: this.now() }) });
    this.changed(eventId);
  }

  private waitFor<D extends Decision | ResponseDecision>(
    view: PendingRequest,
    signal: AbortSignal,
    check: (d: D) => Result<D>,
  ): Promise<Waited<D>> {
    const { queue } = this.deps;
    const onAbort = (): void => {
      const c = cancellationOf(signal);
      queue.cancel(view.id, c.by, c.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
    return queue.wait<D>(view, check).finally(() => signal.removeEventListener('abort', onAbort));
  }

  private refuse(eventId: string, outcome: Outcome, by: 'policy' | 'user' | 'timeout' | 'gate', rule: string | null, reason: string, code: number): { kind: 'refuse'; eventId: string; refusal: Refusal } {
    const now = this.now();
    this.deps.history.update(eventId, { outcome, decidedBy: by, decidedAt: now, completedAt: now, rule, reason, tokens: 0 });
    this.changed(eventId);
    const message =
      by === 'user'
        ? `Sampling request denied by the user: ${reason}`
        : by === 'timeout'
          ? `Sampling request timed out waiting for approval: ${reason}`
          : `Sampling request denied by the gate${rule ? ` (${rule})` : ''}: ${reason}`;
    return { kind: 'refuse', eventId, refusal: { code, message, data: { reason, ...(rule ? { rule } : {}), eventId } } };
  }

  private cancelled(eventId: string, reason: string, by: Actor): { kind: 'cancelled'; eventId: string } {
    const now = this.now();
    this.deps.history.update(eventId, { outcome: 'cancelled', decidedBy: by, decidedAt: now, completedAt: now, reason, tokens: 0 });
    this.changed(eventId);
    return { kind: 'cancelled', eventId };
  }

  private changed(eventId: string): void {
    this.deps.onChange?.(eventId);
  }
}

/**
 * A human's edit must still be a valid request; maxTokens above the cap is clamped (CONTRACT.md
 * section 5). A model switch must name a configured model that can take the request.
 */
function checkDecision(d: Decision, policy: EffectivePolicy, replan?: (model: string) => AnswerPlan): Result<Decision> {
  if (d.kind !== 'deny' && d.model !== undefined) {
    if (!replan) return fail('bad-request', 'this request is answered by the client: there is no model to switch to');
    let plan: AnswerPlan;
    try {
      plan = replan(d.model);
    } catch (err) {
      return fail('bad-request', (err as Error).message);
    }
    if (plan.refusals.length) return fail('bad-request', `model ${plan.model} cannot take this request: ${plan.refusals.join('; ')}`);
  }
  if (d.kind !== 'approve-edited') return ok(d);
  const parsed = loadedEngine().CreateMessageRequestParamsSchema.safeParse(d.request);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return fail('bad-request', `the edited request is not valid: ${issue?.path.join('.') || 'params'}: ${issue?.message ?? 'invalid'}`);
  }
  const request = { ...d.request };
  if (typeof request.maxTokens === 'number' && request.maxTokens > policy.maxTokensCap) request.maxTokens = policy.maxTokensCap;
  return ok({ kind: 'approve-edited', request, ...(d.model !== undefined ? { model: d.model } : {}) });
}

function checkResponseDecision(d: ResponseDecision): Result<ResponseDecision> {
  if (d.kind !== 'approve-edited') return ok(d);
  const parsed = loadedEngine().CreateMessageResultWithToolsSchema.safeParse(d.response);
  if (!parsed.success) return fail('bad-request', 'the edited completion is not a valid CreateMessageResult');
  return ok(d);
}

