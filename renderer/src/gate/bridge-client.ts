/**
 * GateClient over the Electron preload bridge (`window.gate`, shared/api.ts `GateBridge`): each method
 * maps to one narrow bridge function. The switch is exhaustive, so a method added to the contract
 * fails the type check here until the bridge carries it.
 */
import type { GateBridge, GateClient, GateEventName, GateEvents, GateMethod, GateMethodResults, GateParams } from '../../../shared/api.js';
import { assertNever } from '../../../shared/result.js';
import type { Result } from '../../../shared/result.js';

export function bridgeClient(bridge: GateBridge): GateClient {
  return {
    call<M extends GateMethod>(method: M, params: GateParams<M>): Promise<Result<GateMethodResults[M]>> {
      return callBridge(bridge, method, params) as Promise<Result<GateMethodResults[M]>>;
    },
    on<E extends GateEventName>(event: E, listener: (payload: GateEvents[E]) => void): () => void {
      const l = listener as (payload: unknown) => void;
      switch (event as GateEventName) {
        case 'approvals.changed':
          return bridge.approvals.onChanged(l);
        case 'servers.changed':
          return bridge.servers.onChanged(l);
        case 'history.changed':
          return bridge.history.onChanged(l);
        case 'config.problems':
          return bridge.config.onProblems(l);
        case 'providers.changed':
          return bridge.providers.onChanged(l);
        default:
          return assertNever(event as never, 'event');
      }
    },
  };
}

function callBridge(b: GateBridge, method: GateMethod, raw: unknown): Promise<Result<unknown>> {
  const p = raw as never;
  switch (method) {
    case 'approvals.list':
      return b.approvals.list();
    case 'approvals.decide': {
      const { id, decision } = p as GateParams<'approvals.decide'>;
      return b.approvals.decide(id, decision);
    }
    case 'approvals.review': {
      const { id, decision } = p as GateParams<'approvals.review'>;
      return b.approvals.review(id, decision);
    }
    case 'approvals.stop':
      return b.approvals.stop((p as GateParams<'approvals.stop'>).id);
    case 'approvals.decideMany':
      return b.approvals.decideMany(p as GateParams<'approvals.decideMany'>);
    case 'servers.list':
      return b.servers.list();
    case 'servers.get':
      return b.servers.get((p as GateParams<'servers.get'>).id);
    case 'servers.setTrust': {
      const { id, trust } = p as GateParams<'servers.setTrust'>;
      return b.servers.setTrust(id, trust);
    }
    case 'servers.upsert':
      return b.servers.upsert((p as GateParams<'servers.upsert'>).server);
    case 'servers.remove':
      return b.servers.remove((p as GateParams<'servers.remove'>).id);
    case 'servers.clientConfig':
      return b.servers.clientConfig((p as GateParams<'servers.clientConfig'>).id);
    case 'history.query':
      return b.history.query((p as GateParams<'history.query'>).query);
    case 'history.list':
      return b.history.list((p as GateParams<'history.list'>).query);
    case 'history.get':
      return b.history.get((p as GateParams<'history.get'>).id);
    case 'history.export': {
      const { query, format } = p as GateParams<'history.export'>;
      return b.history.export(query, format);
    }
    case 'history.stats': {
      const { query, tzOffsetMinutes } = p as GateParams<'history.stats'>;
      return b.history.stats(query, tzOffsetMinutes);
    }
    case 'config.status':
      return b.config.status();
    case 'config.getRetention':
      return b.config.getRetention();
    case 'config.setRetention':
      return b.config.setRetention((p as GateParams<'config.setRetention'>).days);
    case 'status.get':
      return b.status.get();
    case 'providers.list':
      return b.providers.list();
    case 'providers.get':
      return b.providers.get((p as GateParams<'providers.get'>).id);
    case 'providers.upsert': {
      const { id, provider } = p as GateParams<'providers.upsert'>;
      return b.providers.upsert(id, provider);
    }
    case 'providers.remove':
      return b.providers.remove((p as GateParams<'providers.remove'>).id);
    case 'providers.setKey': {
      const { id, key } = p as GateParams<'providers.setKey'>;
      return b.providers.setKey(id, key);
    }
    case 'providers.test': {
      const { id, model } = p as GateParams<'providers.test'>;
      return b.providers.test(id, model);
    }
    case 'audit.status':
      return b.audit.status();
    case 'clients.scan':
      return b.clients.scan();
    case 'clients.import': {
      const { client, rewire, digest } = p as GateParams<'clients.import'>;
      return b.clients.import(client, rewire, digest);
    }
    case 'clients.undo':
      return b.clients.undo((p as GateParams<'clients.undo'>).client);
    case 'grants.list':
      return b.grants.list((p as GateParams<'grants.list'>).server);
    case 'grants.revoke': {
      const { id, server } = p as GateParams<'grants.revoke'>;
      return b.grants.revoke(id !== undefined ? { id } : { server: server! });
    }
    default:
      return assertNever(method, 'method');
  }
}
