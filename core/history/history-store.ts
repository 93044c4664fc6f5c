/**
 * The sampling history in SQLite (better-sqlite3, WAL). A row is recorded when a request arrives,
 * before anything is shown or forwarded, and changed at each stage. Only bound parameters in SQL.
 *
 * Writes are queued and written together (issue 10): the changes a request goes through — arrival,
 * flags and trace, decision, completion — usually reach the disk as one INSERT, and the rows of
 * ~20 ms share one transaction, instead of four or five transactions per request. Reads see queued
 * changes (get() merges them; queries write the queue first). A crash loses at most the last ~20 ms.
 *
 * Also the `UsageSource` the policy counts limits from: in-memory counters (usage-counters.ts),
 * seeded from these rows, so limits survive a restart and admission costs O(1) however long the
 * history is.
 */
import Database from 'better-sqlite3';
import type { Database as Db, Statement } from 'better-sqlite3';
import type { UsageSource } from '../policy/types.js';
import type { AnswerPlan, DecidedBy, Era, HistoryQuery, Outcome, PolicyTraceStep, RiskFlag, SamplingEvent, SamplingSummary } from '../../shared/types.js';
import { ALL_COLUMNS, SUMMARY_COLUMNS, indexedText, searchableText, storeBody, toEvent, toJson, toSummary, type Row } from './codec.js';
import { migrate } from './migrations.js';
import { historySql } from './search.js';
import { UsageCounters, type RowUsage, type UsageChange } from './usage-counters.js';

export { searchableText } from './codec.js';

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
/** JSON columns that may be large: stored deflated when that pays (codec.ts storeBody). */
const BODIES = new Set(['request', 'final_request', 'response', 'trace', 'answer']);

// Refusals by a limit or a protocol check do not count against the limits: a flood that is refused
// must not keep the window closed for the requests that come after it.
const COUNTED = `(rule IS NULL OR (rule NOT LIKE 'limit.%' AND rule NOT LIKE 'protocol.%'))`;

/**
 * What the limits count, in SQL: the definition the in-memory counters mirror (tests compare them),
 * and what they are seeded from. Each must stay an index search (test/unit/history).
 */
export const USAGE_SQL = {
  count: `SELECT count(*) AS n FROM events WHERE server = ? AND received_at >= ? AND ${COUNTED}`,
  countSession: `SELECT count(*) AS n FROM events WHERE server = ? AND received_at >= ? AND session_id = ? AND ${COUNTED}`,
  tokens: `SELECT coalesce(sum(tokens), 0) AS n FROM events WHERE server = ? AND coalesce(decided_at, received_at) >= ?`,
  cost: `SELECT coalesce(sum(cost_usd), 0) AS n FROM events WHERE server = ? AND coalesce(decided_at, received_at) >= ?`,
} as const;

/** Start-up's clean-up reads only the open rows (a partial index), never the whole history. */
export const FAIL_ABANDONED_SQL = `UPDATE events SET outcome = 'failed', decided_by = coalesce(decided_by, 'gate'),
    decided_at = coalesce(decided_at, @now), completed_at = @now, reason = 'the gate stopped before the completion arrived'
  WHERE rowid IN (SELECT rowid FROM events WHERE completed_at IS NULL UNION ALL SELECT rowid FROM events WHERE outcome = 'pending')`;

const SEED_SQL = {
  counted: `SELECT received_at AS at FROM events WHERE server = ? AND received_at >= ? AND ${COUNTED} ORDER BY received_at`,
  charges: `SELECT coalesce(decided_at, received_at) AS at, coalesce(tokens, 0) AS tokens, coalesce(cost_usd, 0) AS cost FROM events
            WHERE server = ? AND coalesce(decided_at, received_at) >= ? AND (tokens <> 0 OR cost_usd <> 0) ORDER BY coalesce(decided_at, received_at)`,
} as const;

