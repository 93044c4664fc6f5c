/**
 * The gate API (shared/api.ts) implemented in-process over the core's parts. Every carrier — Electron
 * IPC, the UI WebSocket, the CLI's control socket — parses params with `parseGateCall` and ends here.
 */
import type { GrantStore } from '../grants/grant-store.js';
import { EventEmitter } from 'node:events';
import type { AuditStatus, BulkDecisionResult, ClientConfigSnippet, GateClient, GateEventName, GateEvents, GateMethod, GateMethodResults, GateParams, GateStatus } from '../../shared/api.js';
import { parseGateCall } from '../../shared/api.js';
import { isCommandServer } from '../../shared/config-schema.js';
import type { Result } from '../../shared/result.js';
import { fail, ok } from '../../shared/result.js';
import { ConfigEditError } from '../config/config-store.js';
import type { ConfigStore } from '../config/config-store.js';
import { toCsvExport, toJsonExport } from '../history/export.js';
import type { HistoryStore } from '../history/history-store.js';
import type { Logger } from '../log.js';
import { dataDirArgs } from '../paths.js';
import type { Proxies } from '../relay/proxies.js';
import type { ApprovalQueue } from '../hold/approval-queue.js';
import type { KeyStore } from '../providers/keys.js';
import type { ProviderService } from '../providers/provider-service.js';
import { ProviderError } from '../providers/types.js';
import { DEFAULT_MAX_RETRIES, DEFAULT_TIMEOUT_SECONDS } from '../../shared/provider-schema.js';
import { homedir } from 'node:os';
import type { ScanContext } from '../import/first-run.js';

// The client import (~7 MiB with its JSONC parser) loads when the first-run screen asks, not with the gate (issue 10).
const firstRunModule = () => import('../import/first-run.js');
const undoModule = () => Promise.all([import('../import/undo.js'), import('../config/importers/locations.js')]);

export interface GateApiDeps {
  config: ConfigStore;
  history: HistoryStore;
  queue: ApprovalQueue;
  proxies: Proxies;
  log: Logger;
  version: string;
  dataDir: string;
  httpUrl: () => string | null;
  token: string;
  /** How an MCP client launches the stdio bridge: program and leading args (before `connect <id>`). */
  bridgeCommand: { command: string; args: string[] };
  providers: ProviderService;
  keys: KeyStore;
  /** Audit export (issue 12); absent in gates built without it (tests). */
  audit?: { status(): AuditStatus };
  /** The user's grants (issue 23); absent: none are made. */
  grants?: GrantStore;
}

type Handlers = { [M in GateMethod]: (p: GateParams<M>) => Result<GateMethodResults[M]> | Promise<Result<GateMethodResults[M]>> };

export class GateApi implements GateClient {
  private readonly events = new EventEmitter();
  private readonly handlers: Handlers;

  constructor(private readonly d: GateApiDeps) {
    this.events.setMaxListeners(0);
    this.handlers = this.makeHandlers();
    d.queue.on('changed', (pending) => this.emit('approvals.changed', pending));
    // Proxies change on every session and sampling request: build the status only for a listener.
    // Once per turn of the event loop however many sessions and requests changed it (issue 10:
    // every sampling request of a burst sent every UI the whole server list).
    let serversDue = false;
    const serversChanged = (): void => {
      if (serversDue || this.events.listenerCount('servers.changed') === 0) return;
      serversDue = true;
      setImmediate(() => {
        serversDue = false;
        if (this.events.listenerCount('servers.changed') > 0) this.emit('servers.changed', d.proxies.status());
      });
    };
    d.proxies.onChange(serversChanged);
    d.config.on('change', serversChanged);
    d.config.on('problems', (problems) => this.emit('config.problems', problems));
    d.config.on('change', () => {
      if (this.events.listenerCount('providers.changed') > 0) this.emit('providers.changed', this.providerStatus());
    });
  }

  async call<M extends GateMethod>(method: M, params: GateParams<M>): Promise<Result<GateMethodResults[M]>> {
    return this.callUntrusted(method, params) as Promise<Result<GateMethodResults[M]>>;
  }

