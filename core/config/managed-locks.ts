/**
 * What the managed policy means for editing config.yaml (issue 12): an edit from the app or the CLI
 * that the managed policy would not let take effect is refused with the reason; a hand edit of a
 * locked key is reported (kind `locked`) and ignored — the managed value stays in force.
 */
import { LineCounter, isNode, parseDocument } from 'yaml';
import { effectivePolicy } from '../../shared/effective-policy.js';
import type { EffectivePolicy, RawConfig, ServerConfig } from '../../shared/config-schema.js';
import type { ManagedKey } from '../../shared/managed-merge.js';
import { lockedKey, serverRefusal } from '../../shared/managed-merge.js';
import type { ManagedState } from '../../shared/managed-policy.js';
import type { ConfigProblem, ServerManaged, Trust } from '../../shared/types.js';

const LOCKABLE: readonly (ManagedKey | 'rules')[] = [
  'trust', 'approvalTimeoutSeconds', 'maxTokensCap', 'rateLimit.perMinute', 'rateLimit.perHour', 'rateLimit.perDay', 'rateLimit.perSession',
  'tokenBudgetPerDay', 'costBudgetPerDay', 'allowTools', 'allowIncludeContext', 'allowMedia', 'reviewResponses', 'rules', 'answerWith', 'provider',
];
const SERVER_LEVEL = new Set(['trust', 'answerWith', 'provider']);

/** "the managed policy (/etc/…/managed.yaml: defaults.trust)" — who set a value, for messages. */
export function managedBy(file: string, key: string): string {
  return `the managed policy (${file}: ${key})`;
}

/**
 * Why setting `trust` for `serverId` would not take effect, or null. The edit is simulated: if the
 * policy in force would not be what the user asked for, the managed policy is the reason.
 */
export function trustEditRefusal(config: RawConfig, serverId: string, trust: Trust, state: ManagedState): string | null {
  if (state.kind === 'none' || !Object.hasOwn(config.servers, serverId)) return null;
  const candidate: RawConfig = { ...config, servers: { ...config.servers, [serverId]: { ...config.servers[serverId]!, trust } } };
  const after = effectivePolicy(candidate, serverId, state);
  if (after.trust === trust) return null;
  const m = after.managed;
  if (m?.denyAll) return `${serverId}: trust stays deny: ${m.denyAll.reason}`;
  const src = m?.keys.trust;
  if (src?.locked) return `${serverId}: trust is locked by ${managedBy(m!.file, src.key)}: it stays ${after.trust}`;
  return `${serverId}: ${managedBy(m?.file ?? '', src?.key ?? 'defaults.trust')} allows at most trust ${after.trust} here`;
}

/** Why adding or changing this server would be refused by the managed server list, or null. */
export function serverEditRefusal(serverId: string, entry: Record<string, unknown>, state: ManagedState): string | null {
  if (state.kind !== 'ok') return null;
  return serverRefusal(state.policy, serverId, entryAsServer(entry));
}

/** A server entry from the app's form, in the config's shape (for simulating an edit). */
export function entryAsServer(entry: Record<string, unknown>): ServerConfig {
  return (typeof entry.url === 'string' ? { url: entry.url, headers: {} } : { command: String(entry.command ?? ''), args: (entry.args as string[] | undefined) ?? [], env: {} }) as ServerConfig;
}

/** The managed view of one server for `servers.list` and `servers --json`. */
export function serverManaged(policy: EffectivePolicy): ServerManaged | undefined {
  const m = policy.managed;
  if (!m) return undefined;
  const decided: Record<string, string> = {};
  const locked: string[] = [];
  for (const [k, src] of Object.entries(m.keys)) {
    decided[k] = src.key;
    if (src.locked) locked.push(k);
  }
  return { file: m.file, locked, decided, refusal: m.denyAll?.reason ?? null };
}

/**
 * config.yaml settings the managed policy overrides — locked, or looser than its value — one
 * problem each (kind `locked`), with the line of the user's setting. Compared per server on the
 * resolved policy, so a lock on `defaults.trust` catches a server's own `trust:` too.
 */
