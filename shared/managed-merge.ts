/**
 * The one place the managed policy meets the user's (docs/policy.md, "Managed policy"): given the
 * policy config.yaml resolves for a server, what the organisation's file makes of it.
 *
 * Managed wins where it is stricter, key by key:
 * - trust: deny over ask over trust;
 * - approvalTimeoutSeconds, maxTokensCap, every rateLimit window, tokenBudgetPerDay,
 *   costBudgetPerDay: the lower (null, "no limit", is the highest);
 * - allowTools, allowIncludeContext: allowed only if both allow; allowMedia: the types both list;
 * - reviewResponses: on if either turns it on;
 * - rules: the managed rules always apply, added before the user's (a user rule with the name of a
 *   managed one is dropped: the name is the organisation's);
 * - answerWith: who may answer is intersected (auto = the client or a provider); when the two share
 *   no answerer the managed value applies;
 * - provider: a managed provider is forced; with allowOnlyListedProviders a provider the file does
 *   not list never answers.
 * A key written `{ value: X, locked: true }` is X, whatever config.yaml says, stricter or not.
 * A server the managed list does not allow, and every server while the file is broken, is denied.
 */
import type { EffectiveElicitationPolicy, EffectivePolicy, ElicitationPolicyConfig, PolicyConfig, RootsPolicyConfig, ServerConfig } from './config-schema.js';
import type { ManagedPolicy, ManagedState } from './managed-policy.js';
import type { ManagedKey, ManagedSources } from './managed-sources.js';

export type { ManagedKey, ManagedSource, ManagedSources } from './managed-sources.js';

const TRUST_ORDER = { deny: 0, ask: 1, trust: 2 } as const;
const WINDOWS = ['perMinute', 'perHour', 'perDay', 'perSession'] as const;
type Limit = number | null;

