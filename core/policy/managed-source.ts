/**
 * Which key of the managed policy decided a rule, for the trace (`policy explain`, the dialog).
 * Its own module: every kind's evaluation names it, and the elicitation room must not load the
 * sampling engine (the SDK's schemas) to do so — a gate that relays none keeps its memory.
 */
import type { ManagedKey } from '../../shared/managed-merge.js';
import type { PolicyContext, PolicyTraceStep } from './types.js';

/** The policy key each rule id enforces, for naming the managed policy when its value decided. */
const SAMPLING_RULE_KEYS: Record<string, ManagedKey> = {
  'trust.deny': 'trust',
  'trust.trust': 'trust',
  'rule.allowTools': 'allowTools',
  'rule.allowIncludeContext': 'allowIncludeContext',
  'rule.allowMedia': 'allowMedia',
  'rule.maxTokensCap': 'maxTokensCap',
  'limit.perMinute': 'rateLimit.perMinute',
  'limit.perHour': 'rateLimit.perHour',
  'limit.perDay': 'rateLimit.perDay',
  'limit.perSession': 'rateLimit.perSession',
  'limit.tokenBudgetPerDay': 'tokenBudgetPerDay',
  'limit.costBudgetPerDay': 'costBudgetPerDay',
};

/** The managed policy's key that decided `rule`, if its value is the one in force. `keys`: rule id → policy key (each kind has its own). */
export function managedSource(policy: PolicyContext['policy'], rule: string, keys: Record<string, ManagedKey> = SAMPLING_RULE_KEYS): PolicyTraceStep['managed'] | undefined {
  const m = policy.managed;
  if (!m) return undefined;
  if (rule.startsWith('managed.')) return { file: m.file, key: m.keys.trust?.key ?? 'allowOnlyListedServers', locked: true };
  if (rule.startsWith('rule.content:')) {
    const key = m.rules[rule.slice('rule.content:'.length)];
    return key ? { file: m.file, key, locked: false } : undefined;
  }
  const key = keys[rule];
  const src = key ? m.keys[key] : undefined;
  return src ? { file: m.file, key: src.key, locked: src.locked } : undefined;
}
