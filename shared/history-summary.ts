/**
 * A history row as a list shows it (SamplingSummary): what the gate sends for `history.list`, and
 * what a test or a fake gate can cut from a full event the same way. Pure: no Node, no DOM.
 */
import type { AnswerPlan, HoldKind, RiskFlag, SamplingEvent, SamplingSummary } from './types.js';

/** Longest preview a summary carries; views cut it shorter. */
export const PREVIEW_CHARS = 120;

/**
 * The text a list shows for a request, on one line: a sampling request's last message text (the
 * renderer's promptPreview, renderer/src/lib/sampling-view.ts, does the same on the full request),
 * an elicitation's message (and its URL), the roots a server was given.
 */
export function promptPreview(params: unknown, max = PREVIEW_CHARS, kind: HoldKind = 'sampling'): string {
  if (typeof params !== 'object' || params === null || Array.isArray(params)) return '';
  if (kind !== 'sampling') return oneLine(otherPreview(params as Record<string, unknown>, kind), max);
  const messages = (params as { messages?: unknown }).messages;
  if (!Array.isArray(messages)) return '';
  const texts: string[] = [];
  for (const m of messages) {
    const content = (m as { content?: unknown } | null)?.content;
    for (const block of Array.isArray(content) ? content : [content]) {
      const b = block as { type?: unknown; text?: unknown } | null;
      if (b && b.type === 'text' && typeof b.text === 'string') texts.push(b.text);
    }
  }
  return oneLine(texts[texts.length - 1] ?? '', max);
}

function otherPreview(params: Record<string, unknown>, kind: HoldKind): string {
  if (kind === 'elicitation') {
    const message = typeof params.message === 'string' ? params.message : '';
    return typeof params.url === 'string' ? `${message} — ${params.url}` : message;
  }
  return '';
}

function oneLine(text: string, max: number): string {
  const one = text.replace(/\s+/g, ' ').trim();
  return one.length > max ? `${one.slice(0, max - 1)}…` : one;
}

export function summaryFlags(flags: readonly RiskFlag[]): SamplingSummary['flags'] {
  return flags.map((f) => ({ id: f.id, severity: f.severity, message: f.message }));
}

export function switchedFrom(answer: Partial<AnswerPlan> | null | undefined): string | null {
  return typeof answer?.switchedFrom === 'string' ? answer.switchedFrom : null;
}

/** The summary of a full event. */
export function summaryOf(e: SamplingEvent): SamplingSummary {
  return {
    id: e.id,
    kind: e.kind,
    server: e.server,
    receivedAt: e.receivedAt,
    outcome: e.outcome,
    decidedBy: e.decidedBy,
    rule: e.rule,
    preview: promptPreview(e.request, PREVIEW_CHARS, e.kind),
    flags: summaryFlags(e.flags),
    tokens: e.tokens,
    answeredBy: e.answeredBy ?? null,
    model: e.model ?? null,
    usage: e.usage ?? null,
    costUsd: e.costUsd ?? null,
    switchedFrom: switchedFrom(e.answer),
  };
}
