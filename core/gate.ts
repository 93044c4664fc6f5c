/**
 * The gate core, composed: config, history, the approval queue, the sampling hold, one proxy per
 * server, the control socket and the HTTP server. Plain Node: hosted by `sampling-gate serve` or
 * in-process by the Electron main process.
 */
import type { GateClient } from '../shared/api.js';
import { GateApi } from './api/gate-api.js';
import { ConfigStore } from './config/config-store.js';
import { ControlServer } from './control/control-server.js';
import { HistoryStore } from './history/history-store.js';
import { HttpServer, type UiHandler } from './http/http-server.js';
import { McpEndpoint } from './http/mcp-endpoint.js';
import { removeOwnLock, writeLock } from './lockfile.js';
import { createLogger, type Logger } from './log.js';
import { dataPaths, ensureDataDir, makeHistoryPrivate, type DataPaths } from './paths.js';
import { Proxies } from './relay/proxies.js';
import { ApprovalQueue } from './hold/approval-queue.js';
import { GrantStore } from './grants/grant-store.js';
import { Hold } from './hold/hold.js';
import { SamplingKind } from './sampling/sampling-kind.js';
import { ElicitationKind } from './elicitation/elicitation-kind.js';
import { RootsKind } from './roots/roots-kind.js';
import type { ServerHome } from './elicitation/flags.js';
import { isCommandServer } from '../shared/config-schema.js';
import { loadOrCreateToken } from './token.js';
import { adapterFor } from './providers/index.js';
import { EncryptedKeyFile, type KeyCipher } from './providers/keys.js';
import { ProviderService } from './providers/provider-service.js';
import { AuditExporter } from './audit/exporter.js';
import { AuditOutbox } from './audit/outbox.js';

export interface GateOptions {
  dataDir: string;
  /** TCP port for the HTTP endpoint; 0 picks a free one. Default 0. */
  port?: number;
  log?: Logger;
  /** Serve the web UI: given the API and token, returns the handler for `/ui` and its WebSocket. */
  ui?: (ctx: { client: GateClient; token: string }) => UiHandler;
  /** How MCP clients launch the bridge (shown in client-config snippets). */
  bridgeCommand?: { command: string; args: string[] };
  version?: string;
  /** Encrypts provider keys with the OS keychain (Electron safeStorage); headless gates have none. */
  keyCipher?: KeyCipher;
  /** The built fd_handoff addon (core/handoff/): bridges hand it their client's stdio. Without it they copy bytes. */
  fdHandoffAddon?: string;
  /**
   * Opens a URL the user consented to in an elicitation, outside the gate and the model (the
   * desktop app: the OS browser). Headless gates have none: the web UI opens it, the CLI prints it.
   */
  openUrl?: (url: string) => void;
}

const DAY_MS = 86_400_000;

/** Where a configured server lives: its URL's host, or a command on this machine. */
function homeOf(server: Parameters<typeof isCommandServer>[0] | undefined): ServerHome {
  if (!server || isCommandServer(server)) return { kind: 'command' };
  try {
    return { kind: 'url', host: new URL(server.url).hostname };
  } catch {
    return { kind: 'command' };
  }
}

export class Gate {
  private retentionTimer: NodeJS.Timeout | null = null;
  private stopped = false;
  /** Drains the audit outbox to OTLP / syslog (issue 12); what is undelivered at stop stays queued. */
  private audit: AuditExporter | null = null;

  private constructor(
    readonly paths: DataPaths,
    readonly token: string,
    readonly config: ConfigStore,
    readonly history: HistoryStore,
    readonly queue: ApprovalQueue,
    readonly proxies: Proxies,
    readonly api: GateApi,
    private readonly http: HttpServer,
    private readonly mcp: McpEndpoint,
    private readonly control: ControlServer,
    readonly uiUrl: string | null,
    private readonly log: Logger,
  ) {}

  /** The in-process gate API (the same contract the IPC and WebSocket carriers expose). */
  get client(): GateClient {
    return this.api;
  }

  get httpUrl(): string {
    return this.http.url;
  }

  get port(): number {
    return this.http.port;
  }