/** Apply the managed state to the policy config.yaml resolves for `serverId`. */
export function applyManaged(user: EffectivePolicy, serverId: string, userServer: ServerConfig | undefined, state: ManagedState): EffectivePolicy {
  if (state.kind === 'none') return user;
  if (state.kind === 'broken') {
    const reason = `the managed policy ${state.file} is invalid (${state.reason}): every sampling request is denied until it is fixed`;
    return {
      ...user,
      trust: 'deny',
      elicitation: { ...user.elicitation, trust: 'deny' },
      roots: { ...user.roots, trust: 'deny' },
      managed: { file: state.file, keys: { trust: { key: '(invalid file)', locked: true } }, rules: {}, denyAll: { rule: 'managed.invalid', reason }, allowedProviders: [], allowSessionGrants: false },
    };
  }
  const m = state.policy;
  const layer = managedLayer(m, serverId);
  const isLocked = (key: string): boolean => lockedKey(m, serverId, key) !== null;
  const sources: ManagedSources = { file: m.file, keys: {}, rules: {}, allowedProviders: m.allowOnlyListedProviders ? Object.keys(m.providers) : null, allowSessionGrants: m.allowSessionGrants };
  const out: EffectivePolicy = { ...user, rateLimit: { ...user.rateLimit } };
  const note = (key: ManagedKey): void => {
    const at = lockedKey(m, serverId, key) ?? layer.from[key] ?? `defaults.${key}`;
    sources.keys[key] = { key: at, locked: isLocked(key) };
  };

  // Scalars: a locked key is the managed value; otherwise the stricter one, attributed to the
  // managed file whenever its value is the one in force.
  const pick = <K extends ManagedKey, V>(key: K, managed: V | undefined, current: V, stricter: (a: V, b: V) => V): V => {
    if (managed === undefined) return current;
    const value = isLocked(key) ? managed : stricter(current, managed);
    if (sameValue(value, managed)) note(key);
    return value;
  };
  const p = layer.policy;
  out.trust = pick('trust', p.trust, user.trust, (a, b) => (TRUST_ORDER[a] <= TRUST_ORDER[b] ? a : b));
  out.approvalTimeoutSeconds = pick('approvalTimeoutSeconds', p.approvalTimeoutSeconds, user.approvalTimeoutSeconds, Math.min);
  out.maxTokensCap = pick('maxTokensCap', p.maxTokensCap, user.maxTokensCap, Math.min);
  for (const w of WINDOWS) out.rateLimit[w] = pick(`rateLimit.${w}`, p.rateLimit?.[w], user.rateLimit[w], lowerLimit);
  out.tokenBudgetPerDay = pick('tokenBudgetPerDay', p.tokenBudgetPerDay, user.tokenBudgetPerDay, lowerLimit);
  out.costBudgetPerDay = pick('costBudgetPerDay', p.costBudgetPerDay, user.costBudgetPerDay, lowerLimit);
  out.allowTools = pick('allowTools', p.allowTools, user.allowTools, (a, b) => a && b);
  out.allowIncludeContext = pick('allowIncludeContext', p.allowIncludeContext, user.allowIncludeContext, (a, b) => a && b);
  out.reviewResponses = pick('reviewResponses', p.reviewResponses, user.reviewResponses, (a, b) => a || b);
  if (p.allowMedia !== undefined) {
    const managedTypes = new Set(p.allowMedia.map((t) => t.toLowerCase()));
    out.allowMedia = isLocked('allowMedia') ? [...p.allowMedia] : user.allowMedia.filter((t) => managedTypes.has(t.toLowerCase()));
    if (isLocked('allowMedia') || out.allowMedia.length !== user.allowMedia.length) note('allowMedia');
  }

  // Rules: the organisation's first, always; the user's after (none when the rules are locked).
  if (p.rules !== undefined) {
    const names = new Set(p.rules.map((r) => r.name));
    p.rules.forEach((r, i) => (sources.rules[r.name] = `${layer.from.rules ?? 'defaults.rules'}[${i}]`));
    out.rules = [...p.rules, ...(isLocked('rules') ? [] : user.rules.filter((r) => !names.has(r.name)))];
  }

  out.answerWith = pick('answerWith', p.answerWith, user.answerWith, intersectAnswerers);
  // A forced provider answers; with a provider allow-list, one not on it never does.
  if (p.provider !== undefined) {
    out.provider = p.provider;
    note('provider');
  } else if (sources.allowedProviders && out.provider !== null && !sources.allowedProviders.includes(out.provider)) {
    out.provider = sources.allowedProviders.length === 1 ? sources.allowedProviders[0]! : null;
    note('provider');
  }

  out.elicitation = mergeElicitation(user.elicitation, p.elicitation ?? {}, isLocked, pick);
  // Roots: the stricter trust; a managed allow-list beside the user's (a root must be under both), alone when locked.
  const roots = p.roots ?? {};
  out.roots = { ...user.roots, trust: pick('roots.trust', roots.trust, user.roots.trust, (a, b) => (TRUST_ORDER[a] <= TRUST_ORDER[b] ? a : b)) };
  if (roots.allow !== undefined) {
    if (isLocked('roots.allow')) out.roots.allow = [...roots.allow];
    else out.roots.managedAllow = [...roots.allow];
    pick('roots.allow', roots.allow, roots.allow, (a) => a);
  }

  const refusal = serverRefusal(m, serverId, userServer);
  if (refusal) {
    out.trust = 'deny';
    out.elicitation.trust = 'deny';
    out.roots.trust = 'deny';
    sources.keys.trust = { key: 'allowOnlyListedServers', locked: true };
    sources.denyAll = { rule: 'managed.server-not-allowed', reason: refusal };
  }
  out.managed = sources;
  return out;
}

