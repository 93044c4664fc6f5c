/**
 * The add/edit provider form as plain strings, and its conversion to and from config.yaml's entry
 * (shared/provider-schema.ts). The form never holds a key: `apiKey` only names an environment
 * variable, and without one the desktop app's keychain holds the key (entered separately).
 */
import type { GateParams, ProviderEntry } from '../../../shared/api.js';
import { PROVIDER_ID } from '../../../shared/config-schema.js';
import { ProviderSchema } from '../../../shared/provider-schema.js';
import type { ProviderKind } from '../../../shared/provider-schema.js';

export interface ModelRow {
  name: string;
  /** Comma-separated. */
  aliases: string;
  cost: string;
  speed: string;
  intelligence: string;
  inputPerMTok: string;
  outputPerMTok: string;
  maxOutputTokens: string;
  vision: boolean;
  audio: boolean;
  tools: boolean;
}

export interface ProviderForm {
  id: string;
  kind: ProviderKind;
  /** Empty: the kind's default URL. */
  baseUrl: string;
  keySource: 'keychain' | 'env';
  keyEnv: string;
  /** A local server (Ollama, llama.cpp) that needs no key: an unset variable is then no error. */
  keyOptional: boolean;
  /** Empty: the first model. */
  default: string;
  timeoutSeconds: string;
  maxRetries: string;
  models: ModelRow[];
}

export const NUMBER_FIELDS = ['cost', 'speed', 'intelligence', 'inputPerMTok', 'outputPerMTok', 'maxOutputTokens'] as const;
export type NumberField = (typeof NUMBER_FIELDS)[number];
export const CAPABILITIES = ['vision', 'audio', 'tools'] as const;

export const EMPTY_MODEL_ROW: ModelRow = {
  name: '',
  aliases: '',
  cost: '',
  speed: '',
  intelligence: '',
  inputPerMTok: '',
  outputPerMTok: '',
  maxOutputTokens: '',
  vision: false,
  audio: false,
  tools: false,
};

export const EMPTY_PROVIDER_FORM: ProviderForm = {
  id: '',
  kind: 'anthropic',
  baseUrl: '',
  keySource: 'keychain',
  keyEnv: '',
  keyOptional: false,
  default: '',
  timeoutSeconds: '',
  maxRetries: '',
  models: [EMPTY_MODEL_ROW],
};

export function entryToForm(id: string, e: ProviderEntry): ProviderForm {
  const num = (v: number | undefined): string => (v === undefined ? '' : String(v));
  return {
    id,
    kind: e.kind,
    baseUrl: e.baseUrl ?? '',
    keySource: e.apiKey ? 'env' : 'keychain',
    keyEnv: e.apiKey?.env ?? '',
    keyOptional: e.apiKey?.optional ?? false,
    default: e.default ?? '',
    timeoutSeconds: num(e.timeoutSeconds),
    maxRetries: num(e.maxRetries),
    models: e.models.map((m) => ({
      name: m.name,
      aliases: (m.aliases ?? []).join(', '),
      cost: num(m.cost),
      speed: num(m.speed),
      intelligence: num(m.intelligence),
      inputPerMTok: num(m.inputPerMTok),
      outputPerMTok: num(m.outputPerMTok),
      maxOutputTokens: num(m.maxOutputTokens),
      vision: m.vision ?? false,
      audio: m.audio ?? false,
      tools: m.tools ?? false,
    })),
  };
}

export type ProviderFormResult =
  | { ok: true; id: string; provider: GateParams<'providers.upsert'>['provider'] }
  | { ok: false; errors: Record<string, string> };

/** Errors are keyed by field: `id`, `baseUrl`, `keyEnv`, `default`, `models`, `models.2.cost`, … */
export function formToEntry(f: ProviderForm): ProviderFormResult {
  const errors: Record<string, string> = {};
  const id = f.id.trim();
  if (!PROVIDER_ID.test(id)) errors.id = 'letters, digits, . _ - (max 64), starting with a letter or digit';

  const number = (key: string, raw: string): number | undefined => {
    const s = raw.trim();
    if (s === '') return undefined;
    const n = Number(s);
    if (!Number.isFinite(n)) errors[key] = 'a number';
    return n;
  };

  const entry: Record<string, unknown> = { kind: f.kind };
  if (f.baseUrl.trim()) entry.baseUrl = f.baseUrl.trim();
  if (f.keySource === 'env') entry.apiKey = { env: f.keyEnv.trim(), optional: f.keyOptional };
  if (f.default.trim()) entry.default = f.default.trim();
  const timeout = number('timeoutSeconds', f.timeoutSeconds);
  if (timeout !== undefined) entry.timeoutSeconds = timeout;
  const retries = number('maxRetries', f.maxRetries);
  if (retries !== undefined) entry.maxRetries = retries;
  // Rows left wholly empty (the blank row a new form starts with) are not models; errors still
  // point at the row on screen, so each model keeps its form index.
  const rows = f.models.map((m, at) => ({ m, at })).filter(({ m }) => !isBlankRow(m));
  entry.models = rows.map(({ m, at }) => {
    const model: Record<string, unknown> = {
      name: m.name.trim(),
      aliases: m.aliases
        .split(',')
        .map((a) => a.trim())
        .filter((a) => a.length > 0),
      vision: m.vision,
      audio: m.audio,
      tools: m.tools,
    };
    for (const field of NUMBER_FIELDS) {
      const v = number(`models.${at}.${field}`, m[field]);
      if (v !== undefined) model[field] = v;
    }
    return model;
  });

  // The schema checks this too, but only once everything else parses; say it with the other errors.
  const known = rows.flatMap(({ m }) => [m.name.trim(), ...m.aliases.split(',').map((a) => a.trim())]);
  if (f.default.trim() && !known.includes(f.default.trim())) errors.default = `"${f.default.trim()}" is not one of this provider's models`;

  const parsed = ProviderSchema.safeParse(entry);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const key = issueKey(issue.path, rows.map((r) => r.at));
      errors[key] ??= issue.message;
    }
  }
  if (Object.keys(errors).length > 0 || !parsed.success) return { ok: false, errors };
  return { ok: true, id, provider: parsed.data };
}

export function isBlankRow(m: ModelRow): boolean {
  return m.name.trim() === '' && m.aliases.trim() === '' && NUMBER_FIELDS.every((f) => m[f].trim() === '') && !m.vision && !m.audio && !m.tools;
}

/** A schema issue's path as a form field key; `at[i]` is the form row of the i-th model sent. */
function issueKey(path: readonly PropertyKey[], at: number[]): string {
  const [head, index, field] = path;
  if (head === 'apiKey') return 'keyEnv';
  if (head === 'models' && typeof index === 'number') return `models.${at[index] ?? index}.${String(field ?? 'name')}`;
  return String(head ?? 'form');
}
