/**
 * Providers slice (CONTRACT.md section 8): the user's own models as the gate reports them, the edits
 * the Providers view makes, key entry and the Test button. A key goes out with `providers.setKey`
 * and is never held here: the gate only ever answers whether one is present.
 */
import { createStore } from 'zustand/vanilla';
import type { StoreApi } from 'zustand/vanilla';
import type { GateClient, GateParams, ProviderEntry, ProviderStatus, ProviderTestResult } from '../../../shared/api.js';
import type { Result } from '../../../shared/result.js';

/** What the Test button last showed for one provider. */
export type ProviderTest =
  | { state: 'running'; model: string | null }
  | { state: 'ok'; result: ProviderTestResult }
  | { state: 'failed'; code: string; message: string };

export interface ProvidersState {
  providers: ProviderStatus[];
  loaded: boolean;
  error: string | null;
  tests: Record<string, ProviderTest>;
  load(): Promise<void>;
  get(id: string): Promise<Result<ProviderEntry>>;
  upsert(id: string, provider: GateParams<'providers.upsert'>['provider']): Promise<Result<{ id: string }>>;
  remove(id: string): Promise<boolean>;
  /** Store (or with null, forget) the key; resolves to the gate's answer, never to the key. */
  setKey(id: string, key: string | null): Promise<Result<{ id: string; keyPresent: boolean }>>;
  test(id: string, model?: string): Promise<void>;
  dismissError(): void;
  dispose(): void;
}

export type ProvidersStore = StoreApi<ProvidersState>;

export function createProvidersStore(client: GateClient): ProvidersStore {
  const store = createStore<ProvidersState>()((set, get) => ({
    providers: [],
    loaded: false,
    error: null,
    tests: {},
    async load() {
      const r = await client.call('providers.list', {});
      set(r.ok ? { providers: sortById(r.value), loaded: true, error: null } : { loaded: true, error: r.error.message });
    },
    get(id) {
      return client.call('providers.get', { id });
    },
    async upsert(id, provider) {
      const r = await client.call('providers.upsert', { id, provider });
      if (r.ok) await get().load();
      return r;
    },
    async remove(id) {
      const r = await client.call('providers.remove', { id });
      if (r.ok) set({ providers: get().providers.filter((p) => p.id !== id), tests: without(get().tests, id), error: null });
      else set({ error: r.error.message });
      return r.ok;
    },
    async setKey(id, key) {
      const r = await client.call('providers.setKey', { id, key });
      if (r.ok) {
        // Reflect the new state at once; providers.changed brings the full status (key source) after.
        set({ providers: get().providers.map((p) => (p.id === id ? { ...p, keyPresent: r.value.keyPresent } : p)), error: null });
        // A test result from before the key changed no longer says anything about this provider.
        set({ tests: without(get().tests, id) });
      }
      return r;
    },
    async test(id, model) {
      if (get().tests[id]?.state === 'running') return;
      set({ tests: { ...get().tests, [id]: { state: 'running', model: model ?? null } } });
      const r = await client.call('providers.test', model === undefined ? { id } : { id, model });
      set({ tests: { ...get().tests, [id]: r.ok ? { state: 'ok', result: r.value } : { state: 'failed', code: r.error.code, message: r.error.message } } });
    },
    dismissError() {
      set({ error: null });
    },
    dispose() {
      off();
    },
  }));
  const off = client.on('providers.changed', (providers) => {
    const ids = new Set(providers.map((p) => p.id));
    const tests = Object.fromEntries(Object.entries(store.getState().tests).filter(([id]) => ids.has(id)));
    store.setState({ providers: sortById(providers), loaded: true, tests });
  });
  return store;
}

function sortById(providers: readonly ProviderStatus[]): ProviderStatus[] {
  return [...providers].sort((a, b) => a.id.localeCompare(b.id));
}

function without<T>(map: Record<string, T>, id: string): Record<string, T> {
  return Object.fromEntries(Object.entries(map).filter(([k]) => k !== id));
}
