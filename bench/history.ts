/**
 * History at scale (issue 10), in the bench process on the seeded database (history-seed.ts):
 * - disk per event, against the JSON the events hold;
 * - search for a rare and a common word as the UI lists it, against the pre-issue-10 plan (every
 *   match selected as a full row, then sorted) run on the same data in the same run;
 * - the first page as the UI gets it (summaries), against the same page as full rows;
 * - History at a glance (issue 23): the per-day aggregates of the whole history and of one server's
 *   last 30 days and of a common word's matches, against the first page of the list measured in the same run, and the same GROUP
 *   BY over the table (no events_stats index: every row read, then sorted);
 * - events written per second through the hold (admit + complete, 32 in flight, trust: trust, the
 *   store's queued writes included), against the policy evaluation of the same requests alone;
 * - retention deleting 30 days: the event loop's delay while it runs, against the same monitor idle.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { ALL_COLUMNS, toEvent, type Row as EventRow } from '../core/history/codec.js';
import { HistoryStore } from '../core/history/history-store.js';
import { legacySearchSql } from '../core/history/search.js';
import { historyStatsSql } from '../core/history/stats.js';
import { silentLogger } from '../core/log.js';
import { evaluateRequest } from '../core/policy/index.js';
import { ApprovalQueue } from '../core/hold/approval-queue.js';
import { Hold } from '../core/hold/hold.js';
import { clientCapsFrom } from '../core/hold/client-caps.js';
import { SamplingKind } from '../core/sampling/sampling-kind.js';
import { BUILT_IN_DEFAULTS } from '../shared/config-schema.js';
import type { EffectivePolicy } from '../shared/config-schema.js';
import type { HistoryQuery } from '../shared/types.js';
import { COMMON_WORD, RARE_WORD, seedEvent } from './history-events.js';
import { historyBytes, type SeededHistory } from './history-seed.js';
import { errorText, toRow, valueRow } from './results.js';
import type { Failure, Row } from './results.js';
import { summarize, timeSync } from './stats.js';
import type { Summary } from './stats.js';

const DAY = 86_400_000;

/** Trusted and unlimited (limits are still read on every request, never reached). */
const POLICY: EffectivePolicy = {
  ...BUILT_IN_DEFAULTS,
  trust: 'trust',
  rules: [],
  rateLimit: { perMinute: null, perHour: null, perDay: null, perSession: null },
  tokenBudgetPerDay: null,
};

export function benchHistoryQueries(seeded: SeededHistory, failures: Failure[], progress: (msg: string) => void): Row[] {
  const rows: Row[] = [];
  const attempt = (id: string, fn: () => void): void => {
    try {
      fn();
    } catch (e) {
      failures.push({ id, error: errorText(e) });
    }
  };
  attempt('history:disk', () => {
    const json = valueRow('history', 'history:json', 'JSON of an event (request, completion, trace, flags)', seeded.jsonBytesPerEvent, 'bytes', null);
    const disk = valueRow('history', 'history:disk', `disk per event, ${seeded.events.toLocaleString('en-US')} events`, historyBytes(seeded.file) / seeded.events, 'bytes', json);
    rows.push(json, disk);
  });

  const store = new HistoryStore(seeded.file);
  try {
    const db = (store as unknown as { db: import('better-sqlite3').Database }).db;
    const legacy = (q: HistoryQuery) => (): unknown => {
      const { sql, params } = legacySearchSql(q, ALL_COLUMNS);
      return (db.prepare(sql).all(...params) as EventRow[]).map(toEvent);
    };
    const searches: [string, string, number][] = [
      ['rare', RARE_WORD, 5],
      ['common', COMMON_WORD, 3],
    ];
    for (const [kind, word, oldRuns] of searches) {
      attempt(`history:search-${kind}`, () => {
        progress(`history: search for a ${kind} word ("${word}")`);
        const q: HistoryQuery = { search: word };
        const hits = store.list(q).length;
        if (hits === 0) throw new Error(`no event matches "${word}"`);
        const old = summarize(timeSync(legacy(q), oldRuns));
        const now = summarize(timeSync(() => store.list(q), 20));
        const base = toRow('history', `history:search-${kind}-old`, `search, ${kind} word, pre-issue-10 plan (all matches, sorted)`, old, null, undefined);
        rows.push(base, toRow('history', `history:search-${kind}`, `search, ${kind} word, newest ${hits} as listed`, now, base.id, old));
      });
    }
    attempt('history:stats', () => {
      progress('history: per-day aggregates (history.stats)');
      const list = summarize(timeSync(() => store.list({}), 20));
      const base = toRow('history', 'history:list-first', 'first page of the list (200 summaries), the baseline', list, null, undefined);
      rows.push(base);
      const all = store.stats({}, 0);
      if (all.totals.events !== seeded.events) throw new Error(`stats counted ${all.totals.events} of ${seeded.events} events`);
      rows.push(toRow('history', 'history:stats', `per-day aggregates, all ${seeded.events.toLocaleString('en-US')} events (${all.days.length} days)`, summarize(timeSync(() => store.stats({}, 60), 10)), base.id, list));
      const recent: HistoryQuery = { server: 'github', since: new Date(Date.now() - 30 * DAY).toISOString() };
      const some = store.stats(recent, 60).totals.events;
      rows.push(toRow('history', 'history:stats-server-30d', `per-day aggregates, one server's last 30 days (${some.toLocaleString('en-US')} events)`, summarize(timeSync(() => store.stats(recent, 60), 10)), base.id, list));
      const searched: HistoryQuery = { search: COMMON_WORD };
      const matched = store.stats(searched, 60).totals.events;
      rows.push(toRow('history', 'history:stats-search-common', `per-day aggregates of a common word's ${matched.toLocaleString('en-US')} matches`, summarize(timeSync(() => store.stats(searched, 60), 5)), base.id, list));
      const { sql, params } = historyStatsSql({});
      const scan = db.prepare(sql.replace('INDEXED BY events_stats', 'NOT INDEXED'));
      rows.push(toRow('history', 'history:stats-no-index', 'the same aggregates over the table (no events_stats: rows read, then sorted)', summarize(timeSync(() => scan.all(...params), 2)), base.id, list));
    });
    attempt('history:page', () => {
      const full = JSON.stringify(store.query({})).length;
      const list = JSON.stringify(store.list({})).length;
      const base = valueRow('history', 'history:page-full', 'first page (200) as full rows', full, 'bytes', null);
      rows.push(base, valueRow('history', 'history:page-list', 'first page (200) as the list gets it', list, 'bytes', base));
    });
  } finally {
    store.close();
  }
  return rows;
}

