/**
 * History at a glance (issue 23): the per-day aggregates (`history.stats`) of the History view's
 * filter. It follows the filter (debounced) and new events (at most once per `minIntervalMs`): the
 * aggregates read the whole range — 0.2–0.4 s at a million events (docs/bench.md; in a worker thread
 * of the gate's, so relaying never waits for it) — where the list reads only its newest page, so a
 * steady stream of events must not keep a core busy re-counting. A slower, older answer never overwrites a newer one. Days are the browser's
 * (its UTC offset now), as the filter's From/To dates are.
 */
import { createStore } from 'zustand/vanilla';
import type { StoreApi } from 'zustand/vanilla';
import type { GateClient, HistoryStats } from '../../../shared/api.js';
import { toHistoryQuery, type HistoryStore } from './history.js';

export interface HistoryStatsState {
  stats: HistoryStats | null;
  error: string | null;
  load(): Promise<void>;
  dispose(): void;
}

export type HistoryStatsStore = StoreApi<HistoryStatsState>;

export function createHistoryStatsStore(
  client: GateClient,
  history: HistoryStore,
  opts: { debounceMs?: number; minIntervalMs?: number; tzOffsetMinutes?: () => number } = {},
): HistoryStatsStore {
  const tz = opts.tzOffsetMinutes ?? (() => -new Date().getTimezoneOffset());
  const debounceMs = opts.debounceMs ?? 600;
  const minIntervalMs = opts.minIntervalMs ?? 5_000;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let lastLoad = Number.NEGATIVE_INFINITY;
  let generation = 0;
  /** The user changed the filter: answer soon, whatever was planned. */
  const schedule = (): void => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => void store.getState().load(), debounceMs);
  };
  /** New events: one refresh, no sooner than minIntervalMs after the last (a refresh already planned covers them). */
  const scheduleChanged = (): void => {
    if (timer) return;
    timer = setTimeout(() => void store.getState().load(), Math.max(debounceMs, lastLoad + minIntervalMs - Date.now()));
  };
  const store = createStore<HistoryStatsState>()((set) => ({
    stats: null,
    error: null,
    async load() {
      if (timer) clearTimeout(timer);
      timer = null;
      lastLoad = Date.now();
      const mine = ++generation;
      const { limit: _limit, ...query } = toHistoryQuery(history.getState().filter);
      const r = await client.call('history.stats', { query, tzOffsetMinutes: tz() });
      if (mine !== generation) return;
      set(r.ok ? { stats: r.value, error: null } : { error: r.error.message });
    },
    dispose() {
      if (timer) clearTimeout(timer);
      offFilter();
      offChanged();
    },
  }));
  const offFilter = history.subscribe((s, prev) => {
    if (s.filter !== prev.filter) schedule();
  });
  const offChanged = client.on('history.changed', scheduleChanged);
  return store;
}
