/**
 * One sampling request from arrival to completion, whatever protocol era carried it:
 *   admit:    record → policy (validity, trust, rules, limits) → the human if policy asks
 *   complete: record the client's answer → the human again if reviewResponses → what the server gets
 * The relay (2025 era: a server→client request) and the input_required handling (2026 era: inside a
 * result) both call these two steps, so validation, policy, approval and history exist once.
 */
import { randomUUID } from 'node:crypto';
import { CreateMessageRequestParamsSchema, CreateMessageResultWithToolsSchema } from '@modelcontextprotocol/sdk/types.js';
import type { EffectivePolicy } from '../../shared/config-schema.js';
import type { Result } from '../../shared/result.js';
import { fail, ok } from '../../shared/result.js';
import type {
  Decision,
  Era,
  Outcome,
  PendingRequest,
  ResponseDecision,

  SamplingParams,

} from '../../shared/types.js';
import type { HistoryStore } from '../history/history-store.js';
import type { Logger } from '../log.js';
import { evaluateRequest } from '../policy/evaluate.js';
import { evaluateResponse } from '../policy/response.js';
import { chargeOnApproval, chargeOnCompletion } from '../policy/tokens.js';
import type { ClientSamplingCapability } from '../policy/types.js';
import { ERROR_CODES } from '../policy/types.js';
import type { ApprovalQueue, Waited } from './approval-queue.js';
import { cancellationOf, type Actor } from './cancellation.js';

export interface HoldDeps {
  history: HistoryStore;
  queue: ApprovalQueue;
  policyFor: (serverId: string) => EffectivePolicy;
  log: Logger;
  now?: () => Date;
  /** Called whenever a history row changes (the UI refreshes). */
  onChange?: (eventId: string) => void;
}

export interface HoldRequest {
  serverId: string;
  sessionId: string;
  era: Era;
  /** The params exactly as received; validated here, never before. */
  params: unknown;
  client: ClientSamplingCapability;
  /** Aborted when the server cancels or either side disconnects: nothing is forwarded after that. */
  signal: AbortSignal;
}

/** A JSON-RPC error for the server (2025) or the tool error for the client (2026). */
export interface Refusal {
  code: number;
  message: string;
  data: { reason: string; rule?: string; eventId: string };
}

export type Admission =
  | { kind: 'forward'; eventId: string; params: SamplingParams }
  | { kind: 'refuse'; eventId: string; refusal: Refusal }
  | { kind: 'cancelled'; eventId: string };

/** What the client answered: a CreateMessageResult, or a JSON-RPC error. */
export type ClientAnswer = { result: unknown } | { error: { code: number; message: string; data?: unknown } };

export type Completion = { kind: 'result'; result: Record<string, unknown> } | { kind: 'refuse'; refusal: Refusal } | { kind: 'cancelled' };

export class SamplingHold {
  private readonly now: () => Date;

  constructor(private readonly deps: HoldDeps) {
    this.now = deps.now ?? (() => new Date());
  }

  async admit(req: HoldRequest): Promise<Admission> {
    const { history, log } = this.deps;
    const eventId = randomUUID();
    const receivedAt = this.now();
    const policy = this.deps.policyFor(req.serverId);
    history.insert({ id: eventId, server: req.serverId, sessionId: req.sessionId, era: req.era, receivedAt, request: req.params });
    this.changed(eventId);

    let evaluation;
    try {
      evaluation = evaluateRequest(req.params, {
        serverId: req.serverId,
        sessionId: req.sessionId,
        era: req.era,
        policy,
        client: req.client,
        usage: history,
        now: receivedAt,
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
    if (!req.client.supported) {
      return this.refuse(
        eventId,
        'auto-denied',
        'policy',
        'client.no-sampling',
        'the connected client does not support sampling (it did not declare the sampling capability), and no provider is configured',
        ERROR_CODES.denied,
      );
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
      return { kind: 'forward', eventId, params };
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
    };
    const waited = await this.waitFor<Decision>(view, req.signal, (d) => checkDecision(d, policy));
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
        history.update(eventId, {
          outcome: d.kind === 'approve-edited' ? 'edited' : 'approved',
          decidedBy: 'user',
          decidedAt: this.now(),
          ...(d.kind === 'approve-edited' ? { finalRequest: final } : {}),
          tokens: chargeOnApproval(final),
        });
        this.changed(eventId);
        return { kind: 'forward', eventId, params: final };
      }
    }
  }

  /** The client answered the forwarded request: record it, review it if asked, say what the server gets. */
  async complete(eventId: string, req: HoldRequest, answer: ClientAnswer): Promise<Completion> {
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
    const checked = evaluateResponse(answer.result, { policy });
    if (!checked.valid) {
      const reason = `the client returned an invalid sampling result (${checked.reason ?? 'invalid'})`;
      history.update(eventId, { outcome: 'failed', completedAt: this.now(), response: answer.result, reason, tokens: 0 });
      this.changed(eventId);
      return { kind: 'refuse', refusal: { code: ERROR_CODES.invalidParams, message: reason, data: { reason, rule: 'protocol.invalid-result', eventId } } };
    }
    let result = answer.result as Record<string, unknown>;
    if (!checked.hold) {
      // The common path: one write records the completion and closes the row.
      history.update(eventId, { response: result, tokens: checked.tokens, responseFlags: checked.flags, completedAt: this.now() });
      this.changed(eventId);
      return { kind: 'result', result };
    }
    history.update(eventId, { response: result, tokens: checked.tokens, responseFlags: checked.flags });
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
      history.update(eventId, { response: result, outcome: 'edited', tokens: chargeOnCompletion(result), responseFlags: edited.flags });
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
    const answer = await forward(admission.params);
    return this.complete(admission.eventId, req, answer);
  }

  /** The forwarded request will never be answered (the session ended, the server cancelled). */
  abandon(eventId: string, reason: string, by: Actor): void {
    const event = this.deps.history.get(eventId);
    if (!event || event.completedAt) return;
    this.cancelled(eventId, reason, by);
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

/** A human's edit must still be a valid request; maxTokens above the cap is clamped (CONTRACT.md section 5). */
function checkDecision(d: Decision, policy: EffectivePolicy): Result<Decision> {
  if (d.kind !== 'approve-edited') return ok(d);
  const parsed = CreateMessageRequestParamsSchema.safeParse(d.request);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return fail('bad-request', `the edited request is not valid: ${issue?.path.join('.') || 'params'}: ${issue?.message ?? 'invalid'}`);
  }
  const request = { ...d.request };
  if (typeof request.maxTokens === 'number' && request.maxTokens > policy.maxTokensCap) request.maxTokens = policy.maxTokensCap;
  return ok({ kind: 'approve-edited', request });
}

function checkResponseDecision(d: ResponseDecision): Result<ResponseDecision> {
  if (d.kind !== 'approve-edited') return ok(d);
  const parsed = CreateMessageResultWithToolsSchema.safeParse(d.response);
  if (!parsed.success) return fail('bad-request', 'the edited completion is not a valid CreateMessageResult');
  return ok(d);
}

