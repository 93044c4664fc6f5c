/**
 * config.yaml content rules: `{name, match, action: deny | flag}`, `match` a JavaScript regex run
 * case-insensitively (`iu`) on every text the server sends (collectTexts: system prompt, message
 * texts, tool names/descriptions/schemas, metadata …).
 *
 * User regexes may backtrack catastrophically, so they run in a worker with a time budget
 * (regex-worker.ts; default 250 ms per pass). Deny rules fail closed: if they cannot finish, the
 * request is denied under the rule that was running. Flag rules fail open with a
 * `content-rule-timeout` flag, since they only inform.
 */
import type { ContentRule } from '../../shared/config-schema.js';
import type { RiskFlag } from '../../shared/types.js';
import { excerpt } from './excerpt.js';
import { flag } from './flags.js';
import { runRegexes } from './regex-worker.js';
import { ERROR_CODES } from './types.js';
import type { Refusal } from './validate.js';
import type { TextField } from './walk.js';

export const DEFAULT_RULE_TIMEOUT_MS = 250;

const ruleId = (rule: ContentRule): string => `rule.content:${rule.name}`;

export function applyDenyRules(rules: readonly ContentRule[], texts: readonly TextField[], timeoutMs: number): Refusal | null {
  const deny = rules.filter((r) => r.action === 'deny');
  if (deny.length === 0 || texts.length === 0) return null;
  const outcome = runRegexes({ patterns: deny.map((r) => r.match), texts: texts.map((t) => t.text) }, timeoutMs);
  if (!outcome.ok) {
    const rule = deny[outcome.timedOut ? outcome.pattern : 0]!;
    const why = outcome.timedOut ? `did not finish within ${timeoutMs} ms` : `could not run (${outcome.error})`;
    return { rule: ruleId(rule), reason: `content rule "${rule.name}" ${why}; denied to be safe`, code: ERROR_CODES.denied };
  }
  // Hits come in rule order, so the first hit is the first rule (in config order) that matched.
  const hit = outcome.hits[0];
  if (!hit) return null;
  const [p, t] = hit;
  const rule = deny[p]!;
  return { rule: ruleId(rule), reason: `content rule "${rule.name}" matched at ${texts[t]!.path}`, code: ERROR_CODES.denied };
}

export function applyFlagRules(rules: readonly ContentRule[], texts: readonly TextField[], timeoutMs: number): RiskFlag[] {
  const flagging = rules.filter((r) => r.action === 'flag');
  if (flagging.length === 0 || texts.length === 0) return [];
  const outcome = runRegexes({ patterns: flagging.map((r) => r.match), texts: texts.map((t) => t.text) }, timeoutMs);
  if (!outcome.ok) {
    const name = flagging[outcome.timedOut ? outcome.pattern : 0]!.name;
    const why = outcome.timedOut ? `did not finish within ${timeoutMs} ms` : `could not run (${outcome.error})`;
    return [flag('content-rule-timeout', `content rule "${name}" ${why}; flag rules were not applied`)];
  }
  return outcome.hits.map(([p, t, start, end]) => {
    const rule = flagging[p]!;
    const field = texts[t]!;
    return {
      ...flag('content-rule', `matched content rule "${rule.name}"`, { path: field.path, start, end, excerpt: excerpt(field.text, start, end) }),
      id: `content-rule:${rule.name}`,
    };
  });
}