/** How long a change waits for others to share its transaction. */
const FLUSH_DELAY_MS = 20;
/** Queued rows that start a write at once (bounds memory, and keeps each transaction short). */
const FLUSH_AT = 256;
/** Longest one write may hold the event loop before it yields to requests. */
const SLICE_MS = 2;
/** Pages of search-index merging per step (mergeSoon): a few milliseconds each. */
const MERGE_PAGES = 16;
/** Retention deletes in batches of at most this many rows and this long, yielding between them. */
const RETENTION_ROWS = 64;
const RETENTION_BATCH_MS = 8;

/** A queued write: a new row, or changed columns of an existing one (values as stored, bodies not yet deflated). */
interface Queued {
  isNew: boolean;
  values: Record<string, unknown>;
  /** The completion or the edited request changed: the row's search text is rebuilt. */
  text: boolean;
}

/** A row recorded by this process that can still change (until completed): its counters and search text. */
interface Live {
  usage: RowUsage;
  rowid: number | null;
  /** The request's words, worked out when the row is first written (off the admission path). */
  request: string | null;
  requestValue: unknown;
  finalRequest: string;
  response: string;
  /** completed_at was set: forget it once written. */
  done: boolean;
  /** The text the search index holds for it (what a delete must name), once written. */
  indexed: string | null;
}

export interface HistoryStoreOptions {
  /** A queued write that failed (the change is lost; the store goes on). Default: stderr. */
  onError?: (err: Error) => void;
}

export class HistoryStore implements UsageSource {
  private readonly db: Db;
  private readonly insertStmt: Statement;
  private readonly getStmt: Statement<[string], Row>;
  private readonly ftsInsert: Statement;
  private readonly ftsDelete: Statement;
  private readonly oldestStmt: Statement;
  private readonly deleteStmt: Statement;
  private readonly updateCache = new Map<string, Statement>();
  private readonly queue = new Map<string, Queued>();
  private readonly live = new Map<string, Live>();
  private readonly lastSeen = new Map<string, string>();
  private readonly counters: UsageCounters;
  private readonly onError: (err: Error) => void;
  private timer: NodeJS.Timeout | null = null;
  private soon: NodeJS.Immediate | null = null;
  private pruning: Promise<number> | null = null;
  private merging: NodeJS.Immediate | null = null;
  private readonly mergeStmt: Statement;
  private readonly totalChanges: Statement;
  private closed = false;

  constructor(file: string, opts: HistoryStoreOptions = {}) {
    this.db = new Database(file);
    // A new file gets 16 KiB pages: an event's row (~3 KB) left most of a 4 KiB page empty. An
    // existing file keeps its page size (only VACUUM changes it); this is a no-op there.
    this.db.pragma('page_size = 16384');
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('busy_timeout = 5000');
    // Statement journals (any table with a trigger needs one per statement) in memory, not a temp
    // file: with the audit outbox's insert trigger, a temp file tripled the cost of every insert.
    this.db.pragma('temp_store = MEMORY');
    // 16 MiB of page cache (the default is 2 MiB, 128 of these pages): the indexes' hot pages stay
    // cached as the history grows. Filled only as pages are read.
    this.db.pragma('cache_size = -16384');
    // Checkpoint the WAL every 4 MiB instead of 16 MiB (1000 pages of 16 KiB): each checkpoint copies
    // and syncs what the WAL holds on the event loop, and a 16 MiB one held it ~50 ms.
    this.db.pragma('wal_autocheckpoint = 256');
    migrate(this.db);
    tuneSearchIndex(this.db);
    this.onError = opts.onError ?? ((err) => process.stderr.write(`sampling-gate: history write failed: ${err.message}\n`));
    this.insertStmt = this.db.prepare(
      `INSERT INTO events (id, server, session_id, era, received_at, decided_at, completed_at, outcome, decided_by, rule, reason, request,
         final_request, response, flags, tokens, trace, response_flags, answered_by, model, input_tokens, output_tokens, cost_usd, answer)
       VALUES (@id, @server, @session_id, @era, @received_at, @decided_at, @completed_at, @outcome, @decided_by, @rule, @reason, @request,
         @final_request, @response, @flags, @tokens, @trace, @response_flags, @answered_by, @model, @input_tokens, @output_tokens, @cost_usd, @answer)`,
    );
    this.getStmt = this.db.prepare(`SELECT ${ALL_COLUMNS} FROM events WHERE id = ?`);
    this.ftsInsert = this.db.prepare('INSERT INTO events_fts (rowid, text) VALUES (?, ?)');
    // A contentless index is told what it held to delete it (codec.ts indexedText recomputes it).
    this.ftsDelete = this.db.prepare(`INSERT INTO events_fts (events_fts, rowid, text) VALUES ('delete', ?, ?)`);
    this.deleteStmt = this.db.prepare('DELETE FROM events WHERE rowid = ?');
    this.mergeStmt = this.db.prepare(`INSERT INTO events_fts (events_fts, rank) VALUES ('merge', ${MERGE_PAGES})`);
    this.totalChanges = this.db.prepare('SELECT total_changes()').pluck();
    this.oldestStmt = this.db.prepare('SELECT rowid, request, final_request, response FROM events WHERE received_at < ? ORDER BY received_at LIMIT ?');

    const counted = this.db.prepare(SEED_SQL.counted).pluck();
    const charges = this.db.prepare(SEED_SQL.charges);
    const session = this.db.prepare(USAGE_SQL.countSession).pluck();
    this.counters = new UsageCounters({
      countedSince: (server, since) => (counted.all(server, iso(since)) as string[]).map((at) => Date.parse(at)),
      chargesSince: (server, since) =>
        (charges.all(server, iso(since)) as { at: string; tokens: number; cost: number }[]).map((c) => ({ at: Date.parse(c.at), tokens: c.tokens, cost: c.cost })),
      sessionCount: (server, sessionId) => session.get(server, iso(0), sessionId) as number,
      settle: () => this.flush(),
    });
  }

