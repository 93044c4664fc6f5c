/**
 * The 2026-07-28 sampling path (docs/era-2026.md). A server no longer sends `sampling/createMessage`
 * to the client; it answers `tools/call`, `prompts/get` or `resources/read` with
 *   {resultType: "input_required", inputRequests: {<key>: {method: "sampling/createMessage", params}}, requestState?}
 * and the client retries the same call with `params.inputResponses: {<key>: CreateMessageResult}` and
 * the `requestState` echoed byte for byte.
 *
 * The gate holds such a result before the client sees it: every sampling input request in it goes
 * through the same SamplingHold as a 2025-era request (validate → policy → human → history, era
 * recorded as 2026-07-28). Approved: the client gets the result with the (edited) params. Refused:
 * the client never sees the input request; it gets a tool error naming the refusal (a JSON-RPC error
 * for prompts/get and resources/read), and the server is never sampled.
 *
 * Matching the retry, statelessly: the gate seals its round id into the `requestState` the client
 * echoes (`sg1.<round>.-` when the server sent none, `sg1.<round>.+<server's state>` otherwise), and
 * unseals it before the server sees the retry, so the server gets its own bytes back. No session
 * is needed to find the held events again — which is what the stateless 2026 HTTP era requires —
 * and two clients calling the same tool with the same keys cannot be confused.
 *
 * All retry logic lives here; RelaySession (stdio and stateful HTTP) and the stateless HTTP
 * exchange (era2026-http.ts) both call `InputRequiredInterceptor`.
 */
import { randomUUID } from 'node:crypto';
import type { Logger } from '../log.js';
import { samplingCapabilityFrom } from '../policy/capabilities.js';
import type { ClientSamplingCapability } from '../policy/types.js';
import { Cancellation } from '../sampling/cancellation.js';
import type { Admission, HoldRequest, Refusal, SamplingHold } from '../sampling/sampling-hold.js';

export const ERA_2026 = '2026-07-28';
export const PROTOCOL_VERSION_META = 'io.modelcontextprotocol/protocolVersion';
export const CLIENT_CAPABILITIES_META = 'io.modelcontextprotocol/clientCapabilities';
const SAMPLING = 'sampling/createMessage';
/** A client that never retries leaves its approved events open this long, then they are closed as cancelled. */
const ROUND_TTL_MS = 30 * 60 * 1000;

export type Msg = Record<string, unknown> & { jsonrpc: '2.0' };
export type Routed = { to: 'server' | 'client'; message: Msg } | { to: 'nowhere' };
type Id = string | number;

/** The 2026 era is per request: a request carrying the `_meta` protocol-version claim is modern. */
export function modernClaim(m: Msg): string | undefined {
  const meta = paramsOf(m)?._meta;
  const v = isRecord(meta) ? meta[PROTOCOL_VERSION_META] : undefined;
  return typeof v === 'string' ? v : undefined;
}

/** What the request's `_meta` envelope says the client can do, in the policy's terms. */
function samplingCapability(m: Msg): ClientSamplingCapability {
  const meta = paramsOf(m)?._meta;
  return samplingCapabilityFrom(isRecord(meta) ? meta[CLIENT_CAPABILITIES_META] : undefined);
}

// --- requestState sealing ---

const SEAL = 'sg1.';

export function sealState(roundId: string, original: string | undefined): string {
  return `${SEAL}${roundId}.${original === undefined ? '-' : `+${original}`}`;
}

/** The round id and the server's own requestState, or null when the value is not one the gate sealed. */
export function unsealState(value: unknown): { roundId: string; original: string | undefined } | null {
  if (typeof value !== 'string' || !value.startsWith(SEAL)) return null;
  const dot = value.indexOf('.', SEAL.length);
  if (dot < 0) return null;
  const roundId = value.slice(SEAL.length, dot);
  const flag = value[dot + 1];
  if (flag === '-' && value.length === dot + 2) return { roundId, original: undefined };
  if (flag === '+') return { roundId, original: value.slice(dot + 2) };
  return null;
}

// --- rounds awaiting the client's retry ---

interface Round {
  id: string;
  serverId: string;
  /** Input request key → the held event and the request it was admitted with. */
  events: Map<string, { eventId: string; req: HoldRequest }>;
  /** Sampling the gate already answered with its provider, merged into the client's retry. */
  provided: Record<string, unknown>;
  hold: SamplingHold;
  timer: NodeJS.Timeout;
}