  /** For carriers: the method name and params come from outside and are parsed here. */
  async callUntrusted(method: string, params: unknown): Promise<Result<unknown>> {
    const parsed = parseGateCall(method, params);
    if (!parsed.ok) return parsed;
    const handler = this.handlers[parsed.value.method] as (p: unknown) => Result<unknown> | Promise<Result<unknown>>;
    try {
      return await handler(parsed.value.params);
    } catch (err) {
      if (err instanceof ConfigEditError) return fail(err.code, err.message);
      this.d.log.error(`api ${method} failed`, { error: err as Error });
      return fail('internal', (err as Error).message);
    }
  }

  on<E extends GateEventName>(event: E, listener: (payload: GateEvents[E]) => void): () => void {
    this.events.on(event, listener);
    return () => this.events.off(event, listener);
  }

  /**
   * Events are told to every UI listener; one that throws is logged and skipped. Emits happen inside
   * the relay and the hold (a session opening, a row changing): a UI bug must never break those.
   */
  emit<E extends GateEventName>(event: E, payload: GateEvents[E]): void {
    for (const listener of this.events.listeners(event) as ((p: GateEvents[E]) => void)[]) {
      try {
        listener(payload);
      } catch (err) {
        this.d.log.error(`a ${event} listener failed: ${(err as Error).message}`);
      }
    }
  }

