/**
 * History at a glance (issue 23): the per-day aggregates (`history.stats`) of the History view's
 * filter. It follows the filter and new events, debounced more than the list — the aggregates read
 * the whole range, the list only its newest page — and a slower, older answer never overwrites a
 * newer one. Days are the browser's (its UTC offset now), as the filter's From/To dates are.
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
  opts: { debounceMs?: number; tzOffsetMinutes?: () => number } = {},
): HistoryStatsStore {
  const tz = opts.tzOffsetMinutes ?? (() => -new Date().getTimezoneOffset());
  let timer: ReturnType<typeof setTimeout> | null = null;
  let generation = 0;
  const schedule = (): void => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => void store.getState().load(), opts.debounceMs ?? 600);
  };
  const store = createStore<HistoryStatsState>()((set) => ({
    stats: null,
    error: null,
    async load() {
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
  const offChanged = client.on('history.changed', schedule);
  return store;
}
