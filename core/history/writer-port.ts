/**
 * How the store reaches its writer (writer.ts): on the gate's own thread (tests, the CLI, the
 * desktop app's bundle), or in a worker thread (writer-worker.ts) so the event loop never waits
 * for SQLite. Both write the same way; only where differs.
 */
import type { Database as Db } from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { FromWriter, ToWriter } from './writer-worker.js';
import { HistoryWriter, RETENTION_BATCH_MS, RETENTION_ROWS, type WriteOp } from './writer.js';

export interface WriterPort {
  /**
   * Take queued ops from the front of `ops` — all of them (worker), or as many as `budgetMs` allows
   * on this thread — and return the sequence number they will be written by (see written()).
   */
  write(ops: WriteOp[], budgetMs: number): number;
  /** The sequence number of the last write that is in the file. */
  written(): number;
  /** Until everything passed to write() is in the file. */
  drain(): void;
  /** The same without blocking: resolves once everything passed to write() so far is in the file. */
  whenWritten(): Promise<void>;
  failAbandoned(now: string): number;
  /** Delete rows received before `cutoff`, in short batches with other work between them. */
  prune(cutoff: string): Promise<number>;
  close(): void;
}

export class InlineWriter implements WriterPort {
  private readonly writer: HistoryWriter;
  private merging: NodeJS.Immediate | null = null;
  private closed = false;

  constructor(db: Db, private readonly onError: (err: Error) => void) {
    this.writer = new HistoryWriter(db);
  }

  write(ops: WriteOp[], budgetMs: number): number {
    try {
      for (const m of this.writer.apply(ops, budgetMs)) this.onError(new Error(m));
    } catch (err) {
      // The commit itself failed (disk full, locked past busy_timeout): that batch is lost, the gate goes on.
      this.onError(err as Error);
    }
    this.mergeSoon();
    return 0;
  }

  /** Whatever write() took is written before it returns. */
  written(): number {
    return Number.MAX_SAFE_INTEGER;
  }

  drain(): void {}

  async whenWritten(): Promise<void> {}

  deleteOldest(cutoff: string, limit: number): { deleted: number; more: boolean } {
    return this.writer.deleteOldest(cutoff, limit);
  }

  failAbandoned(now: string): number {
    return this.writer.failAbandoned(now);
  }

  async prune(cutoff: string): Promise<number> {
    let removed = 0;
    while (!this.closed) {
      const { deleted, more } = this.writer.deleteOldest(cutoff, RETENTION_ROWS, RETENTION_BATCH_MS);
      removed += deleted;
      this.mergeSoon();
      if (!more) break;
      // Requests, UI calls and queued writes go first; then the next batch.
      await new Promise((resolve) => setImmediate(resolve));
    }
    return removed;
  }

  close(): void {
    this.closed = true;
    if (this.merging) clearImmediate(this.merging);
  }

  /** Merge the search index in small steps, each on its own turn of the event loop. */
  private mergeSoon(): void {
    if (this.merging || this.closed) return;
    this.merging = setImmediate(() => {
      this.merging = null;
      if (this.closed) return;
      try {
        if (this.writer.mergeStep()) this.mergeSoon();
      } catch (err) {
        this.onError(err as Error);
      }
    });
  }
}

/** How long drain() waits for the worker before it gives up on it (the worker is then replaced). */
const DRAIN_TIMEOUT_MS = 60_000;

export class WorkerWriter implements WriterPort {
  private readonly worker: Worker;
  private readonly state: Int32Array;
  private seq = 0;
  private nextPrune = 0;
  private readonly prunes = new Map<number, { resolve: (n: number) => void; reject: (e: Error) => void }>();
  private closed = false;
  private doneAtExit = 0;

  constructor(
    file: string,
    private readonly onError: (err: Error) => void,
    /** The thread ended without being asked (it crashed): the store writes on, itself. */
    onLost: () => void,
  ) {
    const shared = new SharedArrayBuffer(8);
    this.state = new Int32Array(shared);
    // Next to this module when compiled (out/node); a bundle without it writes on its own thread.
    const script = new URL(['.', 'writer-worker.js'].join('/'), import.meta.url);
    if (!existsSync(fileURLToPath(script))) throw new Error(`no ${fileURLToPath(script)}`);
    this.worker = new Worker(script, { workerData: { file, shared } });
    // Never the reason a process stays up; close() is how the gate ends it.
    this.worker.unref();
    this.worker.on('message', (m: FromWriter) => this.onMessage(m));
    this.worker.on('error', (err) => this.onError(new Error(`history writer: ${err.message}`)));
    this.worker.on('exit', () => {
      if (this.closed) return;
      this.doneAtExit = Atomics.load(this.state, 0);
      this.closed = true;
      for (const p of this.prunes.values()) p.resolve(0);
      this.prunes.clear();
      onLost();
    });
  }

  write(ops: WriteOp[]): number {
    if (ops.length > 0) this.post({ type: 'write', seq: ++this.seq, ops: ops.splice(0) });
    return this.seq;
  }

  written(): number {
    return this.closed ? this.doneAtExit : Atomics.load(this.state, 0);
  }

  drain(): void {
    const deadline = Date.now() + DRAIN_TIMEOUT_MS;
    for (;;) {
      const done = Atomics.load(this.state, 0);
      if (done >= this.seq || this.closed) return;
      if (Date.now() > deadline) throw new Error('the history writer did not finish writing within 60 s');
      Atomics.wait(this.state, 0, done, 100);
    }
  }

  async whenWritten(): Promise<void> {
    const target = this.seq;
    for (;;) {
      const done = Atomics.load(this.state, 0);
      if (done >= target || this.closed) return;
      // Atomics.waitAsync (ES2024): the event loop goes on while the writer finishes.
      const waited = (Atomics as unknown as { waitAsync(a: Int32Array, i: number, v: number, t: number): { async: boolean; value: Promise<string> | string } }).waitAsync(this.state, 0, done, 1000);
      if (waited.async) await waited.value;
    }
  }

  failAbandoned(now: string): number {
    this.post({ type: 'failAbandoned', seq: ++this.seq, now });
    this.drain();
    return Atomics.load(this.state, 1);
  }

  prune(cutoff: string): Promise<number> {
    const id = ++this.nextPrune;
    return new Promise((resolve, reject) => {
      this.prunes.set(id, { resolve, reject });
      this.post({ type: 'prune', seq: ++this.seq, id, cutoff });
    });
  }

  close(): void {
    if (this.closed) return;
    this.post({ type: 'close', seq: ++this.seq });
    this.drain();
    this.doneAtExit = this.seq;
    this.closed = true;
    void this.worker.terminate();
    for (const p of this.prunes.values()) p.resolve(0);
    this.prunes.clear();
  }

  private post(m: ToWriter): void {
    this.worker.postMessage(m);
  }

  private onMessage(m: FromWriter): void {
    if (m.type === 'refused') for (const message of m.messages) this.onError(new Error(message));
    else if (m.type === 'error') this.onError(new Error(m.message));
    else {
      const p = this.prunes.get(m.id);
      this.prunes.delete(m.id);
      if (m.error) p?.reject(new Error(m.error));
      else p?.resolve(m.removed);
    }
  }
}
