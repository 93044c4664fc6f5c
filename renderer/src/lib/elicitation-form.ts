/**
 * The gate's own form for an elicitation: what each input holds while the user types (text, as
 * inputs do) and the content it makes, checked with the same rules the gate applies
 * (shared/elicitation-form.ts). Nothing is sent until every field is valid.
 */
import { checkContent, valueProblem, type FormContent, type FormField } from '../../../shared/elicitation-form.js';

/** An input's raw state: text for text and number inputs, a choice for booleans, the ticked options. */
export type Draft = Record<string, string | boolean | string[] | null>;

/** A form's starting state: the defaults, else empty (an optional boolean without one starts unset). */
export function initialDraft(fields: readonly FormField[]): Draft {
  const draft: Draft = {};
  for (const f of fields) {
    const d = f.default;
    if (f.kind === 'multi-enum') draft[f.name] = Array.isArray(d) ? [...d] : [];
    else if (f.kind === 'boolean') draft[f.name] = typeof d === 'boolean' ? d : f.required ? false : null;
    else draft[f.name] = d === undefined ? '' : String(d);
  }
  return draft;
}

/** The value an input's state stands for; undefined when the field is left empty. */
export function valueOf(f: FormField, raw: Draft[string]): FormContent[string] | undefined {
  if (f.kind === 'multi-enum') return Array.isArray(raw) && raw.length > 0 ? raw : f.required ? [] : undefined;
  if (f.kind === 'boolean') return typeof raw === 'boolean' ? raw : undefined;
  if (typeof raw !== 'string' || raw === '') return undefined;
  if (f.kind === 'number' || f.kind === 'integer') return Number(raw.trim());
  return raw;
}

export interface DraftCheck {
  content: FormContent | null;
  /** Field name → what is wrong with it (shown once the user has touched it, or on Submit). */
  errors: Record<string, string>;
}

export function checkDraft(fields: readonly FormField[], draft: Draft): DraftCheck {
  const content: FormContent = {};
  const errors: Record<string, string> = {};
  for (const f of fields) {
    const v = valueOf(f, draft[f.name] ?? null);
    if (v === undefined) {
      if (f.required) errors[f.name] = 'Required';
      continue;
    }
    const problem = valueProblem(f, v);
    if (problem) errors[f.name] = capitalise(problem);
    else content[f.name] = v;
  }
  if (Object.keys(errors).length > 0) return { content: null, errors };
  const checked = checkContent(fields, content);
  return checked.ok ? { content: checked.content, errors } : { content: null, errors: { [checked.field ?? '']: checked.reason } };
}

/** The HTML input type for a string field's format. */
export function inputType(f: FormField): string {
  switch (f.format) {
    case 'email':
      return 'email';
    case 'uri':
      return 'url';
    case 'date':
      return 'date';
    default:
      return 'text';
  }
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
