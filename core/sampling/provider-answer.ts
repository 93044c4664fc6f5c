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
import type { AnswerPlan, Decision, Outcome, PendingRequest, SamplingParams } from '../../shared/types.js';
import { ok } from '../../shared/result.js';
import type { HistoryStore } from '../history/history-store.js';
import type { Logger } from '../log.js';
import type { ProviderService } from '../providers/provider-service.js';
import { ProviderError } from '../providers/types.js';
import type { ApprovalQueue } from './approval-queue.js';
import { Cancellation, cancellationOf, type Actor } from './cancellation.js';
import type { AnswerMeta, ClientAnswer, Completion, HoldRequest, Refusal } from './hold-types.js';

/** How often the streamed text is pushed to the UIs: often enough to read along, rarely enough to stay cheap. */
const PARTIAL_EVERY_MS = 150;

export interface ProviderAnswerDeps {
  history: HistoryStore;
  queue: ApprovalQueue;
  providers: ProviderService;
  log: Logger;
  now: () => Date;
  changed: (eventId: string) => void;
}

export interface ProviderAnswerJob {
  eventId: string;
  req: HoldRequest;
  plan: AnswerPlan;
  params: SamplingParams;
  policy: EffectivePolicy;
}

/** The hold's own steps, so a row is closed the same way whoever answered. */
export interface HoldSteps {
  complete(answer: ClientAnswer, meta: AnswerMeta): Promise<Completion>;
  refuse(outcome: Outcome, by: 'policy' | 'user' | 'timeout' | 'gate', rule: string | null, reason: string): Refusal;
  cancelled(reason: string, by: Actor): void;
}

/** Why a call was stopped while it ran: the user's Stop, the call's time limit, or the gate. */
type Stop = { by: 'user' | 'timeout' | 'gate'; reason: string };

export async function answerWithProvider(d: ProviderAnswerDeps, job: ProviderAnswerJob, steps: HoldSteps): Promise<Completion> {
  const { eventId, req, plan, params } = job;
  const sideGone = (): Completion => {
    const c = cancellationOf(req.signal);
    steps.cancelled(c.reason, c.by);
    return { kind: 'cancelled' };
  };
  if (req.signal.aborted) return sideGone();
  const call = new AbortController();
  const onAbort = (): void => call.abort(req.signal.reason);
  req.signal.addEventListener('abort', onAbort, { once: true });

  // Stage `answering` in the queue: Stop is a deny decision on it, its timeout is the call's own
  // limit, and the gate stopping cancels it. Whichever comes first while the call runs stops it.
  const event = d.history.get(eventId);
  const view: PendingRequest = {
    id: eventId,
    server: req.serverId,
    sessionId: req.sessionId,
    receivedAt: event?.receivedAt ?? d.now().toISOString(),
    expiresAt: new Date(d.now().getTime() + callBudgetMs(d.providers, plan)).toISOString(),
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
    return await steps.complete({ result: out.result }, { answeredBy: `provider:${plan.providerId}`, model: out.model, usage: out.usage, costUsd: out.costUsd });
  } catch (err) {
    finished = true;
    d.queue.cancel(eventId, 'gate', 'failed');
    if (req.signal.aborted) return sideGone();
    if (stop?.by === 'user') return refused(steps.refuse('denied', 'user', 'provider.stopped', `the user stopped the completion from provider "${plan.providerId}"`));
    if (stop?.by === 'gate') return refused(steps.refuse('denied', 'gate', 'gate.shutdown', stop.reason));
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
  d.history.update(eventId, { outcome: 'failed', completedAt: d.now(), rule, reason, tokens: 0, inputTokens: null, outputTokens: null, costUsd: null });
  d.changed(eventId);
  return { code: -1, message: `Sampling request failed: ${reason}`, data: { reason, rule, eventId } };
}

/** The longest a call may take: every try at its timeout, plus the retries' waits (bounded by the SDKs). */
function callBudgetMs(providers: ProviderService, plan: AnswerPlan): number {
  const p = providers.config(plan.providerId);
  const timeout = (p?.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS) * 1000;
  return timeout * ((p?.maxRetries ?? DEFAULT_MAX_RETRIES) + 1) + 60_000;
}