/** Events per second through the hold, on the seeded history; `events` in all, 32 at a time. */
export async function benchHoldThroughput(seeded: SeededHistory, events: number, failures: Failure[], progress: (msg: string) => void): Promise<Row[]> {
  // As the gate writes: from a worker thread.
  const store = new HistoryStore(seeded.file, { worker: true });
  try {
    progress(`history: ${events} events through the hold, 32 at a time`);
    const queue = new ApprovalQueue();
    const hold = new Hold({ history: store, queue, policyFor: () => POLICY, log: silentLogger, kinds: [new SamplingKind({ policyFor: () => POLICY, queue, log: silentLogger })] });
    const caps = clientCapsFrom({ sampling: {} });
    const client = caps.sampling;
    const requests = Array.from({ length: 512 }, (_, i) => seedEvent(seeded.events + i, seeded.events, 90, Date.now()));
    const answer = { result: { role: 'assistant', model: 'bench', stopReason: 'endTurn', content: { type: 'text', text: 'A short completion of a few words.' } } };
    const one = (i: number) =>
      hold.run({ kind: 'sampling', serverId: requests[i % 512]!.server, sessionId: `bench-${i % 64}`, era: '2025-11-25', params: requests[i % 512]!.request, client: caps, signal: new AbortController().signal }, async () => answer);
    // Policy alone on the same requests: what any gate must spend per event anyway.
    const policyCtx = (i: number) => ({ serverId: 'bench', sessionId: 's', era: '2025-11-25' as const, policy: POLICY, client, usage: store, now: new Date(), usageIncludesRequest: false });
    const policy = summarize(timeSync(() => evaluateRequest(requests[Math.floor(Math.random() * 512)]!.request, policyCtx(0)), Math.min(events, 2000)));
    const perEvent = async (): Promise<number> => {
      let next = 0;
      const t0 = performance.now();
      await Promise.all(
        Array.from({ length: 32 }, async () => {
          while (next < events) {
            const r = await one(next++);
            if (r.kind !== 'result') throw new Error(`hold: expected a result, got ${r.kind}`);
          }
        }),
      );
      store.flush();
      return (performance.now() - t0) / events;
    };
    await perEvent(); // warm up JIT and the page cache
    const runs = [await perEvent(), await perEvent(), await perEvent()];
    const m = summarize(runs);
    const base = toRow('history', 'hold:policy', 'evaluateRequest alone, per event', policy, null, undefined);
    const row = toRow('history', 'hold:events', `through the hold, per event (${Math.round(1000 / m.p50)} events/s)`, m, base.id, policy);
    return [base, row];
  } catch (e) {
    failures.push({ id: 'hold:events', error: errorText(e) });
    return [];
  } finally {
    store.close();
  }
}

/**
 * Retention deleting the oldest 30 days: the event loop's delay meanwhile, against idle. Measured
 * in a fresh process (retention-child.ts) that holds only the store, as a gate would — not in
 * this one, whose heap holds what the other rows left behind.
 */
export async function benchRetention(seeded: SeededHistory, failures: Failure[], progress: (msg: string) => void): Promise<Row[]> {
  try {
    progress(`history: retention, deleting the oldest 30 days in batches`);
    const out = await new Promise<string>((resolve, reject) => {
      const child = spawn(process.execPath, [join(import.meta.dirname, 'retention-child.js'), seeded.file, String(30 * DAY)], { stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
      child.on('error', reject);
      child.on('close', (code) => (code === 0 ? resolve(stdout) : reject(new Error(`retention child exited ${code}: ${stderr.slice(-500)}`))));
    });
    const r = JSON.parse(out) as { removed: number; tookMs: number; idle: Summary & { max: number }; busy: Summary & { max: number } };
    const base = toRow('history', 'retention:idle', `event-loop delay, idle (max ${r.idle.max.toFixed(0)} ms)`, r.idle, null, undefined);
    const row = toRow('history', 'retention:prune', `event-loop delay while deleting ${r.removed.toLocaleString('en-US')} events in ${(r.tookMs / 1000).toFixed(1)} s (max ${r.busy.max.toFixed(0)} ms)`, r.busy, base.id, r.idle);
    return [base, row];
  } catch (e) {
    failures.push({ id: 'retention', error: errorText(e) });
    return [];
  }
}
