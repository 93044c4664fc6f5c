/**
 * History at a glance (issue 23): the aggregates of `history.stats` as stacked bars — one bar a
 * day, one segment per outcome, server or model — and what a click on one does to the filter.
 * Pure, so it is tested under node.
 */
import { OTHER_SERIES, UNKNOWN_MODEL } from '../../../shared/history-stats.js';
import type { HistoryStats } from '../../../shared/history-stats.js';
import { OUTCOMES } from '../../../shared/types.js';
import type { Outcome } from '../../../shared/types.js';
import type { HistoryFilter } from '../stores/history.js';

export type ChartKind = 'events' | 'cost';
export type StackBy = 'outcome' | 'server' | 'model';

export interface Bar {
  day: string;
  total: number;
  /** Series → value; series with nothing that day are absent. */
  parts: Map<string, number>;
}

export interface Stack {
  /** Bottom to top, and the legend's order. */
  series: string[];
  bars: Bar[];
  /** The tallest bar. */
  max: number;
  total: number;
}

export function stackOf(stats: HistoryStats, chart: ChartKind, by: StackBy): Stack {
  const cells = chart === 'events' ? stats.events.map((c) => ({ day: c.day, key: by === 'server' ? c.server : c.outcome, v: c.count })) : stats.cost.map((c) => ({ day: c.day, key: by === 'server' ? c.server : c.model, v: c.costUsd }));
  const byDay = new Map<string, Map<string, number>>(stats.days.map((d) => [d, new Map()]));
  const sums = new Map<string, number>();
  for (const c of cells) {
    const parts = byDay.get(c.day);
    if (!parts) continue;
    parts.set(c.key, (parts.get(c.key) ?? 0) + c.v);
    sums.set(c.key, (sums.get(c.key) ?? 0) + c.v);
  }
  const series =
    by === 'outcome'
      ? OUTCOMES.filter((o) => sums.has(o))
      : [...sums.entries()].sort((a, b) => Number(isCatchAll(a[0])) - Number(isCatchAll(b[0])) || b[1] - a[1] || a[0].localeCompare(b[0])).map(([k]) => k);
  const bars = stats.days.map((day) => {
    const parts = byDay.get(day)!;
    let total = 0;
    for (const v of parts.values()) total += v;
    return { day, total, parts };
  });
  return { series, bars, max: bars.reduce((m, b) => Math.max(m, b.total), 0), total: bars.reduce((a, b) => a + b.total, 0) };
}

/** The filter a click on a segment (or, with `key` null, on the day) sets: that day, and that series where it can be filtered. */
export function filterFor(day: string, by: StackBy, key: string | null): Partial<HistoryFilter> {
  const patch: Partial<HistoryFilter> = { since: day, until: day };
  if (key === null || isCatchAll(key)) return patch;
  if (by === 'outcome') patch.outcome = key as Outcome;
  else if (by === 'server') patch.server = key;
  else patch.model = key;
  return patch;
}

/** A CSS colour for a series: outcomes keep their meaning (green approved, red denied …), others a palette. */
export function seriesColor(by: StackBy, key: string, index: number): string {
  if (by === 'outcome') return `var(--chart-outcome-${key})`;
  if (isCatchAll(key)) return 'var(--chart-other)';
  return `var(--chart-${(index % 8) + 1})`;
}

/** "Mar 4" for a YYYY-MM-DD day (the day as given: no time zone moves it). */
export function shortDay(day: string): string {
  return new Date(`${day}T00:00:00Z`).toLocaleDateString('en-US', { month: 'short', day: 'numeric', timeZone: 'UTC' });
}

function isCatchAll(key: string): boolean {
  return key === OTHER_SERIES || key === UNKNOWN_MODEL;
}
