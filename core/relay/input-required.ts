/**
 * The 2026-07-28 path (docs/era-2026.md). A server no longer sends requests to the client; it
 * answers `tools/call`, `prompts/get` or `resources/read` with
 *   {resultType: "input_required", inputRequests: {<key>: {method, params}}, requestState?}
 * and the client retries the same call with `params.inputResponses: {<key>: result}` and the
 * `requestState` echoed byte for byte.
 *
 * The gate holds such a result before the client sees it: every entry of a kind the gate holds
 * (sampling, elicitation) goes through the same hold as its 2025-era request (core/hold: validate →
 * policy → human → history, era recorded as 2026-07-28). Then, entry by entry:
 * - the client answers it: the client gets the entry (with the params as approved or edited), and
 *   its answer on the retry is checked before the server sees it;
 * - the gate answers it: its provider (sampling), the user's own form (elicitation), or — refused —
 *   the kind's refusal entry (elicitation: `decline`); merged into the retry;
 * - a refused request whose kind has no refusal entry (sampling) fails the whole call: the client
 *   gets a tool error naming the refusal (a JSON-RPC error for prompts/get and resources/read) and
 *   the server is never given an answer.
 * When the gate has answered every entry, it retries the call itself and the client sees only the
 * final result. Rounds and the sealed requestState that finds them again: input-rounds.ts.
 *
 * All retry logic lives here; RelaySession (stdio and stateful HTTP) and the stateless HTTP
 * exchange (era2026-http.ts) both call `InputRequiredInterceptor`.
 */
import type { Logger } from '../log.js';
import { Cancellation } from '../hold/cancellation.js';
import { clientCapsFrom, type ClientCaps } from '../hold/client-caps.js';
import type { Hold } from '../hold/hold.js';
import type { Admission, Completion, HoldRequest, Refusal } from '../hold/types.js';
import type { HoldKind } from '../../shared/types.js';
import { looksSealed, openRound, sealState, takeRound, unsealState, type Round } from './input-rounds.js';
import { cancelTask, checkUpdate, taskView, type SendToServer, type TaskContext } from './task-inputs.js';

export const ERA_2026 = '2026-07-28';
/**
 * Rounds the gate answers itself within one client request before it stops retrying: a server that
 * asks again after every answer (a decline, say) must not loop the gate against itself.
 */
export const MAX_GATE_ROUNDS = 8;
export const PROTOCOL_VERSION_META = 'io.modelcontextprotocol/protocolVersion';
export const CLIENT_CAPABILITIES_META = 'io.modelcontextprotocol/clientCapabilities';
/** The tasks extension (2026): offered to servers only where the gate can hold its input requests (task-inputs.ts). */
const TASKS_EXTENSION = 'io.modelcontextprotocol/tasks';

export type Msg = Record<string, unknown> & { jsonrpc: '2.0' };
export type Routed = { to: 'server' | 'client'; message: Msg } | { to: 'nowhere' };
type Id = string | number;

/** The 2026 era is per request: a request carrying the `_meta` protocol-version claim is modern. */
export function modernClaim(m: Msg): string | undefined {
  const meta = paramsOf(m)?._meta;
  const v = isRecord(meta) ? meta[PROTOCOL_VERSION_META] : undefined;
  return typeof v === 'string' ? v : undefined;
}

/** What the request's `_meta` envelope says the client can do. */
function declaredCapabilities(m: Msg): Record<string, unknown> {
  const meta = paramsOf(m)?._meta;
  const caps = isRecord(meta) ? meta[CLIENT_CAPABILITIES_META] : undefined;
  return isRecord(caps) ? caps : {};
}

export interface InterceptorContext {
  serverId: string;
  sessionId: string;
  hold: Hold;
  log: Logger;
  /** Told when a held request arrives (the servers view shows the last one). */
  onSamplingRequest?: () => void;
  /**
   * How the gate sends its own requests to the server (a task's tasks/update and tasks/cancel).
   * Without it (a stateless exchange with a process of its own) the tasks extension is not offered.
   */
  send?: SendToServer;
}

