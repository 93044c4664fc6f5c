/**
 * The sampling history in SQLite (better-sqlite3, WAL). The row is inserted when a request arrives,
 * before anything is shown or forwarded, and updated at each stage. Only bound parameters in SQL.
 * Also the `UsageSource` the policy counts limits from, so limits survive a restart.
 */
import Database from 'better-sqlite3';
import type { Database as Db, Statement } from 'better-sqlite3';
import type { UsageSource } from '../policy/types.js';
import type { AnswerPlan, DecidedBy, Era, HistoryQuery, Outcome, PolicyTraceStep, RiskFlag, SamplingEvent } from '../../shared/types.js';
import { migrate } from './migrations.js';

export interface NewEvent {
  id: string;
  server: string;
  sessionId: string;
  era: Era;
  receivedAt: Date;
  request: unknown;
  flags?: RiskFlag[];
}

export interface EventUpdate {
  outcome?: Outcome;
  decidedAt?: Date;
  completedAt?: Date;
  decidedBy?: DecidedBy;
  rule?: string | null;
  reason?: string | null;
  finalRequest?: unknown;
  response?: unknown;
  flags?: RiskFlag[];
  tokens?: number | null;
  trace?: PolicyTraceStep[];
  responseFlags?: RiskFlag[];
  answeredBy?: string;
  model?: string | null;
  inputTokens?: number | null;
  outputTokens?: number | null;
  costUsd?: number | null;
  answer?: AnswerPlan | null;
}

interface Row {
  id: string;
  server: string;
  session_id: string;
  era: string;
  received_at: string;
  decided_at: string | null;
  completed_at: string | null;
  outcome: string;
  decided_by: string | null;
  rule: string | null;
  reason: string | null;
  request: string;
  final_request: string | null;
  response: string | null;
  flags: string;
  tokens: number | null;
  trace: string | null;
  response_flags: string | null;
  answered_by: string | null;
  model: string | null;
  input_tokens: number | null;
  output_tokens: number | null;
  cost_usd: number | null;
  answer: string | null;
}

const COLUMNS: Record<keyof EventUpdate, string> = {
  outcome: 'outcome',
  decidedAt: 'decided_at',
  completedAt: 'completed_at',
  decidedBy: 'decided_by',
  rule: 'rule',
  reason: 'reason',
  finalRequest: 'final_request',
  response: 'response',
  flags: 'flags',
  tokens: 'tokens',
  trace: 'trace',
  responseFlags: 'response_flags',
  answeredBy: 'answered_by',
  model: 'model',
  inputTokens: 'input_tokens',
  outputTokens: 'output_tokens',
  costUsd: 'cost_usd',
  answer: 'answer',
};

/** Columns that hold JSON text. */
const JSON_COLUMNS = new Set<keyof EventUpdate>(['finalRequest', 'response', 'flags', 'trace', 'responseFlags', 'answer']);

// Refusals by a limit or a protocol check do not count against the limits: a flood that is refused
// must not keep the window closed for the requests that come after it.
const COUNTED = `(rule IS NULL OR (rule NOT LIKE 'limit.%' AND rule NOT LIKE 'protocol.%'))`;

/** The limit queries, run on every sampling request; each must stay an index search (test/unit/history). */
export const USAGE_SQL = {
  count: `SELECT count(*) AS n FROM events WHERE server = ? AND received_at >= ? AND ${COUNTED}`,
  countSession: `SELECT count(*) AS n FROM events WHERE server = ? AND received_at >= ? AND session_id = ? AND ${COUNTED}`,
  tokens: `SELECT coalesce(sum(tokens), 0) AS n FROM events WHERE server = ? AND coalesce(decided_at, received_at) >= ?`,
  cost: `SELECT coalesce(sum(cost_usd), 0) AS n FROM events WHERE server = ? AND coalesce(decided_at, received_at) >= ?`,
} as const;

export class HistoryStore implements UsageSource {
  private readonly db: Db;
  private readonly insertStmt: Statement;
  private readonly getStmt: Statement<[string], Row>;
  private readonly countStmt: Statement;
  private readonly countSessionStmt: Statement;
  private readonly tokensStmt: Statement;
  private readonly costStmt: Statement;
  private readonly updateCache = new Map<string, Statement>();

