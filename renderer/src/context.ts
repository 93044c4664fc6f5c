/** The stores, handed to components through context so tests and carriers can swap the client. */
import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import { createStore } from 'zustand/vanilla';
import type { ApprovalsState, ApprovalsStore } from './stores/approvals.js';
import type { AuditState, AuditStore } from './stores/audit.js';
import type { HistoryState, HistoryStore } from './stores/history.js';
import type { HistoryStatsState, HistoryStatsStore } from './stores/history-stats.js';
import type { ProvidersState, ProvidersStore } from './stores/providers.js';
import type { ServersState, ServersStore } from './stores/servers.js';
import type { SetupState, SetupStore } from './stores/setup.js';

export interface Stores {
  approvals: ApprovalsStore;
  servers: ServersStore;
  history: HistoryStore;
  providers: ProvidersStore;
  /** Optional so a page built without it (tests) still renders; the views then show no audit state. */
  audit?: AuditStore;
  /** History at a glance (issue 23). Optional like audit (absent: the History view has no charts). */
  historyStats?: HistoryStatsStore;
  /** First run: import the MCP clients on this machine. Optional like audit (absent: never shown). */
  setup?: SetupStore;
}

export const StoresContext = createContext<Stores | null>(null);

function useStores(): Stores {
  const stores = useContext(StoresContext);
  if (!stores) throw new Error('StoresContext missing');
  return stores;
}

export function useApprovals<T>(selector: (s: ApprovalsState) => T): T {
  return useStore(useStores().approvals, selector);
}
export function useServers<T>(selector: (s: ServersState) => T): T {
  return useStore(useStores().servers, selector);
}
export function useHistory<T>(selector: (s: HistoryState) => T): T {
  return useStore(useStores().history, selector);
}
export function useProviders<T>(selector: (s: ProvidersState) => T): T {
  return useStore(useStores().providers, selector);
}
const NO_AUDIT = createStore<AuditState>()(() => ({ status: null, error: null, load: async () => {} }));
export function useAudit<T>(selector: (s: AuditState) => T): T {
  return useStore(useStores().audit ?? NO_AUDIT, selector);
}
const NO_STATS = createStore<HistoryStatsState>()(() => ({ stats: null, error: null, load: async () => {}, dispose: () => {} }));
export function useHistoryStats<T>(selector: (s: HistoryStatsState) => T): T {
  return useStore(useStores().historyStats ?? NO_STATS, selector);
}
/** Whether this page has the charts' store (tests may build one without). */
export function useHasHistoryStats(): boolean {
  return useStores().historyStats !== undefined;
}
const NO_SETUP = createStore<SetupState>()(() => ({
  open: false,
  dismissed: true,
  scanning: false,
  clients: [],
  error: null,
  busy: null,
  outcomes: {},
  offer: async () => {},
  show: () => {},
  close: () => {},
  scan: async () => {},
  importClient: async () => false,
  undo: async () => false,
}));
export function useSetup<T>(selector: (s: SetupState) => T): T {
  return useStore(useStores().setup ?? NO_SETUP, selector);
}
