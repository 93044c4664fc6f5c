/**
 * The 2025 era's URL-elicitation-required error (MCP 2025-11-25 client/elicitation, code -32042): a
 * server answers a client's request with an error whose `data.elicitations` are URL-mode
 * elicitations the person must complete before the request is retried. Each one is a server asking
 * the person to open a URL, so each goes through the hold like an `elicitation/create` (via
 * `url-required-error`): validated (URL mode, an elicitationId), flagged, checked by policy, shown.
 *
 * What the client then gets:
 * - the error with the elicitations it answers itself (the client declared URL mode) and the
 *   policy let through, as approved;
 * - when the gate showed every URL itself (the client cannot, or answerWith: gate) and the person
 *   opened one: an error saying so and asking to retry once the browser step is done;
 * - when every one was refused, declined or cancelled: the gate's refusal (code -1).
 */
import type { Logger } from '../log.js';
import type { HoldAccess, SessionContext } from '../hold/kind.js';
import type { HoldRequest, Refusal } from '../hold/types.js';
import { ERROR_CODES } from '../policy/types.js';

export const URL_ELICITATION_REQUIRED = -32042;
/** One error may ask for this many URLs; the rest are dropped (a person cannot follow a flood of them). */
const MAX_ELICITATIONS = 8;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function isUrlElicitationRequired(m: Record<string, unknown>): boolean {
  return 'id' in m && isObject(m.error) && m.error.code === URL_ELICITATION_REQUIRED;
}

type Outcome =
  | { kind: 'forward'; params: Record<string, unknown> }
  | { kind: 'answered'; action: string; host: string | null }
  | { kind: 'refused'; refusal: Refusal }
  | { kind: 'cancelled' };

export async function holdUrlRequired(m: Record<string, unknown>, ctx: SessionContext, hold: HoldAccess, log: Logger): Promise<Record<string, unknown> | null> {
  const error = m.error as Record<string, unknown>;
  const data = isObject(error.data) ? error.data : undefined;
  const list = Array.isArray(data?.elicitations) ? (data.elicitations as unknown[]) : null;
  // Without a list there is no URL to show anyone: an ordinary error, passed on.
  if (!list || list.length === 0) return m;
  if (list.length > MAX_ELICITATIONS) log.warn(`[${ctx.serverId}] a URL-elicitation-required error listed ${list.length} URLs; only the first ${MAX_ELICITATIONS} are considered`);
  const outcomes = await Promise.all(list.slice(0, MAX_ELICITATIONS).map((params) => holdOne(params, ctx, hold)));
  if (ctx.signal.aborted || outcomes.some((o) => o.kind === 'cancelled')) return null;

  const forwarded = outcomes.flatMap((o) => (o.kind === 'forward' ? [o.params] : []));
  if (forwarded.length > 0) return { ...m, error: { ...error, data: { ...data, elicitations: forwarded } } };
  const opened = outcomes.flatMap((o) => (o.kind === 'answered' && o.action === 'accept' ? [o.host ?? 'the URL'] : []));
  const message = typeof error.message === 'string' ? error.message : 'the server needs a step in the browser first';
  if (opened.length > 0) {
    return reply(m, -32000, `${message} — Sampling Gate showed the user ${opened.join(', ')}: retry once the step in the browser is done.`, { reason: 'opened by the user in Sampling Gate', urls: opened });
  }
  const refused = outcomes.find((o): o is Extract<Outcome, { kind: 'refused' }> => o.kind === 'refused');
  if (refused) return reply(m, ERROR_CODES.denied, `Sampling Gate stopped the URL elicitation from server "${ctx.serverId}". ${refused.refusal.message}`, refused.refusal.data);
  const action = outcomes.find((o): o is Extract<Outcome, { kind: 'answered' }> => o.kind === 'answered')?.action ?? 'decline';
  return reply(m, ERROR_CODES.denied, `${message} — the user ${action === 'cancel' ? 'dismissed' : 'declined'} it in Sampling Gate.`, { reason: `the user chose ${action}` });
}

async function holdOne(params: unknown, ctx: SessionContext, hold: HoldAccess): Promise<Outcome> {
  const req: HoldRequest = { kind: 'elicitation', serverId: ctx.serverId, sessionId: ctx.sessionId, era: '2025-11-25', params, client: ctx.client, signal: ctx.signal, via: 'url-required-error' };
  const a = await hold.admit(req);
  switch (a.kind) {
    case 'refuse':
      return { kind: 'refused', refusal: a.refusal };
    case 'cancelled':
      return { kind: 'cancelled' };
    case 'answered': {
      const done = await hold.answered(a.eventId, req, a.result);
      if (done.kind !== 'result') return done.kind === 'refuse' ? { kind: 'refused', refusal: done.refusal } : { kind: 'cancelled' };
      const url = isObject(params) && typeof params.url === 'string' ? params.url : null;
      return { kind: 'answered', action: String(done.result.action), host: url ? hostOf(url) : null };
    }
    case 'forward':
      // The client shows it; nothing comes back to the gate but, perhaps, a completion notice.
      hold.passedOn(a.eventId);
      return { kind: 'forward', params: a.params };
  }
}

function reply(m: Record<string, unknown>, code: number, message: string, data: unknown): Record<string, unknown> {
  return { jsonrpc: '2.0', id: m.id, error: { code, message, data } };
}

function hostOf(url: string): string {
  try {
    return new URL(url).hostname;
  } catch {
    return 'the URL';
  }
}