  /** A request arrived: record it before anything else happens to it. */
  insert(e: NewEvent): void {
    if (this.live.has(e.id) || this.queue.has(e.id)) throw new Error(`history: event ${e.id} is already recorded`);
    const receivedAt = e.receivedAt.toISOString();
    const usage = this.counters.track(e.server, e.sessionId, e.receivedAt.getTime());
    this.live.set(e.id, { usage, rowid: null, request: null, requestValue: e.request, finalRequest: '', response: '', done: false, indexed: null });
    this.enqueue(e.id, true, {
      id: e.id,
      server: e.server,
      session_id: e.sessionId,
      era: e.era,
      received_at: receivedAt,
      outcome: 'pending',
      request: toJson(e.request),
      flags: JSON.stringify(e.flags ?? []),
    });
    const last = this.lastSeen.get(e.server);
    if (last === undefined || receivedAt > last) this.lastSeen.set(e.server, receivedAt);
  }

  update(id: string, u: EventUpdate): void {
    const keys = (Object.keys(u) as (keyof EventUpdate)[]).filter((k) => u[k] !== undefined);
    if (keys.length === 0) return;
    const values: Record<string, unknown> = {};
    for (const k of keys) {
      const v = u[k];
      values[COLUMNS[k]] = v instanceof Date ? v.toISOString() : JSON_COLUMNS.has(k) ? toJson(v) : v;
    }
    const live = this.live.get(id);
    const touchesText = u.finalRequest !== undefined || u.response !== undefined;
    if (live) {
      if (u.finalRequest !== undefined) live.finalRequest = searchableText(u.finalRequest);
      if (u.response !== undefined) live.response = searchableText(u.response);
      if (u.completedAt !== undefined) live.done = true;
    }
    this.enqueue(id, false, values, touchesText);

    const change: UsageChange = {};
    if (u.rule !== undefined) change.rule = u.rule;
    if (u.tokens !== undefined) change.tokens = u.tokens;
    if (u.costUsd !== undefined) change.cost = u.costUsd;
    if (u.decidedAt !== undefined) change.decidedAt = u.decidedAt.getTime();
    if (Object.keys(change).length === 0) return;
    if (live) this.counters.apply(live.usage, change);
    else {
      // A row this process no longer follows (a previous run's, or completed): count it again from history.
      this.flush();
      const server = this.db.prepare('SELECT server FROM events WHERE id = ?').pluck().get(id) as string | undefined;
      if (server !== undefined) this.counters.invalidate(server);
    }
  }

