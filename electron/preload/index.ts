/**
 * The sandboxed preload: exposes `window.gate`, a narrow domain-shaped API (shared/api.ts
 * GateBridge) — one function per gate method, one subscription per event — and nothing else: no
 * ipcRenderer, no generic invoke(channel), no Node. Main checks the sender and parses every payload.
 */
import { contextBridge, ipcRenderer } from 'electron';
import type { IpcRendererEvent } from 'electron';
import type { GateBridge, GateEventName } from '../../shared/api.js';
import type { Result } from '../../shared/result.js';
import type { DesktopBridge } from '../../shared/desktop.js';
import { eventChannel, methodChannel, OPEN_REQUEST_CHANNEL } from '../channels.js';

function call<T>(method: string, params: Record<string, unknown> = {}): Promise<Result<T>> {
  return ipcRenderer.invoke(methodChannel(method), params) as Promise<Result<T>>;
}

function subscribe(event: GateEventName, listener: (payload: never) => void): () => void {
  const channel = eventChannel(event);
  // Strip the IpcRendererEvent: it would hand the page a handle on ipcRenderer.
  const handler = (_e: IpcRendererEvent, payload: unknown): void => listener(payload as never);
  ipcRenderer.on(channel, handler);
  return () => {
    ipcRenderer.removeListener(channel, handler);
  };
}

const bridge: GateBridge = {
  approvals: {
    list: () => call('approvals.list'),
    decide: (id, decision) => call('approvals.decide', { id, decision }),
    review: (id, decision) => call('approvals.review', { id, decision }),
    stop: (id) => call('approvals.stop', { id }),
    decideMany: (params) => call('approvals.decideMany', params),
    onChanged: (l) => subscribe('approvals.changed', l),
  },
  servers: {
    list: () => call('servers.list'),
    get: (id) => call('servers.get', { id }),
    setTrust: (id, trust) => call('servers.setTrust', { id, trust }),
    upsert: (server) => call('servers.upsert', { server }),
    remove: (id) => call('servers.remove', { id }),
    clientConfig: (id) => call('servers.clientConfig', { id }),
    onChanged: (l) => subscribe('servers.changed', l),
  },
  history: {
    query: (query) => call('history.query', { query }),
    list: (query) => call('history.list', { query }),
    get: (id) => call('history.get', { id }),
    export: (query, format) => call('history.export', { query, format }),
    // No `tzOffsetMinutes` key unless given: the gate then counts UTC days.
    stats: (query, tzOffsetMinutes) => call('history.stats', tzOffsetMinutes === undefined ? { query } : { query, tzOffsetMinutes }),
    onChanged: (l) => subscribe('history.changed', l),
  },
  config: {
    status: () => call('config.status'),
    getRetention: () => call('config.getRetention'),
    setRetention: (days) => call('config.setRetention', { days }),
    onProblems: (l) => subscribe('config.problems', l),
  },
  status: {
    get: () => call('status.get'),
  },
  providers: {
    list: () => call('providers.list'),
    get: (id) => call('providers.get', { id }),
    upsert: (id, provider) => call('providers.upsert', { id, provider }),
    remove: (id) => call('providers.remove', { id }),
    // The key goes one way, to main (the keychain); no function here ever returns it.
    setKey: (id, key) => call('providers.setKey', { id, key }),
    // No `model` key unless one was chosen: the call then tests the provider's default.
    test: (id, model) => call('providers.test', model === undefined ? { id } : { id, model }),
    onChanged: (l) => subscribe('providers.changed', l),
  },
  audit: {
    status: () => call('audit.status'),
  },
  clients: {
    scan: () => call('clients.scan'),
    import: (client, rewire, digest) => call('clients.import', { client, rewire, digest }),
    undo: (client) => call('clients.undo', { client }),
  },
  grants: {
    list: (server) => call('grants.list', server === undefined ? {} : { server }),
    revoke: (by) => call('grants.revoke', by),
  },
};

contextBridge.exposeInMainWorld('gate', bridge);

// The shell's own events (shared/desktop.ts); only a string id crosses, never the IPC event.
const desktop: DesktopBridge = {
  onOpenRequest(listener) {
    const handler = (_e: IpcRendererEvent, id: unknown): void => {
      if (typeof id === 'string') listener(id);
    };
    ipcRenderer.on(OPEN_REQUEST_CHANNEL, handler);
    return () => {
      ipcRenderer.removeListener(OPEN_REQUEST_CHANNEL, handler);
    };
  },
};
contextBridge.exposeInMainWorld('desktop', desktop);
