/**
 * The hold: one path for every request a server sends the client's side, whatever its kind and
 * whatever era carried it (CONTRACT.md section 10):
 *   admit:    record → pace → the kind's judgement (validity, flags, policy) → the user if it asks
 *   complete: the client's answer, checked by the kind (review, redaction) → what the server gets
 * The relay (2025: a server→client request; a URL-elicitation-required error) and the 2026
 * input_required handling call these steps; what differs per kind sits behind `Kind` (kind.ts), in
 * its own folder. History rows, the approval queue, timeouts, cancellation and the words of a
 * refusal exist once, here.
 */
import type { EffectivePolicy } from '../../shared/config-schema.js';
import type { Result } from '../../shared/result.js';
import type { AnswerPlan, Decision, HoldKind, PendingRequest, ResponseDecision } from '../../shared/types.js';
import { newEventId } from '../history/event-id.js';
import type { EventUpdate, HistoryStore } from '../history/history-store.js';
import type { Logger } from '../log.js';
import { ERROR_CODES } from '../policy/types.js';
import type { ApprovalQueue, Waited } from './approval-queue.js';
import { cancellationOf, type Actor } from './cancellation.js';
import type { HoldAccess, HoldSteps, Judgement, Kind, Refused, SessionContext } from './kind.js';
import { Pacer } from './pacer.js';
import type { GrantStore } from '../grants/grant-store.js';
import { grantDecidedBy, type Grant } from '../../shared/grants.js';
import { fail } from '../../shared/result.js';
import type { Admission, AnswerMeta, ClientAnswer, ClientCaps, Completion, HoldRequest, Refusal, Route } from './types.js';
import { isStatelessSession } from './types.js';

export interface HoldDeps {
  history: HistoryStore;
  queue: ApprovalQueue;
  policyFor: (serverId: string) => EffectivePolicy;
  log: Logger;
  /** The rooms: one per kind of request the gate holds. */
  kinds: readonly Kind[];
  now?: () => Date;
  /** Called whenever a history row changes (the UI refreshes). */
  onChange?: (eventId: string) => void;
  /** What the user decided once for later requests (issue 23); absent: every request is asked. */
  grants?: GrantStore;
}

export class Hold implements HoldAccess {
  private readonly now: () => Date;
  private readonly pacer = new Pacer();
  private readonly byName = new Map<HoldKind, Kind>();
  private readonly byMethod = new Map<string, Kind>();
  /** The steps each kind takes on a row, bound once per kind. */
  private readonly steps = new Map<HoldKind, HoldSteps>();

  constructor(private readonly deps: HoldDeps) {
    this.now = deps.now ?? (() => new Date());
    for (const k of deps.kinds) {
      this.byName.set(k.name, k);
      this.byMethod.set(k.method, k);
      this.steps.set(k.name, {
        record: (id, update) => this.record(id, update),
        refuse: (id, r) => this.refuse(id, r, k),
        cancelled: (id, reason, by) => void this.cancelled(id, reason, by),
        waitFor: (view, signal, check) => this.waitFor(view, signal, check),
        event: (id) => this.deps.history.get(id),
        now: () => this.now(),
      });
    }
  }

  /** The hold's steps, for a kind completing a request of its own. */
  stepsFor(kind: HoldKind): HoldSteps {
    return this.steps.get(kind)!;
  }

  /** The kind a server→client method is, or undefined for a method the gate does not hold. */
  kindOf(method: unknown): Kind | undefined {
    return typeof method === 'string' ? this.byMethod.get(method) : undefined;
  }

  /** Whether the gate relays a server→client request of a method it does not hold: `ping`, and what the server's policy names. */
  relays(serverId: string, method: string): boolean {
    return method === 'ping' || this.deps.policyFor(serverId).allowServerMethods.includes(method);
  }

  kind(name: HoldKind): Kind {
    const k = this.byName.get(name);
    if (!k) throw new Error(`the gate holds no ${name} requests`);
    return k;
  }

