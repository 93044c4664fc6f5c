/**
 * The SQL behind `history.query` / `history.list`: newest first, filtered, optionally full-text.
 *
 * Without a search, the ORDER BY is served by an index on received_at (alone, or after server or
 * outcome), so the newest page is read without sorting the table. With a search, the full-text
 * index is walked newest first (by rowid, descending) and each match is joined to its row until the
 * page is full: rows are inserted in arrival order, so rowid follows received_at, and the page is
 * the same as sorting every match by received_at would give — without reading or sorting them all
 * (issue 10: a word in a quarter of a million events took seconds that way).
 * test/unit/history/search.test.ts holds both the plans and the equality with the old query.
 */
import type { HistoryQuery } from '../../shared/types.js';

export const DEFAULT_LIMIT = 200;

/**
 * User text → an FTS5 query where each word is a quoted prefix term (no FTS syntax injection), all
 * required. Words are what the tokenizer (unicode61) indexes, letters and digits: `foo_bar` is the
 * two words foo and bar (the index keeps no positions to match it as a phrase, migration 8).
 */
export function ftsQuery(search: string): string | null {
  const words = search.match(/[\p{L}\p{N}]+/gu);
  if (!words || words.length === 0) return null;
  return words.map((w) => `"${w}"*`).join(' ');
}

/** `columns` are column names of events, without a table prefix (codec.ts ALL_COLUMNS / SUMMARY_COLUMNS). */
export function historySql(q: HistoryQuery, columns: string): { sql: string; params: unknown[] } {
  const { match, filter, params } = filteredEvents(q);
  params.push(q.limit ?? DEFAULT_LIMIT, q.offset ?? 0);
  if (match) {
    // CROSS JOIN keeps the full-text index as the outer loop, read in rowid order, newest first.
    return { sql: `SELECT ${qualified(columns)} FROM events_fts CROSS JOIN events e ON e.rowid = events_fts.rowid ${filter} ORDER BY events_fts.rowid DESC LIMIT ? OFFSET ?`, params };
  }
  return { sql: `SELECT ${qualified(columns)} FROM events e ${filter} ORDER BY e.received_at DESC, e.rowid DESC LIMIT ? OFFSET ?`, params };
}

/**
 * The rows a HistoryQuery selects, as a WHERE clause over `events e` (joined to `events_fts` when
 * `match` is set) — shared by the list and the aggregates (stats.ts), so a chart counts exactly
 * the rows the table lists. limit and offset are the caller's. `unindexed`: kind, server and outcome
 * (and model) are compared with a unary + (SQLite then neither picks their indexes nor, on a chosen index that
 * holds them, gives up reading its groups in order — stats.ts, a sort of the range otherwise).
 * `matchIn`: the search as a set of rowids over `events e` alone (no join with events_fts).
 */
export function filteredEvents(q: HistoryQuery, opts: { unindexed?: boolean; matchIn?: boolean } = {}): { match: string | null; filter: string; params: unknown[] } {
  const where: string[] = [];
  const params: unknown[] = [];
  const match = q.search ? ftsQuery(q.search) : null;
  if (match) {
    where.push(opts.matchIn ? 'e.rowid IN (SELECT rowid FROM events_fts WHERE events_fts MATCH ?)' : 'events_fts MATCH ?');
    params.push(match);
  }
  addFilters(q, where, params, opts.unindexed ? '+' : '');
  return { match, filter: where.length ? `WHERE ${where.join(' AND ')}` : '', params };
}

/**
 * The query before issue 10, kept to compare results with (tests) and cost (the bench): every
 * match is selected, then sorted by received_at.
 */
export function legacySearchSql(q: HistoryQuery, columns: string): { sql: string; params: unknown[] } {
  const where: string[] = [];
  const params: unknown[] = [];
  addFilters(q, where, params);
  const match = q.search ? ftsQuery(q.search) : null;
  if (match) {
    where.push('e.rowid IN (SELECT rowid FROM events_fts WHERE events_fts MATCH ?)');
    params.push(match);
  }
  params.push(q.limit ?? DEFAULT_LIMIT, q.offset ?? 0);
  return {
    sql: `SELECT ${qualified(columns)} FROM events e ${where.length ? 'WHERE ' + where.join(' AND ') : ''} ORDER BY e.received_at DESC, e.rowid DESC LIMIT ? OFFSET ?`,
    params,
  };
}

/** The filters both queries share: kind, server, outcome and the time range, as bound parameters. */
function addFilters(q: HistoryQuery, where: string[], params: unknown[], plus = ''): void {
  if (q.kind) {
    where.push(`${plus}e.kind = ?`);
    params.push(q.kind);
  }
  if (q.server) {
    where.push(`${plus}e.server = ?`);
    params.push(q.server);
  }
  if (q.outcome) {
    where.push(`${plus}e.outcome = ?`);
    params.push(q.outcome);
  }
  if (q.model) {
    where.push(`${plus}e.model = ?`);
    params.push(q.model);
  }
  if (q.since) {
    where.push('e.received_at >= ?');
    params.push(new Date(q.since).toISOString());
  }
  if (q.until) {
    where.push('e.received_at < ?');
    params.push(new Date(q.until).toISOString());
  }
}

function qualified(columns: string): string {
  return columns
    .split(',')
    .map((c) => `e.${c.trim()}`)
    .join(', ');
}
