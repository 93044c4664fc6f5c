/**
 * The managed policy (docs/policy.md, "Managed policy"): a read-only file an administrator puts at
 * the machine-wide place, in the schema of config.yaml's `defaults`/`servers`/`providers`, plus
 * `{ value: X, locked: true }` wherever a plain value may stand, plus a few keys only an
 * organisation needs. Pure: the file is read and watched in core/config/managed-store.ts; the merge
 * with the user's config is shared/managed-merge.ts.
 */
import { z } from 'zod';
import { AuditSchema } from './audit-schema.js';
import { AnswerWithSchema, ElicitationPolicySchema, PROVIDER_ID, PolicySchema, RootsPolicySchema, SERVER_ID, TrustSchema } from './config-schema.js';
import { ProviderSchema } from './provider-schema.js';

/**
 * A managed server entry: its policy (trust, answerWith, provider, policy:) and optionally what it
 * must run. With `command`/`url` the entry pins the server: a user's server of that id that runs
 * anything else is not the server the organisation listed, and is refused.
 */
export const ManagedServerSchema = z
  .object({
    command: z.string().min(1).optional(),
    args: z.array(z.string()).optional(),
    url: z.url({ protocol: /^https?$/ }).optional(),
    trust: TrustSchema.optional(),
    answerWith: AnswerWithSchema.optional(),
    provider: z.string().regex(PROVIDER_ID).optional(),
    elicitation: ElicitationPolicySchema.optional(),
    roots: RootsPolicySchema.optional(),
    policy: PolicySchema.omit({ trust: true, answerWith: true, provider: true, elicitation: true, roots: true }).optional(),
    description: z.string().optional(),
  })
  .strict()
  .refine((s) => !(s.command !== undefined && s.url !== undefined), { message: 'a server is pinned by a command or a url, not both' });

export const ManagedFileSchema = z
  .object({
    defaults: PolicySchema.default({}),
    servers: z.record(z.string().regex(SERVER_ID, 'server ids are letters, digits, . _ - (max 64)'), ManagedServerSchema).default({}),
    providers: z.record(z.string().regex(PROVIDER_ID), ProviderSchema).default({}),
    /** Servers not listed under `servers:` (or running something other than their pin) are denied. */
    allowOnlyListedServers: z.boolean().default(false),
    /** Only the providers listed under `providers:` may answer; the user's own are not used. */
    allowOnlyListedProviders: z.boolean().default(false),
    /** False: no "approve for this session" or "for N minutes" grants; every request the policy asks about is asked. */
    allowSessionGrants: z.boolean().default(true),
    audit: AuditSchema.optional(),
  })
  .strict()
  .superRefine((m, ctx) => {
    // A managed `provider:` forces an answerer: it must be one the organisation defines here.
    const known = new Set(Object.keys(m.providers));
    const check = (id: string | undefined, path: (string | number)[]): void => {
      if (id !== undefined && !known.has(id)) ctx.addIssue({ code: 'custom', path, message: `provider "${id}" is not listed under the managed policy's providers:` });
    };
    check(m.defaults.provider, ['defaults', 'provider']);
    for (const [id, s] of Object.entries(m.servers)) check(s.provider, ['servers', id, 'provider']);
  });

export type ManagedFile = z.infer<typeof ManagedFileSchema>;
export type ManagedServer = z.infer<typeof ManagedServerSchema>;

/** A parsed managed policy: its values, and the key paths written with `locked: true`. */
export interface ManagedPolicy extends ManagedFile {
  file: string;
  /** e.g. `defaults.trust`, `defaults.rateLimit.perMinute`, `servers.github.trust`, `servers.github.policy.maxTokensCap`. */
  locked: string[];
}

/**
 * The state of the managed policy. `broken`: the file exists but cannot be read or is invalid —
 * every sampling request is then denied (fail closed): an organisation's floor that silently
 * vanished on a typo would be no floor at all.
 */