  get(id: string): SamplingEvent | null {
    const queued = this.queue.get(id);
    if (queued?.isNew) return toEvent(newRow(queued.values));
    const row = this.getStmt.get(id);
    if (!row) return null;
    return toEvent(queued ? ({ ...row, ...queued.values } as Row) : row);
  }

  /** Newest first, full rows (`history --json`, export). `search`: every word must occur (FTS5, prefix). */
  query(q: HistoryQuery = {}): SamplingEvent[] {
    this.flush();
    const { sql, params } = historySql(q, ALL_COLUMNS);
    return (this.db.prepare(sql).all(...params) as Row[]).map(toEvent);
  }

  /** Like query(), as the list a UI shows: no request, completion or trace bodies. */
  list(q: HistoryQuery = {}): SamplingSummary[] {
    this.flush();
    const { sql, params } = historySql(q, SUMMARY_COLUMNS);
    return (this.db.prepare(sql).all(...params) as Row[]).map(toSummary);
  }

  /** When this server's newest sampling request arrived. */
  lastReceivedAt(serverId: string): string | null {
    const seen = this.lastSeen.get(serverId);
    if (seen !== undefined) return seen;
    const row = this.db.prepare('SELECT max(received_at) AS at FROM events WHERE server = ?').get(serverId) as { at: string | null };
    return row.at;
  }

  countRequests(serverId: string, since: Date, sessionId?: string): number {
    const n = this.counters.countRequests(serverId, since.getTime(), sessionId);
    if (n !== null) return n;
    this.flush();
    const row = (
      sessionId === undefined
        ? this.db.prepare(USAGE_SQL.count).get(serverId, since.toISOString())
        : this.db.prepare(USAGE_SQL.countSession).get(serverId, since.toISOString(), sessionId)
    ) as { n: number };
    return row.n;
  }

  tokensUsed(serverId: string, since: Date): number {
    const n = this.counters.tokensUsed(serverId, since.getTime());
    if (n !== null) return n;
    this.flush();
    return (this.db.prepare(USAGE_SQL.tokens).get(serverId, since.toISOString()) as { n: number }).n;
  }

  costUsed(serverId: string, since: Date): number {
    const n = this.counters.costUsed(serverId, since.getTime());
    if (n !== null) return n;
    this.flush();
    return (this.db.prepare(USAGE_SQL.cost).get(serverId, since.toISOString()) as { n: number }).n;
  }

  /**
   * Rows a gate that died left without a final outcome — pending, approved but never completed,
   * in review — are closed as `failed` with a reason, never silently left open: nobody will decide
   * or complete them now. A decision already made stays recorded (decided_by, decided_at, the
   * edited request); only the outcome says the completion never arrived. Every final row has a
   * completed_at, so that is what "not final" means.
   */
  failAbandoned(now: Date): number {
    this.flush();
    const changes = this.db.prepare(FAIL_ABANDONED_SQL).run({ now: now.toISOString() }).changes;
    if (changes > 0) this.counters.invalidate();
    return changes;
  }

  /** History retention (ui.historyRetentionDays), all at once: for tests and the CLI. */
  deleteOlderThan(cutoff: Date): number {
    this.flush();
    let removed = 0;
    for (;;) {
      const { deleted, more } = this.deleteBatch(cutoff, 5000);
      removed += deleted;
      if (!more) break;
    }
    if (removed > 0) this.counters.invalidate();
    return removed;
  }

  /**
   * History retention off the hot path: small batches, each its own short transaction, with the
   * event loop free between them — deleting a month of a long history never holds a request up
   * (issue 10: one DELETE froze the gate for a minute). One run at a time; a second call joins it.
   */
  prune(cutoff: Date): Promise<number> {
    this.pruning ??= (async () => {
      this.flush();
      let removed = 0;
      try {
        while (!this.closed) {
          const { deleted, more } = this.deleteBatch(cutoff, RETENTION_ROWS, RETENTION_BATCH_MS);
          removed += deleted;
          this.mergeSoon();
          if (!more) break;
          // Requests, UI calls and queued writes go first; then the next batch.
          await new Promise((resolve) => setImmediate(resolve));
        }
      } finally {
        this.pruning = null;
        if (removed > 0 && !this.closed) this.counters.invalidate();
      }
      return removed;
    })();
    return this.pruning;
  }

