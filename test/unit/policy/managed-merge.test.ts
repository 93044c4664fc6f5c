/**
 * The managed-policy merge rule (docs/policy.md, "Managed policy"), key by key and in both
 * directions: where the managed value is stricter it wins, where the user's is stricter the user's
 * stays, and a locked key is the managed value either way.
 */
import { describe, expect, it } from 'vitest';
import { ConfigSchema } from '../../../shared/config-schema.js';
import { effectivePolicy } from '../../../shared/effective-policy.js';
import type { EffectivePolicy } from '../../../shared/config-schema.js';
import { ManagedFileSchema, unwrapLocks } from '../../../shared/managed-policy.js';
import type { ManagedState } from '../../../shared/managed-policy.js';
import { parseManaged } from '../../../core/config/managed-store.js';

const FILE = '/etc/sampling-gate/managed.yaml';

function managed(data: Record<string, unknown>): ManagedState {
  const { data: plain, locked } = unwrapLocks(data);
  return { kind: 'ok', policy: { ...ManagedFileSchema.parse(plain), file: FILE, locked } };
}

function policy(user: Record<string, unknown>, m: Record<string, unknown>, serverId = 's'): EffectivePolicy {
  const config = ConfigSchema.parse({ servers: { s: { command: 'node', args: ['server.js'] } }, ...user });
  return effectivePolicy(config, serverId, managed(m));
}

/** [key, the looser value, the stricter value] for every policy key with an order. */
const ORDERED: [string, unknown, unknown, (p: EffectivePolicy) => unknown][] = [
  ['trust', 'trust', 'ask', (p) => p.trust],
  ['approvalTimeoutSeconds', 300, 60, (p) => p.approvalTimeoutSeconds],
  ['maxTokensCap', 8000, 1000, (p) => p.maxTokensCap],
  ['tokenBudgetPerDay', 500000, 1000, (p) => p.tokenBudgetPerDay],
  ['costBudgetPerDay', 20, 0.5, (p) => p.costBudgetPerDay],
  ['allowTools', true, false, (p) => p.allowTools],
  ['allowIncludeContext', true, false, (p) => p.allowIncludeContext],
  ['reviewResponses', false, true, (p) => p.reviewResponses],
];