export type ManagedState =
  | { kind: 'none' }
  | { kind: 'ok'; policy: ManagedPolicy }
  | { kind: 'broken'; file: string; reason: string };

/** Where locks may be written: the policy keys of `defaults`, and of each server entry. */
const POLICY_KEYS = new Set(Object.keys(PolicySchema.shape));
const SERVER_LOCKABLE = new Set(['trust', 'answerWith', 'provider', 'elicitation', 'roots']);
/** Elicitation's keys are locked one by one (`defaults.elicitation.trust`), or all at once. */
const ELICITATION_KEYS = new Set(['trust', 'answerWith', 'allowUrl', 'urlHosts', 'rateLimit', 'allow']);

/**
 * Replace every `{ value: X, locked?: bool }` at a lockable place by X, collecting the paths that
 * were locked. A lock on `rateLimit` (the whole object) locks each of its windows.
 */
export function unwrapLocks(data: unknown): { data: unknown; locked: string[] } {
  const locked: string[] = [];
  if (!isPlainObject(data)) return { data, locked };
  const out: Record<string, unknown> = { ...data };
  const policy = (obj: unknown, at: string, keys: Set<string>): unknown => {
    if (!isPlainObject(obj)) return obj;
    const copy: Record<string, unknown> = { ...obj };
    for (const [k, v] of Object.entries(obj)) {
      if (!keys.has(k)) continue;
      const path = `${at}.${k}`;
      const inner = unwrap(v, path, locked);
      if (k === 'rateLimit') copy[k] = unwrapEach(inner, path, locked, locked.includes(path));
      else if (k === 'elicitation' || k === 'roots') copy[k] = unwrapElicitation(inner, path, locked, locked.includes(path));
      else copy[k] = inner;
    }
    return copy;
  };
  if ('defaults' in out) out.defaults = policy(out.defaults, 'defaults', POLICY_KEYS);
  if (isPlainObject(out.servers)) {
    const servers: Record<string, unknown> = {};
    for (const [id, entry] of Object.entries(out.servers)) {
      let e = policy(entry, `servers.${id}`, SERVER_LOCKABLE);
      if (isPlainObject(e) && 'policy' in e) e = { ...e, policy: policy(e.policy, `servers.${id}.policy`, POLICY_KEYS) };
      servers[id] = e;
    }
    out.servers = servers;
  }
  return { data: out, locked };
}

function unwrap(v: unknown, path: string, locked: string[]): unknown {
  if (!isPlainObject(v) || !('value' in v)) return v;
  const keys = Object.keys(v);
  if (!keys.every((k) => k === 'value' || k === 'locked')) return v; // let the schema report it
  if (v.locked === true) locked.push(path);
  else if (v.locked !== undefined && v.locked !== false) return v; // `locked: "yes"`: reported by the schema
  return v.value;
}

function unwrapElicitation(v: unknown, at: string, locked: string[], all: boolean): unknown {
  if (!isPlainObject(v)) return v;
  const out: Record<string, unknown> = {};
  for (const [k, inner] of Object.entries(v)) {
    if (!ELICITATION_KEYS.has(k)) {
      out[k] = inner; // the schema reports it
      continue;
    }
    const path = `${at}.${k}`;
    const value = unwrap(inner, path, locked);
    if (all && !locked.includes(path)) locked.push(path);
    out[k] = k === 'rateLimit' ? unwrapEach(value, path, locked, locked.includes(path)) : value;
  }
  return out;
}

function unwrapEach(v: unknown, at: string, locked: string[], all: boolean): unknown {
  if (!isPlainObject(v)) return v;
  const out: Record<string, unknown> = {};
  for (const [k, inner] of Object.entries(v)) {
    out[k] = unwrap(inner, `${at}.${k}`, locked);
    if (all && !locked.includes(`${at}.${k}`)) locked.push(`${at}.${k}`);
  }
  return out;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