  async admit(req: HoldRequest): Promise<Admission> {
    const { history, log } = this.deps;
    const kind = this.kind(req.kind);
    const eventId = newEventId();
    const receivedAt = this.now();
    const policy = this.deps.policyFor(req.serverId);
    history.insert({ id: eventId, kind: kind.name, server: req.serverId, sessionId: req.sessionId, era: req.era, receivedAt, request: req.params });
    this.changed(eventId);
    // Recorded on arrival; judged in turn, so a flood from one server leaves the event loop to the others.
    const turn = this.pacer.turn(req.serverId);
    if (turn) await turn;

    let judged: Judgement;
    try {
      // What the kind loads on first use (sampling: the policy engine and the SDK's schemas).
      const loading = kind.ready?.();
      if (loading) await loading;
      // Judged and recorded in one synchronous step: the next request's limits must count this
      // one's refusal, which frees its place in a window.
      judged = kind.judge(req, { eventId, policy, usage: history.usageOf(kind.name), now: receivedAt });
    } catch (err) {
      // A policy bug must not let a request through: it is refused, and the row says why.
      log.error('policy evaluation failed', { eventId, error: err as Error });
      return this.refused(eventId, kind, { outcome: 'failed', by: 'gate', rule: 'gate.policy-error', reason: `the gate could not evaluate this request: ${(err as Error).message}`, code: ERROR_CODES.denied });
    }
    // The trace goes with the row, so `policy explain <id>` can show later how this was decided.
    history.update(eventId, { flags: judged.flags, trace: judged.trace, ...judged.record });
    if (judged.refused) return this.refused(eventId, kind, judged.refused);
    if (judged.answered) {
      const a = judged.answered;
      history.update(eventId, { outcome: a.outcome, decidedBy: 'policy', decidedAt: this.now(), rule: a.rule, reason: a.reason });
      this.changed(eventId);
      return { kind: 'answered', eventId, result: a.result };
    }
    if (req.signal.aborted) {
      const c = cancellationOf(req.signal);
      return this.cancelled(eventId, c.reason, c.by);
    }
    if (judged.verdict === 'approve') {
      history.update(eventId, { outcome: 'auto-approved', decidedBy: 'policy', decidedAt: this.now(), rule: judged.rule, reason: judged.reason, ...judged.onApprove });
      this.changed(eventId);
      return { kind: 'forward', eventId, params: judged.params, ...(judged.answer ? { answer: judged.answer } : {}) };
    }

    // The user may have decided this already: a grant for this session or these minutes, covering
    // this shape, and no high flag (those always ask again).
    const features = this.grantable(kind, req, judged, policy);
    const grant = features ? this.deps.grants?.match({ server: req.serverId, sessionId: req.sessionId, kind: kind.name, features }) : null;
    if (grant) {
      const rule = grant.scope.type === 'session' ? 'grant.session' : 'grant.minutes';
      const reason = `approved by your grant (${describeScope(grant)}) made when approving ${grant.fromEventId}`;
      const trace = [...judged.trace.filter((s) => s.step !== 'ask'), { step: 'grant' as const, outcome: 'approve' as const, rule, detail: reason }];
      history.update(eventId, { outcome: 'approved', decidedBy: grantDecidedBy(grant), decidedAt: this.now(), rule, reason, trace, ...judged.onApprove });
      this.changed(eventId);
      return { kind: 'forward', eventId, params: judged.params, ...(judged.answer ? { answer: judged.answer } : {}) };
    }

    const view: PendingRequest = {
      id: eventId,
      kind: kind.name,
      server: req.serverId,
      sessionId: req.sessionId,
      receivedAt: receivedAt.toISOString(),
      expiresAt: new Date(receivedAt.getTime() + policy.approvalTimeoutSeconds * 1000).toISOString(),
      stage: 'request',
      era: req.era,
      trust: policy.trust,
      request: judged.params,
      flags: judged.flags,
      ...(judged.usage ? { usage: judged.usage } : {}),
      ...(judged.answer ? { answer: judged.answer } : {}),
      grants: grantChoices(req, features, policy),
      ...judged.view,
    };
    const waited = await this.waitFor<Decision>(view, req.signal, (d) => {
      if (d.kind === 'approve' && d.grant && d.grant.scope !== 'always' && !features) {
        return fail('bad-request', policy.managed?.allowSessionGrants === false ? 'the managed policy does not allow approving for a session or for minutes' : `this ${kind.name} request cannot be approved for later ones (a high risk flag, or the gate answers it itself)`);
      }
      if (d.kind === 'approve' && d.grant?.scope === 'session' && isStatelessSession(req.sessionId)) {
        return fail('bad-request', 'this client has no session (a 2026-07-28 request over HTTP): approve for some minutes instead');
      }
      return kind.checkDecision(d, req, judged, policy);
    });
    switch (waited.kind) {
      case 'timed-out':
        return this.refused(eventId, kind, { outcome: 'timed-out', by: 'timeout', rule: 'approval.timeout', reason: `no decision within ${policy.approvalTimeoutSeconds}s`, code: ERROR_CODES.denied });
      case 'cancelled':
        // The gate stopping (quit) denies what waits, so the server hears an answer; the server
        // cancelling or a side disconnecting leaves nobody to answer.
        if (waited.by === 'gate') return this.refused(eventId, kind, { outcome: 'denied', by: 'gate', rule: 'gate.shutdown', reason: waited.reason, code: ERROR_CODES.denied });
        return this.cancelled(eventId, waited.reason, waited.by);
      case 'decided': {
        const d = kind.decided(waited.decision, req, judged, policy);
        if (d.kind === 'refuse') return this.refused(eventId, kind, d);
        history.update(eventId, { outcome: d.outcome, decidedBy: 'user', decidedAt: this.now(), ...d.update });
        this.changed(eventId);
        const asked = waited.decision;
        if (asked.kind === 'approve' && asked.grant && asked.grant.scope !== 'always' && features && this.deps.grants) {
          this.deps.grants.add(asked.grant, { server: req.serverId, sessionId: req.sessionId, kind: kind.name, features, fromEventId: eventId });
        }
        if (d.kind === 'answered') return { kind: 'answered', eventId, result: d.result };
        return { kind: 'forward', eventId, params: d.params, ...(d.answer ? { answer: d.answer } : {}) };
      }
    }
  }

