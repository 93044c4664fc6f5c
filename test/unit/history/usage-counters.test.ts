/**
 * The limits' in-memory counters (issue 10) against their definition in SQL (USAGE_SQL): after a
 * flood refused by a limit, after decisions, charges and refunds, and after a restart that seeds
 * them from history — every window, every session, tokens and cost, the same numbers.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { HistoryStore, USAGE_SQL } from '../../../core/history/history-store.js';
import { UsageWindow, type WindowItem } from '../../../core/history/usage-window.js';
import type { Hold } from '../../../core/hold/hold.js';
import { SAMPLING_CLIENT, samplingHold } from '../../support/hold.js';
import { BUILT_IN_DEFAULTS } from '../../../shared/config-schema.js';
import type { EffectivePolicy } from '../../../shared/config-schema.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function tempFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'sg-counters-'));
  dirs.push(dir);
  return join(dir, 'history.db');
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Every number the limits read, from the counters and from SQL on a second connection. */
function compare(store: HistoryStore, file: string, now: number, servers: string[], sessions: [string, string][]): void {
  store.flush();
  const db = new Database(file, { readonly: true });
  try {
    const sql = (q: string, ...p: unknown[]) => (db.prepare(q).get(...p) as { n: number }).n;
    for (const server of servers) {
      for (const w of [MINUTE, HOUR, DAY]) {
        const since = new Date(now - w);
        expect(store.countRequests(server, since), `${server} requests since -${w / 1000}s`).toBe(sql(USAGE_SQL.count, server, since.toISOString(), 'sampling'));
      }
      const day = new Date(now - DAY);
      expect(store.tokensUsed(server, day), `${server} tokens`).toBe(sql(USAGE_SQL.tokens, server, day.toISOString(), 'sampling'));
      expect(store.costUsed(server, day), `${server} cost`).toBeCloseTo(sql(USAGE_SQL.cost, server, day.toISOString(), 'sampling'), 9);
    }
    for (const [server, session] of sessions) {
      expect(store.countRequests(server, new Date(0), session), `${server}/${session}`).toBe(sql(USAGE_SQL.countSession, server, new Date(0).toISOString(), session, 'sampling'));
    }
  } finally {
    db.close();
  }
}

const PARAMS = { messages: [{ role: 'user', content: { type: 'text', text: 'count me' } }], maxTokens: 100 };
const ANSWER = { result: { role: 'assistant', model: 'm', content: { type: 'text', text: 'done, with a few words' } } };

function holdOn(store: HistoryStore, clock: { t: number }, policy: EffectivePolicy): Hold {
  return samplingHold({ history: store, policyFor: () => policy, now: () => new Date(clock.t) });
}

function run(hold: Hold, serverId: string, sessionId: string) {
  return hold.run({ kind: 'sampling', serverId, sessionId, era: '2025-11-25', params: PARAMS, client: SAMPLING_CLIENT, signal: new AbortController().signal }, async () => ANSWER);
}

