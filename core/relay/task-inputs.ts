/**
 * The tasks extension (`io.modelcontextprotocol/tasks`, 2026-07-28; modelcontextprotocol/ext-tasks):
 * a `tools/call` may become a task, and while it is `input_required` its `tasks/get` results (and
 * `notifications/tasks`) carry `inputRequests` — sampling, elicitation, roots — that the client
 * answers with `tasks/update`. The spec says a client MUST treat each entry as the equivalent
 * standalone request; so does the gate. Every entry goes through the hold (via `task`), once: keys
 * are unique over a task's life, so a key seen on an earlier poll is not held again.
 *
 * What the client sees of a task while the gate holds its entries: only the entries it answers
 * (with the params as approved); a task whose every outstanding entry is the gate's shows as
 * `working`. What the gate answers itself — its own form, its provider, a refusal's entry (a
 * decline, an empty roots list) — it sends to the server with its own `tasks/update`. A refused
 * entry without an answer of its own (sampling) ends the task: the gate cancels it on the server,
 * and the client sees it `failed` with the refusal. The client's `tasks/update` is checked entry by
 * entry before the server sees it (answers to entries it was never shown are dropped); its
 * `tasks/cancel`, and a task that ends, cancel the entries still held.
 *
 * Tasks are found by (server, taskId) from any session or stateless exchange, so their state lives
 * beside the sessions, like the 2026 rounds (input-rounds.ts).
 */
import { randomUUID } from 'node:crypto';
import type { HoldKind } from '../../shared/types.js';
import { Cancellation } from '../hold/cancellation.js';
import type { ClientCaps } from '../hold/client-caps.js';
import type { Hold } from '../hold/hold.js';
import type { Completion, HoldRequest, Refusal } from '../hold/types.js';
import type { Logger } from '../log.js';

export type Msg = Record<string, unknown> & { jsonrpc: '2.0' };
/** The gate's own request to the server that runs the task (tasks/update, tasks/cancel); resolves with its answer. */
export type SendToServer = (m: Msg) => Promise<Msg | null>;

const ERA = '2026-07-28';
const TERMINAL = new Set(['completed', 'failed', 'cancelled']);
/** Tasks followed at once (beyond, the least recently seen is forgotten: its holds cancelled). */
const MAX_TASKS = 10_000;
/** A task not seen this long is forgotten the same way (a client that stopped polling). */
const IDLE_MS = 2 * 60 * 60 * 1000;

interface Entry {
  kind: HoldKind | null;
  /** holding: in the hold; client: shown to the client, its answer awaited; done: answered or dropped. */
  state: 'holding' | 'client' | 'done';
  /** What the client is shown (the params as approved). */
  request?: Record<string, unknown>;
  eventId?: string;
  req?: HoldRequest;
}

interface TaskState {
  serverId: string;
  taskId: string;
  entries: Map<string, Entry>;
  controller: AbortController;
  /** How the gate reaches the server: the path that saw the task last. */
  send: SendToServer;
  /** The envelope of the client's latest request, for the gate's own (protocol version, capabilities). */
  meta: unknown;
  /** Set when the gate ended the task (a refused entry that has no answer of its own). */
  failed?: Refusal;
  seen: number;
}

const tasks = new Map<string, TaskState>();