  /** Write every queued change now (queries do; so does close). */
  flush(): void {
    this.write(Infinity);
  }

  close(): void {
    if (this.closed) return;
    this.flush();
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    if (this.soon) clearImmediate(this.soon);
    if (this.merging) clearImmediate(this.merging);
    this.db.close();
  }

  /**
   * Up to `limit` of the oldest rows before `cutoff`, with their search entries, in one transaction
   * that stops after `budgetMs` however many rows that was (a row's cost varies with what is cached).
   */
  private deleteBatch(cutoff: Date, limit: number, budgetMs = Infinity): { deleted: number; more: boolean } {
    return this.db.transaction(() => {
      const start = performance.now();
      const rows = this.oldestStmt.all(cutoff.toISOString(), limit) as Pick<Row, 'rowid' | 'request' | 'final_request' | 'response'>[];
      let deleted = 0;
      for (const r of rows) {
        this.ftsDelete.run(r.rowid, indexedText(r.request, r.final_request, r.response));
        this.deleteStmt.run(r.rowid);
        if (++deleted % 8 === 0 && performance.now() - start > budgetMs) break;
      }
      return { deleted, more: deleted < rows.length || rows.length === limit };
    })();
  }

  private enqueue(id: string, isNew: boolean, values: Record<string, unknown>, text = false): void {
    const queued = this.queue.get(id);
    if (queued) {
      Object.assign(queued.values, values);
      queued.text ||= text;
    } else {
      this.queue.set(id, { isNew, values, text });
    }
    if (this.closed) return;
    if (this.queue.size >= FLUSH_AT) {
      this.soon ??= setImmediate(() => {
        this.soon = null;
        this.slice();
      });
    } else if (!this.timer) {
      this.timer = setTimeout(() => {
        this.timer = null;
        this.slice();
      }, FLUSH_DELAY_MS);
      this.timer.unref();
    }
  }

  /** One bounded write from a timer; what is left goes on at the next turn of the event loop. */
  private slice(): void {
    if (this.closed) return;
    this.write(SLICE_MS);
    if (this.queue.size > 0 && !this.soon) {
      this.soon = setImmediate(() => {
        this.soon = null;
        this.slice();
      });
    }
  }