  private makeHandlers(): Handlers {
    const { config, history, queue, proxies } = this.d;
    return {
      'approvals.list': () => ok(queue.list()),
      // `deny <id>` on a completion being written stops it, as the UI's Stop does.
      'approvals.decide': ({ id, decision }) => {
        // "Always trust this server" / "Never": this decision, and the server's trust in config.yaml
        // (checked first, so a trust the managed policy locks refuses the whole decision).
        const trust = decision.kind === 'approve' && decision.grant?.scope === 'always' ? 'trust' : decision.kind === 'deny' && decision.never ? 'deny' : null;
        const entry = trust ? queue.list().find((p) => p.id === id) : undefined;
        const server = entry?.server;
        if (trust && entry && entry.kind !== 'sampling') return fail('bad-request', `"always" and "never" set a server's sampling trust; this is a ${entry.kind} request (its trust is under ${entry.kind}: in config.yaml)`);
        if (trust && server) {
          const problem = config.trustEditProblem(server, trust);
          if (problem) return fail('conflict', `cannot set ${server}'s trust to ${trust}: ${problem}`);
        }
        const r =
          decision.kind === 'deny' && queue.list().some((p) => p.id === id && p.stage === 'answering')
            ? queue.decide(id, 'answering', decision)
            : queue.decide(id, 'request', decision);
        if (r.ok && trust && server) config.setTrust(server, trust);
        return this.recorded(r);
      },
      'approvals.stop': ({ id }) => this.recorded(queue.decide(id, 'answering', { kind: 'deny', reason: 'stopped by the user' })),
      'approvals.review': ({ id, decision }) => this.recorded(queue.decide(id, 'response', decision)),
      // One call for many (issue 10): each request decided as the single-request methods would,
      // a completion under review reviewed, one being written by a provider stopped by a deny.
      'approvals.decideMany': ({ ids, server, decision }) => {
        const waiting = new Map(queue.list().map((p) => [p.id, p]));
        const targets = (ids ?? [...waiting.keys()]).filter((id) => server === undefined || waiting.get(id)?.server === server);
        const result: BulkDecisionResult = { decided: [], failed: [] };
        for (const id of targets) {
          const stage = waiting.get(id)?.stage ?? 'request';
          const r =
            stage === 'answering' && decision.kind !== 'deny'
              ? fail('conflict', `request ${id} is being answered by its provider (deny stops it)`)
              : queue.decide(id, stage, decision);
          if (r.ok) result.decided.push(id);
          else result.failed.push({ id, code: r.error.code, message: r.error.message });
        }
        return this.recorded(ok(result));
      },
      'servers.list': () => ok(proxies.status()),
      'grants.list': ({ server }) => ok(this.d.grants?.list(server) ?? []),
      'grants.revoke': (by) => {
        const revoked = this.d.grants?.revoke(by.id !== undefined ? { id: by.id } : { server: by.server! }) ?? 0;
        if (revoked === 0 && by.id !== undefined) return fail('not-found', `no grant ${by.id}`);
        return ok({ revoked });
      },
      'servers.get': ({ id }) => {
        const s = config.config.servers[id];
        if (!s) return fail('not-found', `no server "${id}"`);
        return ok(
          isCommandServer(s)
            ? { id, command: s.command, args: s.args, env: s.env, ...(s.trust ? { trust: s.trust } : {}) }
            : { id, url: s.url, headers: s.headers, ...(s.trust ? { trust: s.trust } : {}) },
        );
      },
      'servers.setTrust': ({ id, trust }) => {
        config.setTrust(id, trust);
        return ok({ id, trust });
      },
      'servers.upsert': ({ server }) => {
        const { id, ...entry } = server;
        config.upsertServer(id, entry);
        return ok({ id });
      },
      'servers.remove': ({ id }) => {
        config.removeServer(id);
        return ok({ id });
      },
      'servers.clientConfig': ({ id }) => {
        if (!proxies.has(id)) return fail('not-found', `no server "${id}"`);
        return ok(this.clientConfig(id));
      },
      // Without holding the event loop while the history's writer catches up (issue 10).
      'history.query': async ({ query }) => ok(await history.queryWhenWritten(query)),
      'history.list': async ({ query }) => ok(await history.listWhenWritten(query)),
      'history.get': ({ id }) => {
        const e = history.get(id);
        return e ? ok(e) : fail('not-found', `no history event ${id}`);
      },
      'history.export': async ({ query, format }) => {
        const events = await history.queryWhenWritten({ ...query, limit: query.limit ?? 10000 });
        const stamp = new Date().toISOString().replace(/[:.]/g, '-');
        return ok(
          format === 'json'
            ? { filename: `sampling-history-${stamp}.json`, mimeType: 'application/json', content: toJsonExport(events) }
            : { filename: `sampling-history-${stamp}.csv`, mimeType: 'text/csv', content: toCsvExport(events) },
        );
      },
      'history.stats': async ({ query, tzOffsetMinutes }) => ok(await history.statsWhenWritten(query, tzOffsetMinutes ?? 0)),
      'config.status': () => ok(config.problems),
      'config.getRetention': () => ok({ days: config.config.ui.historyRetentionDays }),
      'config.setRetention': ({ days }) => {
        config.setRetention(days);
        // In batches off the hot path (HistoryStore.prune); the setting is saved either way.
        if (days !== null) history.prune(new Date(Date.now() - days * 86_400_000)).catch((err: Error) => this.d.log.error(`history retention failed: ${err.message}`));
        return ok({ days });
      },
      'status.get': () => ok(this.status()),
      'providers.list': () => ok(this.providerStatus()),
      'providers.get': ({ id }) => {
        const p = config.config.providers[id];
        return p ? ok(p) : fail('not-found', `no provider "${id}"`);
      },
      'providers.upsert': ({ id, provider }) => {
        config.upsertProvider(id, withoutDefaults(provider as unknown as Record<string, unknown>));
        this.emit('providers.changed', this.providerStatus());
        return ok({ id });
      },
      'providers.remove': ({ id }) => {
        config.removeProvider(id);
        this.d.keys.delete(id);
        this.emit('providers.changed', this.providerStatus());
        return ok({ id });
      },
      'providers.setKey': ({ id, key }) => {
        if (!Object.hasOwn(config.config.providers, id)) return fail('not-found', `no provider "${id}"`);
        if (key === null) this.d.keys.delete(id);
        else {
          if (!this.d.keys.available) return fail('conflict', 'no OS keychain is available here: set apiKey: { env: NAME } for this provider in config.yaml instead');
          this.d.keys.set(id, key);
        }
        this.d.log.info(`provider "${id}": key ${key === null ? 'removed from' : 'stored in'} the keychain`);
        this.emit('providers.changed', this.providerStatus());
        return ok({ id, keyPresent: key !== null });
      },
      'providers.test': async ({ id, model }) => {
        if (!Object.hasOwn(config.config.providers, id)) return fail('not-found', `no provider "${id}"`);
        try {
          return ok(await this.d.providers.test(id, model));
        } catch (err) {
          return fail('unavailable', err instanceof ProviderError ? err.message : `provider "${id}": ${(err as Error).message}`);
        }
      },
      'audit.status': () => ok(this.d.audit?.status() ?? { enabled: false, maxOutbox: 0, dropped: 0, sinks: [] }),
      'clients.scan': async () => ok(await (await firstRunModule()).scanClients(this.firstRun())),
      'clients.import': async ({ client, rewire, digest }) => {
        const { ChangedSinceScan, importDetected } = await firstRunModule();
        try {
          return ok(await importDetected(client, { rewire, digest }, this.firstRun()));
        } catch (err) {
          return fail(err instanceof ChangedSinceScan ? 'conflict' : 'unavailable', (err as Error).message);
        }
      },
      'clients.undo': async ({ client }) => {
        const [{ NothingToUndo, undoImport }, { defaultLocation }] = await undoModule();
        try {
          return ok(undoImport(this.d.dataDir, client, defaultLocation(client, this.firstRun().host)));
        } catch (err) {
          return fail(err instanceof NothingToUndo ? 'not-found' : 'unavailable', (err as Error).message);
        }
      },
    };
  }

