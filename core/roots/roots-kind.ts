/**
 * Roots' room in the hold (core/hold/kind.ts): `roots/list`, a server asking which directories the
 * user works in, in either era (CONTRACT.md section 10). Only the client knows its roots, so it
 * always answers; the gate decides what of that answer the server is given:
 *   judge:    `roots.trust: deny` → the server gets an empty list, and nobody is asked
 *   complete: each root checked and normalised (root-uri.ts: file:// only, no traversal, no other
 *             host), those outside `roots.allow` (and the managed list) removed; with `ask`, the user
 *             sees the exact list first — once per session, and again when it changes
 * History records which roots the server was given, and which were removed and why; the Servers
 * view shows the last list each server got.
 */
import type { EffectivePolicy } from '../../shared/config-schema.js';
import type { Result } from '../../shared/result.js';
import { fail, ok } from '../../shared/result.js';
import type { Decision, PendingRequest, ResponseDecision } from '../../shared/types.js';
import type { RootsDetail } from '../../shared/roots.js';
import type { Decided, HoldSteps, JudgeContext, Judgement, Kind } from '../hold/kind.js';
import type { ClientCaps, Completion, HoldRequest, Route } from '../hold/types.js';
import { ERROR_CODES } from '../policy/types.js';
import { checkRootUri, under } from './root-uri.js';

export interface RootsKindDeps {
  policyFor: (serverId: string) => EffectivePolicy;
  /** Told the roots a server was given (the Servers view shows them). */
  onGiven?: (serverId: string, uris: string[]) => void;
}

