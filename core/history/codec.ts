/**
 * History rows ↔ the shared types: the full event (`history --json`, the detail view) and the
 * summary a list shows (no bodies). JSON bodies are stored as text; a large one is stored deflated
 * (a BLOB) when that saves enough — readers never see the difference.
 */
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { promptPreview, summaryFlags, switchedFrom } from '../../shared/history-summary.js';
import type { AnswerPlan, DecidedBy, Era, EventDetail, HoldKind, Outcome, PolicyTraceStep, RiskFlag, SamplingEvent, SamplingSummary, TokenCount } from '../../shared/types.js';

/** The columns of `events`, as better-sqlite3 returns them. Bodies are JSON text or deflated JSON. */
export interface Row {
  rowid?: number;
  id: string;
  kind: string;
  server: string;
  session_id: string;
  era: string;
  received_at: string;
  decided_at: string | null;
  completed_at: string | null;
  outcome: string;
  decided_by: string | null;
  rule: string | null;
  reason: string | null;
  request: Body;
  final_request: Body | null;
  response: Body | null;
  flags: string;
  tokens: number | null;
  trace: Body | null;
  response_flags: string | null;
  answered_by: string | null;
  model: string | null;
  input_tokens: number | null;
  output_tokens: number | null;
  cost_usd: number | null;
  answer: Body | null;
  detail: string | null;
}

export type Body = string | Buffer;

/** Every column but the bodies a list does not show (final_request, response, trace, response_flags). */
export const SUMMARY_COLUMNS = 'rowid, id, kind, server, received_at, outcome, decided_by, rule, request, flags, tokens, answered_by, model, input_tokens, output_tokens, cost_usd, answer';
export const ALL_COLUMNS =
  'rowid, id, kind, server, session_id, era, received_at, decided_at, completed_at, outcome, decided_by, rule, reason, request, final_request, response, flags, tokens, trace, response_flags, answered_by, model, input_tokens, output_tokens, cost_usd, answer, detail';

/**
 * Bodies from this size are deflated when that at least pays for itself: a 1 MB document or a long
 * completion. Below it, zlib's fixed cost per call (tens of µs) buys a few hundred bytes at most.
 */
export const COMPRESS_FROM = 4096;

/** A JSON text as stored: as is, or deflated when large and at least 20 % smaller. */
export function storeBody(json: string): Body {
  if (json.length < COMPRESS_FROM) return json;
  const packed = deflateRawSync(Buffer.from(json, 'utf8'), { level: 6 });
  return packed.length <= json.length * 0.8 ? packed : json;
}

export function bodyText(b: Body): string {
  return typeof b === 'string' ? b : inflateRawSync(b).toString('utf8');
}

export function parseBody(b: Body): unknown {
  const s = bodyText(b);
  try {
    return JSON.parse(s);
  } catch {
    return s;
  }
}

/** Requests are stored as received; a value that is not JSON-able (never from the wire) is stringified. */
export function toJson(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v);
  return JSON.stringify(v ?? null) ?? 'null';
}

export function toEvent(r: Row): SamplingEvent {
  return {
    ...common(r),
    request: parseBody(r.request),
    finalRequest: r.final_request === null ? null : parseBody(r.final_request),
    response: r.response === null ? null : parseBody(r.response),
    flags: parseBody(r.flags) as RiskFlag[],
    tokens: r.tokens,
    trace: r.trace === null ? null : (parseBody(r.trace) as PolicyTraceStep[]),
    responseFlags: r.response_flags === null ? null : (parseBody(r.response_flags) as RiskFlag[]),
    answeredBy: r.answered_by,
    model: r.model,
    usage: usageOf(r),
    costUsd: r.cost_usd,
    answer: r.answer === null ? null : (parseBody(r.answer) as AnswerPlan),
    detail: r.detail === null || r.detail === undefined ? null : (parseBody(r.detail) as EventDetail),
  };
}

export function toSummary(r: Pick<Row, 'id' | 'kind' | 'server' | 'received_at' | 'outcome' | 'decided_by' | 'rule' | 'request' | 'flags' | 'tokens' | 'answered_by' | 'model' | 'input_tokens' | 'output_tokens' | 'cost_usd' | 'answer'>): SamplingSummary {
  const answer = r.answer === null ? null : (parseBody(r.answer) as Partial<AnswerPlan> | null);
  const kind = r.kind as HoldKind;
  return {
    id: r.id,
    kind,
    server: r.server,
    receivedAt: r.received_at,
    outcome: r.outcome as Outcome,
    decidedBy: r.decided_by as DecidedBy | null,
    rule: r.rule,
    preview: promptPreview(parseBody(r.request), undefined, kind),
    flags: summaryFlags(parseBody(r.flags) as RiskFlag[]),
    tokens: r.tokens,
    answeredBy: r.answered_by,
    model: r.model,
    usage: usageOf(r),
    costUsd: r.cost_usd,
    switchedFrom: switchedFrom(answer),
  };
}

function common(r: Pick<Row, 'id' | 'kind' | 'server' | 'session_id' | 'era' | 'received_at' | 'decided_at' | 'completed_at' | 'outcome' | 'decided_by' | 'rule' | 'reason'>) {
  return {
    id: r.id,
    kind: r.kind as HoldKind,
    server: r.server,
    sessionId: r.session_id,
    era: r.era as Era,
    receivedAt: r.received_at,
    decidedAt: r.decided_at,
    completedAt: r.completed_at,
    outcome: r.outcome as Outcome,
    decidedBy: r.decided_by as DecidedBy | null,
    rule: r.rule,
    reason: r.reason,
  };
}

function usageOf(r: Pick<Row, 'input_tokens' | 'output_tokens'>): TokenCount | null {
  return r.input_tokens === null && r.output_tokens === null ? null : { inputTokens: r.input_tokens ?? 0, outputTokens: r.output_tokens ?? 0 };
}

/** Every string value in a JSON value except base64 payloads: the words a user may search for. */
export function searchableText(v: unknown, out: string[] = [], depth = 0): string {
  if (depth > 64 || v === null || v === undefined) return out.join(' ');
  if (typeof v === 'string') {
    if (v.length < 200 || /\s/.test(v.slice(0, 200))) out.push(v);
  } else if (Array.isArray(v)) {
    for (const item of v) searchableText(item, out, depth + 1);
  } else if (typeof v === 'object') {
    for (const [k, item] of Object.entries(v)) if (k !== 'data') searchableText(item, out, depth + 1);
  }
  return out.join(' ');
}

/**
 * The text the full-text index holds for a row, from its stored bodies: the request's words until a
 * completion or an edit exists, then request, edited request and completion. The index keeps no
 * copy (migration 8), so deleting a row's entry recomputes it from the row — which makes this
 * function part of the storage format: change it only with a migration that rebuilds events_fts.
 */
export function indexedText(request: Body, finalRequest: Body | null, response: Body | null): string {
  const req = searchableText(parseBody(request));
  if (finalRequest === null && response === null) return req;
  return [req, finalRequest === null ? '' : searchableText(parseBody(finalRequest)), response === null ? '' : searchableText(parseBody(response))].join('\n');
}