  static async start(opts: GateOptions): Promise<Gate> {
    const log = opts.log ?? createLogger();
    ensureDataDir(opts.dataDir);
    const paths = dataPaths(opts.dataDir);
    const token = loadOrCreateToken(paths.token);
    log.redact(token);
    const config = ConfigStore.open(paths.config, log);
    makeHistoryPrivate(paths.history);
    // Written from a worker thread: the event loop never waits for SQLite (issue 10).
    const history = new HistoryStore(paths.history, { worker: true, onError: (err) => log.error(`history: ${err.message}`) });
    // Audit export is configured before abandoned rows are closed, so they are exported too.
    const audit = new AuditExporter({ outbox: new AuditOutbox(paths.history), getEvent: (id) => history.get(id), log, version: opts.version ?? '0.0.0' });
    const auditSources = (): void => {
      const managed = config.managed.audit;
      audit.configure({ user: config.config.audit, ...(managed ? { managed } : {}) });
    };
    auditSources();
    config.on('change', auditSources);
    const abandoned = history.failAbandoned(new Date());
    if (abandoned > 0) log.warn(`${abandoned} request(s) a previous run left without a final outcome were marked failed`);
    const queue = new ApprovalQueue();
    const keys = new EncryptedKeyFile(paths.keys, opts.keyCipher ?? null);
    const providers = new ProviderService({ config: () => config.config, keys, adapterFor });
    let api: GateApi | null = null;
    // A row's changes within one turn of the event loop (its arrival, flags, decision) go out as
    // one event: a burst of 200 requests was ~600 WebSocket frames to every UI (issue 10).
    const changedRows = new Set<string>();
    const historyChanged = (id: string): void => {
      if (changedRows.size === 0) {
        setImmediate(() => {
          const ids = [...changedRows];
          changedRows.clear();
          for (const changed of ids) api?.emit('history.changed', { id: changed });
        });
      }
      changedRows.add(id);
    };
    const policyFor = (id: string) => config.policyFor(id);
    // Set below: the roots room tells the proxies what each server was given (the Servers view).
    let proxies: Proxies | null = null;
    // What the user decided once for later requests (issue 23): in memory, shown per server.
    const grants = new GrantStore(undefined, () => proxies?.grantsChanged());
    // The rooms of the hold: one per kind of server-initiated request (core/hold/kind.ts).
    const hold = new Hold({
      grants,
      history,
      queue,
      policyFor,
      log,
      onChange: (id) => historyChanged(id),
      kinds: [
        new SamplingKind({ policyFor, queue, log, providers }),
        new ElicitationKind({ policyFor, homeOf: (id) => homeOf(config.config.servers[id]), log, ...(opts.openUrl ? { openUrl: opts.openUrl } : {}) }),
        new RootsKind({ policyFor, onGiven: (id, uris) => proxies?.noteRoots(id, uris) }),
      ],
    });
    proxies = new Proxies(
      config,
      hold,
      log,
      (id) => history.lastReceivedAt(id),
      (id) => history.lastRootsGiven(id),
      grants,
    );
    let http: HttpServer | null = null;
    api = new GateApi({
      config,
      history,
      queue,
      proxies,
      log,
      version: opts.version ?? '0.0.0',
      dataDir: opts.dataDir,
      httpUrl: () => http?.url ?? null,
      token,
      bridgeCommand: opts.bridgeCommand ?? { command: 'sampling-gate', args: [] },
      providers,
      keys,
      audit,
      grants,
    });
    api.on('history.changed', () => audit.nudge());
    const mcp = new McpEndpoint(proxies, log);
    const ui = opts.ui ? opts.ui({ client: api, token }) : null;
    http = new HttpServer({ mcp, api, token, allowedOrigins: () => config.config.ui.allowedOrigins, log, ui });
    const control = new ControlServer(paths.socket, api, proxies, log, opts.fdHandoffAddon ? { path: paths.handoff, addon: opts.fdHandoffAddon } : null);
    try {
      await control.listen();
      await http.listen(opts.port ?? 0);
    } catch (err) {
      await control.close().catch(() => {});
      await audit.close();
      history.close();
      config.close();
      throw err;
    }
    config.watch();
    const uiUrl = ui ? `${http.url}/ui/#token=${encodeURIComponent(token)}` : null;
    const gate = new Gate(paths, token, config, history, queue, proxies, api, http, mcp, control, uiUrl, log);
    gate.audit = audit;
    gate.writeLockfile();
    gate.applyRetention();
    gate.retentionTimer = setInterval(() => gate.applyRetention(), DAY_MS / 24);
    gate.retentionTimer.unref();
    return gate;
  }

  /**
   * Stop cleanly: what waits for a human is cancelled (the server gets a denial), sessions close and
   * their child servers get SIGTERM then SIGKILL, and the history is closed last.
   */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    if (this.retentionTimer) clearInterval(this.retentionTimer);
    const waiting = this.queue.size;
    this.queue.cancelAll('the gate is shutting down');
    // Let those denials reach their servers before the sessions close under them.
    if (waiting > 0) await new Promise((resolve) => setTimeout(resolve, 200));
    await this.mcp.closeAll();
    await this.proxies.closeAll('gate stopping');
    await Promise.allSettled([this.http.close(), this.control.close()]);
    this.config.close();
    await this.audit?.close();
    this.history.close();
    removeOwnLock(this.paths.lockfile);
  }

  private writeLockfile(): void {
    writeLock(this.paths.lockfile, { pid: process.pid, port: this.http.port, url: this.http.url, startedAt: new Date().toISOString() });
  }

  /** In small batches between requests (HistoryStore.prune): a month of history never freezes the gate. */
  private applyRetention(): void {
    const days = this.config.config.ui.historyRetentionDays;
    if (days === null) return;
    this.history.prune(new Date(Date.now() - days * DAY_MS)).then(
      (removed) => {
        if (removed > 0) this.log.info(`history retention: removed ${removed} event(s) older than ${days} days`);
      },
      (err: Error) => this.log.error(`history retention failed: ${err.message}`),
    );
  }
}
