/**
 * The gate API: every method and event the renderer and the CLI may use, in one place
 * (GitHub Desktop's `ipc-shared.ts`). Each method has a zod schema for its params, parsed on the
 * receiving side whatever the carrier: Electron IPC, the WebSocket of `serve --ui`, or the control
 * socket the CLI talks to. Results travel as `Result<T>` (shared/result.ts).
 */
import { z } from 'zod';
import type { Result } from './result.js';
import { HOLD_KINDS, OUTCOMES, TRUST_LEVELS } from './types.js';
import { PROVIDER_ID } from './config-schema.js';
import { ProviderSchema } from './provider-schema.js';
import type { ProviderModel } from './provider-schema.js';
import { CLIENT_KINDS } from './client-import.js';
import { GrantRequestSchema, type Grant } from './grants.js';
import type { ClientImportResult, ClientKind, ClientScan, ClientUndoResult } from './client-import.js';
import type { HistoryStats } from './history-stats.js';
import type {
  ConfigProblem,
  HistoryQuery,
  PendingDelta,
  PendingRequest,
  SamplingEvent,
  SamplingSummary,
  ServerStatus,
  Trust,
} from './types.js';

const id = z.string().min(1).max(200);
const samplingParams = z.record(z.string(), z.unknown());

const modelName = z.string().min(1).max(200);

export const DecisionSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('approve'), model: modelName.optional(), grant: GrantRequestSchema.optional() }).strict(),
  z.object({ kind: z.literal('approve-edited'), request: samplingParams, model: modelName.optional() }).strict(),
  z.object({ kind: z.literal('deny'), reason: z.string().max(2000).optional(), never: z.literal(true).optional() }).strict(),
  // The user's own answer to an elicitation the gate answers: the form's content (checked against
  // the requested schema by the gate), or consent to a URL; decline and cancel carry no content.
  z
    .object({
      kind: z.literal('answer'),
      action: z.enum(['accept', 'decline', 'cancel']),
      content: z.record(z.string(), z.unknown()).optional(),
    })
    .strict(),
]);

export const ResponseDecisionSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('approve') }).strict(),
  z.object({ kind: z.literal('approve-edited'), response: z.record(z.string(), z.unknown()) }).strict(),
  z.object({ kind: z.literal('deny'), reason: z.string().max(2000).optional() }).strict(),
]);

export const HistoryQuerySchema = z
  .object({
    kind: z.enum(HOLD_KINDS).optional(),
    server: z.string().max(200).optional(),
    outcome: z.enum(OUTCOMES).optional(),
    model: z.string().min(1).max(200).optional(),
    since: z.iso.datetime({ offset: true }).optional(),
    until: z.iso.datetime({ offset: true }).optional(),
    search: z.string().max(500).optional(),
    limit: z.number().int().min(1).max(10000).optional(),
    offset: z.number().int().min(0).optional(),
  })
  .strict();

export const ServerEntrySchema = z
  .object({
    id: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/),
    /** Either command (+args, env) or url (+headers). */
    command: z.string().min(1).optional(),
    args: z.array(z.string()).optional(),
    env: z.record(z.string(), z.string()).optional(),
    url: z.string().url().optional(),
    headers: z.record(z.string(), z.string()).optional(),
    trust: z.enum(TRUST_LEVELS).optional(),
  })
  .strict()
  .refine((s) => (s.command === undefined) !== (s.url === undefined), {
    message: 'a server has either a command or a url',
  });

const providerId = z.string().regex(PROVIDER_ID);

/** A provider as the Providers view edits it: config.yaml's entry (never a key). */
export const ProviderEntrySchema = ProviderSchema;
export type ProviderEntry = z.input<typeof ProviderSchema>;