  constructor(file: string) {
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('busy_timeout = 5000');
    migrate(this.db);
    this.insertStmt = this.db.prepare(
      `INSERT INTO events (id, server, session_id, era, received_at, outcome, request, flags, search_text)
       VALUES (@id, @server, @sessionId, @era, @receivedAt, 'pending', @request, @flags, @searchText)`,
    );
    this.getStmt = this.db.prepare('SELECT * FROM events WHERE id = ?');
    this.countStmt = this.db.prepare(USAGE_SQL.count);
    this.countSessionStmt = this.db.prepare(USAGE_SQL.countSession);
    this.tokensStmt = this.db.prepare(USAGE_SQL.tokens);
    this.costStmt = this.db.prepare(USAGE_SQL.cost);
  }

  /** A request arrived: record it before anything else happens to it. */
  insert(e: NewEvent): void {
    this.insertStmt.run({
      id: e.id,
      server: e.server,
      sessionId: e.sessionId,
      era: e.era,
      receivedAt: e.receivedAt.toISOString(),
      request: toJson(e.request),
      flags: JSON.stringify(e.flags ?? []),
      searchText: searchableText(e.request),
    });
  }

  update(id: string, u: EventUpdate): void {
    const keys = (Object.keys(u) as (keyof EventUpdate)[]).filter((k) => u[k] !== undefined);
    if (keys.length === 0) return;
    const touchesText = keys.includes('finalRequest') || keys.includes('response');
    const sig = keys.join(',') + (touchesText ? '+text' : '');
    let stmt = this.updateCache.get(sig);
    if (!stmt) {
      const sets = keys.map((k) => `${COLUMNS[k]} = @${k}`);
      if (touchesText) sets.push('search_text = @searchText');
      stmt = this.db.prepare(`UPDATE events SET ${sets.join(', ')} WHERE id = @id`);
      this.updateCache.set(sig, stmt);
    }
    const params: Record<string, unknown> = { id };
    for (const k of keys) {
      const v = u[k];
      params[k] =
        v instanceof Date ? v.toISOString() : JSON_COLUMNS.has(k) ? toJson(v) : v;
    }
    if (touchesText) {
      const row = this.getStmt.get(id);
      const request = row ? (JSON.parse(row.request) as unknown) : null;
      const finalRequest = u.finalRequest ?? (row?.final_request ? JSON.parse(row.final_request) : null);
      const response = u.response ?? (row?.response ? JSON.parse(row.response) : null);
      params.searchText = [request, finalRequest, response].map((v) => searchableText(v)).join('\n');
    }
    stmt.run(params);
  }

  get(id: string): SamplingEvent | null {
    const row = this.getStmt.get(id);
    return row ? toEvent(row) : null;
  }

  /** Newest first. `search` is full-text (FTS5) over prompts and responses: every word must occur. */
  query(q: HistoryQuery = {}): SamplingEvent[] {
    const where: string[] = [];
    const params: unknown[] = [];
    if (q.server) {
      where.push('e.server = ?');
      params.push(q.server);
    }
    if (q.outcome) {
      where.push('e.outcome = ?');
      params.push(q.outcome);
    }
    if (q.since) {
      where.push('e.received_at >= ?');
      params.push(new Date(q.since).toISOString());
    }
    if (q.until) {
      where.push('e.received_at < ?');
      params.push(new Date(q.until).toISOString());
    }
    const match = q.search ? ftsQuery(q.search) : null;
    if (match) {
      where.push('e.rowid IN (SELECT rowid FROM events_fts WHERE events_fts MATCH ?)');
      params.push(match);
    }
    const sql = `SELECT e.* FROM events e ${where.length ? 'WHERE ' + where.join(' AND ') : ''}
                 ORDER BY e.received_at DESC, e.rowid DESC LIMIT ? OFFSET ?`;
    params.push(q.limit ?? 200, q.offset ?? 0);
    return (this.db.prepare(sql).all(...params) as Row[]).map(toEvent);
  }

  /** When this server's newest sampling request arrived (index search on server, received_at). */
  lastReceivedAt(serverId: string): string | null {
    const row = this.db.prepare('SELECT max(received_at) AS at FROM events WHERE server = ?').get(serverId) as { at: string | null };
    return row.at;
  }

