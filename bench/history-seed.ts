/**
 * The bench's large history: `total` realistic events (history-events.ts) written through the real
 * HistoryStore as the gate writes — insert, then the updates the hold makes, queued and written by
 * its worker thread in large transactions — into a temp data directory. The events are made on
 * this thread while the worker writes the previous ones.
 */
import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HistoryStore } from '../core/history/history-store.js';
import { trackDir } from './cleanup.js';
import { seedEvent } from './history-events.js';

export interface SeededHistory {
  dir: string;
  file: string;
  events: number;
  /** Bytes of JSON the events hold (request, completion, trace, flags), on average. */
  jsonBytesPerEvent: number;
  seedMs: number;
}

/** Events between turns of the event loop (the store hands them to its writer then). */
const BATCH = 5_000;
/** Events between waits for the writer to catch up (bounds what is held in memory meanwhile). */
const SETTLE = 50_000;

/** Seed `total` events over `days` days ending now; `progress` is told every 10 %. */
export async function seedHistory(total: number, days: number, progress: (msg: string) => void): Promise<SeededHistory> {
  const dir = mkdtempSync(join(tmpdir(), 'sg-bench-history-'));
  trackDir(dir);
  const file = join(dir, 'history.db');
  const store = new HistoryStore(file, { worker: true });
  const newest = Date.now();
  let sampled = 0;
  let json = 0;
  const t0 = performance.now();
  let reported = 0;
  try {
    for (let i = 0; i < total; i++) {
      const e = seedEvent(i, total, days, newest);
      // The events' JSON size, from every 16th (serialising all of them again would cost as much as a quarter of the seeding).
      if (i % 16 === 0) {
        json += JSON.stringify(e.request).length + JSON.stringify(e.response).length + JSON.stringify(e.trace).length + JSON.stringify(e.flags).length;
        sampled++;
      }
      const decided = new Date(e.receivedAt.getTime() + 3);
      const done = new Date(e.receivedAt.getTime() + 900);
      store.insert({ id: e.id, server: e.server, sessionId: e.sessionId, era: '2025-11-25', receivedAt: e.receivedAt, request: e.request, flags: [] });
      store.update(e.id, { flags: e.flags, trace: e.trace });
      store.update(e.id, { outcome: 'auto-approved', decidedBy: 'policy', rule: 'trust.trust', reason: 'trusted', decidedAt: decided, tokens: 800 });
      store.update(e.id, { response: e.response, tokens: e.tokens, responseFlags: [], answeredBy: 'client', model: 'claude-sonnet-4-5', completedAt: done });
      if ((i + 1) % SETTLE === 0) store.flush();
      else if ((i + 1) % BATCH === 0) await new Promise((resolve) => setImmediate(resolve));
      if (i + 1 >= reported + total / 10) {
        reported = i + 1;
        progress(`history: seeded ${reported.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} events (${((performance.now() - t0) / 1000).toFixed(0)} s)`);
      }
    }
    store.flush();
  } finally {
    store.close();
  }
  return { dir, file, events: total, jsonBytesPerEvent: json / Math.max(1, sampled), seedMs: performance.now() - t0 };
}

/** Bytes on disk for the history: the database and what its WAL still holds. */
export function historyBytes(file: string): number {
  let n = 0;
  for (const f of [file, `${file}-wal`]) {
    try {
      n += statSync(f).size;
    } catch {
      // no WAL left after a clean close
    }
  }
  return n;
}
