/**
 * The sampling history in SQLite (better-sqlite3, WAL). A row is recorded when a request arrives,
 * before anything is shown or forwarded, and changed at each stage. Only bound parameters in SQL.
 *
 * Writes are queued and written together (issue 10): the changes a request goes through — arrival,
 * flags and trace, decision, completion — usually reach the disk as one INSERT, and the rows of
 * ~40 ms share one transaction, instead of four or five transactions per request. In the gate they
 * are written by a worker thread (writer-worker.ts), so the event loop never waits for SQLite;
 * elsewhere (tests, the CLI) on this thread, in slices of 2 ms. Reads see queued changes (get()
 * merges them; queries wait for the writer first). A crash loses at most the last ~40 ms of
 * automatic changes; a human's decision is acknowledged only once written (settled()).
 *
 * Also the `UsageSource` the policy counts limits from: in-memory counters (usage-counters.ts),
 * seeded from these rows, so limits survive a restart and admission costs O(1) however long the
 * history is.
 */
import Database from 'better-sqlite3';
import type { Database as Db, Statement } from 'better-sqlite3';
import type { UsageSource } from '../policy/types.js';
import type { AnswerPlan, DecidedBy, Era, EventDetail, HistoryQuery, HoldKind, Outcome, PolicyTraceStep, RiskFlag, SamplingEvent, SamplingSummary } from '../../shared/types.js';
import { ALL_COLUMNS, SUMMARY_COLUMNS, toEvent, toJson, toSummary, type Row } from './codec.js';
import { migrate } from './migrations.js';
import { historySql } from './search.js';
import { queryStats } from './stats.js';
import { StatsReader } from './stats-reader.js';
import type { HistoryStats } from '../../shared/history-stats.js';
import { KindUsage } from './kind-usage.js';
import type { RowUsage, UsageChange } from './usage-counters.js';
import { configure, newRow, type WriteOp } from './writer.js';
import { InlineWriter, WorkerWriter, type WriterPort } from './writer-port.js';

export { searchableText } from './codec.js';
export { FAIL_ABANDONED_SQL } from './writer.js';
export { USAGE_SQL } from './kind-usage.js';

export interface NewEvent {
  id: string;
  /** Default `sampling`. */
  kind?: HoldKind;
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
  detail?: EventDetail | null;
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
  detail: 'detail',
};

/** Columns that hold JSON text. */
const JSON_COLUMNS = new Set<keyof EventUpdate>(['finalRequest', 'response', 'flags', 'trace', 'responseFlags', 'answer', 'detail']);
/**
 * How long a change waits for others to share its transaction. A request still open when its row
 * is handed over is written twice (inserted, then updated and its search entry rebuilt when it
 * completes); at 20 ms about a third of fast requests were split so, and the writer thread — the
 * limit at a million events — managed 4,800–5,000 rows a second; at 40 ms, 5,700–6,000 (issue 10).
 */
const FLUSH_DELAY_MS = 40;
/** Queued rows that start a write at once (bounds memory, and keeps each transaction short). */
const FLUSH_AT = 256;
/** Longest one write may hold the event loop before it yields to requests (writing on this thread). */
const SLICE_MS = 2;
/** `seq` of a change not yet handed to the writer. */
const QUEUED = Number.POSITIVE_INFINITY;

/** What is not yet in the file for a row: its columns so far, and when the writer will have them. */
interface Unwritten {
  isNew: boolean;
  values: Record<string, unknown>;
  /** The writer's sequence number for the last handed-over change, or QUEUED. */
  seq: number;
}

export interface HistoryStoreOptions {
  /** A queued write that failed (the change is lost; the store goes on). Default: stderr. */
  onError?: (err: Error) => void;
  /** Write from a worker thread (the gate does): the event loop never waits for SQLite. */
  worker?: boolean;
}

export class HistoryStore implements UsageSource {
  private readonly db: Db;
  private readonly getStmt: Statement<[string], Row>;
  private readonly statsReader: StatsReader;
  private writer: WriterPort;
  /** Changes not yet handed to the writer, in order, one op per row. */
  private pending: WriteOp[] = [];
  private pendingById = new Map<string, WriteOp>();
  /** Every row with changes not yet in the file, merged, for get(). */
  private readonly unwritten = new Map<string, Unwritten>();
  /** Counters of rows recorded by this process that can still change (until completed). */
  private readonly live = new Map<string, { usage: KindUsage; row: RowUsage }>();
  private readonly lastSeen = new Map<string, string>();
  /** Each kind's limits count its own rows (kind-usage.ts). */
  private readonly usage = new Map<HoldKind, KindUsage>();
  private readonly onError: (err: Error) => void;
  private timer: NodeJS.Timeout | null = null;
  private soon: NodeJS.Immediate | null = null;
  private pruning: Promise<number> | null = null;
  private closed = false;

