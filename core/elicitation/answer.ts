/**
 * An answer to an elicitation, before the server sees it: the client's (CONTRACT.md section 10:
 * "the client's answer is validated against the requested schema") or the user's own in the
 * gate's dialog. `accept` in form mode carries content that fits the form; in URL mode none;
 * `decline` and `cancel` carry nothing (content the person chose not to give is dropped, never
 * passed on). What history keeps has the values of secret fields redacted.
 */
import { checkContent, redactContent, type FormContent, type FormField } from '../../shared/elicitation-form.js';
import type { ElicitationShape } from './validate.js';

export type AnswerCheck = { ok: true; result: Record<string, unknown>; recorded: Record<string, unknown> } | { ok: false; reason: string };

const ACTIONS = new Set(['accept', 'decline', 'cancel']);
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function checkAnswer(shape: ElicitationShape, result: unknown, secretFields: readonly string[]): AnswerCheck {
  if (!isObject(result)) return { ok: false, reason: 'the answer is not an object' };
  const action = result.action;
  if (typeof action !== 'string' || !ACTIONS.has(action)) return { ok: false, reason: 'action must be "accept", "decline" or "cancel"' };
  const { content, ...rest } = result;
  if (action !== 'accept' || shape.mode === 'url') {
    // Nothing but the action reaches the server: no content for a decline, a cancel or a URL.
    if (action === 'accept' && content !== undefined && !(isObject(content) && Object.keys(content).length === 0)) {
      return { ok: false, reason: 'a URL-mode answer carries no content: what the person enters goes to the site, not through the client' };
    }
    return { ok: true, result: rest, recorded: rest };
  }
  const checked = checkContent(shape.fields, content ?? {});
  if (!checked.ok) return { ok: false, reason: checked.reason };
  return { ok: true, result: { ...rest, content: checked.content }, recorded: { ...rest, content: redactContent(checked.content, secretFields) } };
}

/** The form's content with the defaults of the fields left out filled in, as a client that applies defaults sends it. */
export function withDefaults(fields: readonly FormField[], content: Record<string, unknown>): Record<string, unknown> {
  const out: FormContent = { ...(content as FormContent) };
  for (const f of fields) if (out[f.name] === undefined && f.default !== undefined) out[f.name] = f.default;
  return out;
}