  countRequests(serverId: string, since: Date, sessionId?: string): number {
    const row = (
      sessionId === undefined
        ? this.countStmt.get(serverId, since.toISOString())
        : this.countSessionStmt.get(serverId, since.toISOString(), sessionId)
    ) as { n: number };
    return row.n;
  }

  tokensUsed(serverId: string, since: Date): number {
    return (this.tokensStmt.get(serverId, since.toISOString()) as { n: number }).n;
  }

  costUsed(serverId: string, since: Date): number {
    return (this.costStmt.get(serverId, since.toISOString()) as { n: number }).n;
  }

  /**
   * Rows a gate that died left without a final outcome — pending, approved but never completed,
   * in review — are closed as `failed` with a reason, never silently left open: nobody will decide
   * or complete them now. A decision already made stays recorded (decided_by, decided_at, the
   * edited request); only the outcome says the completion never arrived. Every final row has a
   * completed_at, so that is what "not final" means.
   */
  failAbandoned(now: Date): number {
    return this.db
      .prepare(
        `UPDATE events SET outcome = 'failed', decided_by = coalesce(decided_by, 'gate'),
           decided_at = coalesce(decided_at, @now), completed_at = @now,
           reason = 'the gate stopped before the completion arrived'
         WHERE completed_at IS NULL OR outcome = 'pending'`,
      )
      .run({ now: now.toISOString() }).changes;
  }

  /** History retention (ui.historyRetentionDays). */
  deleteOlderThan(cutoff: Date): number {
    return this.db.prepare('DELETE FROM events WHERE received_at < ?').run(cutoff.toISOString()).changes;
  }

  close(): void {
    this.db.close();
  }
}

function toEvent(r: Row): SamplingEvent {
  return {
    id: r.id,
    server: r.server,
    sessionId: r.session_id,
    era: r.era as Era,
    receivedAt: r.received_at,
    decidedAt: r.decided_at,
    completedAt: r.completed_at,
    outcome: r.outcome as Outcome,
    decidedBy: r.decided_by as DecidedBy | null,
    rule: r.rule,
    reason: r.reason,
    request: parseJson(r.request),
    finalRequest: r.final_request === null ? null : parseJson(r.final_request),
    response: r.response === null ? null : parseJson(r.response),
    flags: parseJson(r.flags) as RiskFlag[],
    tokens: r.tokens,
    trace: r.trace === null ? null : (parseJson(r.trace) as PolicyTraceStep[]),
    responseFlags: r.response_flags === null ? null : (parseJson(r.response_flags) as RiskFlag[]),
    answeredBy: r.answered_by,
    model: r.model,
    usage: r.input_tokens === null && r.output_tokens === null ? null : { inputTokens: r.input_tokens ?? 0, outputTokens: r.output_tokens ?? 0 },
    costUsd: r.cost_usd,
    answer: r.answer === null ? null : (parseJson(r.answer) as AnswerPlan),
  };
}

/** Requests are stored as received; a value that is not JSON-able (never from the wire) is stringified. */
function toJson(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v);
  return JSON.stringify(v ?? null) ?? 'null';
}

function parseJson(s: string): unknown {
  try {
    return JSON.parse(s);
  } catch {
    return s;
  }
}

/** Every string value in a JSON value except base64 payloads: the words a user may search for. */
export function searchableText(v: unknown, out: string[] = [], depth = 0): string {
  if (depth > 64 || v === null || v === undefined) return out.join(' ');
  if (typeof v === 'string') {
    if (v.length < 200 || /\s/.test(v.slice(0, 200))) out.push(v);
  } else if (Array.isArray(v)) {
    for (const item of v) searchableText(item, out, depth + 1);
  } else if (typeof v === 'object') {
    for (const [k, item] of Object.entries(v)) if (k !== 'data') searchableText(item, out, depth + 1);
  }
  return out.join(' ');
}

/** User text → an FTS5 query where each word is a quoted prefix term (no FTS syntax injection). */
function ftsQuery(search: string): string | null {
  const words = search.match(/[\p{L}\p{N}_]+/gu);
  if (!words || words.length === 0) return null;
  return words.map((w) => `"${w}"*`).join(' ');
}
