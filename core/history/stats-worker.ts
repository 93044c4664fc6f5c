/**
 * History's aggregates in a worker thread (stats-reader.ts starts it): the charts and
 * `history --stats` group every event of the range — ~0.4 s at a million events — and the gate's
 * event loop must not stop relaying for that. Its own read-only connection: WAL lets it read while
 * the writer writes.
 */
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import type { HistoryStats } from '../../shared/history-stats.js';
import type { HistoryQuery } from '../../shared/types.js';
import { queryStats } from './stats.js';

export type ToStats = { id: number; query: HistoryQuery; tzOffsetMinutes: number };
export type FromStats = { id: number; stats: HistoryStats } | { id: number; error: string };

const { file } = workerData as { file: string };
const port = parentPort!;
const db = new Database(file, { readonly: true, fileMustExist: true });
db.pragma('busy_timeout = 5000');

port.on('message', (m: ToStats) => {
  try {
    port.postMessage({ id: m.id, stats: queryStats(db, m.query, m.tzOffsetMinutes) } satisfies FromStats);
  } catch (err) {
    port.postMessage({ id: m.id, error: (err as Error).message } satisfies FromStats);
  }
});