  /** The first-run import's view of this machine and this gate (core/import/first-run.ts). */
  private firstRun(): ScanContext {
    const { config, dataDir, bridgeCommand } = this.d;
    return {
      host: { platform: process.platform, home: homedir(), env: process.env },
      servers: config.config.servers,
      upsert: (id, entry) => config.upsertServer(id, entry),
      bridge: bridgeCommand,
      dataDirArgs: dataDirArgs(dataDir),
      configFile: config.file,
      dataDir,
    };
  }

  /**
   * A decision is acknowledged only once it is in history.db: the hold records it in the turn after
   * the queue settles (its continuation runs on microtasks), so wait for that turn, then for the
   * history writer, without blocking the event loop. A gate killed right after the caller hears
   * "ok" keeps the decision.
   */
  private async recorded<T>(r: Result<T>): Promise<Result<T>> {
    if (!r.ok) return r;
    await new Promise<void>((resolve) => setImmediate(resolve));
    await this.d.history.settled();
    return r;
  }

  private providerStatus(): ReturnType<ProviderService['status']> {
    const servers = Object.keys(this.d.config.config.servers);
    return this.d.providers.status((providerId) =>
      servers.filter((s) => {
        const policy = this.d.config.policyFor(s);
        return policy.answerWith !== 'client' && policy.provider === providerId;
      }),
    );
  }

  private status(): GateStatus {
    return {
      version: this.d.version,
      dataDir: this.d.dataDir,
      httpUrl: this.d.httpUrl(),
      pending: this.d.queue.size,
      configProblems: this.d.config.problems,
    };
  }

  private clientConfig(id: string): ClientConfigSnippet {
    const base = this.d.httpUrl() ?? 'http://127.0.0.1:<port>';
    return {
      stdio: { command: this.d.bridgeCommand.command, args: [...this.d.bridgeCommand.args, 'connect', id, ...dataDirArgs(this.d.dataDir)] },
      http: { url: `${base}/servers/${encodeURIComponent(id)}/mcp`, headers: { Authorization: `Bearer ${this.d.token}` } },
    };
  }
}

/** The Providers view sends every field; the file keeps only what differs from the schema's defaults. */
function withoutDefaults(entry: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(entry)) {
    if (v === undefined) continue;
    if ((k === 'timeoutSeconds' && v === DEFAULT_TIMEOUT_SECONDS) || (k === 'maxRetries' && v === DEFAULT_MAX_RETRIES)) continue;
    if (k === 'models' && Array.isArray(v)) {
      out.models = v.map((m: Record<string, unknown>) =>
        Object.fromEntries(Object.entries(m).filter(([mk, mv]) => mv !== undefined && !(mv === false && ['vision', 'audio', 'tools'].includes(mk)) && !(mk === 'aliases' && Array.isArray(mv) && mv.length === 0))),
      );
      continue;
    }
    out[k] = v;
  }
  return out;
}