export function lockProblems(config: RawConfig, text: string, file: string, state: ManagedState): ConfigProblem[] {
  if (state.kind !== 'ok') return [];
  const m = state.policy;
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines });
  const out = new Map<string, ConfigProblem>();
  const report = (userPath: string[], key: string, lock: string, value: unknown): void => {
    const path = userPath.join('.');
    if (out.has(path)) return;
    const node = doc.getIn(userPath, true);
    const pos = node && isNode(node) && node.range ? lines.linePos(node.range[0]) : null;
    out.set(path, {
      file, line: pos?.line ?? null, column: pos?.col ?? null, path, kind: 'locked',
      message: `${key} is locked by ${managedBy(m.file, lock)}: this setting is ignored, ${JSON.stringify(value)} applies`,
    });
  };
  // The user's own value for a key: where it is written, and what it is.
  const userSetting = (serverId: string | null, key: string): { path: string[]; value: unknown } | null => {
    const parts = key.split('.');
    const server = serverId !== null ? config.servers[serverId] : undefined;
    if (server) {
      if (SERVER_LEVEL.has(key)) {
        const v = (server as Record<string, unknown>)[key];
        if (v !== undefined) return { path: ['servers', serverId!, key], value: v };
      } else {
        const v = getPath(server.policy, parts);
        if (v !== undefined) return { path: ['servers', serverId!, 'policy', ...parts], value: v };
      }
    }
    const v = getPath(config.defaults, parts);
    return v !== undefined ? { path: ['defaults', ...parts], value: v } : null;
  };
  for (const serverId of Object.keys(config.servers)) {
    const policy = effectivePolicy(config, serverId, state);
    for (const key of LOCKABLE) {
      const mine = userSetting(serverId, key);
      if (!mine) continue;
      const lock = lockedKey(m, serverId, key);
      const applied = key === 'rules' ? policy.rules : getPath(policy, key.split('.'));
      if (lock !== null) {
        if (JSON.stringify(mine.value) !== JSON.stringify(key === 'rules' ? managedRules(policy) : applied)) report(mine.path, key, lock, applied);
        continue;
      }
      // Not locked, but looser than the managed value: the setting has no effect, and says why.
      const src = key === 'rules' ? undefined : policy.managed?.keys[key as ManagedKey];
      if (src && JSON.stringify(mine.value) !== JSON.stringify(applied)) {
        const path = mine.path.join('.');
        if (out.has(path)) continue;
        const node = doc.getIn(mine.path, true);
        const pos = node && isNode(node) && node.range ? lines.linePos(node.range[0]) : null;
        out.set(path, {
          file, line: pos?.line ?? null, column: pos?.col ?? null, path, kind: 'locked',
          message: `${managedBy(m.file, src.key)} is stricter: ${JSON.stringify(applied)} applies, not ${JSON.stringify(mine.value)}`,
        });
      }
    }
  }
  // Locked defaults conflict with the user's defaults even with no server configured yet.
  for (const key of LOCKABLE) {
    const lock = lockedKey(m, '\u0000', key);
    if (lock === null) continue;
    const mine = getPath(config.defaults, key.split('.'));
    const theirs = getPath(m.defaults, key.split('.'));
    if (mine !== undefined && JSON.stringify(mine) !== JSON.stringify(theirs)) report(['defaults', ...key.split('.')], key, lock, theirs);
  }
  return [...out.values()];
}

function managedRules(policy: EffectivePolicy): unknown {
  const names = new Set(Object.keys(policy.managed?.rules ?? {}));
  return policy.rules.filter((r) => names.has(r.name));
}

function getPath(obj: unknown, parts: string[]): unknown {
  let cur: unknown = obj;
  for (const p of parts) {
    if (typeof cur !== 'object' || cur === null) return undefined;
    cur = (cur as Record<string, unknown>)[p];
  }
  return cur;
}