/** The managed file's layer for one server: its defaults, then its entry for the server (the organisation's own overrides). */
function managedLayer(m: ManagedPolicy, serverId: string): { policy: PolicyConfig; from: Partial<Record<ManagedKey | 'rules', string>> } {
  const entry = Object.hasOwn(m.servers, serverId) ? m.servers[serverId] : undefined;
  const from: Partial<Record<ManagedKey | 'rules', string>> = {};
  const policy: PolicyConfig = { ...m.defaults, rateLimit: { ...m.defaults.rateLimit } };
  for (const k of Object.keys(m.defaults) as (keyof PolicyConfig)[]) {
    if (k === 'rateLimit') for (const w of Object.keys(m.defaults.rateLimit ?? {})) from[`rateLimit.${w}` as ManagedKey] = `defaults.rateLimit.${w}`;
    else from[k as ManagedKey] = `defaults.${k}`;
  }
  const own = entry?.policy ?? {};
  for (const [k, v] of Object.entries(own)) {
    if (v === undefined) continue;
    if (k === 'rateLimit') {
      for (const [w, lv] of Object.entries(v as Record<string, Limit | undefined>)) {
        if (lv === undefined) continue;
        policy.rateLimit = { ...policy.rateLimit, [w]: lv };
        from[`rateLimit.${w}` as ManagedKey] = `servers.${serverId}.policy.rateLimit.${w}`;
      }
    } else {
      (policy as Record<string, unknown>)[k] = v;
      from[k as ManagedKey] = `servers.${serverId}.policy.${k}`;
    }
  }
  for (const k of ['trust', 'answerWith', 'provider'] as const) {
    if (entry?.[k] !== undefined) {
      (policy as Record<string, unknown>)[k] = entry[k];
      from[k] = `servers.${serverId}.${k}`;
    }
  }
  // Elicitation: the defaults' keys, then the server entry's own, window by window.
  const elicitation: ElicitationPolicyConfig = {};
  for (const [at, layer] of [['defaults.elicitation', m.defaults.elicitation], [`servers.${serverId}.elicitation`, entry?.elicitation]] as const) {
    for (const [k, v] of Object.entries(layer ?? {})) {
      if (v === undefined) continue;
      if (k === 'rateLimit') {
        for (const [w, lv] of Object.entries(v as Record<string, Limit | undefined>)) {
          if (lv === undefined) continue;
          elicitation.rateLimit = { ...elicitation.rateLimit, [w]: lv };
          from[`elicitation.rateLimit.${w}` as ManagedKey] = `${at}.rateLimit.${w}`;
        }
      } else {
        (elicitation as Record<string, unknown>)[k] = v;
        from[`elicitation.${k}` as ManagedKey] = `${at}.${k}`;
      }
    }
  }
  policy.elicitation = elicitation;
  const roots: RootsPolicyConfig = {};
  for (const [at, layer] of [['defaults.roots', m.defaults.roots], [`servers.${serverId}.roots`, entry?.roots]] as const) {
    for (const [k, v] of Object.entries(layer ?? {})) {
      if (v === undefined) continue;
      (roots as Record<string, unknown>)[k] = v;
      from[`roots.${k}` as ManagedKey] = `${at}.${k}`;
    }
  }
  policy.roots = roots;
  return { policy, from };
}

/**
 * The managed key path that locks `key` for this server, or null. A lock on a server's entry or on
 * `defaults` both hold (a defaults lock is for every server).
 */
export function lockedKey(m: ManagedPolicy, serverId: string, key: string): string | null {
  const parts = key.split('.');
  const top = parts[0]!;
  if (top === 'elicitation' || top === 'roots') {
    // Its own object next to trust: a lock on any enclosing key (the whole object, rateLimit) holds.
    const prefixes = parts.map((_, i) => parts.slice(0, parts.length - i).join('.'));
    return [...prefixes.map((p) => `servers.${serverId}.${p}`), ...prefixes.map((p) => `defaults.${p}`)].find((c) => m.locked.includes(c)) ?? null;
  }
  const candidates = ['trust', 'answerWith', 'provider'].includes(key)
    ? [`servers.${serverId}.${key}`, `defaults.${key}`]
    : [`servers.${serverId}.policy.${key}`, `servers.${serverId}.policy.${top}`, `defaults.${key}`, `defaults.${top}`];
  return candidates.find((c) => m.locked.includes(c)) ?? null;
}

