/**
 * Migrations on real SQLite (`:memory:` and a file): each numbered step applies on the schema the
 * previous one left, and a database from before a step is upgraded without losing rows.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { HistoryStore, USAGE_SQL } from '../../../core/history/history-store.js';
import { MIGRATIONS, migrate } from '../../../core/history/migrations.js';
import type { PolicyTraceStep } from '../../../shared/types.js';

const columns = (db: Database.Database): string[] => (db.prepare('PRAGMA table_info(events)').all() as { name: string }[]).map((c) => c.name);

/** Apply only the first `n` migrations, as an older build would have. */
function migrateTo(db: Database.Database, n: number): void {
  for (let v = db.pragma('user_version', { simple: true }) as number; v < n; v++) {
    MIGRATIONS[v]!(db);
    db.pragma(`user_version = ${v + 1}`);
  }
}

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('history migrations', () => {
  it('1: creates the events table', () => {
    const db = new Database(':memory:');
    migrateTo(db, 1);
    expect(columns(db)).toEqual(expect.arrayContaining(['id', 'server', 'session_id', 'outcome', 'request', 'flags', 'tokens']));
    db.close();
  });

  it('2: adds full-text search that follows inserts', () => {
    const db = new Database(':memory:');
    migrateTo(db, 2);
    db.prepare(`INSERT INTO events (id, server, session_id, era, received_at, outcome, request, search_text) VALUES ('a', 's', 'x', '2025-11-25', '2026-01-01T00:00:00Z', 'pending', '{}', 'purple elephants')`).run();
    expect(db.prepare(`SELECT count(*) AS n FROM events_fts WHERE events_fts MATCH 'eleph*'`).get()).toEqual({ n: 1 });
    db.close();
  });

  it('3: adds a nullable trace column; rows from before it keep everything and read trace null', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sg-mig-'));
    dirs.push(dir);
    const file = join(dir, 'history.db');
    const old = new Database(file);
    migrateTo(old, 2);
    old.prepare(`INSERT INTO events (id, server, session_id, era, received_at, outcome, request, rule, search_text) VALUES ('before', 's', 'x', '2025-11-25', '2026-01-01T00:00:00Z', 'auto-denied', '{"maxTokens":1}', 'trust.deny', '')`).run();
    old.close();

    const store = new HistoryStore(file);
    try {
      const row = store.get('before');
      expect(row).toMatchObject({ id: 'before', outcome: 'auto-denied', rule: 'trust.deny', request: { maxTokens: 1 }, trace: null });
    } finally {
      store.close();
    }
    const db = new Database(file);
    expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    expect(columns(db)).toContain('trace');
    db.close();
  });

  it('4: adds a nullable response_flags column', () => {
    const db = new Database(':memory:');
    migrateTo(db, 3);
    expect(columns(db)).not.toContain('response_flags');
    migrateTo(db, 4);
    expect(columns(db)).toContain('response_flags');
    expect(db.pragma('user_version', { simple: true })).toBe(4);
    db.close();
  });

  it('5: indexes the limit queries, on a database that already has rows', () => {
    const db = new Database(':memory:');
    migrateTo(db, 4);
    db.prepare(`INSERT INTO events (id, server, session_id, era, received_at, outcome, request) VALUES ('e1', 's', 'x', '2025-11-25', '2026-01-01T00:00:00.000Z', 'approved', '{}')`).run();
    const indexes = (): string[] => (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'events'`).all() as { name: string }[]).map((r) => r.name);
    expect(indexes()).not.toContain('events_server_charged');
    migrateTo(db, 5);
    expect(indexes()).toEqual(expect.arrayContaining(['events_server_session_received', 'events_server_charged']));
    migrate(db);
    expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    expect(db.prepare('SELECT count(*) AS n FROM events').get()).toEqual({ n: 1 });
    db.close();
  });

  it('9: the session count is looked up by session alone; its old index is gone', () => {
    const db = new Database(':memory:');
    migrateTo(db, 8);
    db.prepare(`INSERT INTO events (id, server, session_id, era, received_at, outcome, request) VALUES ('e1', 's', 'x', '2025-11-25', '2026-01-01T00:00:00.000Z', 'approved', '{}')`).run();
    migrate(db);
    const indexes = (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'events'`).all() as { name: string }[]).map((r) => r.name);
    expect(indexes).toContain('events_session');
    expect(indexes).not.toContain('events_server_session_received');
    const plan = (db.prepare(`EXPLAIN QUERY PLAN ${USAGE_SQL.countSession}`).all('s', '1970-01-01T00:00:00.000Z', 'x', 'sampling') as { detail: string }[]).map((r) => r.detail);
    expect(plan.join(' | ')).toMatch(/USING INDEX events_session\b/);
    expect(db.prepare(USAGE_SQL.countSession).get('s', '1970-01-01T00:00:00.000Z', 'x', 'sampling')).toEqual({ n: 1 });
    db.close();
  });

  it('6: who answered, model, usage and cost; rows from before read as unknown (null)', () => {
    const db = new Database(':memory:');
    migrateTo(db, 5);
    db.prepare(`INSERT INTO events (id, server, session_id, era, received_at, outcome, request) VALUES ('old', 's', 'x', '2025-11-25', '2026-01-01T00:00:00.000Z', 'approved', '{}')`).run();
    migrate(db);
    const row = db.prepare('SELECT answered_by, model, input_tokens, output_tokens, cost_usd, answer FROM events').get();
    expect(row).toEqual({ answered_by: null, model: null, input_tokens: null, output_tokens: null, cost_usd: null, answer: null });
    db.close();
    const store = new HistoryStore(':memory:');
    try {
      store.insert({ id: 'e1', server: 'srv', sessionId: 's1', era: '2025-11-25', receivedAt: new Date('2026-01-01T00:00:00Z'), request: { maxTokens: 5 } });
      expect(store.get('e1')).toMatchObject({ answeredBy: null, model: null, usage: null, costUsd: null, answer: null });
      store.update('e1', { answeredBy: 'provider:claude', model: 'claude-x-1', inputTokens: 10, outputTokens: 20, costUsd: 0.00033, decidedAt: new Date('2026-01-01T00:00:01Z') });
      expect(store.get('e1')).toMatchObject({ answeredBy: 'provider:claude', model: 'claude-x-1', usage: { inputTokens: 10, outputTokens: 20 }, costUsd: 0.00033 });
      expect(store.costUsed('srv', new Date('2025-12-31T12:00:00Z'))).toBeCloseTo(0.00033, 10);
    } finally {
      store.close();
    }
  });

  it('8: moves the search text into the contentless index, searchable and deletable; drops the column', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sg-mig8-'));
    dirs.push(dir);
    const file = join(dir, 'history.db');
    const old = new Database(file);
    migrateTo(old, 7);
    const add = old.prepare(
      `INSERT INTO events (id, server, session_id, era, received_at, completed_at, outcome, request, response, search_text) VALUES (?, 's', 'x', '2025-11-25', ?, ?, 'approved', ?, ?, ?)`,
    );
    const request = (text: string) => JSON.stringify({ messages: [{ role: 'user', content: { type: 'text', text } }] });
    add.run('e1', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:01.000Z', request('purple elephants'), JSON.stringify({ content: { type: 'text', text: 'grey mice' } }), 'purple elephants\n\ngrey mice');
    add.run('e2', '2026-02-01T00:00:00.000Z', null, request('green turtles'), null, 'green turtles');
    old.close();

    const store = new HistoryStore(file);
    try {
      expect(store.query({ search: 'mice elephant' }).map((e) => e.id)).toEqual(['e1']);
      expect(store.query({ search: 'turtles' }).map((e) => e.id)).toEqual(['e2']);
      expect(await store.prune(new Date('2026-01-15T00:00:00.000Z'))).toBe(1);
      expect(store.query({ search: 'mice' })).toEqual([]);
    } finally {
      store.close();
    }
    const db = new Database(file);
    expect(columns(db)).not.toContain('search_text');
    expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    // The delete named exactly what was indexed: nothing of e1 is left in the index itself.
    const hits = (word: string) => (db.prepare('SELECT count(*) AS n FROM events_fts WHERE events_fts MATCH ?').get(word) as { n: number }).n;
    expect([hits('mice'), hits('purple'), hits('turtles')]).toEqual([0, 0, 1]);
    db.close();
  });

  it('11: indexes the aggregates of History at a glance, on a database that already has rows', () => {
    const db = new Database(':memory:');
    migrateTo(db, 10);
    db.prepare(`INSERT INTO events (id, server, session_id, era, received_at, outcome, request, model, cost_usd) VALUES ('e1', 's', 'x', '2025-11-25', '2026-01-01T10:30:00.000Z', 'approved', '{}', 'm', 0.5)`).run();
    const indexes = (): string[] => (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'events'`).all() as { name: string }[]).map((r) => r.name);
    expect(indexes()).not.toContain('events_stats');
    migrateTo(db, 11);
    expect(indexes()).toContain('events_stats');
    const byIndex = db.prepare(`SELECT substr(received_at, 1, 13) AS hour, count(*) AS n, sum(cost_usd) AS cost FROM events INDEXED BY events_stats GROUP BY 1`).all();
    expect(byIndex).toEqual([{ hour: '2026-01-01T10', n: 1, cost: 0.5 }]);
    migrate(db);
    expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    db.close();
  });

  it('refuses a database from a newer build instead of guessing', () => {
    const db = new Database(':memory:');
    db.pragma(`user_version = ${MIGRATIONS.length + 1}`);
    expect(() => migrate(db)).toThrow(/newer Sampling Gate/);
    db.close();
  });
});

describe('history store: trace', () => {
  it('stores the evaluation trace with the row and returns it from get and query', () => {
    const store = new HistoryStore(':memory:');
    try {
      store.insert({ id: 'e1', server: 'srv', sessionId: 's1', era: '2025-11-25', receivedAt: new Date('2026-01-01T00:00:00Z'), request: { maxTokens: 5 } });
      expect(store.get('e1')?.trace).toBeNull();
      const trace: PolicyTraceStep[] = [
        { step: 'validity', outcome: 'pass' },
        { step: 'trust-deny', outcome: 'deny', rule: 'trust.deny', detail: 'server "srv" is set to deny sampling' },
      ];
      store.update('e1', { trace, rule: 'trust.deny' });
      expect(store.get('e1')?.trace).toEqual(trace);
      expect(store.query({ server: 'srv' })[0]?.trace).toEqual(trace);
    } finally {
      store.close();
    }
  });

  it('stores the completion’s flags apart from the request’s', () => {
    const store = new HistoryStore(':memory:');
    try {
      store.insert({ id: 'e2', server: 'srv', sessionId: 's1', era: '2025-11-25', receivedAt: new Date(), request: {}, flags: [{ id: 'url', severity: 'low', message: 'a URL' }] });
      expect(store.get('e2')?.responseFlags).toBeNull();
      store.update('e2', { responseFlags: [{ id: 'secret.aws-key', severity: 'high', message: 'an AWS key', path: '/content/text' }] });
      const e = store.get('e2')!;
      expect(e.flags.map((f) => f.id)).toEqual(['url']);
      expect(e.responseFlags?.map((f) => f.id)).toEqual(['secret.aws-key']);
    } finally {
      store.close();
    }
  });
});
