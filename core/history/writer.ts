/**
 * Every write to history.db: rows queued by the store (history-store.ts), their search-index
 * entries, retention, the index's merging and start-up's clean-up. On its own connection, so it
 * runs in a worker thread (writer-worker.ts) as well as on the gate's thread — the same code.
 */
import type { Database as Db, Statement } from 'better-sqlite3';
import { indexedText, storeBody, type Row } from './codec.js';

/** One queued change to a row: a new row, or changed columns of an existing one. */
export interface WriteOp {
  id: string;
  isNew: boolean;
  /** Columns as stored: JSON text for JSON columns, ISO strings for times (bodies deflated here). */
  values: Record<string, unknown>;
  /** The edited request or the completion changed: the row's search entry is rebuilt. */
  text: boolean;
}

/** JSON columns that may be large: stored deflated when that pays (codec.ts storeBody). */
const BODIES = new Set(['request', 'final_request', 'response', 'trace', 'answer']);

/** Start-up's clean-up reads only the open rows (a partial index), never the whole history. */
export const FAIL_ABANDONED_SQL = `UPDATE events SET outcome = 'failed', decided_by = coalesce(decided_by, 'gate'),
    decided_at = coalesce(decided_at, @now), completed_at = @now, reason = 'the gate stopped before the completion arrived'
  WHERE rowid IN (SELECT rowid FROM events WHERE completed_at IS NULL UNION ALL SELECT rowid FROM events WHERE outcome = 'pending')`;

/** Retention deletes in batches of at most this many rows and this long, yielding between them (either thread). */
export const RETENTION_ROWS = 64;
export const RETENTION_BATCH_MS = 8;

/** Pages of search-index merging per step: a few milliseconds each. */
const MERGE_PAGES = 16;

/** The bodies a row's search entry is made of, while this writer knows it (until the row is final). */
interface Indexed {
  rowid: number;
  text: string;
  request: string;
  finalRequest: string | null;
  response: string | null;
}

/**
 * Settings both connections use (the store's readers and this writer). `offThread`: this connection
 * writes from the worker thread, so nothing the gate does waits for its checkpoints.
 */
export function configure(db: Db, opts: { offThread?: boolean } = {}): void {
  // A new file gets 16 KiB pages: an event's row (~3 KB) left most of a 4 KiB page empty. An
  // existing file keeps its page size (only VACUUM changes it); this is a no-op there.
  db.pragma('page_size = 16384');
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  // Statement journals (any table with a trigger needs one per statement) in memory, not a temp
  // file: with the audit outbox's insert trigger, a temp file tripled the cost of every insert.
  db.pragma('temp_store = MEMORY');
  // 16 MiB of page cache (the default is 2 MiB, 128 of these pages): the indexes' hot pages stay
  // cached as the history grows. Filled only as pages are read.
  db.pragma('cache_size = -16384');
  // A checkpoint copies what the WAL holds into the file and syncs it, on the committing thread. On
  // the gate's thread every 4 MiB (a 16 MiB one held the event loop ~50 ms); from the worker every
  // 16 MiB, where the wait stalls no one and a page changed by many transactions is copied once:
  // at a million events that wrote ~30 % more rows a second (issue 10).
  db.pragma(`wal_autocheckpoint = ${opts.offThread === true ? 1024 : 256}`);
}

export class HistoryWriter {
  private readonly insertStmt: Statement;
  private readonly getStmt: Statement<[string], Pick<Row, 'rowid' | 'request' | 'final_request' | 'response'>>;
  private readonly ftsInsert: Statement;
  private readonly ftsDelete: Statement;
  private readonly oldestStmt: Statement;
  private readonly deleteStmt: Statement;
  private readonly mergeStmt: Statement;
  private readonly totalChanges: Statement;
  private readonly updateCache = new Map<string, Statement>();
  /** Rows written but not final: what their search entry holds, so a rebuild needs no read. */
  private readonly indexed = new Map<string, Indexed>();

  constructor(private readonly db: Db) {
    tuneSearchIndex(db);
    this.insertStmt = db.prepare(
      `INSERT INTO events (id, kind, server, session_id, era, received_at, decided_at, completed_at, outcome, decided_by, rule, reason, request,
         final_request, response, flags, tokens, trace, response_flags, answered_by, model, input_tokens, output_tokens, cost_usd, answer, detail)
       VALUES (@id, @kind, @server, @session_id, @era, @received_at, @decided_at, @completed_at, @outcome, @decided_by, @rule, @reason, @request,
         @final_request, @response, @flags, @tokens, @trace, @response_flags, @answered_by, @model, @input_tokens, @output_tokens, @cost_usd, @answer, @detail)`,
    );
    this.getStmt = db.prepare('SELECT rowid, request, final_request, response FROM events WHERE id = ?');
    this.ftsInsert = db.prepare('INSERT INTO events_fts (rowid, text) VALUES (?, ?)');
    // A contentless index is told what it held to delete it (codec.ts indexedText recomputes it).
    this.ftsDelete = db.prepare(`INSERT INTO events_fts (events_fts, rowid, text) VALUES ('delete', ?, ?)`);
    this.deleteStmt = db.prepare('DELETE FROM events WHERE rowid = ?');
    this.oldestStmt = db.prepare('SELECT rowid, request, final_request, response FROM events WHERE received_at < ? ORDER BY received_at LIMIT ?');
    this.mergeStmt = db.prepare(`INSERT INTO events_fts (events_fts, rank) VALUES ('merge', ${MERGE_PAGES})`);
    this.totalChanges = db.prepare('SELECT total_changes()').pluck();
  }