  /** The shape a grant would cover for this request, or null when no grant may approve it. */
  private grantable(kind: Kind, req: HoldRequest, judged: Judgement, policy: EffectivePolicy): string[] | null {
    if (!this.deps.grants || policy.managed?.allowSessionGrants === false) return null;
    if (judged.flags.some((f) => f.severity === 'high')) return null;
    return kind.grantFeatures?.(req, judged) ?? null;
  }

  /** The client answered the forwarded request: the kind checks it (and may hold it for review). */
  async complete(eventId: string, req: HoldRequest, answer: ClientAnswer, meta?: AnswerMeta): Promise<Completion> {
    if (req.signal.aborted) {
      const c = cancellationOf(req.signal);
      this.cancelled(eventId, c.reason, c.by);
      return { kind: 'cancelled' };
    }
    if ('error' in answer) {
      this.record(eventId, { outcome: 'failed', completedAt: this.now(), response: { error: answer.error }, reason: `the client could not complete it: ${answer.error.message}`, tokens: 0 });
      return { kind: 'refuse', refusal: { code: answer.error.code, message: answer.error.message, data: { reason: answer.error.message, eventId } } };
    }
    return this.kind(req.kind).complete(eventId, req, answer, this.stepsFor(req.kind), meta);
  }

  /** The 2025-era path in one call: admit, let `forward` ask the client (unless the gate answers), complete. */
  async run(req: HoldRequest, forward: (params: Record<string, unknown>) => Promise<ClientAnswer>): Promise<Completion> {
    const admission = await this.admit(req);
    if (admission.kind === 'refuse') return { kind: 'refuse', refusal: admission.refusal };
    if (admission.kind === 'cancelled') return { kind: 'cancelled' };
    if (admission.kind === 'answered') return this.answered(admission.eventId, req, admission.result);
    if (admission.answer) return this.provide(admission.eventId, req, admission.answer, admission.params);
    const answer = await forward(admission.params);
    return this.complete(admission.eventId, req, answer);
  }

  /** The user's own answer (admission `answered`) becomes the row's response when the server is given it. */
  async answered(eventId: string, req: HoldRequest, result: Record<string, unknown>): Promise<Completion> {
    return this.kind(req.kind).complete(eventId, req, { result }, this.stepsFor(req.kind));
  }

  /** An admitted request the gate's provider answers (sampling: CONTRACT.md section 8). */
  provide(eventId: string, req: HoldRequest, plan: AnswerPlan, params: Record<string, unknown>): Promise<Completion> {
    const kind = this.kind(req.kind);
    if (!kind.provide) throw new Error(`the gate cannot answer ${req.kind} requests with a provider`);
    return kind.provide(eventId, req, plan, params, this.stepsFor(kind.name));
  }

  /** Who answers this server's requests of `kind` for a client with these capabilities. */
  route(kind: HoldKind, serverId: string, client: ClientCaps, params?: unknown): Route {
    return this.kind(kind).route(serverId, client, params);
  }

  /** The capability of `kind` the server is told about (null: none). */
  advertise(kind: HoldKind, serverId: string, client: ClientCaps, declared: unknown): Record<string, unknown> | null {
    return this.kind(kind).advertise(serverId, client, declared);
  }

