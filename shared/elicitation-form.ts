/**
 * An elicitation's form (MCP 2025-11-25 and 2026-07-28, client/elicitation "Requested Schema"): the
 * `requestedSchema` a server sends, checked against what the spec allows and turned into fields a
 * dialog or a terminal can show; and the check of an answer's `content` against those fields.
 *
 * One implementation for everyone who needs it: the gate checks a client's answer with it before
 * the server sees it, the dialog validates the user's input with it before Submit, and the CLI
 * checks `approve --answer FILE.json` with it before anything is sent. Pure: no Node, no DOM.
 *
 * The spec's schema is a flat object of primitive properties: string (formats email, uri, date,
 * date-time; min/maxLength), number and integer (minimum/maximum), boolean, single-select enums
 * (`enum`, titled `oneOf: [{const, title}]`, and the legacy `enumNames`) and multi-select enums
 * (`type: array` with `items.enum` or titled `items.anyOf`, min/maxItems); each may have a title,
 * a description and a default; `required` names properties. Anything else is refused with the
 * place it is wrong, since a client cannot show it and a hostile server may hide things in it.
 */

export const STRING_FORMATS = ['email', 'uri', 'date', 'date-time'] as const;
export type StringFormat = (typeof STRING_FORMATS)[number];

/** Bounds on what one form may hold: a dialog must stay readable and a check cheap. */
export const FORM_CAPS = {
  properties: 100,
  options: 500,
  /** A title, a description, an option's title or an enum value. */
  text: 4096,
  /** A string default or an answer's string value. */
  value: 65536,
} as const;

export type FieldKind = 'string' | 'number' | 'integer' | 'boolean' | 'enum' | 'multi-enum';

export interface FormOption {
  value: string;
  /** What the user sees: the option's title, or its value when it has none. */
  label: string;
}

export type FormValue = string | number | boolean | string[];
export type FormContent = Record<string, FormValue>;

export interface FormField {
  /** The property's name, the key of its value in `content`. */
  name: string;
  kind: FieldKind;
  title?: string;
  description?: string;
  required: boolean;
  format?: StringFormat;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  options?: FormOption[];
  default?: FormValue;
}

export type FormParse = { ok: true; fields: FormField[] } | { ok: false; path: string; reason: string };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Keywords a property may carry; others are refused where they would change the shape, ignored where they are annotations. */
const STRUCTURAL = new Set(['properties', 'items', 'additionalProperties', 'patternProperties', '$ref', 'allOf', 'not', 'if', 'then', 'else', 'prefixItems', 'contains', 'dependentSchemas']);

class SchemaError extends Error {
  constructor(
    readonly path: string,
    reason: string,
  ) {
    super(reason);
  }
}

/** The fields of a form-mode `requestedSchema`, in the server's order, or where and why it is not one. */
export function parseRequestedSchema(schema: unknown): FormParse {
  try {
    return { ok: true, fields: fieldsOf(schema) };
  } catch (err) {
    if (err instanceof SchemaError) return { ok: false, path: err.path, reason: err.message };
    throw err;
  }
}

function fieldsOf(schema: unknown): FormField[] {
  const at = '/requestedSchema';
  if (!isObject(schema)) throw new SchemaError(at, 'must be a JSON object');
  if (schema.type !== 'object') throw new SchemaError(`${at}/type`, 'must be "object"');
  for (const key of Object.keys(schema)) {
    if (key !== 'properties' && key !== 'required' && STRUCTURAL.has(key)) throw new SchemaError(`${at}/${key}`, `"${key}" is not allowed: the form is a flat object of primitive properties`);
  }
  const properties = schema.properties;
  if (!isObject(properties)) throw new SchemaError(`${at}/properties`, 'must be an object of properties');
  const names = Object.keys(properties);
  if (names.length > FORM_CAPS.properties) throw new SchemaError(`${at}/properties`, `has ${names.length} properties; at most ${FORM_CAPS.properties} are allowed`);
  const required = schema.required ?? [];
  if (!Array.isArray(required) || !required.every((r) => typeof r === 'string')) throw new SchemaError(`${at}/required`, 'must be an array of property names');
  for (const [i, name] of (required as string[]).entries()) {
    if (!Object.hasOwn(properties, name)) throw new SchemaError(`${at}/required/${i}`, `names "${clip(name)}", which is not a property`);
  }
  const requiredSet = new Set(required as string[]);
  return names.map((name) => fieldOf(name, properties[name], requiredSet.has(name), `${at}/properties/${escapePointer(name)}`));
}

