/**
 * The tasks extension (`io.modelcontextprotocol/tasks`, 2026-07-28) driven by the OFFICIAL requester
 * library, `@modelcontextprotocol/ext-tasks` (its `createTaskSessionFromClient` over an SDK v2
 * `Client`), through the real gate to the raw tasks server (test/fixtures/tasks-server.mjs): over
 * the HTTP endpoint to the server as a URL, and over the stdio bridge (`sampling-gate connect`) to
 * it as a command. The library polls tasks/get, calls the application's input handler for each
 * inputRequests entry it is shown and answers with tasks/update — so what it sees is exactly what
 * the gate lets through: an entry held for review must not reach the handler until approved, a
 * refused sampling entry ends the task `failed`, and what the gate answers itself (a denied roots
 * list) reaches the server without the handler.
 *
 * What the host must supply for the library to work with a 2026-07-28 Tasks server (and this fixture):
 * - The session's era and the server's tasks capability come from the SDK Client
 *   (`getProtocolEra() === 'modern'` and `extensions['io.modelcontextprotocol/tasks']` in the
 *   server capabilities). The fixture does not answer `server/discover`, so the client is connected
 *   with a prior discover result (`connect(transport, { prior })`, the SDK's cached-verdict path).
 * - `rawDispatch` (the SDK's codecs do not carry tools/call → CreateTaskResult or tasks/*): a
 *   coordinator that sends the library's framed request on the Client's own transport and takes its
 *   answer off that transport before the Client sees it (CoordinatedTransport below); the SDK
 *   transport derives MCP-Protocol-Version / Mcp-Method / Mcp-Name from the body.
 * - The tool declarations (`tools`): the SDK client rejects the fixture's 2026 tools/list result,
 *   which lacks the `ttlMs` and `cacheScope` a 2026-07-28 result carries.
 * - A result codec for the completed task's `result`: the library's default requires
 *   `resultType: "complete"` inside it; the fixture (like the spec's own example) leaves it out.
 *
 * A control at the end runs the same client straight to the fixture: there it is handed every
 * entry at once, so each held-entry assertion above fails if the gate lets an entry through unheld.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import type { JSONRPCMessage, MessageExtraInfo, Transport, TransportSendOptions } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { createTaskSessionFromClient, JsonRpcResponseError, TaskFailedError, toolDeclaration } from '@modelcontextprotocol/ext-tasks/client';
import { ProtocolDecodeError, type RuntimeCodec } from '@modelcontextprotocol/ext-tasks/core';
import type { ApplicationInputRequest, JsonRpcResponse, RawClientDispatch, TaskEnabledSession } from '@modelcontextprotocol/ext-tasks/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGate, tempDataDir, waitFor, type RunningGate } from '../support/gate.js';
import { GATE_BIN } from '../support/sampling-client.js';
import { node22 } from '../support/conformance.js';

const TASKS_SERVER = join(import.meta.dirname, '..', 'fixtures', 'tasks-server.mjs');
const EXT = 'io.modelcontextprotocol/tasks';
const ERA = '2026-07-28';
const TEST_MS = 20_000;

type Target = 'url' | 'command';
type Via = 'http' | 'stdio';
const ROUTES: [Via, Target][] = [
  ['http', 'url'],
  ['stdio', 'command'],
];

/** The policies under test, one server entry each (per target). */
const POLICIES = {
  ask: '    trust: ask\n',
  deny: '    trust: deny\n',
  elicit: '    elicitation: { trust: trust, answerWith: client }\n',
  noroots: '    roots: { trust: deny }\n',
  mixed: '    trust: ask\n    elicitation: { trust: trust, answerWith: client }\n',
  cancel: '    trust: ask\n',
} as const;
type Policy = keyof typeof POLICIES;
const serverId = (target: Target, policy: Policy) => `t${target}-${policy}`;