  private write(budgetMs: number): void {
    if (this.queue.size === 0 || this.closed) return;
    const start = performance.now();
    try {
      this.db.transaction(() => {
        let n = 0;
        for (const [id, q] of this.queue) {
          this.queue.delete(id);
          try {
            if (q.isNew) this.writeNew(id, q);
            else this.writeChange(id, q);
          } catch (err) {
            // A row the table refuses (a duplicate id) costs that row, not the batch. The row's own
            // statement is the only one that can fail so: it runs first, and its search entry only
            // after it succeeded (no savepoint per row — that cost more than the row).
            if (!isConstraint(err)) throw err;
            this.onError(new Error(`event ${id}: ${(err as Error).message}`));
          }
          if ((++n & 15) === 0 && performance.now() - start > budgetMs) break;
        }
      })();
    } catch (err) {
      // The commit itself failed (disk full, locked past busy_timeout): that batch is lost, the gate goes on.
      this.onError(err as Error);
    }
    if (this.queue.size === 0 && this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    this.mergeSoon();
  }

  /**
   * Each write leaves the search index a small new segment; merging them is done here in steps of
   * a few pages, each its own short transaction on a later turn of the event loop, until none is
   * left to do (tuneSearchIndex turned FTS5's own merging off: it merged at commit, large segments
   * included, and held the gate for up to 1.5 s at a million events).
   */
  private mergeSoon(): void {
    if (this.merging || this.closed) return;
    this.merging = setImmediate(() => {
      this.merging = null;
      if (this.closed) return;
      try {
        const before = this.totalChanges.get() as number;
        this.mergeStmt.run();
        // Fewer than two rows changed: nothing left to merge (FTS5's documented signal).
        if ((this.totalChanges.get() as number) - before >= 2) this.mergeSoon();
      } catch (err) {
        this.onError(err as Error);
      }
    });
  }

  private writeNew(id: string, q: Queued): void {
    const row = newRow(q.values);
    for (const col of BODIES) {
      const v = row[col as keyof Row];
      if (typeof v === 'string') (row as unknown as Record<string, unknown>)[col] = storeBody(v);
    }
    const rowid = Number(this.insertStmt.run(row).lastInsertRowid);
    const live = this.live.get(id);
    // Every row has exactly one index entry, whatever its text, so a delete always has one to remove.
    let text: string;
    if (live) {
      text = q.text ? fullText(live) : requestText(live);
      live.rowid = rowid;
      live.indexed = text;
      if (live.done) this.live.delete(id);
    } else {
      text = indexedText(row.request, row.final_request, row.response);
    }
    this.ftsInsert.run(rowid, text);
  }

  private writeChange(id: string, q: Queued): void {
    const cols = Object.keys(q.values);
    const sig = cols.join(',');
    let stmt = this.updateCache.get(sig);
    if (!stmt) {
      stmt = this.db.prepare(`UPDATE events SET ${cols.map((c) => `${c} = @${c}`).join(', ')} WHERE id = @id`);
      this.updateCache.set(sig, stmt);
    }
    const params: Record<string, unknown> = { id };
    for (const c of cols) {
      const v = q.values[c];
      params[c] = BODIES.has(c) && typeof v === 'string' ? storeBody(v) : v;
    }
    const live = this.live.get(id);
    // What the index holds for the row now, before the update changes the bodies it is made of.
    const known = live && live.rowid !== null && live.indexed !== null;
    const before = q.text && !known ? this.getStmt.get(id) : undefined;
    if (stmt.run(params).changes === 0) return;
    if (q.text) {
      if (known) {
        const text = fullText(live);
        this.ftsDelete.run(live.rowid, live.indexed);
        this.ftsInsert.run(live.rowid, text);
        live.indexed = text;
      } else if (before) {
        const after = this.getStmt.get(id)!;
        this.ftsDelete.run(before.rowid, indexedText(before.request, before.final_request, before.response));
        this.ftsInsert.run(after.rowid, indexedText(after.request, after.final_request, after.response));
      }
    }
    if (live?.done) this.live.delete(id);
  }
}

/** A new row's columns, with what the insert did not set still at their defaults. */
function newRow(values: Record<string, unknown>): Row {
  return {
    decided_at: null,
    completed_at: null,
    decided_by: null,
    rule: null,
    reason: null,
    final_request: null,
    response: null,
    tokens: null,
    trace: null,
    response_flags: null,
    answered_by: null,
    model: null,
    input_tokens: null,
    output_tokens: null,
    cost_usd: null,
    answer: null,
    ...values,
  } as Row;
}

/** The search text once a completion or an edit exists: request, edited request, completion. */
function fullText(live: Live): string {
  return [requestText(live), live.finalRequest, live.response].join('\n');
}

function requestText(live: Live): string {
  if (live.request === null) {
    live.request = searchableText(live.requestValue);
    live.requestValue = null;
  }
  return live.request;
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/**
 * FTS5 merges its index segments at commit by default ('automerge'), and the merges grow with the
 * index: at a million events one commit took up to 1.5 s. Off here (a 'crisismerge' high enough
 * never to be reached in practice), and done in small steps instead (HistoryStore.mergeSoon).
 * Stored in the index's own config table; written only when it differs.
 */
function tuneSearchIndex(db: Db): void {
  const config = new Map((db.prepare('SELECT k, v FROM events_fts_config').all() as { k: string; v: unknown }[]).map((r) => [r.k, r.v]));
  if (config.get('automerge') !== 0) db.exec(`INSERT INTO events_fts (events_fts, rank) VALUES ('automerge', 0)`);
  if (config.get('crisismerge') !== 64) db.exec(`INSERT INTO events_fts (events_fts, rank) VALUES ('crisismerge', 64)`);
}

function isConstraint(err: unknown): boolean {
  return typeof (err as { code?: unknown }).code === 'string' && (err as { code: string }).code.startsWith('SQLITE_CONSTRAINT');
}