export interface TaskContext {
  serverId: string;
  sessionId: string;
  hold: Hold;
  log: Logger;
  send: SendToServer;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const keyOf = (serverId: string, taskId: string): string => `${serverId}\u0000${taskId}`;

/**
 * A task's state as the server reports it (a tasks/get result, a notifications/tasks' params):
 * what the client may see of it. New entries go to the hold; the rest is decided by what the hold
 * made of them.
 */
export function taskView(detailed: Record<string, unknown>, ctx: TaskContext, client: ClientCaps, meta: unknown): Record<string, unknown> {
  const taskId = detailed.taskId;
  if (typeof taskId !== 'string') return detailed;
  const key = keyOf(ctx.serverId, taskId);
  let st = tasks.get(key);
  if (TERMINAL.has(String(detailed.status))) {
    if (!st) return detailed;
    // A task the gate failed stays failed (no status leaves a terminal one): its record is kept,
    // holds stopped, for every later poll; the rest are forgotten.
    if (st.failed) {
      st.controller.abort(new Cancellation('server', `the task ended (${String(detailed.status)})`));
      st.seen = Date.now();
      return failedView(detailed, st.failed);
    }
    end(key, st, new Cancellation('server', `the task ended (${String(detailed.status)})`));
    return detailed;
  }
  const inputRequests = detailed.status === 'input_required' && isRecord(detailed.inputRequests) ? detailed.inputRequests : null;
  if (!st && !inputRequests) return detailed;
  if (!st) st = track(key, ctx.serverId, taskId, ctx.send, meta);
  st.send = ctx.send;
  st.meta = meta ?? st.meta;
  st.seen = Date.now();
  if (inputRequests) {
    for (const [k, request] of Object.entries(inputRequests)) if (!st.entries.has(k)) admitEntry(st, k, request, ctx, client);
  }
  if (st.failed) return failedView(detailed, st.failed);
  const visible = Object.fromEntries([...st.entries].filter(([, e]) => e.state === 'client' && e.request).map(([k, e]) => [k, e.request!]));
  const { inputRequests: _all, ...rest } = detailed;
  if (Object.keys(visible).length > 0) return { ...rest, status: 'input_required', inputRequests: visible };
  if (detailed.status !== 'input_required') return rest;
  const waiting = [...st.entries.values()].some((e) => e.state === 'holding');
  return { ...rest, status: 'working', statusMessage: waiting ? 'Sampling Gate is holding this task\'s input requests for review' : 'Sampling Gate answered this task\'s input requests' };
}

/**
 * The client's tasks/update: each answer to an entry it was shown is checked by the hold (a
 * client's answer to an elicitation against its form, roots filtered …); answers to entries it
 * was not shown are dropped. Resolves with the params to forward, or null when nothing is left.
 */
export async function checkUpdate(params: Record<string, unknown>, ctx: TaskContext): Promise<Record<string, unknown> | null> {
  const taskId = params.taskId;
  const responses = params.inputResponses;
  if (typeof taskId !== 'string' || !isRecord(responses)) return params;
  const st = tasks.get(keyOf(ctx.serverId, taskId));
  const checked: Record<string, unknown> = {};
  for (const [k, answer] of Object.entries(responses)) {
    const e = st?.entries.get(k);
    if (!e || e.state !== 'client') {
      ctx.log.info(`[${ctx.serverId}] task ${taskId.slice(0, 40)}: dropped the client's answer to "${k.slice(0, 80)}", an input request the gate did not show it`);
      continue;
    }
    e.state = 'done';
    if (!e.kind || !e.eventId || !e.req) {
      checked[k] = answer; // an entry the policy relays unexamined (allowServerMethods)
      continue;
    }
    const completion = await ctx.hold.complete(e.eventId, { ...e.req, sessionId: ctx.sessionId }, { result: answer });
    if (completion.kind === 'result') checked[k] = completion.result;
    else if (completion.kind === 'refuse') {
      const entry = ctx.hold.kind(e.kind).refusedEntry(completion.refusal);
      if (entry) checked[k] = entry;
      else fail(st!, completion.refusal, ctx.log);
    }
  }
  return Object.keys(checked).length > 0 ? { ...params, inputResponses: checked } : null;
}

/** The client cancelled the task: what the gate still holds for it stops. */
export function cancelTask(serverId: string, taskId: unknown): void {
  if (typeof taskId !== 'string') return;
  const key = keyOf(serverId, taskId);
  const st = tasks.get(key);
  if (st?.failed) return; // already ended by the gate: it stays failed
  if (st) end(key, st, new Cancellation('client', 'the client cancelled the task'));
}

function track(key: string, serverId: string, taskId: string, send: SendToServer, meta: unknown): TaskState {
  const now = Date.now();
  for (const [k, st] of tasks) if (now - st.seen > IDLE_MS) end(k, st, new Cancellation('client', 'the client stopped following the task'));
  if (tasks.size >= MAX_TASKS) {
    const [oldest, st] = tasks.entries().next().value!;
    end(oldest, st, new Cancellation('gate', 'too many tasks followed at once'));
  }
  const st: TaskState = { serverId, taskId, entries: new Map(), controller: new AbortController(), send, meta, seen: now };
  tasks.set(key, st);
  return st;
}

function end(key: string, st: TaskState, cause: Cancellation): void {
  tasks.delete(key);
  st.controller.abort(cause);
}

/** One new entry: into the hold, in the background (the client keeps polling meanwhile). */
function admitEntry(st: TaskState, k: string, request: unknown, ctx: TaskContext, client: ClientCaps): void {
  const method = isRecord(request) ? request.method : undefined;
  const kind = ctx.hold.kindOf(method);
  if (!kind) {
    if (typeof method === 'string' && ctx.hold.relays(ctx.serverId, method)) {
      st.entries.set(k, { kind: null, state: 'client', request: request as Record<string, unknown> });
      return;
    }
    st.entries.set(k, { kind: null, state: 'done' });
    const reason = `input request "${k}" has ${typeof method === 'string' ? `method "${method.slice(0, 200)}"` : 'no method'}, which the gate does not hold or relay (allowServerMethods)`;
    fail(st, { code: -32601, message: `Method not found: ${reason}`, data: { reason, rule: 'gate.unknown-input-request', eventId: '' } }, ctx.log);
    return;
  }
  const entry: Entry = { kind: kind.name, state: 'holding' };
  st.entries.set(k, entry);
  const req: HoldRequest = { kind: kind.name, serverId: st.serverId, sessionId: ctx.sessionId, era: ERA, params: (request as Record<string, unknown>).params, client, signal: st.controller.signal, via: 'task' };
  void settleEntry(st, k, entry, req, request as Record<string, unknown>, ctx).catch((err: Error) => {
    ctx.log.error(`[${st.serverId}] task input "${k}" failed`, { error: err });
    entry.state = 'done';
  });
}

async function settleEntry(st: TaskState, k: string, entry: Entry, req: HoldRequest, request: Record<string, unknown>, ctx: TaskContext): Promise<void> {
  const { hold } = ctx;
  const a = await hold.admit(req);
  let done: Completion;
  switch (a.kind) {
    case 'cancelled':
      entry.state = 'done';
      return;
    case 'forward':
      if (!a.answer) {
        // The client answers it: shown on its next poll, with the params as approved.
        Object.assign(entry, { state: 'client', request: { ...request, params: a.params }, eventId: a.eventId, req });
        return;
      }
      done = await hold.provide(a.eventId, req, a.answer, a.params);
      break;
    case 'answered':
      done = await hold.answered(a.eventId, req, a.result);
      break;
    case 'refuse':
      done = { kind: 'refuse', refusal: a.refusal };
      break;
  }
  entry.state = 'done';
  if (done.kind === 'cancelled') return;
  const result = done.kind === 'result' ? done.result : hold.kind(req.kind).refusedEntry(done.refusal);
  if (!result) return fail(st, (done as { refusal: Refusal }).refusal, ctx.log);
  await update(st, { [k]: result }, ctx.log);
}

/** The gate's own tasks/update, with what it answered itself. */
async function update(st: TaskState, inputResponses: Record<string, unknown>, log: Logger): Promise<void> {
  if (st.controller.signal.aborted) return;
  const answer = await st.send(gateRequest('tasks/update', { taskId: st.taskId, inputResponses }, st.meta)).catch((err: Error) => {
    log.warn(`[${st.serverId}] the gate's tasks/update for task ${st.taskId.slice(0, 40)} failed: ${err.message}`);
    return null;
  });
  if (answer && 'error' in answer) log.warn(`[${st.serverId}] the server refused the gate's tasks/update for task ${st.taskId.slice(0, 40)}: ${JSON.stringify(answer.error).slice(0, 200)}`);
}

/** A refused entry the server cannot be told about (sampling): the task ends, and the client learns why. */
function fail(st: TaskState, refusal: Refusal, log: Logger): void {
  if (st.failed) return;
  st.failed = refusal;
  log.info(`[${st.serverId}] task ${st.taskId.slice(0, 40)} stopped: ${refusal.message}`);
  for (const e of st.entries.values()) if (e.state === 'client') e.state = 'done';
  void st.send(gateRequest('tasks/cancel', { taskId: st.taskId }, st.meta)).catch(() => null);
}

function failedView(detailed: Record<string, unknown>, refusal: Refusal): Record<string, unknown> {
  const { inputRequests: _gone, result: _result, ...rest } = detailed;
  return { ...rest, status: 'failed', statusMessage: `Sampling Gate stopped this task: ${refusal.message}`, error: { code: refusal.code, message: refusal.message, data: refusal.data } };
}

function gateRequest(method: string, params: Record<string, unknown>, meta: unknown): Msg {
  return { jsonrpc: '2.0', id: `sampling-gate-${randomUUID()}`, method, params: isRecord(meta) ? { ...params, _meta: meta } : params };
}

/** Whether a response id is one of the gate's own requests (its answer never goes to the client). */
export function isGateRequestId(id: unknown): boolean {
  return typeof id === 'string' && id.startsWith('sampling-gate-');
}
