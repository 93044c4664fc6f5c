/**
 * Elicitation's room in the hold (core/hold/kind.ts): `elicitation/create`, a server asking the
 * person for input, by form or by URL, in either era (CONTRACT.md section 10).
 *   judge:    validity, flags (secret fields, risky URLs, pressure, sampling's text detectors),
 *             trust, URL rules, content rules, its own rate limits (evaluate.ts); who answers
 *   decided:  the client answers — Forward to client / Deny; the gate answers — the user's own
 *             Submit / Decline / Cancel, or consent to open a URL
 *   complete: the answer checked against the form before the server sees it; secrets redacted
 *   see:      a 2025 URL-elicitation-required error (-32042) holds each of its URLs
 *             (url-required.ts); notifications/elicitation/complete is recorded against its row
 */
import type { EffectivePolicy } from '../../shared/config-schema.js';
import type { ElicitationDetail } from '../../shared/elicitation.js';
import { checkContent } from '../../shared/elicitation-form.js';
import type { Result } from '../../shared/result.js';
import { fail, ok } from '../../shared/result.js';
import type { Decision } from '../../shared/types.js';
import type { Decided, HoldAccess, HoldSteps, JudgeContext, Judgement, Kind, SessionContext } from '../hold/kind.js';
import type { ClientCaps, Completion, HoldRequest, Route } from '../hold/types.js';
import type { Logger } from '../log.js';
import { ERROR_CODES } from '../policy/types.js';
import { checkAnswer, withDefaults } from './answer.js';
import { CompletionNotices } from './completion-notices.js';
import { lazyModule } from '../hold/lazy-module.js';
import type { ServerHome } from './flags.js';
import { holdUrlRequired, isUrlElicitationRequired } from './url-required.js';
import { validateElicitation, type ElicitationShape } from './validate.js';

