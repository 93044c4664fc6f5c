/** Servers slice: configured servers with live status, and the edits the Servers view makes. */
import { createStore } from 'zustand/vanilla';
import type { StoreApi } from 'zustand/vanilla';
import type { ClientConfigSnippet, GateClient, ServerEntry } from '../../../shared/api.js';
import type { Result } from '../../../shared/result.js';
import type { ConfigProblem, ServerStatus, Trust } from '../../../shared/types.js';

export interface ServersState {
  servers: ServerStatus[];
  /** config.yaml problems: the gate keeps running the last good config while these exist. */
  problems: ConfigProblem[];
  loaded: boolean;
  error: string | null;
  load(): Promise<void>;
  setTrust(id: string, trust: Trust): Promise<boolean>;
  get(id: string): Promise<Result<ServerEntry>>;
  upsert(server: ServerEntry): Promise<Result<{ id: string }>>;
  remove(id: string): Promise<boolean>;
  clientConfig(id: string): Promise<Result<ClientConfigSnippet>>;
  /** End a grant ("approve for this session / for N minutes"); the server list updates by event. */
  revokeGrant(id: string): Promise<boolean>;
  dismissError(): void;
  dispose(): void;
}

export type ServersStore = StoreApi<ServersState>;

export function createServersStore(client: GateClient): ServersStore {
  const store = createStore<ServersState>()((set, get) => ({
    servers: [],
    problems: [],
    loaded: false,
    error: null,
    async load() {
      const [r, problems] = await Promise.all([client.call('servers.list', {}), client.call('config.status', {})]);
      if (problems.ok) set({ problems: problems.value });
      set(r.ok ? { servers: sortById(r.value), loaded: true, error: null } : { loaded: true, error: r.error.message });
    },
    async setTrust(id, trust) {
      const before = get().servers;
      // Optimistic: the toggle moves at once and snaps back if the gate refuses.
      set({ servers: before.map((s) => (s.id === id ? { ...s, trust } : s)), error: null });
      const r = await client.call('servers.setTrust', { id, trust });
      if (!r.ok) set({ servers: before, error: r.error.message });
      return r.ok;
    },
    get(id) {
      return client.call('servers.get', { id });
    },
    async upsert(server) {
      const r = await client.call('servers.upsert', { server });
      if (r.ok) await get().load();
      return r;
    },
    async remove(id) {
      const r = await client.call('servers.remove', { id });
      if (r.ok) set({ servers: get().servers.filter((s) => s.id !== id), error: null });
      else set({ error: r.error.message });
      return r.ok;
    },
    async revokeGrant(id) {
      const r = await client.call('grants.revoke', { id });
      if (r.ok) set({ servers: get().servers.map((s) => ({ ...s, grants: s.grants?.filter((g) => g.id !== id) })), error: null });
      else set({ error: r.error.message });
      return r.ok;
    },
    clientConfig(id) {
      return client.call('servers.clientConfig', { id });
    },
    dismissError() {
      set({ error: null });
    },
    dispose() {
      offServers();
      offProblems();
    },
  }));
  const offServers = client.on('servers.changed', (servers) => store.setState({ servers: sortById(servers), loaded: true }));
  const offProblems = client.on('config.problems', (problems) => store.setState({ problems }));
  return store;
}

function sortById(servers: readonly ServerStatus[]): ServerStatus[] {
  return [...servers].sort((a, b) => a.id.localeCompare(b.id));
}
