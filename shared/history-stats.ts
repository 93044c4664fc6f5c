/**
 * History at a glance (issue 23): what `history.stats` and `history --stats --json` return — the
 * events of the filtered range per day by server and outcome, and their cost per day by server and
 * model. Pure data; computed in core/history/stats.ts, drawn by the renderer's HistoryCharts.
 */
import type { Outcome } from './types.js';

/** Servers / models beyond this many (by events / by cost) are summed as OTHER_SERIES. */
export const MAX_SERIES = 8;
/** Days shown at most: the newest of the range (older ones are counted in `omittedDays`). */
export const MAX_DAYS = 366;
export const OTHER_SERIES = '(other)';
/** A priced event whose model is not recorded. */
export const UNKNOWN_MODEL = '(unknown)';

export interface EventsCell {
  /** The user's day, YYYY-MM-DD (UTC shifted by tzOffsetMinutes). */
  day: string;
  server: string;
  outcome: Outcome;
  count: number;
}

export interface CostCell {
  day: string;
  server: string;
  model: string;
  costUsd: number;
  /** Events with a cost in this cell. */
  events: number;
}

export interface HistoryStats {
  /** Minutes east of UTC the days are counted in (the caller's; 0 = UTC days). */
  tzOffsetMinutes: number;
  /** Every day from the first with an event to the last, ascending, gaps included. */
  days: string[];
  /** Older days with events left out (at most MAX_DAYS are returned). */
  omittedDays: number;
  events: EventsCell[];
  cost: CostCell[];
  /** Over the days returned. */
  totals: { events: number; costUsd: number; priced: number };
}