function fieldOf(name: string, prop: unknown, required: boolean, at: string): FormField {
  if (name.length === 0 || name.length > 256) throw new SchemaError(at, 'a property name must be 1 to 256 characters');
  if (!isObject(prop)) throw new SchemaError(at, 'must be a JSON object');
  for (const key of Object.keys(prop)) {
    if (STRUCTURAL.has(key) && !(key === 'items' && prop.type === 'array')) throw new SchemaError(`${at}/${key}`, `"${key}" is not allowed: properties are primitive`);
  }
  const field: FormField = { name, kind: 'string', required };
  const title = optionalText(prop, 'title', at);
  const description = optionalText(prop, 'description', at);
  if (title !== undefined) field.title = title;
  if (description !== undefined) field.description = description;
  switch (prop.type) {
    case 'string':
      return stringField(field, prop, at);
    case 'number':
    case 'integer': {
      field.kind = prop.type;
      const minimum = optionalNumber(prop, 'minimum', at, prop.type === 'integer');
      const maximum = optionalNumber(prop, 'maximum', at, prop.type === 'integer');
      if (minimum !== undefined) field.minimum = minimum;
      if (maximum !== undefined) field.maximum = maximum;
      if (minimum !== undefined && maximum !== undefined && minimum > maximum) throw new SchemaError(`${at}/minimum`, 'is greater than maximum');
      return withDefault(field, prop, at);
    }
    case 'boolean':
      field.kind = 'boolean';
      return withDefault(field, prop, at);
    case 'array':
      return multiField(field, prop, at);
    default:
      throw new SchemaError(`${at}/type`, `must be "string", "number", "integer", "boolean" or "array" (of enum values), not ${clip(JSON.stringify(prop.type) ?? 'nothing')}`);
  }
}

function stringField(field: FormField, prop: Record<string, unknown>, at: string): FormField {
  if (prop.enum !== undefined || prop.oneOf !== undefined) {
    field.kind = 'enum';
    if (prop.enum !== undefined && prop.oneOf !== undefined) throw new SchemaError(at, 'has both "enum" and "oneOf"');
    field.options = prop.enum !== undefined ? untitledOptions(prop.enum, prop.enumNames, `${at}/enum`) : titledOptions(prop.oneOf, `${at}/oneOf`);
    return withDefault(field, prop, at);
  }
  if (prop.format !== undefined) {
    if (!(STRING_FORMATS as readonly unknown[]).includes(prop.format)) throw new SchemaError(`${at}/format`, `must be one of ${STRING_FORMATS.join(', ')}`);
    field.format = prop.format as StringFormat;
  }
  const minLength = optionalNumber(prop, 'minLength', at, true);
  const maxLength = optionalNumber(prop, 'maxLength', at, true);
  if (minLength !== undefined) {
    if (minLength < 0) throw new SchemaError(`${at}/minLength`, 'must not be negative');
    field.minLength = minLength;
  }
  if (maxLength !== undefined) {
    if (maxLength < 0) throw new SchemaError(`${at}/maxLength`, 'must not be negative');
    field.maxLength = maxLength;
  }
  if (minLength !== undefined && maxLength !== undefined && minLength > maxLength) throw new SchemaError(`${at}/minLength`, 'is greater than maxLength');
  return withDefault(field, prop, at);
}

function multiField(field: FormField, prop: Record<string, unknown>, at: string): FormField {
  field.kind = 'multi-enum';
  const items = prop.items;
  if (!isObject(items)) throw new SchemaError(`${at}/items`, 'an array property must have items listing its options ("enum" or "anyOf")');
  if (items.enum !== undefined) {
    if (items.type !== undefined && items.type !== 'string') throw new SchemaError(`${at}/items/type`, 'must be "string"');
    field.options = untitledOptions(items.enum, undefined, `${at}/items/enum`);
  } else if (items.anyOf !== undefined) field.options = titledOptions(items.anyOf, `${at}/items/anyOf`);
  else throw new SchemaError(`${at}/items`, 'must list the options as "enum" or "anyOf": arrays of anything else are not allowed');
  const minItems = optionalNumber(prop, 'minItems', at, true);
  const maxItems = optionalNumber(prop, 'maxItems', at, true);
  if (minItems !== undefined) field.minItems = minItems;
  if (maxItems !== undefined) field.maxItems = maxItems;
  if ((minItems ?? 0) < 0 || (maxItems ?? 0) < 0) throw new SchemaError(at, 'minItems and maxItems must not be negative');
  if (minItems !== undefined && maxItems !== undefined && minItems > maxItems) throw new SchemaError(`${at}/minItems`, 'is greater than maxItems');
  return withDefault(field, prop, at);
}