describe('usage counters', () => {
  it('equal the SQL counts through a refused flood, and after a restart seeds them from history', async () => {
    const file = tempFile();
    const policy: EffectivePolicy = { ...BUILT_IN_DEFAULTS, trust: 'trust', rules: [], rateLimit: { perMinute: 5, perHour: 60, perDay: 300, perSession: 50 }, tokenBudgetPerDay: 100_000 };
    const clock = { t: Date.now() - 3 * HOUR };
    let store = new HistoryStore(file);
    let hold = holdOn(store, clock, policy);
    const sessions: [string, string][] = [
      ['flood', 's1'],
      ['flood', 's2'],
      ['calm', 'c1'],
      ['calm', 'c2'],
    ];

    // A flood of 60 at once: five pass the per-minute limit, the rest are refused and not counted.
    const flood = await Promise.all(Array.from({ length: 60 }, (_, i) => run(hold, 'flood', i % 2 ? 's1' : 's2')));
    expect(flood.filter((c) => c.kind === 'result')).toHaveLength(5);
    expect(store.countRequests('flood', new Date(clock.t - MINUTE))).toBe(5);
    compare(store, file, clock.t, ['flood', 'calm'], sessions);

    // Another server is not held up by the first one's limit.
    for (let i = 0; i < 4; i++) expect((await run(hold, 'calm', `c${1 + (i % 2)}`)).kind).toBe('result');
    clock.t += 61_000;
    // A minute on, the window has moved: five more pass.
    const next = await Promise.all(Array.from({ length: 8 }, () => run(hold, 'flood', 's1')));
    expect(next.filter((c) => c.kind === 'result')).toHaveLength(5);
    compare(store, file, clock.t, ['flood', 'calm'], sessions);

    // Restart: the counters come back from history, not from zero.
    store.close();
    clock.t += 10_000;
    store = new HistoryStore(file);
    hold = holdOn(store, clock, policy);
    compare(store, file, clock.t, ['flood', 'calm'], sessions);
    expect(store.countRequests('flood', new Date(clock.t - HOUR))).toBe(10);
    // And go on counting from there: the minute window still holds the five of a few seconds ago.
    expect((await run(hold, 'flood', 's2')).kind).toBe('refuse');
    clock.t += 2 * HOUR;
    expect((await run(hold, 'flood', 's2')).kind).toBe('result');
    compare(store, file, clock.t, ['flood', 'calm'], sessions);
    store.close();
  });

  it('follow charges, refunds, decisions and provider cost exactly as the SQL sums them', () => {
    const file = tempFile();
    const store = new HistoryStore(file);
    const t0 = Date.now() - 2 * HOUR;
    const at = (ms: number) => new Date(t0 + ms);
    const add = (id: string, server: string, ms: number) => store.insert({ id, server, sessionId: 'x', era: '2025-11-25', receivedAt: at(ms), request: PARAMS });
    add('a', 's', 0);
    store.update('a', { outcome: 'approved', decidedAt: at(5_000), tokens: 800 });
    store.update('a', { tokens: 120, inputTokens: 20, outputTokens: 100, costUsd: 0.0021, completedAt: at(6_000) });
    add('b', 's', 1_000);
    store.update('b', { rule: 'limit.perMinute', outcome: 'auto-denied', decidedAt: at(1_000), tokens: 0, completedAt: at(1_000) });
    add('c', 's', 2_000);
    store.update('c', { outcome: 'auto-approved', decidedAt: at(2_000), tokens: 500 });
    // Flushed mid-request: the rest of its changes are updates to a written row.
    store.flush();
    store.update('c', { outcome: 'failed', tokens: 0, costUsd: null, completedAt: at(3_000) });
    add('d', 't', 3_000);
    store.update('d', { rule: 'protocol.invalid-params', outcome: 'auto-denied', decidedAt: at(3_000), completedAt: at(3_000), tokens: 0 });
    add('e', 't', 4_000);
    store.update('e', { outcome: 'approved', decidedAt: at(HOUR), tokens: 64, costUsd: 0.5 });
    compare(store, file, t0 + HOUR + 1_000, ['s', 't'], [['s', 'x'], ['t', 'x']]);
    expect(store.countRequests('s', at(-1))).toBe(2); // a and c; b was refused by a limit
    expect(store.tokensUsed('s', at(-1))).toBe(120);
    // A row this process no longer follows (completed, or from a previous run) changes too.
    store.update('a', { tokens: 7, rule: 'limit.perHour' });
    compare(store, file, t0 + HOUR + 1_000, ['s', 't'], [['s', 'x']]);
    // Windows far in the past are answered by SQL: the counters only hold the last day.
    expect(store.countRequests('s', new Date(0))).toBe(1);
    store.close();
  });
});

describe('usage window', () => {
  it('matches a brute-force count under random adds, removals, changes and queries', () => {
    let x = 42;
    const rand = (n: number): number => (x = (x * 1103515245 + 12345) % 2147483648) % n;
    const window = new UsageWindow(0);
    const items: WindowItem[] = [];
    let now = 1_000_000;
    const sinces = [60_000, 3_600_000, 86_400_000];
    for (let step = 0; step < 5_000; step++) {
      now += rand(5_000);
      const op = rand(10);
      if (op < 5) items.push(window.add(now - (rand(20) === 0 ? rand(100_000) : 0), rand(100), rand(3)));
      else if (op < 6 && items.length) window.remove(items[rand(items.length)]!);
      else if (op < 7 && items.length) window.change(items[rand(items.length)]!, rand(100), rand(3));
      else {
        // Mostly the three sliding windows, sometimes an odd moment in between.
        const since = rand(8) === 0 ? now - rand(200_000) : now - sinces[rand(3)]!;
        if (since < 0) continue;
        const live = items.filter((i) => !i.dead && i.at >= since);
        const got = window.since(since);
        expect(got.count).toBe(live.length);
        expect(got.a).toBe(live.reduce((s, i) => s + i.a, 0));
        expect(got.b).toBe(live.reduce((s, i) => s + i.b, 0));
      }
    }
  });
});