interface Tracked {
  method: string;
  /** The request's params, for the retry the gate makes itself when it answered everything. */
  params: Record<string, unknown> | undefined;
  client: ClientCaps;
  /** Aborted when the client cancels this request or the session ends. */
  controller: AbortController;
  /** A retry: the events whose answers it carries to the server, failed if the server rejects it. */
  completed?: string[];
  /** Retries the gate made itself for this request (MAX_GATE_ROUNDS). */
  gateRounds: number;
}

/** One held entry of an input_required result, with what the hold made of it. */
interface Entry {
  key: string;
  req: HoldRequest;
  admission: Admission;
}

/**
 * One per client session (or stateless exchange). Both hooks return null for traffic that is not
 * theirs — the caller relays it unchanged and in order — or a promise of where the message goes.
 */
export class InputRequiredInterceptor {
  /**
   * Modern client requests, by JSON-RPC id, until the server answers them. Every method is tracked,
   * not only the three the spec lets carry input_required (tools/call, prompts/get,
   * resources/read): a server breaking that rule must not get an input request past the gate.
   */
  private readonly requests = new Map<string, Tracked>();
  /** The latest modern request's capabilities and envelope (a task notification has none of its own). */
  private lastClient: ClientCaps = clientCapsFrom({});
  private lastMeta: unknown = undefined;
  private closed = false;
  private closedBy = new Cancellation('gate', 'the session ended');
  /** Aborted on close: what a kind waits on outside a request of its own stops. */
  private readonly exchangeSignal = new AbortController();

  constructor(private readonly ctx: InterceptorContext) {}

  fromClient(m: Msg): Promise<Routed> | null {
    if (typeof m.method !== 'string' || !('id' in m) || modernClaim(m) === undefined) return null;
    const controller = new AbortController();
    if (this.closed) controller.abort(this.closedBy);
    const declared = declaredCapabilities(m);
    const client = clientCapsFrom(declared);
    this.lastClient = client;
    const out = this.advertise(m, client, declared);
    this.lastMeta = paramsOf(out)?._meta;
    this.requests.set(idKey(m.id as Id), { method: m.method, params: paramsOf(out), client, controller, gateRounds: 0 });
    if (m.method === 'tasks/update' && this.ctx.send) return this.taskUpdate(out);
    if (m.method === 'tasks/cancel') cancelTask(this.ctx.serverId, paramsOf(out)?.taskId);
    const sealed = unsealState(paramsOf(out)?.requestState);
    if (sealed) return this.retry(out, sealed, controller.signal);
    return out === m ? null : Promise.resolve({ to: 'server', message: out });
  }

  /** The client's tasks/update: its answers checked by the hold; none left, and the gate acknowledges it itself. */
  private async taskUpdate(m: Msg): Promise<Routed> {
    const params = await checkUpdate(paramsOf(m) ?? {}, this.taskContext());
    if (params) return { to: 'server', message: { ...m, params } };
    this.requests.delete(idKey(m.id as Id));
    return { to: 'client', message: { jsonrpc: '2.0', id: m.id, result: { resultType: 'complete' } } };
  }

  /** A notifications/tasks from the server: its input requests held like a tasks/get result's. */
  taskNotification(m: Msg): Msg | null {
    if (m.method !== 'notifications/tasks' || !this.ctx.send || !isRecord(m.params)) return null;
    const view = taskView(m.params, this.taskContext(), this.lastClient, this.lastMeta);
    return view === m.params ? null : { ...m, params: view };
  }

  private taskContext(): TaskContext {
    const { serverId, sessionId, hold, log, send } = this.ctx;
    return { serverId, sessionId, hold, log, send: send! };
  }

