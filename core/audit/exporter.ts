/**
 * Audit export (issue 12): drains the outbox (core/audit/outbox.ts) to each configured sink, off the
 * sampling path. The hold never waits for any of this: a final row is queued by a SQLite trigger,
 * and this loop runs on timers. Each sink has its own cursor and its own loop, so a collector that
 * is down or slow delays only its own deliveries; a failed batch is retried with backoff from the
 * same cursor (at-least-once), and the queue survives restarts because it is in history.db.
 */
import type { AuditConfig, AuditContent } from '../../shared/audit-schema.js';
import type { AuditSinkStatus, AuditStatus } from '../../shared/api.js';
import type { SamplingEvent } from '../../shared/types.js';
import type { Logger } from '../log.js';
import type { AuditOutbox } from './outbox.js';
import { lazyOtlpSink } from './lazy-otlp.js';
import { toAuditRecord } from './record.js';
import type { AuditSink } from './sink.js';
import { SyslogSink } from './syslog.js';

export interface AuditSources {
  /** `audit:` in config.yaml. */
  user?: AuditConfig;
  /** `audit:` in the managed policy: its sinks run whatever config.yaml says. */
  managed?: AuditConfig;
}

interface Running {
  sink: AuditSink;
  content: AuditContent;
  source: 'config' | 'managed policy';
  spec: string;
  busy: boolean;
  failures: number;
  retryAt: number;
}

export interface AuditExporterOptions {
  outbox: AuditOutbox;
  getEvent: (id: string) => SamplingEvent | null;
  log: Logger;
  version: string;
  /** Events per batch. */
  batchSize?: number;
  pollMs?: number;
  /** Longest wait between retries of a failing sink. */
  maxBackoffMs?: number;
}

const DEFAULT_MAX_OUTBOX = 100_000;
const NUDGE_MS = 50;
/** Delivered rows are deleted from the outbox at most this often (a write per delivery is waste). */
const COMPACT_MS = 5_000;

export class AuditExporter {
  private sinks = new Map<string, Running>();
  private maxOutbox = DEFAULT_MAX_OUTBOX;
  private timer: NodeJS.Timeout | null = null;
  private nudged = false;
  private closed = false;
  private compactedAt = 0;
  private readonly batchSize: number;
  private maxBackoffMs: number;

  constructor(private readonly o: AuditExporterOptions) {
    this.batchSize = o.batchSize ?? 100;
    this.maxBackoffMs = o.maxBackoffMs ?? 30_000;
    this.timer = setInterval(() => this.tick(), o.pollMs ?? 500);
    this.timer.unref();
  }

  /** Apply `audit:` from config.yaml and the managed policy; unchanged sinks keep running. */
  configure(sources: AuditSources): void {
    const wanted = new Map<string, { make: () => AuditSink; content: AuditContent; source: Running['source']; spec: string }>();
    const add = (prefix: string, a: AuditConfig | undefined, source: Running['source']): void => {
      if (!a) return;
      if (a.otlp) {
        const cfg = a.otlp;
        wanted.set(`${prefix}otlp`, { make: () => lazyOtlpSink(`${prefix}otlp`, cfg, this.o.version), content: a.content, source, spec: JSON.stringify([cfg, a.content]) });
      }
      if (a.syslog) {
        const cfg = a.syslog;
        wanted.set(`${prefix}syslog`, { make: () => new SyslogSink(`${prefix}syslog`, cfg), content: a.content, source, spec: JSON.stringify([cfg, a.content]) });
      }
    };
    add('managed.', sources.managed, 'managed policy');
    add('', sources.user, 'config');
    this.maxOutbox = sources.managed?.maxOutbox ?? sources.user?.maxOutbox ?? DEFAULT_MAX_OUTBOX;
    const retryMax = sources.managed?.retryMaxSeconds ?? sources.user?.retryMaxSeconds;
    this.maxBackoffMs = retryMax !== undefined ? retryMax * 1000 : (this.o.maxBackoffMs ?? 30_000);

    for (const [id, r] of this.sinks) {
      if (wanted.get(id)?.spec !== r.spec) {
        this.sinks.delete(id);
        void r.sink.close();
      }
    }
    for (const [id, w] of wanted) {
      if (this.sinks.has(id)) continue;
      this.o.outbox.sink(id); // a new sink starts at the oldest queued event
      const sink = w.make();
      this.sinks.set(id, { sink, content: w.content, source: w.source, spec: w.spec, busy: false, failures: 0, retryAt: 0 });
      this.o.log.info(`audit: exporting every final sampling event to ${sink.target} (${w.content}, from the ${w.source})`);
    }
    this.o.outbox.setEnabled(this.sinks.size > 0);
    this.nudge();
  }