/** Method name → params schema. The result types are in `GateMethodResults`. */
export const gateMethods = {
  'approvals.list': z.object({}).strict(),
  'approvals.decide': z.object({ id, decision: DecisionSchema }).strict(),
  'approvals.review': z.object({ id, decision: ResponseDecisionSchema }).strict(),
  'servers.list': z.object({}).strict(),
  'servers.setTrust': z.object({ id, trust: z.enum(TRUST_LEVELS) }).strict(),
  'servers.upsert': z.object({ server: ServerEntrySchema }).strict(),
  'servers.remove': z.object({ id }).strict(),
  'servers.clientConfig': z.object({ id }).strict(),
  'history.query': z.object({ query: HistoryQuerySchema }).strict(),
  // The history list (issue 10): the rows without their bodies; `history.get` fetches one in full.
  'history.list': z.object({ query: HistoryQuerySchema }).strict(),
  'history.get': z.object({ id }).strict(),
  'history.export': z.object({ query: HistoryQuerySchema, format: z.enum(['json', 'csv']) }).strict(),
  // History at a glance (issue 23): events and cost per day of the rows `query` selects (its limit
  // and offset are ignored), in days `tzOffsetMinutes` east of UTC (the browser's; default 0).
  'history.stats': z.object({ query: HistoryQuerySchema, tzOffsetMinutes: z.number().int().min(-16 * 60).max(16 * 60).optional() }).strict(),
  'config.status': z.object({}).strict(),
  'config.setRetention': z.object({ days: z.number().int().positive().nullable() }).strict(),
  'status.get': z.object({}).strict(),
  // Added for the UI (issue 4): prefill the server edit form; show the retention setting.
  'servers.get': z.object({ id }).strict(),
  'config.getRetention': z.object({}).strict(),
  // Providers (issue 8, CONTRACT.md section 8).
  'approvals.stop': z.object({ id }).strict(),
  // Bulk decisions (issue 10): approve or deny several waiting requests in one call — the ids
  // given, or every one waiting (of one server). Each is decided as approvals.decide/review would.
  'approvals.decideMany': z
    .object({
      ids: z.array(id).min(1).max(10_000).optional(),
      all: z.literal(true).optional(),
      server: z.string().min(1).max(200).optional(),
      decision: z.discriminatedUnion('kind', [z.object({ kind: z.literal('approve') }).strict(), z.object({ kind: z.literal('deny'), reason: z.string().max(2000).optional() }).strict()]),
    })
    .strict()
    .refine((p) => (p.ids !== undefined) !== (p.all === true), { message: 'give ids, or all: true (not both)' }),
  'providers.list': z.object({}).strict(),
  'providers.get': z.object({ id }).strict(),
  'providers.upsert': z.object({ id: providerId, provider: ProviderEntrySchema }).strict(),
  'providers.remove': z.object({ id: providerId }).strict(),
  'providers.setKey': z.object({ id: providerId, key: z.string().min(1).max(4096).nullable() }).strict(),
  'providers.test': z.object({ id: providerId, model: modelName.optional() }).strict(),
  // Audit export (issue 12): the exporter's state for the Servers/History views.
  'audit.status': z.object({}).strict(),
  // First run (issue 11): the MCP clients on this machine, import with rewire, undo.
  'clients.scan': z.object({}).strict(),
  'clients.import': z.object({ client: z.enum(CLIENT_KINDS), rewire: z.boolean(), digest: z.string().regex(/^[0-9a-f]{64}$/) }).strict(),
  'clients.undo': z.object({ client: z.enum(CLIENT_KINDS) }).strict(),
  // Grants (issue 23): what "approve for this session / for N minutes" decided, and revoking it.
  'grants.list': z.object({ server: z.string().min(1).max(200).optional() }).strict(),
  'grants.revoke': z
    .object({ id: id.optional(), server: z.string().min(1).max(200).optional() })
    .strict()
    .refine((p) => (p.id === undefined) !== (p.server === undefined), { message: 'give a grant id, or a server (not both)' }),
} as const;

export type GateMethod = keyof typeof gateMethods;
export type GateParams<M extends GateMethod> = z.infer<(typeof gateMethods)[M]>;

export interface ClientConfigSnippet {
  /** `mcpServers` entry for stdio clients (Claude Desktop, Cursor, …). */
  stdio: { command: string; args: string[] };
  /** Streamable HTTP entry. */
  http: { url: string; headers: Record<string, string> };
}

export interface GateStatus {
  version: string;
  dataDir: string;
  httpUrl: string | null;
  pending: number;
  configProblems: ConfigProblem[];
}

export interface GateMethodResults {
  'approvals.list': PendingRequest[];
  'approvals.decide': { id: string };
  'approvals.review': { id: string };
  'servers.list': ServerStatus[];
  'servers.setTrust': { id: string; trust: Trust };
  'servers.upsert': { id: string };
  'servers.remove': { id: string };
  'servers.clientConfig': ClientConfigSnippet;
  'history.query': SamplingEvent[];
  'history.list': SamplingSummary[];
  'history.get': SamplingEvent;
  'history.export': { filename: string; mimeType: string; content: string };
  'history.stats': HistoryStats;
  'config.status': ConfigProblem[];
  'config.setRetention': { days: number | null };
  'status.get': GateStatus;
  /** The server's entry as configured (command/args/env or url/headers). */
  'servers.get': ServerEntry;
  /** `ui.historyRetentionDays` (null = keep forever). */
  'config.getRetention': { days: number | null };
  'approvals.stop': { id: string };
  'approvals.decideMany': BulkDecisionResult;
  'providers.list': ProviderStatus[];
  'providers.get': ProviderEntry;
  'providers.upsert': { id: string };
  'providers.remove': { id: string };
  'providers.setKey': { id: string; keyPresent: boolean };
  'providers.test': ProviderTestResult;
  'audit.status': AuditStatus;
  /** Every client the importers know, found on this machine or not. */
  'clients.scan': ClientScan[];
  'clients.import': ClientImportResult;
  'clients.undo': ClientUndoResult;
  'grants.list': Grant[];
  'grants.revoke': { revoked: number };
}

