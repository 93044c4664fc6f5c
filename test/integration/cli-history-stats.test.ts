/**
 * `sampling-gate history --stats [--json]` (issue 23) on a seeded history: the JSON equals plain SQL
 * over history.db — read straight from the file when no gate runs, and through the running gate's
 * API — filters apply as for `history`, the table is one line a day, and --csv is a usage error.
 */
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HistoryStats } from '../../shared/history-stats.js';
import { runCli, startGate, tempDataDir, type RunningGate } from '../support/gate.js';
import { seedHistoryDir } from '../support/seed-history.js';

let dir: string;
let gate: RunningGate | undefined;

beforeAll(() => {
  dir = tempDataDir('servers: {}\n');
  seedHistoryDir(dir, 300, 12);
});
afterAll(async () => {
  await gate?.stop();
  gate?.remove();
});

/** What SQL says, in UTC days, without the stats index: day|server|outcome → count, day|server|model → cost. */
function fromSql(where = '', ...params: unknown[]): { events: Record<string, number>; cost: Record<string, number>; total: number } {
  const db = new Database(join(dir, 'history.db'), { readonly: true });
  try {
    const events = db.prepare(`SELECT substr(received_at, 1, 10) || '|' || server || '|' || outcome AS k, count(*) AS n FROM events NOT INDEXED ${where} GROUP BY 1`).all(...params) as { k: string; n: number }[];
    const cost = db.prepare(`SELECT substr(received_at, 1, 10) || '|' || server || '|' || model AS k, sum(cost_usd) AS c FROM events NOT INDEXED WHERE cost_usd IS NOT NULL ${where.replace('WHERE', 'AND')} GROUP BY 1`).all(...params) as { k: string; c: number }[];
    return { events: Object.fromEntries(events.map((r) => [r.k, r.n])), cost: Object.fromEntries(cost.map((r) => [r.k, r.c])), total: events.reduce((a, r) => a + r.n, 0) };
  } finally {
    db.close();
  }
}

function check(s: HistoryStats, want: ReturnType<typeof fromSql>): void {
  expect(s.tzOffsetMinutes).toBe(0);
  expect(Object.fromEntries(s.events.map((c) => [`${c.day}|${c.server}|${c.outcome}`, c.count]))).toEqual(want.events);
  const cost = Object.fromEntries(s.cost.map((c) => [`${c.day}|${c.server}|${c.model}`, c.costUsd]));
  expect(Object.keys(cost).sort()).toEqual(Object.keys(want.cost).sort());
  for (const [k, v] of Object.entries(want.cost)) expect(cost[k]).toBeCloseTo(v, 9);
  expect(s.totals.events).toBe(want.total);
}

const json = async (...args: string[]): Promise<HistoryStats> => {
  const r = await runCli(['history', '--stats', '--json', '--utc', '--data-dir', dir, ...args]);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as HistoryStats;
};

describe('history --stats', () => {
  it('without a gate: straight from history.db, equal to SQL; filters apply', async () => {
    check(await json(), fromSql());
    check(await json('--server', 'github'), fromSql('WHERE server = ?', 'github'));
    check(await json('--outcome', 'denied'), fromSql('WHERE outcome = ?', 'denied'));
    const since = new Date(Date.now() - 5 * 86_400_000).toISOString();
    check(await json('--since', since), fromSql('WHERE received_at >= ?', since));
    // Every seeded prompt says "seeded question N": a search that matches all, and one that matches none.
    check(await json('--search', 'seeded question', '--server', 'docs'), fromSql('WHERE server = ?', 'docs'));
    expect((await json('--search', 'nosuchwordanywhere')).totals.events).toBe(0);
  });

  it('the table: one line a day with events, and the totals', async () => {
    const r = await runCli(['history', '--stats', '--utc', '--data-dir', dir]);
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^DAY\s+EVENTS\s+OUTCOMES\s+SERVERS\s+COST/);
    const days = Object.keys(fromSql().events).map((k) => k.slice(0, 10));
    expect(lines.length).toBe(new Set(days).size + 2);
    expect(lines.at(-1)).toMatch(/^total 300 events over \d+ days \(UTC days\), \$\d+\.\d+ for \d+ priced$/);
  });

  it('bad usage: --csv, --utc without --stats', async () => {
    expect((await runCli(['history', '--stats', '--csv', '--data-dir', dir])).code).toBe(2);
    expect((await runCli(['history', '--utc', '--data-dir', dir])).code).toBe(2);
  });

  it('with a gate running: through its API, the same numbers', async () => {
    gate = await startGate(dir);
    check(await json(), fromSql());
    check(await json('--server', 'notes', '--outcome', 'approved'), fromSql('WHERE server = ? AND outcome = ?', 'notes', 'approved'));
    const viaApi = await gate.api('history.stats', { query: {}, tzOffsetMinutes: 0 });
    check(viaApi, fromSql());
  });
});
