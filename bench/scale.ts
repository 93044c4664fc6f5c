/**
 * Issue 10's rows, in the order that lets one seeded history serve them all: seed it (through the
 * real HistoryStore), measure disk, search, the first page and the hold's write rate on it, start a
 * gate on it for admission, then delete 30 days of it for retention. Then the load rows (flood,
 * sessions, idle memory) and the web UI burst, each with its own gates. See docs/bench.md.
 */
import { benchBurst } from './burst.js';
import { cleanup } from './cleanup.js';
import { seedHistory } from './history-seed.js';
import { benchHistoryQueries, benchHoldThroughput, benchRetention } from './history.js';
import { benchAdmission, benchFlood, benchIdleRss, benchSessions } from './load.js';
import type { BenchOptions } from './options.js';
import { errorText } from './results.js';
import type { Failure, Row } from './results.js';

/**
 * `--only history`: seed the large history and run its queries (search, first page, stats) — not the
 * hold, admission, retention or load rows — a few minutes instead of the whole scale part.
 */
export async function benchHistoryOnly(opts: BenchOptions, failures: Failure[], progress: (msg: string) => void): Promise<Row[]> {
  try {
    progress(`history: seeding ${opts.historyEvents.toLocaleString('en-US')} events through the HistoryStore`);
    const seeded = await seedHistory(opts.historyEvents, 90, progress);
    progress(`history: seeded in ${(seeded.seedMs / 1000).toFixed(0)} s`);
    return benchHistoryQueries(seeded, failures, progress);
  } catch (e) {
    failures.push({ id: 'history', error: errorText(e) });
    return [];
  } finally {
    await cleanup();
  }
}

export async function benchAtScale(opts: BenchOptions, failures: Failure[], progress: (msg: string) => void): Promise<Row[]> {
  const rows: Row[] = [];
  const step = async (id: string, run: () => Promise<Row[]> | Row[]): Promise<void> => {
    try {
      rows.push(...(await run()));
    } catch (e) {
      failures.push({ id, error: errorText(e) });
    }
  };
  try {
    progress(`history: seeding ${opts.historyEvents.toLocaleString('en-US')} events through the HistoryStore`);
    const seeded = await seedHistory(opts.historyEvents, 90, progress);
    progress(`history: seeded in ${(seeded.seedMs / 1000).toFixed(0)} s`);
    await step('history', () => benchHistoryQueries(seeded, failures, progress));
    await step('hold', () => benchHoldThroughput(seeded, opts.holdEvents, failures, progress));
    await step('admission', () => benchAdmission(seeded, opts, failures, progress));
    await step('retention', () => benchRetention(seeded, failures, progress));
  } catch (e) {
    failures.push({ id: 'history', error: errorText(e) });
  } finally {
    await cleanup();
  }
  for (const [id, run] of [
    ['flood', () => benchFlood(opts, failures, progress)],
    ['sessions', () => benchSessions({ sessions: opts.sessions, calls: opts.sessionCalls }, failures, progress)],
    ['rss', () => benchIdleRss(failures, progress)],
    ['ui', () => benchBurst({ burst: opts.burst, rounds: 3 }, failures, progress)],
  ] as const) {
    try {
      await step(id, run);
    } finally {
      await cleanup();
    }
  }
  return rows;
}
