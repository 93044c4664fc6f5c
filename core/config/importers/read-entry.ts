/**
 * One server entry of a client's file → what the gate would run, or why it cannot. The four formats
 * share the entry shape (command/args/env or url/headers, an optional `type`); their differences
 * live in formats.ts.
 */
import { isObject } from './jsonc.js';
import type { FoundServer } from './types.js';

type Classified = FoundServer extends infer F ? (F extends FoundServer ? Omit<F, 'name' | 'path' | 'scope'> : never) : never;

const URL_TYPES: Record<string, 'http' | 'sse'> = { http: 'http', 'streamable-http': 'http', streamableHttp: 'http', sse: 'sse' };
/** The gate's own HTTP endpoint (CONTRACT.md section 3). */
const GATE_URL = /^https?:\/\/(?:127\.0\.0\.1|localhost|\[::1\]):\d+\/servers\/([^/?#]+)\/mcp(?:[?#]|$)/;
/**
 * `sampling-gate` on PATH (or npx's package name), this checkout's bin script, or the installed desktop
 * app's own executable (electron-builder.yml): `sampling-gate-desktop` (deb, unpacked), the AppImage
 * file, `Sampling Gate` in a macOS bundle, `Sampling Gate.exe`.
 */
const GATE_PROGRAM = /(?:^|[/\\])(?:sampling-gate(?:\.js|\.cmd|\.exe)?|sampling-gate-desktop|sampling gate(?:\.exe)?|[^/\\]*sampling[ _-]?gate[^/\\]*\.appimage)$|^sampling-gate@/i;
/** Variables the client fills in before it starts a server: VS Code / Cursor `${input:x}`, `${env:X}`, Claude Code `${X:-d}`. */
const VARIABLE = /\$\{[^}]*\}/g;

/** Fields a client uses to reach the server. Anything else on an entry (`disabled`, `autoApprove`, …) is the client's own. */
export const TRANSPORT_KEYS = ['type', 'transport', 'command', 'args', 'env', 'envFile', 'cwd', 'url', 'headers', 'headersHelper', 'oauth', 'dev'];

/** The gate server id an entry already reaches the gate for, or null. */
export function gateIdOf(raw: Record<string, unknown>): string | null {
  if (typeof raw.url === 'string') {
    const m = GATE_URL.exec(raw.url);
    if (m) return safeDecode(m[1]!);
  }
  if (typeof raw.command === 'string' && Array.isArray(raw.args)) {
    const words = [raw.command, ...raw.args.map(String)];
    const at = words.indexOf('connect');
    if (at > 0 && at + 1 < words.length && words.slice(0, at).some((w) => GATE_PROGRAM.test(w))) return words[at + 1]!;
  }
  return null;
}

/** `client`: the client's name for messages ("VS Code"). */
export function classifyEntry(raw: unknown, client: string): Classified {
  if (!isObject(raw)) return { status: 'unsupported', reason: 'not an object' };
  const gateId = gateIdOf(raw);
  if (gateId !== null) return { status: 'through-gate', gateId };
  const type = typeof raw.type === 'string' ? raw.type : typeof raw.transport === 'string' ? raw.transport : undefined;
  const urlType = type !== undefined ? URL_TYPES[type] : typeof raw.command !== 'string' && typeof raw.url === 'string' ? 'http' : undefined;
  if (type !== undefined && type !== 'stdio' && urlType === undefined) {
    return { status: 'unsupported', reason: `transport "${type}" (the gate reaches servers over stdio and HTTP)` };
  }
  const notes: string[] = [];
  const blockers = clientOnlyFeatures(raw, client);
  if (urlType === undefined) {
    if (typeof raw.command !== 'string' || raw.command === '') return { status: 'unsupported', reason: 'neither a command nor a url' };
    const args = raw.args === undefined ? [] : Array.isArray(raw.args) && raw.args.every(isScalar) ? raw.args.map(String) : null;
    if (!args) return { status: 'unsupported', reason: 'args is not a list of strings' };
    const env = stringMap(raw.env, 'env', notes);
    if (!env) return { status: 'unsupported', reason: 'env is not an object' };
    const cwd = typeof raw.cwd === 'string' ? raw.cwd : undefined;
    const entry = { command: raw.command, args, env, ...(cwd !== undefined ? { cwd } : {}) };
    return { status: 'server', transport: 'stdio', entry, rewireBlockers: [...variableBlocker([entry.command, ...args, ...Object.values(env), cwd], client), ...blockers], notes };
  }
  if (typeof raw.url !== 'string') return { status: 'unsupported', reason: `type "${type}" without a url` };
  if (!isHttpUrl(raw.url)) {
    const vars = variablesIn([raw.url]);
    return { status: 'unsupported', reason: vars.length > 0 ? `its url uses ${vars.join(', ')}, which only ${client} fills in` : `url is not an http(s) URL: ${raw.url}` };
  }
  const headers = stringMap(raw.headers, 'headers', notes);
  if (!headers) return { status: 'unsupported', reason: 'headers is not an object' };
  const entry = { url: raw.url, headers };
  return { status: 'server', transport: urlType, entry, rewireBlockers: [...variableBlocker([raw.url, ...Object.values(headers)], client), ...blockers], notes };
}

/** Features only the client can provide: through the gate the server would start without them. */
function clientOnlyFeatures(raw: Record<string, unknown>, client: string): string[] {
  const out: string[] = [];
  if (raw.envFile !== undefined) out.push(`it loads envFile ${JSON.stringify(raw.envFile)}, which the gate does not read`);
  if (raw.headersHelper !== undefined) out.push(`its headers come from a headersHelper that only ${client} runs`);
  if (raw.oauth !== undefined) out.push(`it signs in with OAuth through ${client}`);
  return out;
}

function variablesIn(values: (string | undefined)[]): string[] {
  const found = new Set<string>();
  for (const v of values) for (const m of v?.match(VARIABLE) ?? []) found.add(m);
  return [...found];
}

function variableBlocker(values: (string | undefined)[], client: string): string[] {
  const vars = variablesIn(values);
  return vars.length === 0 ? [] : [`it uses ${vars.join(', ')}, which only ${client} fills in`];
}

/** A map of strings; numbers and booleans become strings, a null value (client: "unset") is left out with a note. */
function stringMap(v: unknown, field: string, notes: string[]): Record<string, string> | null {
  if (v === undefined || v === null) return {};
  if (!isObject(v)) return null;
  const out: Record<string, string> = {};
  for (const [k, x] of Object.entries(v)) {
    if (isScalar(x)) out[k] = String(x);
    else notes.push(`${field}.${k} is not a string; not imported`);
  }
  return out;
}

function isScalar(x: unknown): x is string | number | boolean {
  return typeof x === 'string' || typeof x === 'number' || typeof x === 'boolean';
}

function isHttpUrl(s: string): boolean {
  try {
    const u = new URL(s);
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    return false;
  }
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