  /**
   * The 2026 era declares client capabilities per request, in `_meta`: the server must read there
   * what the gate honours for each kind — the gate's own sampling when its provider answers, the
   * gate's own elicitation when its form does — as the 2025 era's initialize tells it. What the
   * client declared is kept for the policy. The message is left as is when nothing changes.
   */
  private advertise(m: Msg, client: ClientCaps, declared: Record<string, unknown>): Msg {
    const params = paramsOf(m);
    const meta = params?._meta;
    if (!isRecord(meta)) return m;
    const advertised = this.ctx.hold.advertiseAll(this.ctx.serverId, client, declared);
    const capabilities = this.ctx.send ? advertised : withoutTasksExtension(advertised);
    if (sameJson(capabilities, declared)) return m;
    return { ...m, params: { ...params, _meta: { ...meta, [CLIENT_CAPABILITIES_META]: capabilities } } };
  }

  /** The client sent notifications/cancelled for `requestId`: a hold for its result ends as cancelled. */
  cancel(requestId: unknown): void {
    if (typeof requestId !== 'string' && typeof requestId !== 'number') return;
    this.requests.get(idKey(requestId))?.controller.abort(new Cancellation('client', 'client cancelled the request'));
  }

  fromServer(m: Msg): Promise<Routed> | null {
    if (!('id' in m) || !('result' in m || 'error' in m)) return null;
    const k = idKey(m.id as Id);
    const tracked = this.requests.get(k);
    if (!tracked) return null;
    if (tracked.completed && 'error' in m) this.rejected(tracked.completed, m.error);
    tracked.completed = undefined; // the server took (or refused) them: a next round is its own
    if (tracked.method === 'server/discover' && !this.ctx.send && 'result' in m && isRecord(m.result)) {
      this.requests.delete(k);
      const result = withoutTasksExtensionOffer(m.result);
      return result === m.result ? null : Promise.resolve({ to: 'client', message: { ...m, result } });
    }
    if (tracked.method === 'tasks/get' && 'result' in m && this.ctx.send && isRecord(m.result)) {
      this.requests.delete(k);
      const view = taskView(m.result, this.taskContext(), tracked.client, tracked.params?._meta);
      return view === m.result ? null : Promise.resolve({ to: 'client', message: { ...m, result: view } });
    }
    if (!('result' in m) || !hasInputRequests(m.result)) {
      this.requests.delete(k);
      return 'result' in m ? this.guardState(m) : null;
    }
    // Kept until the hold settles, so cancel() and close() can still reach it — and after, when the
    // gate retries the call itself, so the server's next answer is intercepted in turn.
    return this.holdResult(m, tracked).then(
      (routed) => {
        if (routed.to !== 'server') this.requests.delete(k);
        return routed;
      },
      (err: unknown) => {
        this.requests.delete(k);
        throw err;
      },
    );
  }

  /**
   * A server's own requestState that happens to look like a gate seal would be unsealed on the
   * retry and reach the server altered; wrap it (under a round id nothing matches) so the server
   * still gets its exact bytes back.
   */
  private guardState(m: Msg): Promise<Routed> | null {
    const result = m.result as Record<string, unknown>;
    if (result.resultType !== 'input_required' || typeof result.requestState !== 'string' || !looksSealed(result.requestState)) return null;
    return Promise.resolve({ to: 'client', message: { ...m, result: { ...result, requestState: sealState('none', result.requestState) } } });
  }

  /**
   * The server answered a retry with an error (an expired or foreign requestState, say): the
   * answers it carried were never used, and history says so rather than `approved`.
   */
  private rejected(eventIds: string[], error: unknown): void {
    const e = isRecord(error) ? error : {};
    const reason = `the server rejected the answer: ${typeof e.message === 'string' ? e.message : 'error'}${typeof e.code === 'number' ? ` (${e.code})` : ''}`;
    this.ctx.log.info(`[${this.ctx.serverId}] ${reason}`);
    for (const id of eventIds) this.ctx.hold.rejectedByServer(id, reason);
  }

  /** The session or exchange ended: holds still waiting are cancelled, nothing more is forwarded. */
  /**
   * What the kinds see besides their requests — a -32042 error's URLs (a 2025-11-25 shape a server
   * may send anyway), a URL elicitation's completion notice — as a session's relay shows them
   * (relay-session.ts): where it goes once seen, or null (relay as is). For the HTTP pass-through,
   * which has no session of its own.
   */
  seen(m: Msg): Promise<Routed> | null {
    const { serverId, sessionId, hold } = this.ctx;
    const seen = hold.seeFromServer(m, { serverId, sessionId, client: this.lastClient, signal: this.exchangeSignal.signal });
    return seen ? seen.then((message) => (message ? { to: 'client', message: message as Msg } : { to: 'nowhere' })) : null;
  }