function config(url: string): string {
  const lines = ['defaults:', '  elicitation: { rateLimit: { perMinute: null, perHour: null } }', 'servers:'];
  for (const target of ['url', 'command'] as const) {
    for (const [policy, extra] of Object.entries(POLICIES) as [Policy, string][]) {
      lines.push(`  ${serverId(target, policy)}:`);
      if (target === 'url') lines.push(`    url: ${JSON.stringify(url)}`);
      else lines.push(`    command: ${JSON.stringify(node22())}`, `    args: [${JSON.stringify(TASKS_SERVER)}]`);
      lines.push(extra.trimEnd());
    }
  }
  return lines.join('\n') + '\n';
}

/** The fixture over stateless HTTP on a port of its own choosing. */
async function startTasksServerHttp(): Promise<{ proc: ChildProcess; url: string }> {
  const proc = spawn(node22(), [TASKS_SERVER], { env: { ...process.env, PORT: '0' }, stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  proc.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const port = await waitFor(async () => {
    if (proc.exitCode !== null) throw new Error(`tasks-server exited: ${err}`);
    return /tasks-server on (\d+)/.exec(err)?.[1];
  }, 'the tasks server to listen', 10_000);
  return { proc, url: `http://127.0.0.1:${port}/mcp` };
}

/**
 * The Client's transport, shared with the library's raw dispatch: a request the coordinator sends
 * gets an id of its own, and its answer is taken off the transport before the Client sees it.
 */
class CoordinatedTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: <T extends JSONRPCMessage>(message: T, extra?: MessageExtraInfo) => void;
  /** Every raw exchange, in order (method, and the answer's task status when it has one). */
  readonly exchanges: { method: string; status?: string; error?: unknown }[] = [];
  /** Every notifications/tasks that reached the client, as it arrived. */
  readonly notified: Record<string, unknown>[] = [];
  private readonly pending = new Map<string, (m: Record<string, unknown>) => void>();
  private next = 0;

  constructor(private readonly inner: Transport) {}

  get sessionId(): string | undefined {
    return this.inner.sessionId;
  }
  get hasPerRequestStream(): boolean | undefined {
    return this.inner.hasPerRequestStream;
  }
  setProtocolVersion(version: string): void {
    this.inner.setProtocolVersion?.(version);
  }

  async start(): Promise<void> {
    this.inner.onmessage = (message, extra) => {
      const m = message as Record<string, unknown>;
      const id = typeof m.id === 'string' ? m.id : undefined;
      const resolve = id !== undefined && !('method' in m) ? this.pending.get(id) : undefined;
      if (resolve) {
        this.pending.delete(id!);
        resolve(m);
        return;
      }
      if (m.method === 'notifications/tasks') this.notified.push(m.params as Record<string, unknown>);
      this.onmessage?.(message, extra);
    };
    this.inner.onerror = (e) => this.onerror?.(e);
    this.inner.onclose = () => {
      for (const resolve of this.pending.values()) resolve({ error: { code: -32000, message: 'connection closed' } });
      this.pending.clear();
      this.onclose?.();
    };
    await this.inner.start();
  }

  send(message: JSONRPCMessage, options?: TransportSendOptions): Promise<void> {
    return this.inner.send(message, options);
  }

  close(): Promise<void> {
    return this.inner.close();
  }

  readonly dispatch: RawClientDispatch = async (request, options) => {
    const id = `ext-tasks-${++this.next}`;
    const body = { jsonrpc: '2.0', id, ...(request as Record<string, unknown>) } as JSONRPCMessage;
    const method = String((request as { method?: unknown }).method);
    const answered = new Promise<Record<string, unknown>>((resolve, reject) => {
      this.pending.set(id, resolve);
      options?.signal?.addEventListener('abort', () => {
        this.pending.delete(id);
        reject(options.signal!.reason instanceof Error ? options.signal!.reason : new Error('aborted'));
      }, { once: true });
    });
    try {
      await this.inner.send(body, options?.signal ? { requestSignal: options.signal } : undefined);
    } catch (err) {
      this.pending.delete(id);
      throw err;
    }
    const m = await answered;
    const result = m.result as Record<string, unknown> | undefined;
    this.exchanges.push({ method, status: typeof result?.status === 'string' ? result.status : undefined, error: m.error });
    return (m.error !== undefined ? { kind: 'error', error: m.error } : { kind: 'result', result: m.result }) as JsonRpcResponse;
  };
}

interface Conn {
  client: Client;
  transport: CoordinatedTransport;
  session: TaskEnabledSession;
  /** What the library handed the application's input handler, in order. */
  asked: ApplicationInputRequest[];
  errors: Error[];
  close(): Promise<void>;
}

/**
 * The fixture's tools, declared by the host: the library would otherwise list them, and the SDK
 * client rejects the fixture's 2026 tools/list result (no `ttlMs` / `cacheScope`).
 */
const TOOLS = new Map([
  ['task', toolDeclaration({ name: 'task', inputSchema: { type: 'object', properties: { rounds: { type: 'array' }, notify: { type: 'boolean' } }, required: ['rounds'] }, taskSupport: 'required' })],
  ['log', toolDeclaration({ name: 'log', inputSchema: { type: 'object' } })],
]);
const CLIENT_INFO = { name: 'ext-tasks-client', version: '1.0.0' };
const CLIENT_CAPS = { sampling: {}, elicitation: { form: {} }, roots: {} };
const SAMPLED = { model: 'client-model', role: 'assistant', content: { type: 'text', text: 'hello from the client' } } as const;
const ELICITED = { action: 'accept', content: { name: 'Ada' } } as const;
const ROOTS = { roots: [{ uri: 'file:///projects/secret', name: 'secret' }] };

let gate: RunningGate;
let tasksHttp: { proc: ChildProcess; url: string };

beforeAll(async () => {
  tasksHttp = await startTasksServerHttp();
  gate = await startGate(tempDataDir(config(tasksHttp.url)));
});

afterAll(async () => {
  await gate?.stop();
  gate?.remove();
  tasksHttp?.proc.kill();
});

/** `id`: a server of the gate's; `direct`: the fixture itself, no gate (the control). */
async function connect(via: Via, id: string, direct = false): Promise<Conn> {
  let inner: Transport;
  if (direct) inner = via === 'stdio' ? new StdioClientTransport({ command: node22(), args: [TASKS_SERVER] }) : new StreamableHTTPClientTransport(new URL(tasksHttp.url));
  else
    inner =
      via === 'stdio'
        ? new StdioClientTransport({ command: node22(), args: [GATE_BIN, 'connect', id, '--data-dir', gate.dataDir] })
        : new StreamableHTTPClientTransport(new URL(gate.mcpUrl(id)), { requestInit: { headers: { Authorization: `Bearer ${gate.token}` } } });
  const transport = new CoordinatedTransport(inner);
  const client = new Client(CLIENT_INFO, { capabilities: CLIENT_CAPS });
  // The fixture has no server/discover: the verdict a discover would have given, adopted as a prior.
  await client.connect(transport, { prior: { kind: 'modern', discover: { supportedVersions: [ERA], capabilities: { tools: {}, extensions: { [EXT]: {} } } } } });
  const asked: ApplicationInputRequest[] = [];
  const errors: Error[] = [];
  const session = createTaskSessionFromClient(client, {
    endpointId: `sampling-gate/${id}`,
    tools: { currentTool: (name) => TOOLS.get(name) },
    rawDispatch: transport.dispatch,
    v2RequestFraming: { protocolVersion: ERA, clientInfo: CLIENT_INFO, clientCapabilities: CLIENT_CAPS },
    onError: (e) => errors.push(e),
    onInputRequest: async (request) => {
      asked.push(request);
      if (request.kind === 'sampling') return SAMPLED as never;
      if (request.kind === 'elicitation') return ELICITED as never;
      return ROOTS as never;
    },
  });
  expect(session.capabilities.execution).toBe(true);
  return {
    client,
    transport,
    session,
    asked,
    errors,
    async close() {
      await session.close().catch(() => undefined);
      await client.close().catch(() => undefined);
    },
  };
}

const SAMPLING_ENTRY = { method: 'sampling/createMessage', params: { messages: [{ role: 'user', content: { type: 'text', text: 'Say hello' } }], maxTokens: 20 } };
const ELICIT_ENTRY = { method: 'elicitation/create', params: { mode: 'form', message: 'Your name?', requestedSchema: { type: 'object', properties: { name: { type: 'string' } }, required: ['name'] } } };
const ROOTS_ENTRY = { method: 'roots/list', params: {} };

/**
 * A completed task's CallToolResult, accepted as the spec's own example has it (tasks.md: `result`
 * with `content` and no `resultType`, which is what the fixture sends): the library's default
 * codec (CallToolResultV2Schema) requires `resultType: "complete"` on it.
 */
type ToolResult = { content: { type: string; text?: string }[]; isError?: boolean };
const TOOL_RESULT: RuntimeCodec<ToolResult> = {
  parse: (v) =>
    typeof v === 'object' && v !== null && !Array.isArray(v) && Array.isArray((v as { content?: unknown }).content)
      ? { success: true, value: v as unknown as ToolResult }
      : { success: false, error: new ProtocolDecodeError('not a CallToolResult', {}) },
};
const TASK_CALL = { task: { preference: 'require' }, resultCodec: TOOL_RESULT } as const;

const textOf = (r: unknown): string => ((r as { content?: { text?: string }[] }).content ?? []).map((c) => c.text ?? '').join('');

interface LogEntry {
  method: string;
  params: { taskId: string; inputResponses?: Record<string, unknown>; _meta?: Record<string, unknown> };
  headers: Record<string, string | undefined> | null;
}

/** What the server received for this task (the fixture's `log` tool, called through the library). */
async function serverLog(conn: Conn, taskId: string): Promise<LogEntry[]> {
  const exec = await conn.session.callTool('log', {});
  expect(exec.kind).toBe('immediate');
  const { outcome } = await exec.settle();
  if (outcome.status !== 'completed') throw new Error(`log: ${outcome.status}`);
  return (JSON.parse(textOf(outcome.result)) as LogEntry[]).filter((e) => e.params.taskId === taskId);
}

interface Row {
  id: string;
  kind: string;
  server: string;
  era: string;
  outcome: string;
  decidedBy: string | null;
  response: unknown;
  request: unknown;
}

async function pendingFrom(server: string, kind: string): Promise<{ id: string; kind: string; request: unknown }> {
  return waitFor(async () => (await gate.json<{ id: string; kind: string; server: string; request: unknown }[]>('pending')).find((p) => p.server === server && p.kind === kind), `a pending ${kind} from ${server}`, 10_000);
}

async function rowOf(kind: string, server: string, pred: (r: Row) => boolean = () => true): Promise<Row> {
  return waitFor(async () => (await gate.json<Row[]>('history', '--kind', kind, '--server', server, '--limit', '20')).find((r) => r.outcome !== 'pending' && pred(r)), `a settled ${kind} row of ${server}`, 10_000);
}

/** How many tasks/get answers the library has had so far. */
const polls = (c: Conn) => c.transport.exchanges.filter((e) => e.method === 'tasks/get').length;

describe.each(ROUTES)('ext-tasks client over %s to a %s server', (via, target) => {
  // Over stdio the server can also push each change as notifications/tasks on the pipe, which the
  // library reads like a tasks/get result: the gate must hold what those carry too.
  const pushes = via === 'stdio' ? [false, true] : [false];
  it.each(pushes)('sampling with trust ask (notifications/tasks pushed: %s): the handler is not called until approved; then its answer reaches the server', { timeout: TEST_MS }, async (notify) => {
    const id = serverId(target, 'ask');
    const conn = await connect(via, id);
    try {
      const exec = await conn.session.callTool('task', { rounds: [{ s: SAMPLING_ENTRY }], notify }, TASK_CALL);
      expect(exec.kind).toBe('task');
      if (exec.kind !== 'task') return;
      const taskId = exec.handle.taskId;
      const settled = exec.settle();
      const p = await pendingFrom(id, 'sampling');
      // The library keeps polling while the gate holds the entry; it sees no input request.
      const before = polls(conn);
      await waitFor(async () => (polls(conn) >= before + 3 ? true : undefined), 'three more polls while held', 5_000);
      expect(conn.asked).toHaveLength(0);
      const whileHeld = conn.transport.exchanges.filter((e) => e.method === 'tasks/get').slice(before);
      expect(whileHeld.every((e) => e.status === 'working'), JSON.stringify(whileHeld)).toBe(true);
      if (notify) {
        // The server announced its input_required round; what reached the client shows no entry.
        expect(conn.transport.notified.length).toBeGreaterThan(0);
        for (const n of conn.transport.notified) expect(n, JSON.stringify(n)).toMatchObject({ taskId, status: 'working' });
        expect(conn.transport.notified.some((n) => 'inputRequests' in n)).toBe(false);
      }
      expect((await serverLog(conn, taskId)).filter((e) => e.method === 'tasks/update')).toHaveLength(0);

      const ok = await gate.cli('approve', p.id);
      expect(ok.code, ok.stderr).toBe(0);
      const { outcome } = await settled;
      expect(outcome.status, JSON.stringify(outcome)).toBe('completed');
      expect(conn.asked).toEqual([{ kind: 'sampling', params: SAMPLING_ENTRY.params }]);
      if (outcome.status === 'completed') expect(JSON.parse(textOf(outcome.result))).toEqual({ s: SAMPLED });

      const updates = (await serverLog(conn, taskId)).filter((e) => e.method === 'tasks/update');
      expect(updates.map((u) => u.params.inputResponses)).toEqual([{ s: SAMPLED }]);
      if (via === 'http') expect(updates[0]!.headers).toMatchObject({ 'mcp-method': 'tasks/update', 'mcp-name': taskId, 'mcp-protocol-version': ERA });

      const row = await rowOf('sampling', id, (r) => r.id === p.id);
      expect(row).toMatchObject({ kind: 'sampling', era: ERA, outcome: 'approved', decidedBy: 'user' });
      expect(row.response).toMatchObject({ model: SAMPLED.model });
      expect(conn.errors).toEqual([]);
    } finally {
      await conn.close();
    }
  });

  it('sampling with trust deny: the task ends failed (TaskFailedError), the server gets tasks/cancel, the handler never runs', { timeout: TEST_MS }, async () => {
    const id = serverId(target, 'deny');
    const conn = await connect(via, id);
    try {
      const exec = await conn.session.callTool('task', { rounds: [{ s: SAMPLING_ENTRY }] }, TASK_CALL);
      if (exec.kind !== 'task') throw new Error('not a task');
      const taskId = exec.handle.taskId;
      const { outcome } = await exec.settle();
      expect(outcome.status, JSON.stringify(outcome)).toBe('failed');
      if (outcome.status === 'failed') {
        expect(outcome.error).toBeInstanceOf(TaskFailedError);
        expect(outcome.error.message).toMatch(/denied/);
        expect(outcome.error.data).toMatchObject({ rule: 'trust.deny' });
      }
      expect(conn.asked).toHaveLength(0);
      const log = await waitFor(async () => {
        const l = await serverLog(conn, taskId);
        return l.some((e) => e.method === 'tasks/cancel') ? l : undefined;
      }, 'the server to get tasks/cancel', 5_000);
      expect(log.filter((e) => e.method === 'tasks/update')).toHaveLength(0);
      expect(await rowOf('sampling', id)).toMatchObject({ kind: 'sampling', era: ERA, outcome: 'auto-denied' });
      expect(conn.errors).toEqual([]);
    } finally {
      await conn.close();
    }
  });

  // A terminal status never changes: the gate's `failed` view of a task it ended outlasts the
  // server's own `cancelled` (its answer to the gate's tasks/cancel), for every later poll.
  it('sampling with trust deny: the task stays failed for a later tasks/get and a resumed execution', { timeout: TEST_MS }, async () => {
    const id = serverId(target, 'deny');
    const conn = await connect(via, id);
    try {
      const exec = await conn.session.callTool('task', { rounds: [{ s: SAMPLING_ENTRY }] }, TASK_CALL);
      if (exec.kind !== 'task') throw new Error('not a task');
      const taskId = exec.handle.taskId;
      expect((await exec.settle()).outcome.status).toBe('failed');
      await waitFor(async () => ((await serverLog(conn, taskId)).some((e) => e.method === 'tasks/cancel') ? true : undefined), 'the server to get tasks/cancel', 5_000);
      expect((await conn.session.task(taskId).snapshot()).status).toBe('failed');
      const resumed = await conn.session.resumeTask({ endpointId: conn.session.endpointId, generation: 'v2', taskId, originalOperation: 'tools/call' }, { resultCodec: TOOL_RESULT });
      expect((await resumed.settle()).outcome.status).toBe('failed');
    } finally {
      await conn.close();
    }
  });

  it('elicitation with trust trust: shown to the client after the auto-approval, its answer reaches the server', { timeout: TEST_MS }, async () => {
    const id = serverId(target, 'elicit');
    const conn = await connect(via, id);
    try {
      const exec = await conn.session.callTool('task', { rounds: [{ e: ELICIT_ENTRY }] }, TASK_CALL);
      if (exec.kind !== 'task') throw new Error('not a task');
      const taskId = exec.handle.taskId;
      const { outcome } = await exec.settle();
      expect(outcome.status, JSON.stringify(outcome)).toBe('completed');
      if (outcome.status === 'completed') expect(JSON.parse(textOf(outcome.result))).toEqual({ e: ELICITED });
      expect(conn.asked).toEqual([{ kind: 'elicitation', params: ELICIT_ENTRY.params }]);
      const updates = (await serverLog(conn, taskId)).filter((e) => e.method === 'tasks/update');
      expect(updates.map((u) => u.params.inputResponses)).toEqual([{ e: ELICITED }]);
      expect(await rowOf('elicitation', id)).toMatchObject({ kind: 'elicitation', era: ERA, outcome: 'auto-approved', response: ELICITED });
      expect(conn.errors).toEqual([]);
    } finally {
      await conn.close();
    }
  });

  it('one round, two entries: the client answers the elicitation while the sampling entry is still held, then the sampling once approved', { timeout: TEST_MS }, async () => {
    const id = serverId(target, 'mixed');
    const conn = await connect(via, id);
    try {
      const exec = await conn.session.callTool('task', { rounds: [{ s: SAMPLING_ENTRY, e: ELICIT_ENTRY }] }, TASK_CALL);
      if (exec.kind !== 'task') throw new Error('not a task');
      const taskId = exec.handle.taskId;
      const settled = exec.settle();
      const p = await pendingFrom(id, 'sampling');
      await waitFor(async () => (conn.asked.length > 0 ? true : undefined), 'the elicitation to reach the handler', 5_000);
      const before = polls(conn);
      await waitFor(async () => (polls(conn) >= before + 3 ? true : undefined), 'three more polls while held', 5_000);
      expect(conn.asked).toEqual([{ kind: 'elicitation', params: ELICIT_ENTRY.params }]);
      // The server has the elicitation's answer and nothing for the sampling entry.
      expect((await serverLog(conn, taskId)).filter((e) => e.method === 'tasks/update').map((u) => u.params.inputResponses)).toEqual([{ e: ELICITED }]);

      expect((await gate.cli('approve', p.id)).code).toBe(0);
      const { outcome } = await settled;
      expect(outcome.status, JSON.stringify(outcome)).toBe('completed');
      if (outcome.status === 'completed') expect(JSON.parse(textOf(outcome.result))).toEqual({ e: ELICITED, s: SAMPLED });
      expect(conn.asked).toEqual([
        { kind: 'elicitation', params: ELICIT_ENTRY.params },
        { kind: 'sampling', params: SAMPLING_ENTRY.params },
      ]);
      expect((await serverLog(conn, taskId)).filter((e) => e.method === 'tasks/update').map((u) => u.params.inputResponses)).toEqual([{ e: ELICITED }, { s: SAMPLED }]);
      expect(conn.errors).toEqual([]);
    } finally {
      await conn.close();
    }
  });

  it('the client cancels a task whose sampling entry is held: the library reports it cancelled, the server gets tasks/cancel, the hold ends', { timeout: TEST_MS }, async () => {
    const id = serverId(target, 'cancel');
    const conn = await connect(via, id);
    try {
      const exec = await conn.session.callTool('task', { rounds: [{ s: SAMPLING_ENTRY }] }, TASK_CALL);
      if (exec.kind !== 'task') throw new Error('not a task');
      const taskId = exec.handle.taskId;
      const settled = exec.settle();
      const p = await pendingFrom(id, 'sampling');
      await exec.cancel();
      const { outcome } = await settled;
      expect(outcome.status).toBe('cancelled');
      expect(conn.asked).toHaveLength(0);
      expect((await serverLog(conn, taskId)).map((e) => e.method)).toEqual(['tasks/cancel']);
      await waitFor(async () => ((await gate.json<{ id: string }[]>('pending')).some((x) => x.id === p.id) ? undefined : true), 'the held entry to leave pending', 5_000);
      expect(await rowOf('sampling', id, (r) => r.id === p.id)).toMatchObject({ kind: 'sampling', outcome: 'cancelled' });
    } finally {
      await conn.close();
    }
  });

  it('roots with trust deny: the server gets an empty list from the gate, the handler never runs', { timeout: TEST_MS }, async () => {
    const id = serverId(target, 'noroots');
    const conn = await connect(via, id);
    try {
      const exec = await conn.session.callTool('task', { rounds: [{ r: ROOTS_ENTRY }] }, TASK_CALL);
      if (exec.kind !== 'task') throw new Error('not a task');
      const taskId = exec.handle.taskId;
      const { outcome } = await exec.settle();
      expect(outcome.status, JSON.stringify(outcome)).toBe('completed');
      if (outcome.status === 'completed') expect(JSON.parse(textOf(outcome.result))).toEqual({ r: { roots: [] } });
      expect(conn.asked).toHaveLength(0);
      // The one tasks/update the server got is the gate's own.
      const updates = (await serverLog(conn, taskId)).filter((e) => e.method === 'tasks/update');
      expect(updates.map((u) => u.params.inputResponses)).toEqual([{ r: { roots: [] } }]);
      expect(await rowOf('roots', id)).toMatchObject({ kind: 'roots', era: ERA, outcome: 'auto-denied' });
      expect(conn.errors).toEqual([]);
    } finally {
      await conn.close();
    }
  });
});

describe('ext-tasks client over http to a command server', () => {
  it('is not offered the tasks extension (each exchange has a process of its own): the server refuses the task tool with -32021', { timeout: TEST_MS }, async () => {
    const conn = await connect('http', serverId('command', 'ask'));
    try {
      const call = conn.session.callTool('task', { rounds: [{ s: SAMPLING_ENTRY }] }, TASK_CALL);
      await expect(call).rejects.toBeInstanceOf(JsonRpcResponseError);
      await expect(call).rejects.toMatchObject({ code: -32021 });
      expect(conn.asked).toHaveLength(0);
    } finally {
      await conn.close();
    }
  });
});

describe.each(ROUTES)('control: the same client over %s straight to the server (no gate)', (via) => {
  it('is handed the sampling entry at once and answers it: what the gate tests above hold would reach it unheld', { timeout: TEST_MS }, async () => {
    const conn = await connect(via, 'direct', true);
    try {
      const exec = await conn.session.callTool('task', { rounds: [{ s: SAMPLING_ENTRY }, { r: ROOTS_ENTRY }] }, TASK_CALL);
      if (exec.kind !== 'task') throw new Error('not a task');
      const { outcome } = await exec.settle();
      expect(outcome.status, JSON.stringify(outcome)).toBe('completed');
      expect(conn.asked).toEqual([
        { kind: 'sampling', params: SAMPLING_ENTRY.params },
        { kind: 'roots', params: ROOTS_ENTRY.params },
      ]);
      if (outcome.status === 'completed') expect(JSON.parse(textOf(outcome.result))).toEqual({ s: SAMPLED, r: ROOTS });
      expect(conn.transport.exchanges.some((e) => e.method === 'tasks/get' && e.status === 'input_required')).toBe(true);
    } finally {
      await conn.close();
    }
  });
});