function untitledOptions(values: unknown, names: unknown, at: string): FormOption[] {
  if (!Array.isArray(values) || values.length === 0) throw new SchemaError(at, 'must be a non-empty array of strings');
  if (values.length > FORM_CAPS.options) throw new SchemaError(at, `has ${values.length} options; at most ${FORM_CAPS.options} are allowed`);
  if (names !== undefined && (!Array.isArray(names) || names.length !== values.length || !names.every((n) => typeof n === 'string'))) {
    throw new SchemaError(at.replace(/enum$/, 'enumNames'), 'must be an array of strings as long as "enum"');
  }
  const seen = new Set<string>();
  return values.map((v, i) => {
    if (typeof v !== 'string' || v.length > FORM_CAPS.text) throw new SchemaError(`${at}/${i}`, 'must be a string');
    if (seen.has(v)) throw new SchemaError(`${at}/${i}`, `repeats the option "${clip(v)}"`);
    seen.add(v);
    const label = names === undefined ? v : (names as string[])[i]!;
    return { value: v, label };
  });
}

function titledOptions(options: unknown, at: string): FormOption[] {
  if (!Array.isArray(options) || options.length === 0) throw new SchemaError(at, 'must be a non-empty array of {const, title}');
  if (options.length > FORM_CAPS.options) throw new SchemaError(at, `has ${options.length} options; at most ${FORM_CAPS.options} are allowed`);
  const seen = new Set<string>();
  return options.map((o, i) => {
    if (!isObject(o) || typeof o.const !== 'string' || o.const.length > FORM_CAPS.text) throw new SchemaError(`${at}/${i}`, 'must be {const: string, title?: string}');
    if (o.title !== undefined && (typeof o.title !== 'string' || o.title.length > FORM_CAPS.text)) throw new SchemaError(`${at}/${i}/title`, 'must be a string');
    if (seen.has(o.const)) throw new SchemaError(`${at}/${i}`, `repeats the option "${clip(o.const)}"`);
    seen.add(o.const);
    return { value: o.const, label: typeof o.title === 'string' ? o.title : o.const };
  });
}

/** A default must itself be a valid answer for the field, or the form would start out wrong. */
function withDefault(field: FormField, prop: Record<string, unknown>, at: string): FormField {
  if (prop.default === undefined) return field;
  const problem = valueProblem(field, prop.default);
  if (problem) throw new SchemaError(`${at}/default`, problem);
  field.default = prop.default as FormValue;
  return field;
}

function optionalText(prop: Record<string, unknown>, key: string, at: string): string | undefined {
  const v = prop[key];
  if (v === undefined) return undefined;
  if (typeof v !== 'string') throw new SchemaError(`${at}/${key}`, 'must be a string');
  if (v.length > FORM_CAPS.text) throw new SchemaError(`${at}/${key}`, `is longer than ${FORM_CAPS.text} characters`);
  return v;
}

function optionalNumber(prop: Record<string, unknown>, key: string, at: string, integer: boolean): number | undefined {
  const v = prop[key];
  if (v === undefined) return undefined;
  if (typeof v !== 'number' || !Number.isFinite(v) || (integer && !Number.isInteger(v))) throw new SchemaError(`${at}/${key}`, `must be ${integer ? 'an integer' : 'a number'}`);
  return v;
}

// --- answers ---

export type ContentCheck = { ok: true; content: FormContent } | { ok: false; field: string | null; reason: string };

/**
 * Is `content` a complete, valid answer to `fields`? Every required field present, no field the
 * form does not have, each value of its field's type and within its constraints. The first
 * problem is named with its field, so a user (or `approve --answer`) knows what to fix.
 */
export function checkContent(fields: readonly FormField[], content: unknown): ContentCheck {
  if (!isObject(content)) return { ok: false, field: null, reason: 'the answer must be a JSON object of field values' };
  const byName = new Map(fields.map((f) => [f.name, f]));
  for (const key of Object.keys(content)) {
    if (!byName.has(key)) return { ok: false, field: key, reason: `"${clip(key)}" is not a field of this form` };
  }
  for (const f of fields) {
    const v = content[f.name];
    if (v === undefined) {
      if (f.required) return { ok: false, field: f.name, reason: `"${f.name}" is required` };
      continue;
    }
    const problem = valueProblem(f, v);
    if (problem) return { ok: false, field: f.name, reason: `"${f.name}" ${problem}` };
  }
  return { ok: true, content: content as FormContent };
}

