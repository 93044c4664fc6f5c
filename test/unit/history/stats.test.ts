/**
 * History at a glance (issue 23): the aggregates of stats.ts on a real SQLite file equal a plain
 * computation over the seeded rows — every filter, full-text search, the user's day offset, costs
 * that are null, an empty history — and the SQL reads the events_stats index, never the table.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMON_WORD, seedEvent } from '../../../bench/history-events.js';
import { HistoryStore } from '../../../core/history/history-store.js';
import { foldStats, historyStatsSql, type StatsRow } from '../../../core/history/stats.js';
import { MAX_SERIES, OTHER_SERIES, UNKNOWN_MODEL } from '../../../shared/history-stats.js';
import type { HistoryStats } from '../../../shared/history-stats.js';
import type { HistoryQuery, HoldKind, Outcome } from '../../../shared/types.js';

const N = 2_000;
const NOW = Date.parse('2026-03-15T12:00:00.000Z');
const DAY = 86_400_000;
const OUTCOMES: Outcome[] = ['approved', 'auto-approved', 'denied', 'edited', 'failed'];
const MODELS = ['claude-sonnet-4-5', 'gpt-4o', null];

interface Seeded {
  id: string;
  kind: HoldKind;
  server: string;
  outcome: Outcome;
  receivedAt: number;
  model: string | null;
  costUsd: number | null;
}

let dir: string;
let store: HistoryStore;
const seeded: Seeded[] = [];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'sg-stats-'));
  store = new HistoryStore(join(dir, 'history.db'));
  for (let i = 0; i < N; i++) {
    const e = seedEvent(i, N, 20, NOW);
    const s: Seeded = {
      id: e.id,
      kind: i % 11 === 0 ? 'elicitation' : 'sampling',
      server: e.server,
      outcome: OUTCOMES[i % OUTCOMES.length]!,
      receivedAt: e.receivedAt.getTime(),
      model: i % 3 === 0 ? null : MODELS[i % MODELS.length]!,
      // Every third row has no cost (answered by the client); some priced rows have no model.
      costUsd: i % 3 === 1 ? null : Math.round(((i % 7) + 1) * 1000) / 1e6,
    };
    seeded.push(s);
    store.insert({ id: s.id, kind: s.kind, server: s.server, sessionId: e.sessionId, era: '2025-11-25', receivedAt: e.receivedAt, request: e.request });
    store.update(s.id, { outcome: s.outcome, decidedAt: e.receivedAt, response: e.response, model: s.model, costUsd: s.costUsd, completedAt: e.receivedAt });
  }
  store.flush();
});
afterAll(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The straightforward computation: every selected row, its local day, summed. */
function expected(rows: Seeded[], tz: number): { events: Map<string, number>; cost: Map<string, number>; total: number; costUsd: number; priced: number } {
  const day = (t: number): string => new Date(t + tz * 60_000).toISOString().slice(0, 10);
  const events = new Map<string, number>();
  const cost = new Map<string, number>();
  let costUsd = 0;
  let priced = 0;
  for (const r of rows) {
    const k = `${day(r.receivedAt)}|${r.server}|${r.outcome}`;
    events.set(k, (events.get(k) ?? 0) + 1);
    if (r.costUsd !== null) {
      const c = `${day(r.receivedAt)}|${r.server}|${r.model ?? UNKNOWN_MODEL}`;
      cost.set(c, (cost.get(c) ?? 0) + r.costUsd);
      costUsd += r.costUsd;
      priced++;
    }
  }
  return { events, cost, total: rows.length, costUsd, priced };
}

function compare(got: HistoryStats, rows: Seeded[], tz: number): void {
  const want = expected(rows, tz);
  expect(new Map(got.events.map((c) => [`${c.day}|${c.server}|${c.outcome}`, c.count]))).toEqual(want.events);
  const gotCost = new Map(got.cost.map((c) => [`${c.day}|${c.server}|${c.model}`, c.costUsd]));
  expect([...gotCost.keys()].sort()).toEqual([...want.cost.keys()].sort());
  for (const [k, v] of want.cost) expect(gotCost.get(k)).toBeCloseTo(v, 9);
  expect(got.totals.events).toBe(want.total);
  expect(got.totals.priced).toBe(want.priced);
  expect(got.totals.costUsd).toBeCloseTo(want.costUsd, 9);
  expect(got.omittedDays).toBe(0);
  if (rows.length) {
    // Gap-free, ascending, from the first day with an event to the last.
    const days = [...want.events.keys()].map((k) => k.slice(0, 10)).sort();
    expect(got.days[0]).toBe(days[0]);
    expect(got.days[got.days.length - 1]).toBe(days[days.length - 1]);
    for (let i = 1; i < got.days.length; i++) expect(Date.parse(got.days[i]!) - Date.parse(got.days[i - 1]!)).toBe(DAY);
  }
}

