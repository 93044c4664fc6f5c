/**
 * One exported audit event, cut from a final history row at a content level (issue 12):
 * `metadata` carries no prompt or completion text, `hashed` the SHA-256 of each text, `full` the
 * texts. Both sinks (OTLP, syslog) format this one shape, so they can never disagree on a field.
 * Every kind of held request is exported: a sampling request's texts are its prompt and its
 * completion; an elicitation's, its message, its form's texts and the answer as the row keeps it
 * (values of secret fields `[redacted]`, never the real ones).
 */
import { createHash } from 'node:crypto';
import type { AuditContent } from '../../shared/audit-schema.js';
import type { ElicitationDetail } from '../../shared/elicitation.js';
import type { HoldKind, SamplingEvent } from '../../shared/types.js';

/** One text the model read or wrote: where it was (JSON pointer into the row), and its hash or text. */
export interface AuditText {
  path: string;
  sha256?: string;
  text?: string;
}

export interface AuditRecord {
  eventId: string;
  /** What the server asked for: sampling, elicitation, roots. */
  kind: HoldKind;
  /** An elicitation's mode and how it arrived (absent for other kinds). */
  elicitation?: { mode: string; via: string; url: string | null };
  server: string;
  sessionId: string;
  era: string;
  receivedAt: string;
  decidedAt: string | null;
  completedAt: string | null;
  outcome: string;
  decidedBy: string | null;
  rule: string | null;
  reason: string | null;
  flags: string[];
  responseFlags: string[];
  /** Who answered: `client`, or `provider:<id>`. */
  answeredBy: string | null;
  /** The provider kind when the gate answered (`anthropic`, `openai`). */
  providerKind: string | null;
  /** The model asked for: the provider plan's model, else the request's first model hint. */
  requestModel: string | null;
  /** The model id in the completion. */
  responseModel: string | null;
  maxTokens: number | null;
  temperature: number | null;
  stopReason: string | null;
  inputTokens: number | null;
  outputTokens: number | null;
  costUsd: number | null;
  /** Tokens charged against the server's budget. */
  tokens: number | null;
  /** The user edited the request or completion before it went on. */
  edited: boolean;
  content: AuditContent;
  /** Absent at `metadata`. */
  texts?: AuditText[];
}

export function toAuditRecord(e: SamplingEvent, content: AuditContent): AuditRecord {
  const request = asObject(e.finalRequest) ?? asObject(e.request);
  const response = asObject(e.response);
  const hints = asObject(request?.modelPreferences)?.hints;
  const firstHint = Array.isArray(hints) ? asObject(hints[0])?.name : undefined;
  const detail = e.kind === 'elicitation' ? (e.detail as ElicitationDetail | null) : null;
  const record: AuditRecord = {
    eventId: e.id,
    kind: e.kind,
    ...(detail ? { elicitation: { mode: detail.mode, via: detail.via, url: detail.url?.href ?? null } } : {}),
    server: e.server,
    sessionId: e.sessionId,
    era: e.era,
    receivedAt: e.receivedAt,
    decidedAt: e.decidedAt,
    completedAt: e.completedAt,
    outcome: e.outcome,
    decidedBy: e.decidedBy,
    rule: e.rule,
    reason: e.reason,
    flags: e.flags.map((f) => f.id),
    responseFlags: (e.responseFlags ?? []).map((f) => f.id),
    answeredBy: e.answeredBy ?? null,
    providerKind: e.answer?.kind ?? null,
    requestModel: e.answer?.model ?? (typeof firstHint === 'string' ? firstHint : null),
    responseModel: e.model ?? (typeof response?.model === 'string' ? response.model : null),
    maxTokens: typeof request?.maxTokens === 'number' ? request.maxTokens : null,
    temperature: typeof request?.temperature === 'number' ? request.temperature : null,
    stopReason: typeof response?.stopReason === 'string' ? response.stopReason : null,
    inputTokens: e.usage?.inputTokens ?? null,
    outputTokens: e.usage?.outputTokens ?? null,
    costUsd: e.costUsd ?? null,
    tokens: e.tokens,
    edited: e.outcome === 'edited' || e.finalRequest !== null,
    content,
  };
  if (content === 'metadata') return record;
  const texts: AuditText[] = [];
  if (e.kind === 'elicitation') collectElicitationTexts(asObject(e.request), response, texts);
  else collectRequestTexts(asObject(e.request), '/request', texts);
  if (e.kind !== 'sampling') {
    record.texts = texts.map(({ path, text }) => (content === 'hashed' ? { path, sha256: sha256(text!) } : { path, text }));
    return record;
  }
  if (e.finalRequest !== null) collectRequestTexts(asObject(e.finalRequest), '/finalRequest', texts);
  if (response && !('error' in response)) collectBlocks(response.content, '/response/content', texts);
  record.texts = texts.map(({ path, text }) => (content === 'hashed' ? { path, sha256: sha256(text!) } : { path, text }));
  return record;
}

export function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** What the person read (the message, the form's titles and descriptions) and what was answered, as the row keeps it. */
function collectElicitationTexts(req: Record<string, unknown> | null, response: Record<string, unknown> | null, out: AuditText[]): void {
  if (typeof req?.message === 'string') out.push({ path: '/request/message', text: req.message });
  const properties = asObject(asObject(req?.requestedSchema)?.properties);
  for (const [name, prop] of Object.entries(properties ?? {})) {
    const p = asObject(prop);
    for (const key of ['title', 'description'] as const) if (typeof p?.[key] === 'string') out.push({ path: `/request/requestedSchema/properties/${name}/${key}`, text: p[key] });
  }
  const answer = asObject(response?.content);
  for (const [name, value] of Object.entries(answer ?? {})) out.push({ path: `/response/content/${name}`, text: typeof value === 'string' ? value : JSON.stringify(value) });
}

/** The texts the model reads: the system prompt and every text block of every message. */
function collectRequestTexts(req: Record<string, unknown> | null, at: string, out: AuditText[]): void {
  if (!req) return;
  if (typeof req.systemPrompt === 'string') out.push({ path: `${at}/systemPrompt`, text: req.systemPrompt });
  if (!Array.isArray(req.messages)) return;
  req.messages.forEach((m, i) => collectBlocks(asObject(m)?.content, `${at}/messages/${i}/content`, out));
}

/** Text blocks (a single block or an array, and text inside tool results), depth-bounded. */
function collectBlocks(content: unknown, at: string, out: AuditText[], depth = 0): void {
  if (depth > 4 || content === null || content === undefined) return;
  if (Array.isArray(content)) {
    content.forEach((c, i) => collectBlocks(c, `${at}/${i}`, out, depth + 1));
    return;
  }
  const block = asObject(content);
  if (!block) return;
  if (block.type === 'text' && typeof block.text === 'string') out.push({ path: `${at}/text`, text: block.text });
  else if (block.type === 'tool_result') collectBlocks(block.content, `${at}/content`, out, depth + 1);
}

function asObject(v: unknown): Record<string, unknown> | null {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
}
