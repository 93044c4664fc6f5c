/**
 * The audit outbox in history.db (migration 7): final events queued by a trigger, one cursor per
 * sink. Its own connection to the file, so the history store's hot path is not touched; both live
 * on the gate's one thread, so their writes never interleave. Only bound parameters.
 */
import Database from 'better-sqlite3';
import type { Database as Db, Statement } from 'better-sqlite3';

export interface OutboxRow {
  seq: number;
  eventId: string;
}

export interface SinkRow {
  sink: string;
  deliveredSeq: number;
  delivered: number;
  lastDeliveredAt: string | null;
  lastError: string | null;
  lastErrorAt: string | null;
}

export class AuditOutbox {
  private readonly db: Db;
  private readonly pendingStmt: Statement<[number, number], { seq: number; event_id: string }>;
  private readonly backlogStmt: Statement<[number], { n: number }>;
  private readonly cursorStmt: Statement<[string]>;

  /** `file` must already be migrated (the history store opens it first). */
  constructor(file: string) {
    this.db = new Database(file);
    this.db.pragma('busy_timeout = 5000');
    // As the history store: in WAL mode NORMAL is durable across a crash of the gate, and a commit
    // does not wait for an fsync on the gate's one thread (FULL did, on every cursor update).
    this.db.pragma('synchronous = NORMAL');
    this.pendingStmt = this.db.prepare('SELECT seq, event_id FROM audit_outbox WHERE seq > ? ORDER BY seq LIMIT ?');
    this.backlogStmt = this.db.prepare('SELECT count(*) AS n FROM audit_outbox WHERE seq > ?');
    this.cursorStmt = this.db.prepare('SELECT delivered_seq AS s FROM audit_sinks WHERE sink = ?');
  }

  /** Turn enqueueing on or off (the trigger reads it in the same transaction that finalises a row). */
  setEnabled(on: boolean): void {
    this.db.prepare('UPDATE audit_state SET enabled = ? WHERE id = 1').run(on ? 1 : 0);
  }

  /** The sink's cursor row, created at the start of the outbox for a new sink (it gets the backlog). */
  sink(id: string): SinkRow {
    this.db.prepare('INSERT OR IGNORE INTO audit_sinks (sink, delivered_seq) VALUES (?, coalesce((SELECT min(seq) - 1 FROM audit_outbox), 0))').run(id);
    const r = this.db.prepare('SELECT * FROM audit_sinks WHERE sink = ?').get(id) as {
      sink: string; delivered_seq: number; delivered: number; last_delivered_at: string | null; last_error: string | null; last_error_at: string | null;
    };
    return { sink: r.sink, deliveredSeq: r.delivered_seq, delivered: r.delivered, lastDeliveredAt: r.last_delivered_at, lastError: r.last_error, lastErrorAt: r.last_error_at };
  }

  /** The sink's delivered_seq (0 for a sink not created with `sink`). */
  cursor(id: string): number {
    return (this.cursorStmt.get(id) as { s: number } | undefined)?.s ?? 0;
  }

  pending(after: number, limit: number): OutboxRow[] {
    return this.pendingStmt.all(after, limit).map((r) => ({ seq: r.seq, eventId: r.event_id }));
  }

  backlog(after: number): number {
    return this.backlogStmt.get(after)!.n;
  }

  newestSeq(): number {
    return (this.db.prepare('SELECT coalesce(max(seq), 0) AS n FROM audit_outbox').get() as { n: number }).n;
  }

  delivered(sink: string, upTo: number, count: number, at: Date): void {
    this.db
      .prepare('UPDATE audit_sinks SET delivered_seq = max(delivered_seq, ?), delivered = delivered + ?, last_delivered_at = ?, last_error = NULL WHERE sink = ?')
      .run(upTo, count, at.toISOString(), sink);
  }

  failed(sink: string, error: string, at: Date): void {
    this.db.prepare('UPDATE audit_sinks SET last_error = ?, last_error_at = ? WHERE sink = ?').run(error.slice(0, 1000), at.toISOString(), sink);
  }

  /** Delete what every active sink has delivered; forget sinks no longer configured. */
  compact(activeSinks: string[]): void {
    if (activeSinks.length === 0) return;
    const marks = activeSinks.map(() => '?').join(', ');
    this.db.transaction(() => {
      this.db.prepare(`DELETE FROM audit_sinks WHERE sink NOT IN (${marks})`).run(...activeSinks);
      this.db.prepare(`DELETE FROM audit_outbox WHERE seq <= (SELECT min(delivered_seq) FROM audit_sinks WHERE sink IN (${marks}))`).run(...activeSinks);
    })();
  }

  /**
   * Keep at most `max` queued events: drop the oldest past it, count them (persisted, so the count
   * survives a restart) and move lagging cursors past them. Returns how many were dropped now.
   */
  trim(max: number): number {
    // Rows are only ever deleted from the front, so max - min + 1 bounds the count without a scan
    // (this runs on every tick); the exact count is taken only when that bound is over.
    const span = this.db.prepare('SELECT coalesce(max(seq) - min(seq) + 1, 0) AS n FROM audit_outbox').get() as { n: number };
    if (span.n <= max) return 0;
    return this.db.transaction(() => {
      const total = (this.db.prepare('SELECT count(*) AS n FROM audit_outbox').get() as { n: number }).n;
      if (total <= max) return 0;
      const cut = (this.db.prepare('SELECT seq FROM audit_outbox ORDER BY seq LIMIT 1 OFFSET ?').get(total - max - 1) as { seq: number }).seq;
      const dropped = this.db.prepare('DELETE FROM audit_outbox WHERE seq <= ?').run(cut).changes;
      this.db.prepare('UPDATE audit_sinks SET delivered_seq = ? WHERE delivered_seq < ?').run(cut, cut);
      this.db.prepare('UPDATE audit_state SET dropped = dropped + ? WHERE id = 1').run(dropped);
      return dropped;
    })();
  }

  droppedTotal(): number {
    return (this.db.prepare('SELECT dropped FROM audit_state WHERE id = 1').get() as { dropped: number }).dropped;
  }

  close(): void {
    this.db.close();
  }
}