/**
 * Rounds are found by the unguessable id sealed into requestState, from any session or stateless
 * exchange of the same server, so they live beside the sessions rather than inside one.
 */
const rounds = new Map<string, Round>();

function openRound(serverId: string, hold: SamplingHold, events: Round['events'], provided: Record<string, unknown> = {}): Round {
  const id = randomUUID();
  const timer = setTimeout(() => {
    if (!rounds.delete(id)) return;
    for (const { eventId } of events.values()) hold.abandon(eventId, 'the client never retried with the completion', 'client');
  }, ROUND_TTL_MS);
  timer.unref();
  const round: Round = { id, serverId, events, provided, hold, timer };
  rounds.set(id, round);
  return round;
}

function takeRound(id: string, serverId: string): Round | undefined {
  const round = rounds.get(id);
  if (!round || round.serverId !== serverId) return undefined;
  rounds.delete(id);
  clearTimeout(round.timer);
  return round;
}

/**
 * A round whose retry can no longer reach the server that asked (its process was stopped: the
 * client did not retry in time, too many rounds waited): its approved events are closed as cancelled.
 */
export function endRound(id: string, reason: string): void {
  const round = rounds.get(id);
  if (!round) return;
  rounds.delete(id);
  clearTimeout(round.timer);
  for (const { eventId } of round.events.values()) round.hold.abandon(eventId, reason, 'client');
}

// --- the interceptor ---

export interface InterceptorContext {
  serverId: string;
  sessionId: string;
  hold: SamplingHold;
  log: Logger;
  /** Told when a sampling request arrives (the servers view shows the last one). */
  onSamplingRequest?: () => void;
}

interface Tracked {
  method: string;
  /** The request's params, for the retry the gate makes itself when its provider answered everything. */
  params: Record<string, unknown> | undefined;
  client: ClientSamplingCapability;
  /** Aborted when the client cancels this request or the session ends. */
  controller: AbortController;
  /** A retry: the events whose completions it carries to the server, failed if the server rejects it. */
  completed?: string[];
}

/**
 * One per client session (or stateless exchange). Both hooks return null for traffic that is not
 * theirs — the caller relays it unchanged and in order — or a promise of where the message goes.
 */
export class InputRequiredInterceptor {
  /**
   * Modern client requests, by JSON-RPC id, until the server answers them. Every method is tracked,
   * not only the three the spec lets carry input_required (tools/call, prompts/get,
   * resources/read): a server breaking that rule must not get a sampling request past the gate.
   */
  private readonly requests = new Map<string, Tracked>();
  private closed = false;
  private closedBy = new Cancellation('gate', 'the session ended');

  constructor(private readonly ctx: InterceptorContext) {}

  fromClient(m: Msg): Promise<Routed> | null {
    if (typeof m.method !== 'string' || !('id' in m) || modernClaim(m) === undefined) return null;
    const controller = new AbortController();
    if (this.closed) controller.abort(this.closedBy);
    const client = samplingCapability(m);
    const out = this.advertise(m, client);
    this.requests.set(idKey(m.id as Id), { method: m.method, params: paramsOf(out), client, controller });
    const sealed = unsealState(paramsOf(out)?.requestState);
    if (sealed) return this.retry(out, sealed, controller.signal);
    return out === m ? null : Promise.resolve({ to: 'server', message: out });
  }