/** Why a configured server may not be used under this managed policy, or null. */
export function serverRefusal(m: ManagedPolicy, serverId: string, userServer: ServerConfig | undefined): string | null {
  const entry = Object.hasOwn(m.servers, serverId) ? m.servers[serverId] : undefined;
  if (!entry) {
    return m.allowOnlyListedServers ? `server "${serverId}" is not on the managed policy's list of allowed servers (${m.file})` : null;
  }
  if (!userServer) return null;
  const runs = 'command' in userServer ? { command: userServer.command, args: userServer.args } : { url: userServer.url };
  if (entry.command !== undefined && (!('command' in runs) || runs.command !== entry.command || (entry.args !== undefined && !sameValue(runs.args, entry.args)))) {
    return `server "${serverId}" does not run what the managed policy lists for it (${[entry.command, ...(entry.args ?? [])].join(' ')})`;
  }
  if (entry.url !== undefined && (!('url' in runs) || normaliseUrl(runs.url!) !== normaliseUrl(entry.url))) {
    return `server "${serverId}" is not at the URL the managed policy lists for it (${entry.url})`;
  }
  return null;
}

/** A lower limit wins; null means none. */
function lowerLimit(a: Limit, b: Limit): Limit {
  if (a === null) return b;
  if (b === null) return a;
  return Math.min(a, b);
}

type Pick = <K extends ManagedKey, V>(key: K, managed: V | undefined, current: V, stricter: (a: V, b: V) => V) => V;

/**
 * Elicitation under the managed policy, key by key as for sampling: trust and allowUrl the
 * stricter, rate limits the lower, answerWith the intersection; a managed list of URL hosts applies
 * beside the user's (a URL's host must be on both), or alone when locked.
 */
function mergeElicitation(user: EffectiveElicitationPolicy, managed: ElicitationPolicyConfig, isLocked: (key: string) => boolean, pick: Pick): EffectiveElicitationPolicy {
  const out: EffectiveElicitationPolicy = { ...user, rateLimit: { ...user.rateLimit } };
  out.trust = pick('elicitation.trust', managed.trust, user.trust, (a, b) => (TRUST_ORDER[a] <= TRUST_ORDER[b] ? a : b));
  out.answerWith = pick('elicitation.answerWith', managed.answerWith, user.answerWith, (u, m) => (m === 'auto' ? u : m));
  out.allowUrl = pick('elicitation.allowUrl', managed.allowUrl, user.allowUrl, (a, b) => a && b);
  for (const w of ['perMinute', 'perHour'] as const) out.rateLimit[w] = pick(`elicitation.rateLimit.${w}`, managed.rateLimit?.[w], user.rateLimit[w], lowerLimit);
  if (managed.urlHosts !== undefined) {
    if (isLocked('elicitation.urlHosts')) out.urlHosts = [...managed.urlHosts];
    else out.managedUrlHosts = [...managed.urlHosts];
    pick('elicitation.urlHosts', managed.urlHosts, managed.urlHosts, (a) => a);
  }
  return out;
}

type Answerer = 'client' | 'provider' | 'auto';
/** auto lets either answer; the intersection of who may answer, the managed value when there is none. */
function intersectAnswerers(user: Answerer, managed: Answerer): Answerer {
  // managed auto leaves the user's choice; managed client/provider is the intersection with the
  // user's auto or the same value, and wins outright when the user chose the other one.
  return managed === 'auto' ? user : managed;
}

function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function normaliseUrl(u: string): string {
  try {
    return new URL(u).href;
  } catch {
    return u;
  }
}