  close(cause: Cancellation): void {
    this.closed = true;
    this.closedBy = cause;
    this.exchangeSignal.abort(cause);
    for (const t of this.requests.values()) t.controller.abort(cause);
  }

  /** Hold every entry of a kind the gate holds; then answer what the gate answers and pass the rest to the client. */
  private async holdResult(m: Msg, tracked: Tracked): Promise<Routed> {
    const result = m.result as Record<string, unknown>;
    const inputRequests = result.inputRequests as Record<string, { method: string; params?: unknown }>;
    const { hold } = this.ctx;
    this.ctx.onSamplingRequest?.();
    const entries: Entry[] = await Promise.all(
      heldKeys(result, hold).map(async ({ key, kind }) => {
        const req: HoldRequest = {
          kind,
          serverId: this.ctx.serverId,
          sessionId: this.ctx.sessionId,
          era: ERA_2026,
          params: inputRequests[key]?.params,
          client: tracked.client,
          signal: tracked.controller.signal,
          via: 'input-required',
        };
        return { key, req, admission: await hold.admit(req) };
      }),
    );

    // Refusals first: a kind with a refusal entry is answered with it (the server learns no more
    // than a decline); a refused sampling request fails the whole call.
    const provided: Record<string, unknown> = {};
    let failing: { key: string; kind: HoldKind | 'input'; refusal: Refusal } | undefined;
    for (const e of entries) {
      if (e.admission.kind !== 'refuse') continue;
      const entry = hold.kind(e.req.kind).refusedEntry(e.admission.refusal);
      if (entry) provided[e.key] = entry;
      else failing ??= { key: e.key, kind: e.req.kind, refusal: e.admission.refusal };
    }
    // An entry of a method the gate does not hold would reach the client unexamined: the call fails.
    for (const [key, request] of Object.entries(inputRequests)) {
      const method = isRecord(request) && typeof request.method === 'string' ? request.method : null;
      if (entries.some((e) => e.key === key) || (method !== null && hold.relays(this.ctx.serverId, method))) continue;
      const reason = `input request "${key}" has ${method === null ? 'no method' : `method "${method.slice(0, 200)}"`}, which the gate does not hold or relay (allowServerMethods)`;
      failing ??= { key, kind: 'input', refusal: { code: -32601, message: `Method not found: ${reason}`, data: { reason, rule: 'gate.unknown-input-request', eventId: '' } } };
    }
    const cancelled = entries.some((e) => e.admission.kind === 'cancelled');
    if (failing || cancelled) {
      for (const e of entries) {
        if (e.admission.kind === 'forward' || e.admission.kind === 'answered') hold.abandon(e.admission.eventId, 'another input request in the same result was refused', 'gate');
      }
      if (!failing) return { to: 'nowhere' }; // the session is closing: nobody to answer
      this.ctx.log.info(`[${this.ctx.serverId}] input request "${failing.key}" refused: ${failing.refusal.message}`);
      return { to: 'client', message: refusalFor(m.id as Id, tracked.method, failing.refusal, this.ctx.serverId, failing.key, failing.kind) };
    }

    // What the gate answers itself: the user's own answers, and its provider's completions.
    const answeredByGate: string[] = [];
    const completions = await Promise.all(
      entries.map(async (e): Promise<{ e: Entry; completion: Completion } | null> => {
        const a = e.admission;
        if (a.kind === 'answered') return { e, completion: await hold.answered(a.eventId, e.req, a.result) };
        if (a.kind === 'forward' && a.answer) return { e, completion: await hold.provide(a.eventId, e.req, a.answer, a.params) };
        return null;
      }),
    );
    for (const c of completions) {
      if (!c) continue;
      if (c.completion.kind === 'cancelled') return { to: 'nowhere' };
      if (c.completion.kind === 'refuse') {
        const entry = hold.kind(c.e.req.kind).refusedEntry(c.completion.refusal);
        if (!entry) {
          this.ctx.log.info(`[${this.ctx.serverId}] input request "${c.e.key}" not answered: ${c.completion.refusal.message}`);
          return { to: 'client', message: refusalFor(m.id as Id, tracked.method, c.completion.refusal, this.ctx.serverId, c.e.key, c.e.req.kind) };
        }
        provided[c.e.key] = entry;
        continue;
      }
      provided[c.e.key] = c.completion.result;
      answeredByGate.push((c.e.admission as { eventId: string }).eventId);
    }

    // What goes to the client: entries it answers (as approved), and entries the gate does not hold.
    const events: Round['events'] = new Map();
    const forClient: Record<string, unknown> = {};
    for (const [key, request] of Object.entries(inputRequests)) {
      if (Object.hasOwn(provided, key)) continue;
      const e = entries.find((x) => x.key === key);
      if (e && e.admission.kind === 'forward') {
        events.set(key, { eventId: e.admission.eventId, req: e.req });
        forClient[key] = { ...request, params: e.admission.params };
      } else if (!e) forClient[key] = request;
    }
    const original = typeof result.requestState === 'string' ? result.requestState : undefined;
    if (Object.keys(forClient).length > 0) {
      const round = openRound(this.ctx.serverId, hold, events, provided);
      return { to: 'client', message: { ...m, result: { ...result, inputRequests: forClient, requestState: sealState(round.id, original) } } };
    }
    // The gate answered everything: it retries the call itself, and the client sees only the end.
    if (++tracked.gateRounds > MAX_GATE_ROUNDS) {
      const message = `Sampling Gate stopped retrying: server "${this.ctx.serverId}" kept asking for input after ${MAX_GATE_ROUNDS} rounds the gate answered`;
      this.ctx.log.warn(`[${this.ctx.serverId}] ${message}`);
      const refusal: Refusal = { code: -32603, message, data: { reason: message, rule: 'gate.too-many-rounds', eventId: answeredByGate[0] ?? '' } };
      return { to: 'client', message: refusalFor(m.id as Id, tracked.method, refusal, this.ctx.serverId, entries[0]?.key ?? '', entries[0]?.req.kind ?? 'sampling') };
    }
    const params: Record<string, unknown> = { ...(tracked.params ?? {}), inputResponses: provided };
    if (original === undefined) delete params.requestState;
    else params.requestState = original;
    // If the server then rejects the gate's retry, these rows become `failed`, not `approved`.
    tracked.completed = answeredByGate;
    return { to: 'server', message: { jsonrpc: '2.0', id: m.id, method: tracked.method, params } };
  }

