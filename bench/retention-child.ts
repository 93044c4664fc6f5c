/**
 * `node retention-child.js <history.db> <ms>`: open the history as the gate does (its writer in a
 * worker thread), watch this process's event loop for 2 s idle, then while retention deletes every
 * row older than the oldest plus <ms>; print both as JSON (history.ts benchRetention reads it).
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { HistoryStore } from '../core/history/history-store.js';

const [file, span] = process.argv.slice(2);
const store = new HistoryStore(file!, { worker: true });
const db = (store as unknown as { db: import('better-sqlite3').Database }).db;
const oldest = Date.parse((db.prepare('SELECT min(received_at) AS at FROM events').get() as { at: string }).at);
const cutoff = new Date(oldest + Number(span));
const summary = (h: ReturnType<typeof monitorEventLoopDelay>) => ({ n: h.count, p50: h.percentile(50) / 1e6, p99: h.percentile(99) / 1e6, mean: h.mean / 1e6, max: h.max / 1e6 });

const idle = monitorEventLoopDelay({ resolution: 1 });
idle.enable();
await new Promise((r) => setTimeout(r, 2_000));
idle.disable();
const busy = monitorEventLoopDelay({ resolution: 1 });
busy.enable();
const t0 = performance.now();
const removed = await store.prune(cutoff);
const tookMs = performance.now() - t0;
busy.disable();
store.close();
process.stdout.write(JSON.stringify({ removed, tookMs, idle: summary(idle), busy: summary(busy) }) + '\n');
