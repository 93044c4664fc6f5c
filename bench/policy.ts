/**
 * Policy cost: `evaluateRequest` on a realistic and on a 1 MB request, each against a baseline
 * measured in the same run — `JSON.stringify(JSON.parse(wire))` of the same request, the least a
 * relay that decodes and re-encodes a message pays anyway.
 *
 * Usage comes from a fake UsageSource with constant counts, so only the policy is measured; one
 * row uses the real HistoryStore (a temp SQLite file with a day of history) to show what deriving
 * the limits from history adds, after one day and after 90 days of use. One row adds the CONTRACT.md example content rules, which run in
 * the regex worker (a round trip to another thread per rule pass).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HistoryStore } from '../core/history/history-store.js';
import { evaluateRequest } from '../core/policy/index.js';
import type { PolicyContext, UsageSource } from '../core/policy/index.js';
import { BUILT_IN_DEFAULTS } from '../shared/config-schema.js';
import type { ContentRule, EffectivePolicy } from '../shared/config-schema.js';
import { onCleanup, trackDir } from './cleanup.js';
import { LARGE_BYTES, largeRequest, realisticRequest } from './requests.js';
import { errorText, toRow } from './results.js';
import type { Failure, Row } from './results.js';
import { summarize, timeSync } from './stats.js';
import type { Summary } from './stats.js';

/** Trusted, so every request runs the whole decision order through to `approve`. */
const POLICY: EffectivePolicy = {
  ...BUILT_IN_DEFAULTS,
  trust: 'trust',
  // Above the day of history the HistoryStore row is seeded with, so that row approves too.
  rateLimit: { perMinute: 100, perHour: 1_000, perDay: 10_000, perSession: 1_000 },
  tokenBudgetPerDay: 10_000_000,
};

/** The content rules of the CONTRACT.md section 5 example. */
const RULES: ContentRule[] = [
  { name: 'no-system-prompt-probe', match: 'print (your|the) system prompt', action: 'deny' },
  { name: 'urls', match: 'https?://', action: 'flag' },
];

const CONSTANT_USAGE: UsageSource = { countRequests: () => 3, tokensUsed: () => 12_000 };

function context(usage: UsageSource, rules: ContentRule[] = []): PolicyContext {
  return {
    serverId: 'bench',
    sessionId: 'session-1',
    era: '2025-11-25',
    policy: { ...POLICY, rules },
    client: { supported: true, tools: false, context: false },
    usage,
    now: new Date(),
    usageIncludesRequest: true,
  };
}

/**
 * A history.db of approved requests from the bench server, spread evenly over `days`, in many
 * client sessions (an agent session rarely lasts long), each charged 400 tokens.
 */
function seededHistory(rows: number, days: number): HistoryStore {
  const dir = mkdtempSync(join(tmpdir(), 'sg-bench-history-'));
  trackDir(dir);
  const store = new HistoryStore(join(dir, 'history.db'));
  onCleanup(() => store.close());
  // Start a minute back so the "last minute" window stays as small as in real use.
  const newest = Date.now() - 60_000;
  const request = realisticRequest();
  for (let i = 0; i < rows; i++) {
    const at = new Date(newest - Math.floor((i / rows) * days * 24 * 3600_000));
    const id = `seed-${i}`;
    store.insert({ id, server: 'bench', sessionId: `session-${i % 500}`, era: '2025-11-25', receivedAt: at, request });
    store.update(id, { outcome: 'auto-approved', decidedBy: 'policy', rule: 'trust.trust', decidedAt: at, completedAt: at, tokens: 400 });
  }
  return store;
}

interface Case {
  id: string;
  label: string;
  baseline: string | null;
  iterations: number;
  fn: () => unknown;
}

export function benchPolicy(opts: { policySmall: number; policyLarge: number; historyRows: number }, failures: Failure[], progress: (msg: string) => void): Row[] {
  const small = realisticRequest();
  const large = largeRequest();
  const smallWire = JSON.stringify(small);
  const largeWire = JSON.stringify(large);
  // One day of history at a heavy user's pace, and the same pace kept up for 90 days (history is
  // kept forever unless ui.historyRetentionDays is set). 40 × n is 20,000 rows at the default n.
  const longRows = opts.historyRows;
  progress(`policy: requests of ${smallWire.length} and ${largeWire.length} bytes; seeding history (500 and ${longRows} rows)`);
  const dayHistory = seededHistory(500, 1);
  const longHistory = seededHistory(longRows, 90);

  const evaluate = (params: unknown, ctx: PolicyContext) => (): unknown => {
    const { verdict } = evaluateRequest(params, ctx);
    if (verdict.action !== 'approve') throw new Error(`expected approve, got ${verdict.action}: ${verdict.reason}`);
    return verdict;
  };
  const sizeMb = (LARGE_BYTES / 1024 / 1024).toFixed(0);
  const cases: Case[] = [
    { id: 'json:realistic', label: 'JSON parse+stringify, realistic', baseline: null, iterations: opts.policySmall, fn: () => JSON.stringify(JSON.parse(smallWire)) },
    { id: 'policy:realistic', label: 'evaluateRequest, realistic', baseline: 'json:realistic', iterations: opts.policySmall, fn: evaluate(small, context(CONSTANT_USAGE)) },
    { id: 'policy:realistic-rules', label: 'evaluateRequest, realistic + 2 content rules', baseline: 'json:realistic', iterations: opts.policySmall, fn: evaluate(small, context(CONSTANT_USAGE, RULES)) },
    { id: 'policy:realistic-history', label: 'evaluateRequest, realistic, history 500 rows/1 day', baseline: 'json:realistic', iterations: opts.policySmall, fn: evaluate(small, context(dayHistory)) },
    // Fewer iterations: each evaluation scans the whole history (see docs/bench.md).
    { id: 'policy:realistic-history-90d', label: `evaluateRequest, realistic, history ${longRows} rows/90 days`, baseline: 'json:realistic', iterations: opts.policyLarge, fn: evaluate(small, context(longHistory)) },
    { id: 'json:large', label: `JSON parse+stringify, ${sizeMb} MB`, baseline: null, iterations: opts.policyLarge, fn: () => JSON.stringify(JSON.parse(largeWire)) },
    { id: 'policy:large', label: `evaluateRequest, ${sizeMb} MB`, baseline: 'json:large', iterations: opts.policyLarge, fn: evaluate(large, context(CONSTANT_USAGE)) },
    { id: 'policy:large-rules', label: `evaluateRequest, ${sizeMb} MB + 2 content rules`, baseline: 'json:large', iterations: opts.policyLarge, fn: evaluate(large, context(CONSTANT_USAGE, RULES)) },
  ];

  const measured = new Map<string, Summary>();
  const rows: Row[] = [];
  for (const c of cases) {
    progress(`policy: ${c.label} × ${c.iterations}`);
    try {
      // Warm up the JIT (and the regex worker) before timing.
      timeSync(c.fn, Math.max(2, Math.min(50, Math.round(c.iterations / 10))));
      const m = summarize(timeSync(c.fn, c.iterations));
      measured.set(c.id, m);
      rows.push(toRow('policy', c.id, c.label, m, c.baseline, c.baseline === null ? undefined : measured.get(c.baseline)));
    } catch (e) {
      failures.push({ id: c.id, error: errorText(e) });
    }
  }
  return rows;
}
