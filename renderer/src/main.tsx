/** Renderer entry: pick the carrier, build the stores on it, render. */
import { StrictMode, useSyncExternalStore } from 'react';
import { createRoot } from 'react-dom/client';
import { config as zodConfig } from 'zod';
import { App } from './App.js';
import { StoresContext } from './context.js';
import type { Stores } from './context.js';
import { pickClient } from './gate/pick-client.js';
import type { ConnectionStatus } from './gate/ws-client.js';
import { createApprovalsStore } from './stores/approvals.js';
import { createAuditStore } from './stores/audit.js';
import { createHistoryStore } from './stores/history.js';
import { createHistoryStatsStore } from './stores/history-stats.js';
import { createProvidersStore } from './stores/providers.js';
import { createServersStore } from './stores/servers.js';
import { createSetupStore } from './stores/setup.js';
import './theme.css';
import './styles.css';

// The CSP forbids eval; tell zod not to probe for it (the probe alone logs a CSP violation).
zodConfig({ jitless: true });

const carrier = pickClient(window);
const history = createHistoryStore(carrier.client);
const stores: Stores = {
  approvals: createApprovalsStore(carrier.client),
  servers: createServersStore(carrier.client),
  history,
  historyStats: createHistoryStatsStore(carrier.client, history),
  providers: createProvidersStore(carrier.client),
  audit: createAuditStore(carrier.client),
  setup: createSetupStore(carrier.client),
};

const loadAll = (): void => {
  void stores.approvals.getState().load();
  void stores.servers.getState().load();
  void stores.history.getState().load();
  void stores.historyStats?.getState().load();
  void stores.providers.getState().load();
};

let connection: ConnectionStatus | null = null;
const connectionListeners = new Set<() => void>();
if (carrier.kind === 'websocket') {
  // Events sent while disconnected are lost: reload every slice each time the socket is ready.
  carrier.client.onStatus((s) => {
    connection = s;
    for (const l of connectionListeners) l();
    if (s === 'open') loadAll();
  });
} else {
  loadAll();
}

function Root(): React.ReactNode {
  const status = useSyncExternalStore(
    (l) => {
      connectionListeners.add(l);
      return () => connectionListeners.delete(l);
    },
    () => connection,
  );
  return (
    <StoresContext.Provider value={stores}>
      <App connection={status} />
    </StoresContext.Provider>
  );
}

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <Root />
    </StrictMode>,
  );
}