/** Why `v` is not a valid value of `f`, or null. */
export function valueProblem(f: FormField, v: unknown): string | null {
  switch (f.kind) {
    case 'boolean':
      return typeof v === 'boolean' ? null : 'must be true or false';
    case 'number':
    case 'integer': {
      if (typeof v !== 'number' || !Number.isFinite(v)) return `must be ${f.kind === 'integer' ? 'an integer' : 'a number'}`;
      if (f.kind === 'integer' && !Number.isInteger(v)) return 'must be a whole number';
      if (f.minimum !== undefined && v < f.minimum) return `must be at least ${f.minimum}`;
      if (f.maximum !== undefined && v > f.maximum) return `must be at most ${f.maximum}`;
      return null;
    }
    case 'enum':
      if (typeof v !== 'string') return 'must be one of the options';
      return f.options!.some((o) => o.value === v) ? null : `must be one of: ${f.options!.map((o) => o.value).slice(0, 10).join(', ')}`;
    case 'multi-enum': {
      if (!Array.isArray(v) || !v.every((x) => typeof x === 'string')) return 'must be a list of options';
      const allowed = new Set(f.options!.map((o) => o.value));
      const bad = v.find((x) => !allowed.has(x));
      if (bad !== undefined) return `has "${clip(bad)}", which is not one of the options`;
      if (new Set(v).size !== v.length) return 'lists an option twice';
      if (f.minItems !== undefined && v.length < f.minItems) return `needs at least ${f.minItems} selected`;
      if (f.maxItems !== undefined && v.length > f.maxItems) return `allows at most ${f.maxItems} selected`;
      return null;
    }
    case 'string': {
      if (typeof v !== 'string') return 'must be text';
      if (v.length > FORM_CAPS.value) return `is longer than ${FORM_CAPS.value} characters`;
      const length = [...v].length;
      if (f.minLength !== undefined && length < f.minLength) return `must be at least ${f.minLength} characters`;
      if (f.maxLength !== undefined && length > f.maxLength) return `must be at most ${f.maxLength} characters`;
      if (f.format && !FORMAT_CHECKS[f.format](v)) return `must be ${FORMAT_NAMES[f.format]}`;
      return null;
    }
  }
}

const FORMAT_NAMES: Record<StringFormat, string> = {
  email: 'an e-mail address',
  uri: 'an absolute URI (scheme:…)',
  date: 'a date (YYYY-MM-DD)',
  'date-time': 'a date and time (YYYY-MM-DDThh:mm:ssZ)',
};

// Linear patterns only: values come from servers' clients and users.
const FORMAT_CHECKS: Record<StringFormat, (v: string) => boolean> = {
  email: (v) => v.length <= 320 && /^[^\s@]{1,64}@[^\s@.]{1,63}(?:\.[^\s@.]{1,63}){1,10}$/.test(v),
  uri: (v) => /^[A-Za-z][A-Za-z0-9+.-]{0,31}:\S+$/.test(v) && canParseUrl(v),
  date: (v) => /^\d{4}-\d{2}-\d{2}$/.test(v) && realDate(v),
  'date-time': (v) => /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:[Zz]|[+-]\d{2}:\d{2})$/.test(v) && realDate(v.slice(0, 10)) && !Number.isNaN(Date.parse(v.replace(' ', 'T'))),
};

function canParseUrl(v: string): boolean {
  try {
    new URL(v);
    return true;
  } catch {
    return false;
  }
}

function realDate(ymd: string): boolean {
  const [y, m, d] = ymd.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/** What history, logs and audit keep of a value the gate must never write (a secret field). */
export const REDACTED = '[redacted]';

/** `content` with the values of `secret` fields replaced by REDACTED. */
export function redactContent(content: FormContent, secret: readonly string[]): FormContent {
  if (secret.length === 0) return content;
  const out: FormContent = { ...content };
  for (const name of secret) if (Object.hasOwn(out, name)) out[name] = REDACTED;
  return out;
}

/** The value a field starts with in a form: its default, else empty (a boolean starts unset unless it has one). */
export function initialValue(f: FormField): FormValue | undefined {
  return f.default;
}

function escapePointer(s: string): string {
  return s.replace(/~/g, '~0').replace(/\//g, '~1');
}

function clip(s: string, max = 80): string {
  return s.length > max ? `${s.slice(0, max)}…` : s;
}
