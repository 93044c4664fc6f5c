/**
 * The limit queries run on every sampling request, against a history that only grows: each must be
 * an index search, never a scan of the table (the bench measured ~40 ms per scan at 20,000 rows).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { FAIL_ABANDONED_SQL, HistoryStore, USAGE_SQL } from '../../../core/history/history-store.js';

describe('usage queries', () => {
  const file = join(mkdtempSync(join(tmpdir(), 'sg-plan-')), 'history.db');
  new HistoryStore(file).close();
  const db = new Database(file, { readonly: true });

  it.each(Object.entries(USAGE_SQL))('%s searches an index', (_name, sql) => {
    const params = Array.from({ length: (sql.match(/\?/g) ?? []).length }, () => 'x');
    const plan = (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[]).map((r) => r.detail);
    expect(plan.some((d) => /^SCAN events\b/.test(d)), plan.join(' | ')).toBe(false);
    expect(plan.some((d) => /^SEARCH events USING .*INDEX/.test(d)), plan.join(' | ')).toBe(true);
  });

  it('start-up reads only the rows left open, through indexes', () => {
    const plan = (db.prepare(`EXPLAIN QUERY PLAN ${FAIL_ABANDONED_SQL}`).all({ now: 'x' }) as { detail: string }[]).map((r) => r.detail);
    expect(plan.some((d) => /^SCAN events$/.test(d)), plan.join(' | ')).toBe(false);
    expect(plan.join(' | ')).toMatch(/events_open/);
  });
});
