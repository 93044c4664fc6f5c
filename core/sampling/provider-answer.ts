/**
 * The gate answering an admitted request with the user's own model (CONTRACT.md section 8), both
 * eras. While the provider streams, the request sits in the approval queue at stage `answering`:
 * the UIs show the text arriving, and Stop (approvals.stop, or `deny <id>`) ends the call. Then the
 * completion goes through SamplingHold.complete like a client's (validation, flags, review).
 *
 * Failures are answers, never hangs: unreachable, 401, 429 after the bounded retries, timeout,
 * refusal, a malformed answer — the server gets a -1 error naming the provider and what failed, the
 * row is `failed` with the same words, and nothing is charged.
 */
import type { EffectivePolicy } from '../../shared/config-schema.js';
import { DEFAULT_MAX_RETRIES, DEFAULT_TIMEOUT_SECONDS } from '../../shared/provider-schema.js';
import type { AnswerPlan, Decision, PendingRequest, SamplingParams } from '../../shared/types.js';
import { ok } from '../../shared/result.js';
import type { Logger } from '../log.js';
import type { ProviderService } from '../providers/provider-service.js';
import { ProviderError } from '../providers/types.js';
import type { ApprovalQueue } from '../hold/approval-queue.js';
import { Cancellation, cancellationOf } from '../hold/cancellation.js';
import type { HoldSteps, Refused } from '../hold/kind.js';
import type { AnswerMeta, Completion, HoldRequest, Refusal } from '../hold/types.js';
import { ERROR_CODES } from '../policy/types.js';

/** How often the streamed text is pushed to the UIs: often enough to read along, rarely enough to stay cheap. */
const PARTIAL_EVERY_MS = 150;

export interface ProviderAnswerDeps {
  queue: ApprovalQueue;
  providers: ProviderService;
  log: Logger;
  /** The hold's steps on the row, so it ends the same way whoever answered. */
  steps: HoldSteps;
}

export interface ProviderAnswerJob {
  eventId: string;
  req: HoldRequest;
  plan: AnswerPlan;
  params: SamplingParams;
  policy: EffectivePolicy;
}

/** The completion, checked and recorded as a client's would be (SamplingKind.complete). */
export type CompleteStep = (answer: { result: unknown }, meta: AnswerMeta) => Promise<Completion>;

/** Why a call was stopped while it ran: the user's Stop, the call's time limit, or the gate. */
type Stop = { by: 'user' | 'timeout' | 'gate'; reason: string };

export async function answerWithProvider(d: ProviderAnswerDeps, job: ProviderAnswerJob, complete: CompleteStep): Promise<Completion> {
  const { eventId, req, plan, params } = job;
  const { steps } = d;
  const refuse = (r: Omit<Refused, 'code'>): Refusal => steps.refuse(eventId, { ...r, code: ERROR_CODES.denied });
  const sideGone = (): Completion => {
    const c = cancellationOf(req.signal);
    steps.cancelled(eventId, c.reason, c.by);
    return { kind: 'cancelled' };
  };
  if (req.signal.aborted) return sideGone();
  const call = new AbortController();
  const onAbort = (): void => call.abort(req.signal.reason);
  req.signal.addEventListener('abort', onAbort, { once: true });

  // Stage `answering` in the queue: Stop is a deny decision on it, its timeout is the call's own
  // limit, and the gate stopping cancels it. Whichever comes first while the call runs stops it.
  const event = steps.event(eventId);
  const now = steps.now();
  const view: PendingRequest = {
    id: eventId,
    kind: 'sampling',
    server: req.serverId,
    sessionId: req.sessionId,
    receivedAt: event?.receivedAt ?? now.toISOString(),
    expiresAt: new Date(now.getTime() + callBudgetMs(d.providers, plan)).toISOString(),
    stage: 'answering',
    era: req.era,
    trust: job.policy.trust,
    request: params,
    flags: event?.flags ?? [],
    answer: plan,
    partial: '',
  };
  // Set by the queue's callback while the call runs (a cast keeps TypeScript from narrowing it to null).
  let stop = null as Stop | null;
  let finished = false;
  void d.queue.wait<Decision>(view, (dec) => ok(dec)).then((w) => {
    if (finished || call.signal.aborted) return;
    stop =
      w.kind === 'decided'
        ? { by: 'user', reason: 'stopped by the user' }
        : w.kind === 'timed-out'
          ? { by: 'timeout', reason: 'the provider took too long' }
          : { by: 'gate', reason: w.reason };
    call.abort(new Cancellation('gate', stop.reason));
  });

  let text = '';
  let lastPush = 0;
  const onText = (delta: string): void => {
    text += delta;
    const now = Date.now();
    if (now - lastPush >= PARTIAL_EVERY_MS) {
      lastPush = now;
      d.queue.patch(eventId, { partial: text });
    }
  };

  try {
    const out = await d.providers.answer(plan, params, call.signal, onText);
    finished = true;
    d.queue.cancel(eventId, 'gate', 'answered'); // leaves the queue
    if (req.signal.aborted) return sideGone();
    return await complete({ result: out.result }, { answeredBy: `provider:${plan.providerId}`, model: out.model, usage: out.usage, costUsd: out.costUsd });
  } catch (err) {
    finished = true;
    d.queue.cancel(eventId, 'gate', 'failed');
    if (req.signal.aborted) return sideGone();
    if (stop?.by === 'user') return refused(refuse({ outcome: 'denied', by: 'user', rule: 'provider.stopped', reason: `the user stopped the completion from provider "${plan.providerId}"` }));
    if (stop?.by === 'gate') return refused(refuse({ outcome: 'denied', by: 'gate', rule: 'gate.shutdown', reason: stop.reason }));
    const message =
      stop?.by === 'timeout'
        ? `provider "${plan.providerId}" (${plan.kind}): timed out`
        : err instanceof ProviderError
          ? err.message
          : `provider "${plan.providerId}" (${plan.kind}): ${(err as Error).message}`;
    d.log.warn(`[${req.serverId}] ${message}`);
    const rule = err instanceof ProviderError ? `provider.${err.failure}` : 'provider.error';
    return refused(failed(d, eventId, rule, message));
  } finally {
    req.signal.removeEventListener('abort', onAbort);
  }
}

function refused(refusal: Refusal): Completion {
  return { kind: 'refuse', refusal };
}

/** A provider failure closes the row `failed` (decided_by gate) and reaches the server as -1 with the same words. */
function failed(d: ProviderAnswerDeps, eventId: string, rule: string, reason: string): Refusal {
  d.steps.record(eventId, { outcome: 'failed', completedAt: d.steps.now(), rule, reason, tokens: 0, inputTokens: null, outputTokens: null, costUsd: null });
  return { code: ERROR_CODES.denied, message: `Sampling request failed: ${reason}`, data: { reason, rule, eventId } };
}

/** The longest a call may take: every try at its timeout, plus the retries' waits (bounded by the SDKs). */
function callBudgetMs(providers: ProviderService, plan: AnswerPlan): number {
  const p = providers.config(plan.providerId);
  const timeout = (p?.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS) * 1000;
  return timeout * ((p?.maxRetries ?? DEFAULT_MAX_RETRIES) + 1) + 60_000;
}