  /**
   * A history row changed: look at the outbox shortly (never inside the caller). The short delay
   * gathers the several changes of one request, and of a burst, into one batch and one connection.
   */
  nudge(): void {
    if (this.nudged || this.closed) return;
    this.nudged = true;
    setTimeout(() => {
      this.nudged = false;
      this.tick();
    }, NUDGE_MS).unref();
  }

  status(): AuditStatus {
    const sinks: AuditSinkStatus[] = [...this.sinks.entries()].map(([id, r]) => {
      const row = this.o.outbox.sink(id);
      return {
        id,
        kind: r.sink.kind,
        target: r.sink.target,
        content: r.content,
        source: r.source,
        backlog: this.o.outbox.backlog(row.deliveredSeq),
        delivered: row.delivered,
        lastDeliveredAt: row.lastDeliveredAt,
        lastError: row.lastError,
        lastErrorAt: row.lastErrorAt,
        state: row.lastError ? 'retrying' : 'ok',
      };
    });
    return { enabled: this.sinks.size > 0, maxOutbox: this.maxOutbox, dropped: this.o.outbox.droppedTotal(), sinks };
  }

  /** Stop the loops; what is still queued stays in history.db for the next start. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    // A sink still waiting on a collector must not hold up the gate's stop: what it was sending is
    // still in the outbox (its cursor did not move) and goes out after the next start.
    const closing = Promise.allSettled([...this.sinks.values()].map((r) => r.sink.close()));
    await Promise.race([closing, new Promise((r) => setTimeout(r, 1000).unref())]);
    this.sinks.clear();
    this.o.outbox.close();
  }

  private tick(): void {
    if (this.closed || this.sinks.size === 0) return;
    try {
      const dropped = this.o.outbox.trim(this.maxOutbox);
      if (dropped > 0) {
        this.o.log.warn(`audit: the outbox is over maxOutbox (${this.maxOutbox}): dropped the ${dropped} oldest undelivered event(s); ${this.o.outbox.droppedTotal()} dropped in all`);
      }
    } catch (err) {
      this.o.log.error(`audit: outbox trim failed: ${(err as Error).message}`);
    }
    const now = Date.now();
    for (const [id, r] of this.sinks) {
      if (!r.busy && now >= r.retryAt) void this.drain(id, r);
    }
  }

  /** Send batches from the sink's cursor until the outbox is empty for it or a send fails. */
  private async drain(id: string, r: Running): Promise<void> {
    r.busy = true;
    try {
      for (;;) {
        if (this.closed || this.sinks.get(id) !== r) return;
        const cursor = this.o.outbox.cursor(id);
        const rows = this.o.outbox.pending(cursor, this.batchSize);
        if (rows.length === 0) break;
        const records = rows.flatMap((row) => {
          const e = this.o.getEvent(row.eventId);
          if (!e) this.o.log.warn(`audit: event ${row.eventId} was deleted (history retention) before ${id} got it`);
          return e ? [toAuditRecord(e, r.content)] : [];
        });
        try {
          if (records.length > 0) await r.sink.send(records);
        } catch (err) {
          r.failures++;
          const wait = Math.min(this.maxBackoffMs, 500 * 2 ** Math.min(r.failures - 1, 10));
          r.retryAt = Date.now() + wait;
          const message = (err as Error).message;
          if (this.closed) return;
          this.o.outbox.failed(id, message, new Date());
          if (r.failures === 1 || r.failures % 20 === 0) this.o.log.warn(`audit: ${id} (${r.sink.target}) failed, retrying (${r.failures}): ${message}`);
          return;
        }
        if (this.closed) return;
        if (r.failures > 0) this.o.log.info(`audit: ${id} (${r.sink.target}) delivering again`);
        r.failures = 0;
        this.o.outbox.delivered(id, rows.at(-1)!.seq, records.length, new Date());
      }
      if (Date.now() - this.compactedAt >= COMPACT_MS) {
        this.compactedAt = Date.now();
        this.o.outbox.compact([...this.sinks.keys()]);
      }
    } catch (err) {
      this.o.log.error(`audit: ${id}: ${(err as Error).message}`);
      r.retryAt = Date.now() + this.maxBackoffMs;
    } finally {
      r.busy = false;
    }
  }
}