const iso = (t: number): string => new Date(t).toISOString();
const CASES: [string, HistoryQuery, (r: Seeded) => boolean][] = [
  ['everything', {}, () => true],
  ['one server', { server: 'github' }, (r) => r.server === 'github'],
  ['one outcome', { outcome: 'denied' }, (r) => r.outcome === 'denied'],
  ['one kind', { kind: 'elicitation' }, (r) => r.kind === 'elicitation'],
  ['one model', { model: 'gpt-4o' }, (r) => r.model === 'gpt-4o'],
  ['a range', { since: iso(NOW - 9.5 * DAY), until: iso(NOW - 3.25 * DAY) }, (r) => r.receivedAt >= NOW - 9.5 * DAY && r.receivedAt < NOW - 3.25 * DAY],
  ['server, outcome and range', { server: 'docs', outcome: 'approved', since: iso(NOW - 12 * DAY) }, (r) => r.server === 'docs' && r.outcome === 'approved' && r.receivedAt >= NOW - 12 * DAY],
  ['nothing matches', { server: 'no-such-server' }, () => false],
];

describe('history stats', () => {
  it.each(CASES)('%s: equals the plain computation over the seeded rows (UTC days)', (_label, q, keep) => {
    compare(store.stats(q), seeded.filter(keep), 0);
  });

  it.each([120, -300, 60 * 14, -60 * 12])('days in the user offset %i min', (tz) => {
    compare(store.stats({}, tz), seeded, tz);
    compare(store.stats({ server: 'notes' }, tz), seeded.filter((r) => r.server === 'notes'), tz);
  });

  it('a full-text search counts the rows the search lists', () => {
    const ids = new Set(store.query({ search: COMMON_WORD, limit: 10_000 }).map((e) => e.id));
    expect(ids.size).toBeGreaterThan(0);
    compare(store.stats({ search: COMMON_WORD, limit: 5 }), seeded.filter((r) => ids.has(r.id)), 0);
  });

  it('an empty history: no days, no cells, zero totals', () => {
    const empty = new HistoryStore(':memory:');
    try {
      expect(empty.stats({}, 60)).toEqual({ tzOffsetMinutes: 60, days: [], omittedDays: 0, events: [], cost: [], totals: { events: 0, costUsd: 0, priced: 0 } });
    } finally {
      empty.close();
    }
  });

  it.each([...CASES, ['a search', { search: COMMON_WORD, server: 'docs' }, () => true] as (typeof CASES)[number]])('%s: reads only the events_stats index, in its order', (_label, q) => {
    const db = new Database(join(dir, 'history.db'), { readonly: true });
    try {
      const { sql, params } = historyStatsSql(q);
      const plan = (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[]).map((r) => r.detail).join(' | ');
      expect(plan).toMatch(/USING COVERING INDEX events_stats\b/);
      // The groups stream in the index's order: no sort, whatever the filter.
      expect(plan).not.toMatch(/TEMP B-TREE/);
    } finally {
      db.close();
    }
  });

  it('more servers or models than MAX_SERIES: the smallest are summed as (other)', () => {
    const rows: StatsRow[] = Array.from({ length: MAX_SERIES + 3 }, (_, i) => ({
      hour: '2026-01-02T10',
      server: `s${i}`,
      outcome: 'approved',
      model: `m${i}`,
      n: i + 1,
      cost: (i + 1) / 100,
      priced: 1,
    }));
    const got = foldStats(rows, 0);
    const servers = new Set(got.events.map((c) => c.server));
    expect(servers.size).toBe(MAX_SERIES);
    expect(servers.has(OTHER_SERIES)).toBe(true);
    expect(servers.has('s0')).toBe(false);
    expect(got.events.find((c) => c.server === OTHER_SERIES)?.count).toBe(1 + 2 + 3 + 4);
    expect(new Set(got.cost.map((c) => c.model)).size).toBe(MAX_SERIES);
    expect(got.totals).toEqual({ events: rows.reduce((a, r) => a + r.n, 0), costUsd: expect.closeTo(rows.reduce((a, r) => a + r.cost!, 0), 9), priced: rows.length });
  });
});