/** What a bulk decision did: the ids decided, and why each other one was not (already gone, …). */
export interface BulkDecisionResult {
  decided: string[];
  failed: { id: string; code: string; message: string }[];
}

/** `providers --json` (CONTRACT.md section 8). */
export interface ProviderStatus {
  id: string;
  kind: 'anthropic' | 'openai';
  baseUrl: string;
  default: string;
  /** `env:NAME`, `keychain` (kept by the desktop app), or `none` (no key needed/stored). */
  keySource: string;
  keyPresent: boolean;
  /** Why a call would fail for want of a key (null: a key is present, or none is needed, as for Ollama). */
  keyMissing?: string | null;
  /** Whether keys can be entered here (the desktop app's keychain); false when headless. */
  keychainAvailable: boolean;
  models: ProviderModel[];
  /** Servers this provider answers for (answerWith provider/auto). */
  servers: string[];
}

export interface ProviderTestResult {
  id: string;
  model: string;
  latencyMs: number;
  /** What the provider answered (a few words). */
  text: string;
}

/** Events the gate pushes to every UI (renderer stores subscribe; the CLI does not need them). */
export interface GateEvents {
  /** What changed in the queue, never the whole queue (issue 10): see PendingDelta. */
  'approvals.changed': PendingDelta;
  'servers.changed': ServerStatus[];
  'history.changed': { id: string };
  'config.problems': ConfigProblem[];
  'providers.changed': ProviderStatus[];
}
export type GateEventName = keyof GateEvents;
export const GATE_EVENTS: readonly GateEventName[] = [
  'approvals.changed',
  'servers.changed',
  'history.changed',
  'config.problems',
  'providers.changed',
];

export type { HistoryQuery, HistoryStats };

/**
 * What every carrier offers, and what the core implements: the renderer's stores, the CLI and the
 * tests all talk to a `GateClient`, never to IPC, WebSocket or sockets directly.
 */
export interface GateClient {
  call<M extends GateMethod>(method: M, params: GateParams<M>): Promise<Result<GateMethodResults[M]>>;
  on<E extends GateEventName>(event: E, listener: (payload: GateEvents[E]) => void): () => void;
}

/** Parse a method's params at the receiving end. Unknown method or bad shape → `bad-request`. */
export function parseGateCall(
  method: string,
  params: unknown,
): Result<{ method: GateMethod; params: GateParams<GateMethod> }> {
  if (!Object.hasOwn(gateMethods, method)) {
    return { ok: false, error: { code: 'bad-request', message: `unknown method ${JSON.stringify(method).slice(0, 80)}` } };
  }
  const schema = gateMethods[method as GateMethod];
  const parsed = schema.safeParse(params ?? {});
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    const where = first?.path.length ? first.path.join('.') : 'params';
    return { ok: false, error: { code: 'bad-request', message: `${method}: ${where}: ${first?.message ?? 'invalid'}` } };
  }
  return { ok: true, value: { method: method as GateMethod, params: parsed.data as GateParams<GateMethod> } };
}

// ---------------------------------------------------------------------------------------------
// Added for the desktop app / web UI (issue 4). Appended so the lead's dispatcher can pick them up
// without rewriting anything above.

export type ServerEntry = z.infer<typeof ServerEntrySchema>;

/**
 * The narrow, domain-shaped bridge the Electron preload exposes as `window.gate` (never a generic
 * `invoke(channel)`). Each function maps to exactly one gate method; main parses its params with
 * `parseGateCall` and checks the sender before doing anything.
 */
