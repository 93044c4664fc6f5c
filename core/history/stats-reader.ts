/**
 * Where the history's aggregates are computed: in a worker thread (stats-worker.ts) when the store
 * writes from one too (the gate), so the event loop goes on relaying while a million events are
 * grouped; on the caller's thread otherwise (tests, the CLI reading history.db itself, a bundle
 * without the worker's file) or when the worker cannot start or has died.
 */
import type { Database as Db } from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { HistoryStats } from '../../shared/history-stats.js';
import type { HistoryQuery } from '../../shared/types.js';
import { queryStats } from './stats.js';
import type { FromStats, ToStats } from './stats-worker.js';

type Waiting = { query: HistoryQuery; tzOffsetMinutes: number; resolve: (s: HistoryStats) => void; reject: (e: Error) => void };

export class StatsReader {
  private worker: Worker | null = null;
  /** The worker could not start or died: from then on, on this thread. */
  private inline: boolean;
  private nextId = 0;
  private readonly waiting = new Map<number, Waiting>();

  constructor(
    private readonly db: Db,
    private readonly file: string | null,
  ) {
    this.inline = file === null;
  }

  query(query: HistoryQuery, tzOffsetMinutes: number): Promise<HistoryStats> {
    const worker = this.inline ? null : this.start();
    if (worker === null) return Promise.resolve(queryStats(this.db, query, tzOffsetMinutes));
    const id = ++this.nextId;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { query, tzOffsetMinutes, resolve, reject });
      worker.postMessage({ id, query, tzOffsetMinutes } satisfies ToStats);
    });
  }

  close(): void {
    this.inline = true;
    void this.worker?.terminate();
    this.worker = null;
    for (const w of this.waiting.values()) w.reject(new Error('the history is closed'));
    this.waiting.clear();
  }

  /** The worker, started on first use (an idle gate never groups its history). */
  private start(): Worker | null {
    if (this.worker) return this.worker;
    // Next to this module when compiled or bundled (build/bundle-cli.mjs).
    const script = new URL(['.', 'stats-worker.js'].join('/'), import.meta.url);
    if (!existsSync(fileURLToPath(script))) {
      this.inline = true;
      return null;
    }
    const worker = new Worker(script, { workerData: { file: this.file } });
    worker.unref();
    worker.on('message', (m: FromStats) => {
      const w = this.waiting.get(m.id);
      this.waiting.delete(m.id);
      if ('error' in m) w?.reject(new Error(m.error));
      else w?.resolve(m.stats);
    });
    // It could not open the file, or died: what it was asked is answered here, and so is what follows.
    const lost = (): void => {
      if (this.worker !== worker) return;
      this.worker = null;
      this.inline = true;
      for (const w of this.waiting.values()) {
        try {
          w.resolve(queryStats(this.db, w.query, w.tzOffsetMinutes));
        } catch (err) {
          w.reject(err as Error);
        }
      }
      this.waiting.clear();
    };
    worker.on('error', lost);
    worker.on('exit', lost);
    this.worker = worker;
    return worker;
  }
}
