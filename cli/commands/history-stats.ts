/**
 * `sampling-gate history --stats [--json]` (issue 23): the aggregates the History view charts —
 * events per day by server and outcome, cost per day by server and model — for the same filters as
 * `history`, from the running gate or straight from history.db when none runs. Days are this
 * machine's (its UTC offset now), or UTC with --utc.
 */
import { existsSync } from 'node:fs';
import { HistoryQuerySchema } from '../../shared/api.js';
import type { HistoryStats } from '../../shared/history-stats.js';
import type { HistoryQuery } from '../../shared/types.js';
import { HistoryStore } from '../../core/history/history-store.js';
import type { DataPaths } from '../../core/paths.js';
import { UsageError } from '../args.js';
import { callGate, gateRunning } from '../control-client.js';
import { printJson, printTable } from '../output.js';
import { failed } from './requests.js';

export async function historyStats(paths: DataPaths, query: HistoryQuery, opts: { json: boolean; utc: boolean }): Promise<number> {
  const parsed = HistoryQuerySchema.safeParse(query);
  if (!parsed.success) throw new UsageError(parsed.error.issues.map((i) => `--${String(i.path[0])}: ${i.message}`).join('; '));
  const { limit: _limit, offset: _offset, ...q } = parsed.data;
  const tzOffsetMinutes = opts.utc ? 0 : -new Date().getTimezoneOffset();
  let stats: HistoryStats;
  if (await gateRunning(paths.socket)) {
    const r = await callGate(paths.socket, 'history.stats', { query: q, tzOffsetMinutes });
    if (!r.ok) return failed(r);
    stats = r.value;
  } else if (existsSync(paths.history)) {
    const store = new HistoryStore(paths.history);
    try {
      stats = store.stats(q, tzOffsetMinutes);
    } finally {
      store.close();
    }
  } else {
    stats = { tzOffsetMinutes, days: [], omittedDays: 0, events: [], cost: [], totals: { events: 0, costUsd: 0, priced: 0 } };
  }
  if (opts.json) printJson(stats);
  else printStats(stats, query.kind);
  return 0;
}

/** One line a day with events: the count, its outcomes and servers, and the cost. */
function printStats(s: HistoryStats, kind: string | undefined): void {
  if (s.totals.events === 0) {
    process.stdout.write(`no ${kind ?? 'held'} events\n`);
    return;
  }
  const rows = s.days.flatMap((day) => {
    const events = s.events.filter((c) => c.day === day);
    if (events.length === 0) return [];
    const cost = s.cost.filter((c) => c.day === day);
    const usd = cost.reduce((a, c) => a + c.costUsd, 0);
    return [[day, String(events.reduce((a, c) => a + c.count, 0)), breakdown(events, (c) => c.outcome, (c) => c.count), breakdown(events, (c) => c.server, (c) => c.count), cost.length ? usd$(usd) : '']];
  });
  printTable(['DAY', 'EVENTS', 'OUTCOMES', 'SERVERS', 'COST'], rows);
  const zone = s.tzOffsetMinutes === 0 ? 'UTC' : `UTC${s.tzOffsetMinutes > 0 ? '+' : '-'}${hhmm(Math.abs(s.tzOffsetMinutes))}`;
  process.stdout.write(
    `total ${s.totals.events} events over ${s.days.length} days (${zone} days)` +
      (s.totals.priced ? `, ${usd$(s.totals.costUsd)} for ${s.totals.priced} priced` : '') +
      (s.omittedDays ? `; ${s.omittedDays} older days left out` : '') +
      '\n',
  );
}

/** "approved 12 · denied 3", largest first. */
function breakdown<T>(cells: T[], key: (c: T) => string, value: (c: T) => number): string {
  const sums = new Map<string, number>();
  for (const c of cells) sums.set(key(c), (sums.get(key(c)) ?? 0) + value(c));
  return [...sums].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([k, v]) => `${k} ${v}`).join(' · ');
}

const usd$ = (v: number): string => `$${v < 1 ? v.toFixed(4) : v.toFixed(2)}`;
const hhmm = (m: number): string => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