  /**
   * The 2026 era declares client capabilities per request, in `_meta`: when the gate's provider
   * answers for a client that cannot sample, the server must read `sampling` there (as the 2025
   * era's initialize says it), or it will not ask. What the client declared is kept for the policy.
   */
  private advertise(m: Msg, client: ClientSamplingCapability): Msg {
    const params = paramsOf(m);
    const meta = params?._meta;
    if (!isRecord(meta)) return m;
    const declared = isRecord(meta[CLIENT_CAPABILITIES_META]) ? (meta[CLIENT_CAPABILITIES_META] as Record<string, unknown>) : {};
    if (this.ctx.hold.route(this.ctx.serverId, client).by !== 'provider') return m;
    const sampling = this.ctx.hold.samplingToAdvertise(this.ctx.serverId, client, undefined);
    const capabilities = { ...declared, sampling };
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
    if (!('result' in m) || !samplingKeys(m.result).length) {
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
    if (result.resultType !== 'input_required' || typeof result.requestState !== 'string' || !result.requestState.startsWith(SEAL)) return null;
    return Promise.resolve({ to: 'client', message: { ...m, result: { ...result, requestState: sealState('none', result.requestState) } } });
  }

  /**
   * The server answered a retry with an error (an expired or foreign requestState, say): the
   * completions it carried were never used, and history says so rather than `approved`.
   */
  private rejected(eventIds: string[], error: unknown): void {
    const e = isRecord(error) ? error : {};
    const reason = `the server rejected the completion: ${typeof e.message === 'string' ? e.message : 'error'}${typeof e.code === 'number' ? ` (${e.code})` : ''}`;
    this.ctx.log.info(`[${this.ctx.serverId}] ${reason}`);
    for (const id of eventIds) this.ctx.hold.rejectedByServer(id, reason);
  }

  /** The session or exchange ended: holds still waiting are cancelled, nothing more is forwarded. */
  close(cause: Cancellation): void {
    this.closed = true;
    this.closedBy = cause;
    for (const t of this.requests.values()) t.controller.abort(cause);
  }

  /** Hold every sampling input request of an input_required result; the client sees it only if all are approved. */
  private async holdResult(m: Msg, tracked: Tracked): Promise<Routed> {
    const result = m.result as Record<string, unknown>;
    const inputRequests = result.inputRequests as Record<string, { method: string; params?: unknown }>;
    const keys = samplingKeys(result);
    this.ctx.onSamplingRequest?.();
    const requestFor = (key: string): HoldRequest => ({
      serverId: this.ctx.serverId,
      sessionId: this.ctx.sessionId,
      era: ERA_2026,
      params: inputRequests[key]?.params,
      client: tracked.client,
      signal: tracked.controller.signal,
    });
    const admissions = await Promise.all(
      keys.map(async (key) => {
        const req = requestFor(key);
        return { key, req, admission: await this.ctx.hold.admit(req) };
      }),
    );

    const refused = admissions.find((a) => a.admission.kind === 'refuse');
    const cancelled = admissions.find((a) => a.admission.kind === 'cancelled');
    if (refused || cancelled) {
      for (const a of admissions) {
        if (a.admission.kind === 'forward') {
          this.ctx.hold.abandon(a.admission.eventId, 'another input request in the same result was refused', 'gate');
        }
      }
      if (!refused) return { to: 'nowhere' }; // the session is closing: nobody to answer
      const refusal = (refused.admission as { refusal: Refusal }).refusal;
      this.ctx.log.info(`[${this.ctx.serverId}] input request "${refused.key}" refused: ${refusal.message}`);
      return { to: 'client', message: refusalFor(m.id as Id, tracked.method, refusal, this.ctx.serverId, refused.key) };
    }

    if (admissions.some((a) => a.admission.kind === 'forward' && a.admission.answer)) return this.answerItself(m, tracked, admissions);

    const events: Round['events'] = new Map();
    const forwarded = { ...inputRequests };
    for (const a of admissions) {
      if (a.admission.kind !== 'forward') continue;
      events.set(a.key, { eventId: a.admission.eventId, req: a.req });
      forwarded[a.key] = { ...inputRequests[a.key]!, params: a.admission.params };
    }
    const round = openRound(this.ctx.serverId, this.ctx.hold, events);
    const original = typeof result.requestState === 'string' ? result.requestState : undefined;
    const out = { ...result, inputRequests: forwarded, requestState: sealState(round.id, original) };
    return { to: 'client', message: { ...m, result: out } };
  }

  /**
   * The client cannot sample, so the gate's provider answers every sampling entry (CONTRACT.md
   * section 8). When nothing else was asked, the gate retries the call itself with `inputResponses`
   * and the client sees only the final result; entries only the client can answer (elicitation,
   * roots) still go to it, and its retry gets the provider's answers merged in.
   */
  private async answerItself(m: Msg, tracked: Tracked, admissions: { key: string; req: HoldRequest; admission: Admission }[]): Promise<Routed> {
    const result = m.result as Record<string, unknown>;
    const inputRequests = result.inputRequests as Record<string, unknown>;
    const completions = await Promise.all(
      admissions.map(async (a) => {
        const adm = a.admission as Extract<Admission, { kind: 'forward' }>;
        return { key: a.key, completion: await this.ctx.hold.provide(adm.eventId, a.req, adm.answer!, adm.params) };
      }),
    );
    const refused = completions.find((c) => c.completion.kind === 'refuse');
    if (refused) {
      const refusal = (refused.completion as { refusal: Refusal }).refusal;
      this.ctx.log.info(`[${this.ctx.serverId}] input request "${refused.key}" not answered: ${refusal.message}`);
      return { to: 'client', message: refusalFor(m.id as Id, tracked.method, refusal, this.ctx.serverId, refused.key) };
    }
    if (completions.some((c) => c.completion.kind === 'cancelled')) return { to: 'nowhere' };
    const provided: Record<string, unknown> = {};
    for (const c of completions) provided[c.key] = (c.completion as { result: unknown }).result;
    // If the server then rejects the gate's retry, these rows become `failed`, not `approved`.
    const answered = admissions.map((a) => a.admission.eventId);
    const original = typeof result.requestState === 'string' ? result.requestState : undefined;
    const others = Object.fromEntries(Object.entries(inputRequests).filter(([key]) => !Object.hasOwn(provided, key)));
    if (Object.keys(others).length > 0) {
      const round = openRound(this.ctx.serverId, this.ctx.hold, new Map(), provided);
      return { to: 'client', message: { ...m, result: { ...result, inputRequests: others, requestState: sealState(round.id, original) } } };
    }
    const params: Record<string, unknown> = { ...(tracked.params ?? {}), inputResponses: provided };
    if (original === undefined) delete params.requestState;
    else params.requestState = original;
    tracked.completed = answered;
    return { to: 'server', message: { jsonrpc: '2.0', id: m.id, method: tracked.method, params } };
  }

  /**
   * A retry carrying a requestState the gate sealed: put the server's own requestState back, record
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
    let refusal: Refusal | undefined;
    let refusedKey = '';
    let cancelled = false;
    const completed: string[] = [];
    for (const [key, { eventId, req }] of round.events) {
      const answer = responses?.[key];
      if (answer === undefined || refusal || cancelled) {
        const why = cancelled ? 'the client went away' : refusal ? 'another answer in the same retry was refused' : `the client retried without an answer for "${key}"`;
        round.hold.abandon(eventId, why, 'client');
        continue;
      }
      // The retry's own session signal: the exchange that carried the request may be long gone.
      const completion = await round.hold.complete(eventId, { ...req, sessionId: this.ctx.sessionId, signal }, { result: answer });
      if (completion.kind === 'result') {
        responses![key] = completion.result;
        completed.push(eventId);
      } else if (completion.kind === 'refuse') {
        refusal = completion.refusal;
        refusedKey = key;
      }
      else cancelled = true;
    }
    if (cancelled) return { to: 'nowhere' };
    if (refusal) {
      this.requests.delete(idKey(m.id as Id));
      return { to: 'client', message: refusalFor(m.id as Id, String(m.method), refusal, this.ctx.serverId, refusedKey) };
    }
    if (responses) params.inputResponses = responses;
    // What the server does with the completions decides how their rows end (fromServer).
    const tracked = this.requests.get(idKey(m.id as Id));
    if (tracked && completed.length) tracked.completed = completed;
    return { to: 'server', message: { ...m, params } };
  }
}

/** Keys of the sampling input requests in an input_required result (none for any other result). */
export function samplingKeys(result: unknown): string[] {
  if (!isRecord(result) || result.resultType !== 'input_required' || !isRecord(result.inputRequests)) return [];
  return Object.entries(result.inputRequests)
    .filter(([, r]) => isRecord(r) && r.method === SAMPLING)
    .map(([k]) => k);
}

/**
 * What the client gets instead of a refused input request. tools/call has a place for a readable
 * failure — a tool error; prompts/get and resources/read only have JSON-RPC errors. 2026 clients
 * require the `resultType` discriminator on every result.
 */
export function refusalFor(id: Id, method: string, refusal: Refusal, serverId: string, key: string): Msg {
  const message = `Sampling Gate stopped the sampling request "${key}" from server "${serverId}". ${refusal.message}`;
  if (method === 'tools/call') {
    return {
      jsonrpc: '2.0',
      id,
      result: { resultType: 'complete', content: [{ type: 'text', text: message }], isError: true, _meta: { 'sampling-gate/refusal': refusal.data } },
    };
  }
  return { jsonrpc: '2.0', id, error: { code: refusal.code, message, data: refusal.data } };
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