  /**
   * A retry carrying a requestState the gate sealed: put the server's own requestState back, check
   * each answer for its held event (response review included), and forward what the hold allows.
   */
  private async retry(m: Msg, sealed: { roundId: string; original: string | undefined }, signal: AbortSignal): Promise<Routed> {
    const params = { ...paramsOf(m)! };
    if (sealed.original === undefined) delete params.requestState;
    else params.requestState = sealed.original;
    const round = takeRound(sealed.roundId, this.ctx.serverId);
    if (!round) {
      // Expired, already used, or from another gate run: the server's state still goes back intact.
      return { to: 'server', message: { ...m, params } };
    }
    const responses = isRecord(params.inputResponses) || Object.keys(round.provided).length ? { ...(isRecord(params.inputResponses) ? params.inputResponses : {}), ...round.provided } : undefined;
    let refused: { key: string; kind: HoldKind; refusal: Refusal } | undefined;
    let cancelled = false;
    const completed: string[] = [];
    for (const [key, { eventId, req }] of round.events) {
      const answer = responses?.[key];
      if (answer === undefined || refused || cancelled) {
        const why = cancelled ? 'the client went away' : refused ? 'another answer in the same retry was refused' : `the client retried without an answer for "${key}"`;
        round.hold.abandon(eventId, why, 'client');
        continue;
      }
      // The retry's own session signal: the exchange that carried the request may be long gone.
      const completion = await round.hold.complete(eventId, { ...req, sessionId: this.ctx.sessionId, signal }, { result: answer });
      if (completion.kind === 'result') {
        responses![key] = completion.result;
        completed.push(eventId);
      } else if (completion.kind === 'refuse') {
        const entry = round.hold.kind(req.kind).refusedEntry(completion.refusal);
        if (entry) responses![key] = entry;
        else refused = { key, kind: req.kind, refusal: completion.refusal };
      } else cancelled = true;
    }
    if (cancelled) return { to: 'nowhere' };
    if (refused) {
      this.requests.delete(idKey(m.id as Id));
      return { to: 'client', message: refusalFor(m.id as Id, String(m.method), refused.refusal, this.ctx.serverId, refused.key, refused.kind) };
    }
    if (responses) params.inputResponses = responses;
    // What the server does with the answers decides how their rows end (fromServer).
    const tracked = this.requests.get(idKey(m.id as Id));
    if (tracked && completed.length) tracked.completed = completed;
    return { to: 'server', message: { ...m, params } };
  }
}