export interface GateBridge {
  approvals: {
    list(): Promise<Result<PendingRequest[]>>;
    decide(id: string, decision: GateParams<'approvals.decide'>['decision']): Promise<Result<{ id: string }>>;
    review(id: string, decision: GateParams<'approvals.review'>['decision']): Promise<Result<{ id: string }>>;
    /** Stop a completion the gate's provider is writing (stage `answering`). */
    stop(id: string): Promise<Result<{ id: string }>>;
    decideMany(params: GateParams<'approvals.decideMany'>): Promise<Result<BulkDecisionResult>>;
    onChanged(listener: (delta: PendingDelta) => void): () => void;
  };
  servers: {
    list(): Promise<Result<ServerStatus[]>>;
    get(id: string): Promise<Result<ServerEntry>>;
    setTrust(id: string, trust: Trust): Promise<Result<{ id: string; trust: Trust }>>;
    upsert(server: ServerEntry): Promise<Result<{ id: string }>>;
    remove(id: string): Promise<Result<{ id: string }>>;
    clientConfig(id: string): Promise<Result<ClientConfigSnippet>>;
    onChanged(listener: (servers: ServerStatus[]) => void): () => void;
  };
  history: {
    query(query: HistoryQuery): Promise<Result<SamplingEvent[]>>;
    list(query: HistoryQuery): Promise<Result<SamplingSummary[]>>;
    get(id: string): Promise<Result<SamplingEvent>>;
    export(query: HistoryQuery, format: 'json' | 'csv'): Promise<Result<GateMethodResults['history.export']>>;
    stats(query: HistoryQuery, tzOffsetMinutes?: number): Promise<Result<HistoryStats>>;
    onChanged(listener: (change: { id: string }) => void): () => void;
  };
  config: {
    status(): Promise<Result<ConfigProblem[]>>;
    getRetention(): Promise<Result<{ days: number | null }>>;
    setRetention(days: number | null): Promise<Result<{ days: number | null }>>;
    onProblems(listener: (problems: ConfigProblem[]) => void): () => void;
  };
  status: {
    get(): Promise<Result<GateStatus>>;
  };
  providers: {
    list(): Promise<Result<ProviderStatus[]>>;
    get(id: string): Promise<Result<ProviderEntry>>;
    upsert(id: string, provider: ProviderEntry): Promise<Result<{ id: string }>>;
    remove(id: string): Promise<Result<{ id: string }>>;
    /** Store (or with null, forget) the key in the OS keychain; it never comes back to the renderer. */
    setKey(id: string, key: string | null): Promise<Result<{ id: string; keyPresent: boolean }>>;
    test(id: string, model?: string): Promise<Result<ProviderTestResult>>;
    onChanged(listener: (providers: ProviderStatus[]) => void): () => void;
  };
  /** Audit export (issue 12): where every final event goes, and how far delivery has got. */
  audit: {
    status(): Promise<Result<AuditStatus>>;
  };
  /** First run: the MCP clients on this machine (their default files only; never a path from the page). */
  clients: {
    scan(): Promise<Result<ClientScan[]>>;
    import(client: ClientKind, rewire: boolean, digest: string): Promise<Result<ClientImportResult>>;
    undo(client: ClientKind): Promise<Result<ClientUndoResult>>;
  };
  /** Grants (issue 23): what "approve for this session / for N minutes" decided, and revoking it. */
  grants: {
    list(server?: string): Promise<Result<Grant[]>>;
    revoke(by: { id: string } | { server: string }): Promise<Result<{ revoked: number }>>;
  };
}

/**
 * The WebSocket carrier of `serve --ui` (`/api/ws`): the same methods and events as above in a small
 * envelope. The first message must be `auth` with the token (kept out of URLs and headers that get
 * logged); the gate answers `ready` or closes with 4401. Inbound messages are parsed with these
 * schemas, then the params with `parseGateCall`.
 */
export const WS_PATH = '/api/ws';
export const WS_CLOSE_UNAUTHORIZED = 4401;
export const WS_MAX_MESSAGE_BYTES = 4 * 1024 * 1024;

export const WsClientMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('auth'), token: z.string().min(1).max(512) }).strict(),
  z
    .object({
      type: z.literal('call'),
      id: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
      method: z.string().min(1).max(100),
      params: z.unknown().optional(),
    })
    .strict(),
]);
export type WsClientMessage = z.infer<typeof WsClientMessageSchema>;

/** Audit export (issue 12): the outbox and each sink, for the Servers and History views. */
export interface AuditStatus {
  /** False when no `audit:` is configured (nothing is queued then). */
  enabled: boolean;
  maxOutbox: number;
  /** Undelivered events dropped because the outbox was full, since history.db was created. */
  dropped: number;
  sinks: AuditSinkStatus[];
}

export interface AuditSinkStatus {
  id: string;
  kind: 'otlp' | 'syslog';
  /** Endpoint or host:port, without credentials. */
  target: string;
  content: 'metadata' | 'hashed' | 'full';
  /** Who configured it. */
  source: 'config' | 'managed policy';
  /** Final events not yet delivered to this sink. */
  backlog: number;
  delivered: number;
  lastDeliveredAt: string | null;
  /** The last failure; cleared by the next delivery. */
  lastError: string | null;
  lastErrorAt: string | null;
  state: 'ok' | 'retrying';
}

export type WsServerMessage =
  | { type: 'ready' }
  | { type: 'result'; id: number; result: Result<unknown> }
  | { type: 'event'; event: GateEventName; payload: unknown }
  | { type: 'error'; error: { code: string; message: string } };
