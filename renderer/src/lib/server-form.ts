/** The add/edit server form as plain strings, and its conversion to and from a ServerEntry. */
import type { ServerEntry } from '../../../shared/api.js';
import { ServerEntrySchema } from '../../../shared/api.js';
import type { Trust } from '../../../shared/types.js';

export interface ServerForm {
  id: string;
  kind: 'command' | 'url';
  command: string;
  /** One argument per line (arguments may contain spaces). */
  args: string;
  /** KEY=value per line. */
  env: string;
  url: string;
  /** `Name: value` per line. */
  headers: string;
  trust: Trust;
}

export const EMPTY_SERVER_FORM: ServerForm = { id: '', kind: 'command', command: '', args: '', env: '', url: '', headers: '', trust: 'ask' };

export function entryToForm(e: ServerEntry): ServerForm {
  return {
    id: e.id,
    kind: e.url !== undefined ? 'url' : 'command',
    command: e.command ?? '',
    args: (e.args ?? []).join('\n'),
    env: Object.entries(e.env ?? {})
      .map(([k, v]) => `${k}=${v}`)
      .join('\n'),
    url: e.url ?? '',
    headers: Object.entries(e.headers ?? {})
      .map(([k, v]) => `${k}: ${v}`)
      .join('\n'),
    trust: e.trust ?? 'ask',
  };
}

export type FormResult = { ok: true; entry: ServerEntry } | { ok: false; errors: Record<string, string> };

export function formToEntry(f: ServerForm): FormResult {
  const errors: Record<string, string> = {};
  const entry: Record<string, unknown> = { id: f.id.trim(), trust: f.trust };
  if (f.kind === 'command') {
    entry.command = f.command.trim();
    entry.args = lines(f.args);
    const env = pairs(f.env, '=');
    if (!env.ok) errors.env = `line ${env.line}: expected KEY=value`;
    else entry.env = env.value;
  } else {
    entry.url = f.url.trim();
    const headers = pairs(f.headers, ':');
    if (!headers.ok) errors.headers = `line ${headers.line}: expected Name: value`;
    else entry.headers = headers.value;
  }
  const parsed = ServerEntrySchema.safeParse(entry);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const key = String(issue.path[0] ?? (f.kind === 'command' ? 'command' : 'url'));
      errors[key] ??= key === 'id' ? 'letters, digits, . _ - (max 64), starting with a letter or digit' : issue.message;
    }
  }
  return Object.keys(errors).length > 0 || !parsed.success ? { ok: false, errors } : { ok: true, entry: parsed.data };
}

function lines(s: string): string[] {
  return s.split('\n').map((l) => l.trim()).filter((l) => l.length > 0);
}

function pairs(s: string, sep: string): { ok: true; value: Record<string, string> } | { ok: false; line: number } {
  const value: Record<string, string> = {};
  const all = s.split('\n');
  for (let i = 0; i < all.length; i++) {
    const line = (all[i] ?? '').trim();
    if (!line) continue;
    const at = line.indexOf(sep);
    if (at <= 0) return { ok: false, line: i + 1 };
    value[line.slice(0, at).trim()] = line.slice(at + 1).trim();
  }
  return { ok: true, value };
}