/** An input_required result asking for anything: every entry is held, relayed by policy, or refused. */
function hasInputRequests(result: unknown): boolean {
  return isRecord(result) && result.resultType === 'input_required' && isRecord(result.inputRequests) && Object.keys(result.inputRequests).length > 0;
}

/** Keys (and kinds) of the entries of an input_required result that the gate holds (none for any other result). */
export function heldKeys(result: unknown, hold: Hold): { key: string; kind: HoldKind }[] {
  if (!isRecord(result) || result.resultType !== 'input_required' || !isRecord(result.inputRequests)) return [];
  const out: { key: string; kind: HoldKind }[] = [];
  for (const [key, r] of Object.entries(result.inputRequests)) {
    const kind = isRecord(r) ? hold.kindOf(r.method) : undefined;
    if (kind) out.push({ key, kind: kind.name });
  }
  return out;
}

/**
 * What the client gets instead of a refused input request. tools/call has a place for a readable
 * failure — a tool error; prompts/get and resources/read only have JSON-RPC errors. 2026 clients
 * require the `resultType` discriminator on every result.
 */
export function refusalFor(id: Id, method: string, refusal: Refusal, serverId: string, key: string, kind: HoldKind | 'input'): Msg {
  const message = `Sampling Gate stopped the ${kind} request "${key}" from server "${serverId}". ${refusal.message}`;
  if (method === 'tools/call') {
    return {
      jsonrpc: '2.0',
      id,
      result: { resultType: 'complete', content: [{ type: 'text', text: message }], isError: true, _meta: { 'sampling-gate/refusal': refusal.data } },
    };
  }
  return { jsonrpc: '2.0', id, error: { code: refusal.code, message, data: refusal.data } };
}

/**
 * A server/discover result without the server's tasks extension: where the gate cannot follow a
 * task (a process per exchange) the client is not told it may ask for one.
 */
function withoutTasksExtensionOffer(result: Record<string, unknown>): Record<string, unknown> {
  const caps = result.capabilities;
  if (!isRecord(caps)) return result;
  const without = withoutTasksExtension(caps);
  return without === caps ? result : { ...result, capabilities: without };
}

/** Client capabilities without the tasks extension (its input requests would reach the client unheld). */
function withoutTasksExtension(caps: Record<string, unknown>): Record<string, unknown> {
  const ext = caps.extensions;
  if (!isRecord(ext) || !(TASKS_EXTENSION in ext)) return caps;
  const { [TASKS_EXTENSION]: _gone, ...rest } = ext;
  const { extensions: _old, ...others } = caps;
  return Object.keys(rest).length > 0 ? { ...others, extensions: rest } : others;
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function paramsOf(m: Msg): Record<string, unknown> | undefined {
  return isRecord(m.params) ? m.params : undefined;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function idKey(id: Id): string {
  return `${typeof id}:${String(id)}`;
}
