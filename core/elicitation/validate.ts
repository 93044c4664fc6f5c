/**
 * Is this an elicitation the gate may show and a client may answer (CONTRACT.md section 10)? The
 * params of `elicitation/create` as the spec allows them, in either mode:
 * - form: a message and a `requestedSchema` that is a flat object of primitive properties
 *   (shared/elicitation-form.ts says exactly which);
 * - url: a message and a URL that is absolute, `https` (or `http` to this machine), carries no
 *   user name or password and nothing invisible (url.ts); in the 2025 era also an `elicitationId`.
 * Structural caps come first, so nothing else walks a hostile value. Every refusal is a value.
 */
import { parseRequestedSchema, type FormField } from '../../shared/elicitation-form.js';
import type { UrlView } from '../../shared/elicitation.js';
import type { Era } from '../../shared/types.js';
import { ERROR_CODES } from '../policy/types.js';
import type { Refusal } from '../policy/validate.js';
import { brokenStringPath, measure } from '../policy/walk.js';
import { checkUrl } from './url.js';

export const ELICITATION_CAPS = {
  /** The message a person is asked to read. */
  message: 16 * 1024,
  /** The whole params, in UTF-16 code units: a form of a hundred fields with long descriptions fits. */
  size: 256 * 1024,
  /** A flat form nests 5 deep (params → schema → properties → property → items/oneOf → option). */
  depth: 12,
  elicitationId: 1024,
} as const;

export type ElicitationShape =
  | { mode: 'form'; message: string; fields: FormField[] }
  | { mode: 'url'; message: string; url: URL; view: UrlView; elicitationId?: string };

export type ElicitationValidation = { ok: true; shape: ElicitationShape } | { ok: false; refusal: Refusal; readable: boolean };

const refuse = (rule: string, reason: string, readable = true, code: number = ERROR_CODES.invalidParams): ElicitationValidation => ({ ok: false, refusal: { rule, reason, code }, readable });
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** `urlOnly`: listed by a URL-elicitation-required error, which may list URL-mode elicitations only. */
export function validateElicitation(params: unknown, era: Era, opts: { urlOnly?: boolean } = {}): ElicitationValidation {
  if (!isObject(params)) return refuse('protocol.invalid-request', 'elicitation params must be a JSON object', false, ERROR_CODES.invalidRequest);
  const shape = measure(params, ELICITATION_CAPS.depth, ELICITATION_CAPS.size);
  if (shape.exceeded === 'depth') return refuse('protocol.depth', `the request nests deeper than ${ELICITATION_CAPS.depth} levels: a form is flat`, false);
  if (shape.exceeded === 'size') return refuse('protocol.request-size', `the request is larger than ${ELICITATION_CAPS.size} characters`, false);
  if (shape.exceeded === 'non-finite') return refuse('protocol.invalid-params', 'the request contains a non-finite number', false);
  const broken = brokenStringPath(params);
  if (broken !== null) return refuse('protocol.invalid-utf8', `${broken || '/'}: invalid UTF-8 or a lone surrogate`, false);

  const mode = params.mode ?? 'form';
  if (mode !== 'form' && mode !== 'url') return refuse('protocol.invalid-params', 'mode must be "form" or "url"');
  if (opts.urlOnly && mode !== 'url') return refuse('protocol.invalid-params', 'a URL-elicitation-required error (-32042) may list URL-mode elicitations only');
  const message = params.message;
  if (typeof message !== 'string') return refuse('protocol.invalid-params', 'message must be a string: the person must be told why they are asked');
  if (message.length > ELICITATION_CAPS.message) return refuse('elicitation.message-size', `the message is longer than ${ELICITATION_CAPS.message} characters`);

  if (mode === 'form') {
    const parsed = parseRequestedSchema(params.requestedSchema);
    if (!parsed.ok) return refuse('elicitation.invalid-schema', `${parsed.path}: ${parsed.reason}`);
    return { ok: true, shape: { mode, message, fields: parsed.fields } };
  }
  const checked = checkUrl(params.url);
  if (!checked.ok) return refuse('elicitation.invalid-url', checked.reason);
  const id = params.elicitationId;
  if (era === '2025-11-25' && (typeof id !== 'string' || id.length === 0 || id.length > ELICITATION_CAPS.elicitationId)) {
    return refuse('protocol.invalid-params', `a URL-mode elicitation must carry an elicitationId (a string of 1 to ${ELICITATION_CAPS.elicitationId} characters) in the 2025-11-25 protocol`);
  }
  return { ok: true, shape: { mode, message, url: checked.url, view: checked.view, ...(typeof id === 'string' && id.length > 0 ? { elicitationId: id } : {}) } };
}