export interface ElicitationKindDeps {
  policyFor: (serverId: string) => EffectivePolicy;
  /** Where a server lives (its URL's host), to tell a URL to its own site from one elsewhere. */
  homeOf: (serverId: string) => ServerHome;
  log: Logger;
  /**
   * Opens a URL the user consented to, outside the gate and the model (the desktop app: the OS
   * browser). Absent headless: the web UI opens it itself, the CLI prints it.
   */
  openUrl?: (url: string) => void;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The evaluation (evaluate.ts: the risk flags' phrase families and detectors, the policy steps),
 * loaded with the first elicitation or session, as the sampling room loads its engine.
 */
const evaluator = lazyModule('the elicitation evaluator', () => import('./evaluate.js'));

export class ElicitationKind implements Kind {
  readonly name = 'elicitation' as const;
  readonly method = 'elicitation/create';
  readonly label = 'Elicitation request';
  private readonly notices = new CompletionNotices();

  constructor(private readonly deps: ElicitationKindDeps) {}

  /** The evaluation loads with the first elicitation (a promise only then). */
  ready(): Promise<unknown> | null {
    return evaluator.ready();
  }

  judge(req: HoldRequest, ctx: JudgeContext): Judgement {
    const route = this.route(req.serverId, req.client, req.params);
    const evaluation = evaluator.loaded().evaluateElicitation(req.params, {
      serverId: req.serverId,
      era: req.era,
      policy: ctx.policy,
      route,
      home: this.deps.homeOf(req.serverId),
      urlOnly: req.via === 'url-required-error',
      usage: ctx.usage,
      now: ctx.now,
    });
    const { verdict, shape } = evaluation;
    const detail: ElicitationDetail = {
      kind: 'elicitation',
      mode: evaluation.mode,
      answeredBy: route.by === 'none' ? null : route.by,
      secretFields: evaluation.secretFields,
      via: req.via ?? 'request',
      ...(shape?.mode === 'url' ? { url: shape.view, ...(shape.elicitationId ? { elicitationId: shape.elicitationId } : {}) } : {}),
    };
    if (shape?.mode === 'url' && shape.elicitationId && req.era === '2025-11-25') this.notices.remember(req.serverId, req.sessionId, shape.elicitationId, ctx.eventId);
    const judged: Judgement = {
      verdict: verdict.action === 'approve' ? 'approve' : 'ask',
      rule: verdict.rule,
      reason: verdict.reason,
      flags: evaluation.flags,
      trace: evaluation.trace,
      usage: null,
      params: isObject(req.params) ? req.params : {},
      record: { detail },
      view: { elicitation: detail, trust: ctx.policy.elicitation.trust },
    };
    if (verdict.action === 'deny') judged.refused = { outcome: 'auto-denied', by: 'policy', rule: verdict.rule, reason: verdict.reason, code: verdict.code };
    return judged;
  }

  /**
   * The client answers: forward it or deny it. The gate answers: the user's own answer — a form's
   * content checked against the form (a wrong type or a missing required field names the field),
   * consent to a URL, a decline or a cancel; Approve without content accepts the form's defaults.
   */
  checkDecision(d: Decision, req: HoldRequest, judged: Judgement): Result<Decision> {
    const detail = judged.view?.elicitation as ElicitationDetail;
    if (d.kind === 'approve-edited' || (d.kind === 'approve' && d.model !== undefined)) return fail('bad-request', 'an elicitation cannot be edited: forward it, answer it or deny it');
    if (detail.answeredBy !== 'gate') {
      if (d.kind === 'answer') return fail('bad-request', 'this elicitation is answered by the client: forward it to the client or deny it');
      return ok(d);
    }
    if (d.kind === 'deny') return ok(d);
    const answer = d.kind === 'approve' ? { kind: 'answer' as const, action: 'accept' as const } : d;
    if (answer.action !== 'accept') return ok({ kind: 'answer', action: answer.action });
    const shape = shapeOf(req);
    if (shape.mode === 'url') return ok({ kind: 'answer', action: 'accept' });
    const content = withDefaults(shape.fields, answer.content ?? {});
    const checked = checkContent(shape.fields, content);
    if (!checked.ok) return fail('bad-request', d.kind === 'approve' ? `this form needs an answer (${checked.reason}): answer it in the dialog, or approve --answer FILE.json` : checked.reason);
    return ok({ kind: 'answer', action: 'accept', content: checked.content });
  }

  decided(d: Decision, req: HoldRequest, judged: Judgement): Decided {
    const detail = judged.view?.elicitation as ElicitationDetail;
    if (detail.answeredBy !== 'gate') {
      if (d.kind === 'deny') return { kind: 'refuse', outcome: 'denied', by: 'user', rule: null, reason: d.reason?.trim() ? d.reason.trim() : 'denied by the user', code: ERROR_CODES.denied };
      return { kind: 'forward', outcome: 'approved', update: {}, params: judged.params };
    }
    // The gate answers: what the person said is the answer (a deny from the CLI declines).
    const action = d.kind === 'answer' ? d.action : 'decline';
    const reason = d.kind === 'deny' && d.reason?.trim() ? d.reason.trim() : null;
    if (action === 'accept') {
      if (detail.url && this.deps.openUrl) this.openUrl(detail.url.href);
      const result = d.kind === 'answer' && d.content !== undefined ? { action, content: d.content } : { action };
      return { kind: 'answered', outcome: 'approved', update: {}, result };
    }
    return { kind: 'answered', outcome: action === 'decline' ? 'denied' : 'cancelled', update: reason ? { reason } : {}, result: { action } };
  }

  async complete(eventId: string, req: HoldRequest, answer: { result: unknown }, steps: HoldSteps): Promise<Completion> {
    const event = steps.event(eventId);
    const detail = event?.detail as ElicitationDetail | undefined;
    const checked = checkAnswer(shapeOf(req), answer.result, detail?.secretFields ?? []);
    if (!checked.ok) {
      const reason = `the client returned an invalid elicitation result (${checked.reason})`;
      steps.record(eventId, { outcome: 'failed', completedAt: steps.now(), reason, tokens: 0, answeredBy: 'client' });
      return { kind: 'refuse', refusal: { code: ERROR_CODES.invalidParams, message: reason, data: { reason, rule: 'protocol.invalid-result', eventId } } };
    }
    steps.record(eventId, { response: checked.recorded, completedAt: steps.now(), answeredBy: detail?.answeredBy === 'gate' ? 'gate' : 'client' });
    return { kind: 'result', result: checked.result };
  }

  /** The client when it declared the request's mode (and answerWith lets it), else the gate's own form. */
  route(serverId: string, client: ClientCaps, params?: unknown): Route {
    const { answerWith } = this.deps.policyFor(serverId).elicitation;
    const mode = isObject(params) && params.mode === 'url' ? 'url' : 'form';
    const clientCan = client.elicitation[mode];
    if (answerWith === 'gate') return { by: 'gate' };
    if (clientCan) return { by: 'client' };
    if (answerWith === 'auto') return { by: 'gate' };
    return { by: 'none', reason: `the client did not declare elicitation ${mode} mode, and this server's elicitation is answered only by the client (answerWith: client)` };
  }

  /**
   * The modes the server may use: the client's own declaration (with its options, such as
   * applyDefaults) where the client answers, the gate's plain mode where its form does; URL mode
   * only with allowUrl.
   */
  advertise(serverId: string, client: ClientCaps, declared: unknown): Record<string, unknown> | null {
    // A session is starting: elicitation may follow, so its evaluation starts loading now.
    void evaluator.load();
    const { answerWith, allowUrl } = this.deps.policyFor(serverId).elicitation;
    const own = isObject(declared) ? declared : {};
    const modes: Record<string, unknown> = {};
    for (const mode of ['form', 'url'] as const) {
      if (mode === 'url' && !allowUrl) continue;
      const clientCan = client.elicitation[mode];
      if (answerWith === 'client' && !clientCan) continue;
      modes[mode] = clientCan && answerWith !== 'gate' && isObject(own[mode]) ? own[mode] : {};
    }
    return Object.keys(modes).length > 0 ? modes : null;
  }

  /** A refused elicitation is declined: the server learns no more than that (2026, and a client's answer gone wrong). */
  refusedEntry(): Record<string, unknown> {
    return { action: 'decline' };
  }

  /**
   * A grant forwards later elicitations to the client that answers them — the same mode, and for
   * URL mode the same site; the gate's own form (the user types an answer) is never granted.
   */
  grantFeatures(_req: HoldRequest, judged: Judgement): string[] | null {
    const detail = judged.view?.elicitation as ElicitationDetail | undefined;
    if (!detail || detail.answeredBy !== 'client') return null;
    if (detail.mode !== 'url') return [`mode:${detail.mode}`];
    return ['mode:url', `site:${detail.url?.registrableDomain ?? detail.url?.asciiHost ?? '?'}`];
  }

  see(m: Record<string, unknown>, ctx: SessionContext, hold: HoldAccess): Promise<Record<string, unknown> | null> | null {
    if (isUrlElicitationRequired(m)) return holdUrlRequired(m, ctx, hold, this.deps.log);
    if (m.method === 'notifications/elicitation/complete') {
      // Recorded against its elicitation and passed on (clients ignore ids they do not know).
      const id = isObject(m.params) ? m.params.elicitationId : undefined;
      const eventId = typeof id === 'string' ? this.notices.take(ctx.serverId, ctx.sessionId, id) : undefined;
      const detail = eventId ? (hold.event(eventId)?.detail as ElicitationDetail | undefined) : undefined;
      if (eventId && detail) hold.note(eventId, { detail: { ...detail, completedAt: new Date().toISOString() } });
    }
    return null;
  }

  private openUrl(href: string): void {
    try {
      this.deps.openUrl!(href);
    } catch (err) {
      this.deps.log.warn(`could not open ${href}: ${(err as Error).message}`);
    }
  }
}

/** The request as validated at admission (it was, or it would not be waiting or answered). */
function shapeOf(req: HoldRequest): ElicitationShape {
  const v = validateElicitation(req.params, req.era, { urlOnly: req.via === 'url-required-error' });
  if (!v.ok) throw new Error(`the elicitation is not valid: ${v.refusal.reason}`);
  return v.shape;
}