  /**
   * Write `ops` in one transaction, taking them from the front of the array; with a budget, stop
   * once it is spent (the rest stays in `ops`). Returns why each refused row was refused.
   */
  apply(ops: WriteOp[], budgetMs = Infinity): string[] {
    const refused: string[] = [];
    const start = performance.now();
    this.db.transaction(() => {
      let n = 0;
      while (ops.length > 0) {
        const op = ops.shift()!;
        try {
          if (op.isNew) this.writeNew(op);
          else this.writeChange(op);
        } catch (err) {
          // A row the table refuses (a duplicate id) costs that row, not the batch. The row's own
          // statement is the only one that can fail so: it runs first, and its search entry only
          // after it succeeded (no savepoint per row — that cost more than the row).
          if (!isConstraint(err)) throw err;
          refused.push(`event ${op.id}: ${(err as Error).message}`);
        }
        if ((++n & 15) === 0 && performance.now() - start > budgetMs) break;
      }
    })();
    return refused;
  }

  /**
   * Up to `limit` of the oldest rows before `cutoff`, with their search entries, in one transaction
   * that stops after `budgetMs` however many rows that was (a row's cost varies with what is cached).
   */
  deleteOldest(cutoff: string, limit: number, budgetMs = Infinity): { deleted: number; more: boolean } {
    return this.db.transaction(() => {
      const start = performance.now();
      const rows = this.oldestStmt.all(cutoff, limit) as Pick<Row, 'rowid' | 'request' | 'final_request' | 'response'>[];
      let deleted = 0;
      for (const r of rows) {
        this.ftsDelete.run(r.rowid, indexedText(r.request, r.final_request, r.response));
        this.deleteStmt.run(r.rowid);
        if (++deleted % 8 === 0 && performance.now() - start > budgetMs) break;
      }
      return { deleted, more: deleted < rows.length || rows.length === limit };
    })();
  }

  /**
   * One step of merging the search index's segments (FTS5's own merging is off, tuneSearchIndex).
   * True while there is more to do.
   */
  mergeStep(): boolean {
    const before = this.totalChanges.get() as number;
    this.mergeStmt.run();
    // Fewer than two rows changed: nothing left to merge (FTS5's documented signal).
    return (this.totalChanges.get() as number) - before >= 2;
  }

  failAbandoned(now: string): number {
    return this.db.prepare(FAIL_ABANDONED_SQL).run({ now }).changes;
  }

  private writeNew(op: WriteOp): void {
    const row = newRow(op.values);
    const request = row.request as string;
    const finalRequest = row.final_request as string | null;
    const response = row.response as string | null;
    for (const col of BODIES) {
      const v = row[col as keyof Row];
      if (typeof v === 'string') (row as unknown as Record<string, unknown>)[col] = storeBody(v);
    }
    const rowid = Number(this.insertStmt.run(row).lastInsertRowid);
    // Every row has exactly one index entry, whatever its text, so a delete always has one to remove.
    const text = indexedText(request, finalRequest, response);
    this.ftsInsert.run(rowid, text);
    if (row.completed_at === null) this.indexed.set(op.id, { rowid, text, request, finalRequest, response });
  }

  private writeChange(op: WriteOp): void {
    const cols = Object.keys(op.values);
    const sig = cols.join(',');
    let stmt = this.updateCache.get(sig);
    if (!stmt) {
      stmt = this.db.prepare(`UPDATE events SET ${cols.map((c) => `${c} = @${c}`).join(', ')} WHERE id = @id`);
      this.updateCache.set(sig, stmt);
    }
    const params: Record<string, unknown> = { id: op.id };
    for (const c of cols) {
      const v = op.values[c];
      params[c] = BODIES.has(c) && typeof v === 'string' ? storeBody(v) : v;
    }
    const known = this.indexed.get(op.id);
    // What the index holds for the row now, before the update changes the bodies it is made of.
    const before = op.text && !known ? this.getStmt.get(op.id) : undefined;
    if (stmt.run(params).changes === 0) {
      this.indexed.delete(op.id);
      return;
    }
    if (op.text) {
      if (known) {
        if (op.values.final_request !== undefined) known.finalRequest = op.values.final_request as string | null;
        if (op.values.response !== undefined) known.response = op.values.response as string | null;
        const text = indexedText(known.request, known.finalRequest, known.response);
        this.ftsDelete.run(known.rowid, known.text);
        this.ftsInsert.run(known.rowid, text);
        known.text = text;
      } else if (before) {
        const after = this.getStmt.get(op.id)!;
        this.ftsDelete.run(before.rowid, indexedText(before.request, before.final_request, before.response));
        this.ftsInsert.run(after.rowid, indexedText(after.request, after.final_request, after.response));
      }
    }
    if (op.values.completed_at !== undefined && op.values.completed_at !== null) this.indexed.delete(op.id);
  }
}

/** A new row's columns, with what the insert did not set still at their defaults. */
export function newRow(values: Record<string, unknown>): Row {
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
    kind: 'sampling',
    detail: null,
    ...values,
  } as Row;
}

/**
 * FTS5 merges its index segments at commit by default ('automerge'), and the merges grow with the
 * index: at a million events one commit took up to 1.5 s. Off here (a 'crisismerge' high enough
 * never to be reached in practice), and done in small steps instead (HistoryWriter.mergeStep).
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
