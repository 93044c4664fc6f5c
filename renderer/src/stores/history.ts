/**
 * History slice: the filter, the rows it matches, the event open in the detail view, export of the
 * current filter, and the retention setting.
 */
import { createStore } from 'zustand/vanilla';
import type { StoreApi } from 'zustand/vanilla';
import type { GateClient, GateMethodResults, HistoryQuery } from '../../../shared/api.js';
import type { Result } from '../../../shared/result.js';
import type { HoldKind, Outcome, SamplingEvent, SamplingSummary } from '../../../shared/types.js';
import { dateInputToIso } from '../lib/format.js';

/** The filter as the form holds it: dates as YYYY-MM-DD from date inputs, empty string = any. */
export interface HistoryFilter {
  kind: HoldKind | '';
  server: string;
  outcome: Outcome | '';
  /** A model id, exact (set by a bar of the cost chart). */
  model: string;
  since: string;
  until: string;
  search: string;
}

export const EMPTY_FILTER: HistoryFilter = { kind: '', server: '', outcome: '', model: '', since: '', until: '', search: '' };
export const PAGE_SIZE = 200;

export interface HistoryState {
  filter: HistoryFilter;
  /** The list: summaries (no bodies); the row opened is fetched whole into `selected`. */
  rows: SamplingSummary[];
  loaded: boolean;
  loading: boolean;
  error: string | null;
  selected: SamplingEvent | null;
  retentionDays: number | null;
  setFilter(patch: Partial<HistoryFilter>): void;
  load(): Promise<void>;
  open(id: string): Promise<void>;
  close(): void;
  exportCurrent(format: 'json' | 'csv'): Promise<Result<GateMethodResults['history.export']>>;
  loadRetention(): Promise<void>;
  setRetention(days: number | null): Promise<boolean>;
  dispose(): void;
}

export type HistoryStore = StoreApi<HistoryState>;

export function toHistoryQuery(f: HistoryFilter, limit = PAGE_SIZE): HistoryQuery {
  const q: HistoryQuery = { limit };
  if (f.kind) q.kind = f.kind;
  if (f.server) q.server = f.server;
  if (f.outcome) q.outcome = f.outcome;
  const model = f.model.trim();
  if (model) q.model = model.slice(0, 200);
  const since = dateInputToIso(f.since);
  const until = dateInputToIso(f.until, true);
  if (since) q.since = since;
  if (until) q.until = until;
  const search = f.search.trim();
  if (search) q.search = search.slice(0, 500);
  return q;
}

export function createHistoryStore(client: GateClient, opts: { debounceMs?: number } = {}): HistoryStore {
  let timer: ReturnType<typeof setTimeout> | null = null;
  let generation = 0;
  const schedule = (): void => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => void store.getState().load(), opts.debounceMs ?? 200);
  };

  const store = createStore<HistoryState>()((set, get) => ({
    filter: EMPTY_FILTER,
    rows: [],
    loaded: false,
    loading: false,
    error: null,
    selected: null,
    retentionDays: null,
    setFilter(patch) {
      set({ filter: { ...get().filter, ...patch } });
      schedule();
    },
    async load() {
      const mine = ++generation;
      set({ loading: true });
      const r = await client.call('history.list', { query: toHistoryQuery(get().filter) });
      // A slower, older query must not overwrite the answer to the newer filter.
      if (mine !== generation) return;
      set(r.ok ? { rows: r.value, loaded: true, loading: false, error: null } : { loading: false, loaded: true, error: r.error.message });
    },
    async open(id) {
      const r = await client.call('history.get', { id });
      set(r.ok ? { selected: r.value, error: null } : { error: r.error.message });
    },
    close() {
      set({ selected: null });
    },
    exportCurrent(format) {
      // Export the whole filter, not just the page on screen.
      return client.call('history.export', { query: toHistoryQuery(get().filter, 10000), format });
    },
    async loadRetention() {
      const r = await client.call('config.getRetention', {});
      if (r.ok) set({ retentionDays: r.value.days });
    },
    async setRetention(days) {
      const r = await client.call('config.setRetention', { days });
      set(r.ok ? { retentionDays: r.value.days, error: null } : { error: r.error.message });
      return r.ok;
    },
    dispose() {
      if (timer) clearTimeout(timer);
      unsubscribe();
    },
  }));
  const unsubscribe = client.on('history.changed', ({ id }) => {
    schedule();
    // The open event may have just been decided or completed: refresh its detail too.
    if (store.getState().selected?.id === id) void store.getState().open(id);
  });
  return store;
}