describe('managed policy merge: the stricter value wins, either way round', () => {
  for (const [key, looser, stricter, get] of ORDERED) {
    it(`${key}: a stricter managed value wins over the user's`, () => {
      const p = policy({ defaults: { [key]: looser } }, { defaults: { [key]: stricter } });
      expect(get(p)).toEqual(stricter);
      expect(p.managed?.keys[key as 'trust']).toEqual({ key: `defaults.${key}`, locked: false });
    });
    it(`${key}: a stricter user value stays under a looser managed one`, () => {
      const p = policy({ defaults: { [key]: stricter } }, { defaults: { [key]: looser } });
      expect(get(p)).toEqual(stricter);
      expect(p.managed?.keys[key as 'trust']).toBeUndefined();
    });
    it(`${key}: locked, the managed value holds even where the user's is stricter`, () => {
      const p = policy({ defaults: { [key]: stricter } }, { defaults: { [key]: { value: looser, locked: true } } });
      expect(get(p)).toEqual(looser);
      expect(p.managed?.keys[key as 'trust']).toEqual({ key: `defaults.${key}`, locked: true });
    });
  }

  it('trust: deny over ask over trust', () => {
    expect(policy({ defaults: { trust: 'ask' } }, { defaults: { trust: 'deny' } }).trust).toBe('deny');
    expect(policy({ defaults: { trust: 'deny' } }, { defaults: { trust: 'trust' } }).trust).toBe('deny');
    expect(policy({ defaults: { trust: 'trust' } }, { defaults: { trust: 'ask' } }).trust).toBe('ask');
  });

  it("a server's own trust is held to the managed defaults too", () => {
    const p = policy({ servers: { s: { command: 'node', args: ['server.js'], trust: 'trust' } } }, { defaults: { trust: 'ask' } });
    expect(p.trust).toBe('ask');
  });

  for (const w of ['perMinute', 'perHour', 'perDay', 'perSession'] as const) {
    it(`rateLimit.${w}: the lower limit, null being none`, () => {
      expect(policy({ defaults: { rateLimit: { [w]: 50 } } }, { defaults: { rateLimit: { [w]: 2 } } }).rateLimit[w]).toBe(2);
      expect(policy({ defaults: { rateLimit: { [w]: 2 } } }, { defaults: { rateLimit: { [w]: 50 } } }).rateLimit[w]).toBe(2);
      expect(policy({ defaults: { rateLimit: { [w]: null } } }, { defaults: { rateLimit: { [w]: 7 } } }).rateLimit[w]).toBe(7);
      expect(policy({ defaults: { rateLimit: { [w]: 7 } } }, { defaults: { rateLimit: { [w]: null } } }).rateLimit[w]).toBe(7);
      const locked = policy({ defaults: { rateLimit: { [w]: 1 } } }, { defaults: { rateLimit: { [w]: { value: 9, locked: true } } } });
      expect(locked.rateLimit[w]).toBe(9);
      expect(locked.managed?.keys[`rateLimit.${w}`]).toEqual({ key: `defaults.rateLimit.${w}`, locked: true });
    });
  }

  it('budgets: null (no budget) never loosens a managed budget, and a managed null never loosens the user', () => {
    expect(policy({ defaults: { tokenBudgetPerDay: null } }, { defaults: { tokenBudgetPerDay: 5000 } }).tokenBudgetPerDay).toBe(5000);
    expect(policy({ defaults: { tokenBudgetPerDay: 5000 } }, { defaults: { tokenBudgetPerDay: null } }).tokenBudgetPerDay).toBe(5000);
    expect(policy({ defaults: { costBudgetPerDay: null } }, { defaults: { costBudgetPerDay: 1 } }).costBudgetPerDay).toBe(1);
    expect(policy({ defaults: { costBudgetPerDay: 1 } }, { defaults: { costBudgetPerDay: null } }).costBudgetPerDay).toBe(1);
  });

  it('allowMedia: only the types both allow (case-insensitive); locked: the managed list', () => {
    expect(policy({ defaults: { allowMedia: ['image/png', 'audio/wav'] } }, { defaults: { allowMedia: ['IMAGE/PNG', 'image/jpeg'] } }).allowMedia).toEqual(['image/png']);
    expect(policy({ defaults: { allowMedia: ['image/png'] } }, { defaults: { allowMedia: ['image/png', 'audio/wav'] } }).allowMedia).toEqual(['image/png']);
    const narrowed = policy({ defaults: { allowMedia: ['image/png', 'image/gif'] } }, { defaults: { allowMedia: ['image/png'] } });
    expect(narrowed.managed?.keys.allowMedia?.key).toBe('defaults.allowMedia');
    expect(policy({ defaults: { allowMedia: [] } }, { defaults: { allowMedia: { value: ['image/png'], locked: true } } }).allowMedia).toEqual(['image/png']);
  });

  it("rules: the managed rules always apply, before the user's; a user rule with a managed rule's name is dropped", () => {
    const p = policy(
      { defaults: { rules: [{ name: 'mine', match: 'x', action: 'flag' }, { name: 'corp', match: 'weak', action: 'flag' }] } },
      { defaults: { rules: [{ name: 'corp', match: 'secret', action: 'deny' }] } },
    );
    expect(p.rules.map((r) => [r.name, r.action])).toEqual([['corp', 'deny'], ['mine', 'flag']]);
    expect(p.managed?.rules).toEqual({ corp: 'defaults.rules[0]' });
    // The user's rules cannot remove the organisation's by being empty either.
    expect(policy({ defaults: { rules: [] } }, { defaults: { rules: [{ name: 'corp', match: 'secret', action: 'deny' }] } }).rules).toHaveLength(1);
    // Locked: only the managed rules.
    const locked = policy({ defaults: { rules: [{ name: 'mine', match: 'x', action: 'deny' }] } }, { defaults: { rules: { value: [{ name: 'corp', match: 's', action: 'flag' }], locked: true } } });
    expect(locked.rules.map((r) => r.name)).toEqual(['corp']);
  });

  it('answerWith: managed auto leaves the user\'s choice; a managed client/provider is forced', () => {
    const prov = { providers: { corp: { kind: 'openai', models: [{ name: 'm' }] } } };
    for (const user of ['client', 'provider', 'auto'] as const) {
      expect(policy({ defaults: { answerWith: user } }, { defaults: { answerWith: 'auto' } }).answerWith).toBe(user);
      expect(policy({ defaults: { answerWith: user } }, { defaults: { answerWith: 'client' } }).answerWith).toBe('client');
      expect(policy({ defaults: { answerWith: user } }, { ...prov, defaults: { answerWith: 'provider', provider: 'corp' } }).answerWith).toBe('provider');
    }
  });

  it('provider: a managed provider is forced; with allowOnlyListedProviders an unlisted one never answers', () => {
    const user = { providers: { mine: { kind: 'openai', models: [{ name: 'x' }] } }, defaults: { provider: 'mine' } };
    const corp = { corp: { kind: 'anthropic', models: [{ name: 'c' }] } };
    expect(policy(user, { providers: corp, defaults: { provider: 'corp' } }).provider).toBe('corp');
    expect(policy(user, { providers: corp }).provider).toBe('mine');
    const listed = policy(user, { providers: corp, allowOnlyListedProviders: true });
    expect(listed.provider).toBe('corp');
    expect(listed.managed?.allowedProviders).toEqual(['corp']);
    expect(policy(user, { allowOnlyListedProviders: true }).provider).toBeNull();
  });

  it('allowSessionGrants: allowed unless the file says false (and never under a broken file)', () => {
    expect(policy({}, {}).managed?.allowSessionGrants).toBe(true);
    expect(policy({}, { allowSessionGrants: false }).managed?.allowSessionGrants).toBe(false);
  });

  it("the managed file's own server entry overrides its defaults (the organisation's exception), still merged stricter-wins", () => {
    const m = { defaults: { trust: 'ask', maxTokensCap: 1000 }, servers: { s: { trust: 'trust', policy: { maxTokensCap: 3000 } } } };
    const p = policy({ defaults: { trust: 'trust', maxTokensCap: 2000 } }, m);
    expect(p.trust).toBe('trust');
    expect(p.maxTokensCap).toBe(2000);
    expect(policy({ defaults: { trust: 'trust' } }, m, 's').managed?.keys.trust?.key).toBe('servers.s.trust');
  });

  it('allowOnlyListedServers: an unlisted server, or one that runs something else than its pin, is denied outright', () => {
    const listed = { allowOnlyListedServers: true, servers: { other: {} } };
    const p = policy({}, listed);
    expect(p.trust).toBe('deny');
    expect(p.managed?.denyAll?.rule).toBe('managed.server-not-allowed');
    expect(policy({}, { allowOnlyListedServers: true, servers: { s: { command: 'node', args: ['server.js'] } } }).managed?.denyAll).toBeUndefined();
    const pinned = policy({}, { allowOnlyListedServers: true, servers: { s: { command: 'node', args: ['evil.js'] } } });
    expect(pinned.managed?.denyAll?.reason).toMatch(/does not run what the managed policy lists/);
    expect(policy({}, { servers: { other: {} } }).managed?.denyAll).toBeUndefined();
  });

  it('a broken managed file denies every server, saying why', () => {
    const config = ConfigSchema.parse({ defaults: { trust: 'trust' }, servers: { s: { command: 'node' } } });
    const p = effectivePolicy(config, 's', { kind: 'broken', file: FILE, reason: 'line 2: defaults.trsut: unknown key' });
    expect(p.trust).toBe('deny');
    expect(p.managed?.denyAll?.rule).toBe('managed.invalid');
    expect(p.managed?.denyAll?.reason).toContain('line 2');
  });

  it('no managed file: the user policy as is', () => {
    const config = ConfigSchema.parse({ defaults: { trust: 'trust' } });
    expect(effectivePolicy(config, 's').managed).toBeUndefined();
    expect(effectivePolicy(config, 's').trust).toBe('trust');
  });
});