  constructor(file: string, opts: HistoryStoreOptions = {}) {
    this.db = new Database(file);
    configure(this.db);
    migrate(this.db);
    this.onError = opts.onError ?? ((err) => process.stderr.write(`sampling-gate: history write failed: ${err.message}\n`));
    // The writer thread starts with the first write, not with the store: an idle gate has none.
    this.writer = opts.worker === true && file !== ':memory:' ? new LazyWriter(() => this.startWriter(file, true)) : new InlineWriter(this.db, this.onError);
    this.getStmt = this.db.prepare(`SELECT ${ALL_COLUMNS} FROM events WHERE id = ?`);
    this.statsReader = new StatsReader(this.db, opts.worker === true && file !== ':memory:' ? file : null);

  }

  /** What the rate limits of `kind` count. */
  usageOf(kind: HoldKind): KindUsage {
    let u = this.usage.get(kind);
    if (!u) this.usage.set(kind, (u = new KindUsage(this.db, kind, () => this.flush())));
    return u;
  }

  /** A request arrived: record it before anything else happens to it. */
  insert(e: NewEvent): void {
    if (this.live.has(e.id) || this.unwritten.has(e.id)) throw new Error(`history: event ${e.id} is already recorded`);
    const receivedAt = e.receivedAt.toISOString();
    const kind = e.kind ?? 'sampling';
    const usage = this.usageOf(kind);
    this.live.set(e.id, { usage, row: usage.counters.track(e.server, e.sessionId, e.receivedAt.getTime()) });
    this.enqueue(e.id, true, {
      id: e.id,
      kind,
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
    this.enqueue(id, false, values, u.finalRequest !== undefined || u.response !== undefined);

    const live = this.live.get(id);
    const change: UsageChange = {};
    if (u.rule !== undefined) change.rule = u.rule;
    if (u.tokens !== undefined) change.tokens = u.tokens;
    if (u.costUsd !== undefined) change.cost = u.costUsd;
    if (u.decidedAt !== undefined) change.decidedAt = u.decidedAt.getTime();
    if (Object.keys(change).length > 0) {
      if (live) live.usage.counters.apply(live.row, change);
      else {
        // A row this process no longer follows (a previous run's, or completed): count it again from history.
        this.flush();
        const row = this.db.prepare('SELECT server, kind FROM events WHERE id = ?').get(id) as { server: string; kind: HoldKind } | undefined;
        if (row !== undefined) this.usageOf(row.kind).counters.invalidate(row.server);
      }
    }
    // A final row's counts no longer change (a late change is counted again from history, above).
    if (u.completedAt !== undefined) this.live.delete(id);
  }

  get(id: string): SamplingEvent | null {
    const u = this.unwrittenOf(id);
    if (u?.isNew) return toEvent(newRow(u.values));
    const row = this.getStmt.get(id);
    if (!row) return null;
    return toEvent(u ? ({ ...row, ...u.values } as Row) : row);
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

  /**
   * query() for the gate's API: waits for the writer without blocking the event loop (a UI asking
   * for the list during a burst of requests held the gate while the writer caught up), so it
   * holds every change made before the call.
   */
  async queryWhenWritten(q: HistoryQuery = {}): Promise<SamplingEvent[]> {
    await this.settled();
    const { sql, params } = historySql(q, ALL_COLUMNS);
    return (this.db.prepare(sql).all(...params) as Row[]).map(toEvent);
  }

  /** list() for the gate's API, as queryWhenWritten(). */
  async listWhenWritten(q: HistoryQuery = {}): Promise<SamplingSummary[]> {
    await this.settled();
    const { sql, params } = historySql(q, SUMMARY_COLUMNS);
    return (this.db.prepare(sql).all(...params) as Row[]).map(toSummary);
  }

  /** Events and cost per day of the rows `q` selects (limit/offset ignored): stats.ts. */
  stats(q: HistoryQuery = {}, tzOffsetMinutes = 0): HistoryStats {
    this.flush();
    return queryStats(this.db, q, tzOffsetMinutes);
  }

  /**
   * stats() for the gate's API, as queryWhenWritten() — computed off the event loop where the
   * store writes off it (stats-reader.ts): grouping a million events takes ~0.2–0.4 s.
   */
  async statsWhenWritten(q: HistoryQuery = {}, tzOffsetMinutes = 0): Promise<HistoryStats> {
    await this.settled();
    return this.statsReader.query(q, tzOffsetMinutes);
  }

  /** Resolves once every change made so far is in the file, without blocking the event loop. */
  async settled(): Promise<void> {
    if (this.closed) return;
    this.handOver(Infinity);
    await this.writer.whenWritten();
    this.forgetWritten();
  }

  /** When this server's newest sampling request arrived. */
  /** The roots this server was last given (its newest completed roots row), or null. */
  lastRootsGiven(serverId: string): { uris: string[]; at: string } | null {
    this.flush();
    const row = this.db
      .prepare(`SELECT detail, completed_at AS at FROM events WHERE server = ? AND +kind = 'roots' AND completed_at IS NOT NULL ORDER BY received_at DESC LIMIT 1`)
      .get(serverId) as { detail: string | null; at: string } | undefined;
    if (!row?.detail) return null;
    const detail = JSON.parse(row.detail) as { given?: unknown };
    return Array.isArray(detail.given) ? { uris: detail.given.map(String), at: row.at } : null;
  }

  lastReceivedAt(serverId: string): string | null {
    const seen = this.lastSeen.get(serverId);
    if (seen !== undefined) return seen;
    const row = this.db.prepare('SELECT max(received_at) AS at FROM events WHERE server = ?').get(serverId) as { at: string | null };
    return row.at;
  }

  /** Sampling's usage (the UsageSource this store has always been): see usageOf for the other kinds. */
  countRequests(serverId: string, since: Date, sessionId?: string): number {
    return this.usageOf('sampling').countRequests(serverId, since, sessionId);
  }

  tokensUsed(serverId: string, since: Date): number {
    return this.usageOf('sampling').tokensUsed(serverId, since);
  }

  costUsed(serverId: string, since: Date): number {
    return this.usageOf('sampling').costUsed(serverId, since);
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
    // At start-up, before anything else writes: on this thread (no writer thread needed yet).
    const changes = new InlineWriter(this.db, this.onError).failAbandoned(now.toISOString());
    if (changes > 0) this.forgetCounts();
    return changes;
  }

  /** History retention (ui.historyRetentionDays), all at once: for tests and the CLI. */
  deleteOlderThan(cutoff: Date): number {
    this.flush();
    const inline = new InlineWriter(this.db, this.onError);
    let removed = 0;
    for (;;) {
      const { deleted, more } = inline.deleteOldest(cutoff.toISOString(), 5000);
      removed += deleted;
      if (!more) break;
    }
    inline.close();
    if (removed > 0) this.forgetCounts();
    return removed;
  }

  /**
   * History retention off the hot path: small batches, each its own short transaction, with other
   * work between them — deleting a month of a long history never holds a request up (issue 10:
   * one DELETE froze the gate for a minute). One run at a time; a second call joins it.
   */
  prune(cutoff: Date): Promise<number> {
    this.pruning ??= (async () => {
      this.flush();
      let removed = 0;
      try {
        removed = await this.writer.prune(cutoff.toISOString());
      } finally {
        this.pruning = null;
        if (removed > 0 && !this.closed) this.forgetCounts();
      }
      return removed;
    })();
    return this.pruning;
  }

  /** Write every queued change now, and wait for the writer (queries do; so does close). */
  flush(): void {
    if (this.closed) return;
    this.handOver(Infinity);
    this.writer.drain();
    this.forgetWritten();
  }

  close(): void {
    if (this.closed) return;
    this.flush();
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    if (this.soon) clearImmediate(this.soon);
    this.statsReader.close();
    this.writer.close();
    this.db.close();
  }

  /** Rows changed behind the counters' back (start-up's clean-up, retention): count again from history. */
  private forgetCounts(): void {
    for (const u of this.usage.values()) u.counters.invalidate();
  }

  private startWriter(file: string, worker: boolean): WriterPort {
    if (worker) {
      try {
        return new WorkerWriter(file, this.onError, () => this.writerDied());
      } catch {
        // No worker file here (the desktop app's bundle): write on this thread, in slices.
      }
    }
    return new InlineWriter(this.db, this.onError);
  }

  /** The worker is gone: what it had not written is written here, and so is everything after. */
  private writerDied(): void {
    if (this.closed) return;
    const done = this.writer.written();
    this.onError(new Error('the history writer thread stopped; writing on the gate\'s thread'));
    this.writer = new InlineWriter(this.db, this.onError);
    const redo: WriteOp[] = [];
    for (const [id, u] of this.unwritten) if (u.seq !== QUEUED && u.seq > done && !this.pendingById.has(id)) redo.push({ id, isNew: u.isNew, values: { ...u.values }, text: true });
    for (const op of redo) {
      this.pendingById.set(op.id, op);
      this.unwritten.get(op.id)!.seq = QUEUED;
    }
    this.pending = redo.concat(this.pending);
    this.schedule();
  }

  private enqueue(id: string, isNew: boolean, values: Record<string, unknown>, text = false): void {
    const op = this.pendingById.get(id);
    if (op) {
      Object.assign(op.values, values);
      op.text ||= text;
    } else {
      const fresh: WriteOp = { id, isNew, values: { ...values }, text };
      this.pending.push(fresh);
      this.pendingById.set(id, fresh);
    }
    const u = this.unwrittenOf(id);
    if (u) {
      Object.assign(u.values, values);
      u.seq = QUEUED;
    } else this.unwritten.set(id, { isNew, values: { ...values }, seq: QUEUED });
    this.schedule();
  }

  private schedule(): void {
    if (this.closed) return;
    if (this.pending.length >= FLUSH_AT) {
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

  /** One hand-over from a timer; on this thread bounded, and what is left goes on at the next turn. */
  private slice(): void {
    if (this.closed) return;
    this.handOver(SLICE_MS);
    this.forgetWritten();
    if (this.pending.length > 0 && !this.soon) {
      this.soon = setImmediate(() => {
        this.soon = null;
        this.slice();
      });
    }
  }

  /** Give queued changes to the writer: all of them to a worker, `budgetMs` worth on this thread. */
  private handOver(budgetMs: number): void {
    if (this.pending.length === 0) return;
    const ops = this.pending;
    const ids = ops.map((o) => o.id);
    this.pending = [];
    this.pendingById = new Map();
    const seq = this.writer.write(ops, budgetMs);
    // Those taken are the front of the list; the rest stay queued, in order.
    for (let i = 0; i < ids.length - ops.length; i++) {
      const u = this.unwritten.get(ids[i]!);
      if (u && u.seq === QUEUED) u.seq = seq;
    }
    if (ops.length > 0) {
      this.pending = ops;
      for (const op of ops) this.pendingById.set(op.id, op);
    }
    if (this.pending.length === 0 && this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
  }

  /** What the writer has finished stops being merged into reads. */
  private forgetWritten(): void {
    const written = this.writer.written();
    for (const [id, u] of this.unwritten) if (u.seq <= written) this.unwritten.delete(id);
  }

  private unwrittenOf(id: string): Unwritten | undefined {
    const u = this.unwritten.get(id);
    if (u && u.seq <= this.writer.written()) {
      this.unwritten.delete(id);
      return undefined;
    }
    return u;
  }
}

/** A writer made on first use (the worker thread costs ~13 MiB; an idle gate never writes). */
class LazyWriter implements WriterPort {
  private real: WriterPort | null = null;
  constructor(private readonly make: () => WriterPort) {}
  private get w(): WriterPort {
    return (this.real ??= this.make());
  }
  write(ops: WriteOp[], budgetMs: number): number {
    return this.w.write(ops, budgetMs);
  }
  written(): number {
    return this.real ? this.real.written() : Number.MAX_SAFE_INTEGER;
  }
  drain(): void {
    this.real?.drain();
  }
  whenWritten(): Promise<void> {
    return this.real ? this.real.whenWritten() : Promise.resolve();
  }
  failAbandoned(now: string): number {
    return this.w.failAbandoned(now);
  }
  prune(cutoff: string): Promise<number> {
    return this.w.prune(cutoff);
  }
  close(): void {
    this.real?.close();
  }
}