  /** The client's `capabilities` as the server sees them: each held kind's replaced by what the gate honours. */
  advertiseAll(serverId: string, client: ClientCaps, declared: Record<string, unknown>): Record<string, unknown> {
    const out = { ...declared };
    for (const k of this.byName.values()) {
      const advertised = k.advertise(serverId, client, declared[k.name]);
      if (advertised) out[k.name] = advertised;
      else delete out[k.name];
    }
    return out;
  }

  /** Offer a server message to the kinds that watch for more than their request (Kind.see). */
  seeFromServer(m: Record<string, unknown>, ctx: SessionContext): Promise<Record<string, unknown> | null> | null {
    for (const k of this.byName.values()) {
      const seen = k.see?.(m, ctx, this);
      if (seen) return seen;
    }
    return null;
  }

  /** The forwarded request will never be answered (the session ended, the server cancelled). */
  abandon(eventId: string, reason: string, by: Actor): void {
    const event = this.deps.history.get(eventId);
    if (!event || event.completedAt) return;
    this.cancelled(eventId, reason, by);
  }

  /** The server refused what it was given (a 2026 retry answered with an error): the row is `failed`. */
  rejectedByServer(eventId: string, reason: string): void {
    const event = this.deps.history.get(eventId);
    if (!event || event.outcome === 'failed') return;
    this.record(eventId, { outcome: 'failed', reason, ...(event.completedAt ? {} : { completedAt: this.now() }) });
  }

  /** Note what a kind learns about a row after it was answered (elicitation: the server says a URL flow finished). */
  note(eventId: string, update: EventUpdate): void {
    this.record(eventId, update);
  }

  /** Passed on to the client, which answers out of band (a URL it opens, nothing comes back): the row is complete. */
  passedOn(eventId: string): void {
    this.record(eventId, { completedAt: this.now(), answeredBy: 'client' });
  }

  event(eventId: string): ReturnType<HistoryStore['get']> {
    return this.deps.history.get(eventId);
  }

  waitFor<D extends Decision | ResponseDecision>(view: PendingRequest, signal: AbortSignal, check: (d: D) => Result<D>): Promise<Waited<D>> {
    const { queue } = this.deps;
    const onAbort = (): void => {
      const c = cancellationOf(signal);
      queue.cancel(view.id, c.by, c.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
    return queue.wait<D>(view, check).finally(() => signal.removeEventListener('abort', onAbort));
  }

  private record(eventId: string, update: EventUpdate): void {
    this.deps.history.update(eventId, update);
    this.changed(eventId);
  }

  private refused(eventId: string, kind: Kind, r: Refused): { kind: 'refuse'; eventId: string; refusal: Refusal } {
    return { kind: 'refuse', eventId, refusal: this.refuse(eventId, r, kind) };
  }

  /** Close the row as refused and say so in the words the server (or the client) reads. */
  private refuse(eventId: string, r: Refused, kind: Kind): Refusal {
    const now = this.now();
    const { label } = kind;
    this.record(eventId, { outcome: r.outcome, decidedBy: r.by, decidedAt: now, completedAt: now, rule: r.rule, reason: r.reason, tokens: 0 });
    const message =
      r.by === 'user'
        ? `${label} denied by the user: ${r.reason}`
        : r.by === 'timeout'
          ? `${label} timed out waiting for approval: ${r.reason}`
          : `${label} denied by the gate${r.rule ? ` (${r.rule})` : ''}: ${r.reason}`;
    return { code: r.code, message, data: { reason: r.reason, ...(r.rule ? { rule: r.rule } : {}), eventId } };
  }

  private cancelled(eventId: string, reason: string, by: Actor): { kind: 'cancelled'; eventId: string } {
    const now = this.now();
    this.record(eventId, { outcome: 'cancelled', decidedBy: by, decidedAt: now, completedAt: now, reason, tokens: 0 });
    return { kind: 'cancelled', eventId };
  }

  private changed(eventId: string): void {
    this.deps.onChange?.(eventId);
  }
}

function describeScope(g: Grant): string {
  return g.scope.type === 'session' ? 'this session' : `${g.scope.minutes} min, until ${g.scope.expiresAt}`;
}

/** The dialog's choices for later requests: grants where one may cover them, trust where it is not locked. */
function grantChoices(req: HoldRequest, features: string[] | null, policy: EffectivePolicy): NonNullable<PendingRequest['grants']> {
  // `trust` is sampling's; the other kinds' trust lives under their own keys, set in the config.
  const trustSettable = req.kind === 'sampling' && policy.managed?.keys.trust?.locked !== true && policy.managed?.denyAll === undefined;
  return { session: features !== null && !isStatelessSession(req.sessionId), minutes: features !== null, always: trustSettable, never: trustSettable };
}