describe('managed file parsing', () => {
  it('collects locks, including a whole rateLimit', () => {
    const r = parseManaged('defaults:\n  trust: { value: ask, locked: true }\n  rateLimit: { value: { perMinute: 2, perHour: 10 }, locked: true }\nservers:\n  s:\n    trust: { value: deny, locked: true }\n    policy: { maxTokensCap: { value: 10, locked: true } }\n', FILE);
    expect(r.state.kind).toBe('ok');
    if (r.state.kind !== 'ok') return;
    expect(r.state.policy.locked.sort()).toEqual(['defaults.rateLimit', 'defaults.rateLimit.perHour', 'defaults.rateLimit.perMinute', 'defaults.trust', 'servers.s.policy.maxTokensCap', 'servers.s.trust']);
    expect(r.state.policy.defaults.trust).toBe('ask');
    expect(r.state.policy.defaults.rateLimit).toEqual({ perMinute: 2, perHour: 10 });
  });

  it('an invalid file is broken, with the line and field', () => {
    const r = parseManaged('defaults:\n  trust: ask\n  maxTokensCap: lots\n', FILE);
    expect(r.state.kind).toBe('broken');
    expect(r.problems[0]).toMatchObject({ file: FILE, line: 3, path: 'defaults.maxTokensCap', kind: 'managed' });
    expect(parseManaged('defaults: [unclosed', FILE).state.kind).toBe('broken');
    expect(parseManaged('defaults:\n  provider: nowhere\n', FILE).problems[0]?.message).toMatch(/not listed under the managed policy's providers/);
  });
});