/** Sessions whose approved list is remembered; past this the oldest are forgotten (asked again). */
const MAX_SESSIONS = 4096;
const MAX_ROOTS = 1000;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export class RootsKind implements Kind {
  readonly name = 'roots' as const;
  readonly method = 'roots/list';
  readonly label = 'Roots request';
  /** server + session → the list the user last approved there (sorted URIs). */
  private readonly approved = new Map<string, string>();

  constructor(private readonly deps: RootsKindDeps) {}

  judge(req: HoldRequest, ctx: JudgeContext): Judgement {
    const params = isObject(req.params) ? req.params : {};
    const judged: Judgement = { verdict: 'approve', rule: 'roots.client', reason: 'the client answers; what it gives is checked before the server sees it', flags: [], trace: [], usage: null, params };
    if (req.params !== undefined && !isObject(req.params)) {
      return { ...judged, refused: { outcome: 'auto-denied', by: 'policy', rule: 'protocol.invalid-request', reason: 'roots/list params must be an object', code: ERROR_CODES.invalidRequest } };
    }
    const managed = ctx.policy.managed?.denyAll;
    if (managed || ctx.policy.roots.trust === 'deny') {
      const reason = managed?.reason ?? `server "${req.serverId}" is set to get no roots`;
      const rule = managed?.rule ?? 'roots.trust.deny';
      judged.trace = [{ step: 'validity', outcome: 'pass' }, { step: 'trust-deny', outcome: 'deny', rule, detail: `${reason}: it gets an empty list` }];
      judged.record = { detail: detailOf([], []) };
      this.deps.onGiven?.(req.serverId, []); // the Servers view: this server has none
      return { ...judged, answered: { outcome: 'auto-denied', rule, reason, result: { roots: [] } } };
    }
    if (!req.client.roots.supported) {
      return { ...judged, refused: { outcome: 'auto-denied', by: 'policy', rule: 'client.no-roots', reason: 'the client did not declare roots', code: ERROR_CODES.denied } };
    }
    judged.trace = [{ step: 'validity', outcome: 'pass' }, { step: 'trust-deny', outcome: 'pass' }, { step: 'trust-approve', outcome: 'approve', rule: 'roots.client', detail: 'passed to the client; its answer is checked' }];
    return judged;
  }

  checkDecision(d: Decision): Result<Decision> {
    return d.kind === 'approve' || d.kind === 'deny' ? ok(d) : fail('bad-request', 'a roots request is approved or denied');
  }

  decided(d: Decision, _req: HoldRequest, judged: Judgement): Decided {
    if (d.kind === 'deny') return { kind: 'refuse', outcome: 'denied', by: 'user', rule: null, reason: 'denied by the user', code: ERROR_CODES.denied };
    return { kind: 'forward', outcome: 'approved', update: {}, params: judged.params };
  }

  async complete(eventId: string, req: HoldRequest, answer: { result: unknown }, steps: HoldSteps): Promise<Completion> {
    const policy = this.deps.policyFor(req.serverId).roots;
    const result = answer.result;
    const list = isObject(result) && Array.isArray(result.roots) ? result.roots : null;
    if (!list) {
      const reason = 'the client returned an invalid roots result (roots must be an array)';
      steps.record(eventId, { outcome: 'failed', completedAt: steps.now(), reason, answeredBy: 'client' });
      return { kind: 'refuse', refusal: { code: ERROR_CODES.invalidParams, message: reason, data: { reason, rule: 'protocol.invalid-result', eventId } } };
    }
    const kept: Record<string, unknown>[] = [];
    const removed: RootsDetail['removed'] = [];
    for (const root of list.slice(0, MAX_ROOTS)) {
      const uri = isObject(root) ? root.uri : undefined;
      const c = checkRootUri(uri);
      if (!c.ok) removed.push({ uri: typeof uri === 'string' ? uri.slice(0, 300) : String(uri), why: c.reason });
      else if (policy.allow.length > 0 && !under(c.path, policy.allow)) removed.push({ uri: c.uri, why: 'not under an allowed directory (roots.allow)' });
      else if (policy.managedAllow && policy.managedAllow.length > 0 && !under(c.path, policy.managedAllow)) removed.push({ uri: c.uri, why: 'not under a directory the managed policy allows' });
      else kept.push({ ...(root as Record<string, unknown>), uri: c.uri });
    }
    if (list.length > MAX_ROOTS) removed.push({ uri: `(${list.length - MAX_ROOTS} more)`, why: `more than ${MAX_ROOTS} roots` });

    let given = kept;
    if (policy.trust === 'ask' && !this.seen(req, kept)) {
      const reviewed = await this.review(eventId, req, steps, kept, removed);
      if (reviewed.kind !== 'given') return reviewed.completion;
      given = reviewed.roots;
    }
    const uris = given.map((r) => String(r.uri));
    steps.record(eventId, { response: { roots: given }, detail: detailOf(uris, removed), completedAt: steps.now(), answeredBy: 'client' });
    this.deps.onGiven?.(req.serverId, uris);
    return { kind: 'result', result: { ...(result as Record<string, unknown>), roots: given } };
  }

  /** The user sees the exact list the server would get: Approve gives it, Deny gives none. */
  private async review(
    eventId: string,
    req: HoldRequest,
    steps: HoldSteps,
    roots: Record<string, unknown>[],
    removed: RootsDetail['removed'],
  ): Promise<{ kind: 'given'; roots: Record<string, unknown>[] } | { kind: 'done'; completion: Completion }> {
    const policy = this.deps.policyFor(req.serverId);
    const event = steps.event(eventId);
    const now = steps.now();
    const view: PendingRequest = {
      id: eventId,
      kind: 'roots',
      server: req.serverId,
      sessionId: req.sessionId,
      receivedAt: event?.receivedAt ?? now.toISOString(),
      expiresAt: new Date(now.getTime() + policy.approvalTimeoutSeconds * 1000).toISOString(),
      stage: 'response',
      era: req.era,
      trust: policy.roots.trust,
      request: isObject(req.params) ? req.params : {},
      response: { roots },
      flags: [],
      roots: detailOf(roots.map((r) => String(r.uri)), removed),
    };
    const waited = await steps.waitFor<ResponseDecision>(view, req.signal, (d) => (d.kind === 'approve-edited' ? fail('bad-request', 'a list of roots is approved or denied') : ok(d)));
    if (waited.kind === 'cancelled') {
      if (waited.by !== 'gate') {
        steps.cancelled(eventId, waited.reason, waited.by);
        return { kind: 'done', completion: { kind: 'cancelled' } };
      }
      return this.none(req.serverId, eventId, steps, removed, 'denied', 'gate', 'gate.shutdown', waited.reason);
    }
    if (waited.kind === 'timed-out') return this.none(req.serverId, eventId, steps, removed, 'timed-out', 'timeout', 'review.timeout', `not reviewed within ${policy.approvalTimeoutSeconds}s: no roots given`);
    if (waited.decision.kind === 'deny') return this.none(req.serverId, eventId, steps, removed, 'denied', 'user', 'review.denied', waited.decision.reason?.trim() || 'the user shared no roots');
    this.remember(req, roots);
    steps.record(eventId, { outcome: 'approved', decidedBy: 'user', decidedAt: steps.now() });
    return { kind: 'given', roots };
  }

  /** Not approved: the server gets an empty list (not an error), and the row says why. */
  private none(serverId: string, eventId: string, steps: HoldSteps, removed: RootsDetail['removed'], outcome: 'denied' | 'timed-out', by: 'user' | 'timeout' | 'gate', rule: string, reason: string): { kind: 'done'; completion: Completion } {
    const now = steps.now();
    steps.record(eventId, { outcome, decidedBy: by, decidedAt: now, completedAt: now, rule, reason, response: { roots: [] }, detail: detailOf([], removed), answeredBy: 'client' });
    this.deps.onGiven?.(serverId, []); // what the server has now: none (the Servers view must not keep an older list)
    return { kind: 'done', completion: { kind: 'result', result: { roots: [] } } };
  }

  private seen(req: HoldRequest, roots: Record<string, unknown>[]): boolean {
    return this.approved.get(sessionKey(req)) === listKey(roots);
  }

  private remember(req: HoldRequest, roots: Record<string, unknown>[]): void {
    const key = sessionKey(req);
    this.approved.delete(key);
    if (this.approved.size >= MAX_SESSIONS) this.approved.delete(this.approved.keys().next().value!);
    this.approved.set(key, listKey(roots));
  }

  /** Only the client knows its roots. */
  route(_serverId: string, client: ClientCaps): Route {
    return client.roots.supported ? { by: 'client' } : { by: 'none', reason: 'the client did not declare roots' };
  }

  /** The client's own roots capability, as declared (listChanged included). */
  advertise(_serverId: string, client: ClientCaps, declared: unknown): Record<string, unknown> | null {
    return client.roots.supported && isObject(declared) ? declared : null;
  }

  /** A refused roots request is an empty list: the server learns nothing of the user's directories. */
  refusedEntry(): Record<string, unknown> {
    return { roots: [] };
  }
}

function detailOf(given: string[], removed: RootsDetail['removed']): RootsDetail {
  return { kind: 'roots', given, removed };
}

function sessionKey(req: HoldRequest): string {
  return `${req.serverId}\u0000${req.sessionId}`;
}

function listKey(roots: Record<string, unknown>[]): string {
  return JSON.stringify(roots.map((r) => String(r.uri)).sort());
}
