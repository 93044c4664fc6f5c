/**
 * One client session through the gate: a client-facing transport (the gate plays server) joined to a
 * downstream transport (the gate plays client). Messages pass both ways unchanged, except:
 * - `initialize` from the client: its sampling capability is noted, and the server is told only
 *   the sampling capability the gate can honour;
 * - `sampling/createMessage` from the server: held (core/sampling) and answered by the gate;
 * - `notifications/cancelled` for a held request: the hold is cancelled;
 * - 2026-07-28 results carrying sampling input requests, and the retries answering them
 *   (core/relay/input-required.ts).
 * Request ids live in two directions and may collide: a response from the client always answers a
 * server request (held sampling requests have their own table), one from the server a client request.
 *
 * A stdio client that closes its input has not gone: as with a stdio server, it waits for the
 * answers to what it sent (`printf '…' | sampling-gate connect x`). The session then answers the
 * server's requests to it with an error (it can no longer reply) and ends once every request the
 * client sent is answered, or the client really goes (the bridge exits, stdout closes).
 */
import { randomUUID } from 'node:crypto';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { JSONRPCMessage, RequestId } from '@modelcontextprotocol/sdk/types.js';
import type { Logger } from '../log.js';
import { Cancellation, cancellationOf } from '../hold/cancellation.js';
import { clientCapsFrom, NO_CAPS, type ClientCaps } from '../hold/client-caps.js';
import type { Hold } from '../hold/hold.js';
import type { ClientAnswer, Completion } from '../hold/types.js';
import type { Era, HoldKind } from '../../shared/types.js';
import { InputRequiredInterceptor } from './input-required.js';
import type { Routed } from './input-required.js';
import { bugReply, errorReply, INTERNAL_ERROR, isRpcId, type Msg } from './envelope.js';
import { joinFlow } from './flow.js';
import { OWN_REQUEST_MS } from './gate-post.js';
import { isGateRequestId } from './task-inputs.js';
import { TASK_METHODS, TASK_REQUESTS, TaskReceiver } from './task-receiver.js';

export interface RelaySessionOptions {
  serverId: string;
  sessionId: string;
  client: Transport;
  downstream: Transport;
  hold: Hold;
  log: Logger;
  /** The client-facing transport routes server→client messages by the client request they belong to (HTTP). */
  routesByRequest?: boolean;
  /**
   * A 2026 stateless exchange with a server process of its own (era2026-command.ts): gone after one
   * request, it cannot follow a task across polls, so the tasks extension is not offered through it.
   */
  exchange?: boolean;
  onSamplingRequest?: () => void;
}

interface HeldRequest {
  kind: HoldKind;
  controller: AbortController;
  /** Set once the request has been forwarded to the client and we await its answer. */
  answer?: (a: ClientAnswer | null) => void;
}

const key = (id: RequestId): string => `${typeof id}:${String(id)}`;

const METHOD_NOT_FOUND = -32601;
/** Server→client requests remembered for an answer should the client's input end (a flood is not kept whole). */
const MAX_SERVER_REQUESTS = 4096;
const INPUT_ENDED = 'the client closed its input and can no longer answer';
const INPUT_ENDED_CAUSE = new Cancellation('client', INPUT_ENDED);
/** A request the client can no longer answer: its error, for the server; as the client's answer, for the hold. */
const inputEndedReply = (id: RequestId): Msg => errorReply(id, INTERNAL_ERROR, INPUT_ENDED);
const INPUT_ENDED_ANSWER: ClientAnswer = { error: { code: INTERNAL_ERROR, message: INPUT_ENDED } };

export class RelaySession {
  readonly serverId: string;
  readonly sessionId: string;
  private readonly client: Transport;
  private readonly downstream: Transport;
  private readonly hold: Hold;
  private readonly log: Logger;
  /** client→server requests in flight: id → progressToken (for routing related messages). */
  private readonly clientRequests = new Map<string, { id: RequestId; progressToken?: unknown }>();
  /** server→client requests the gate holds (sampling, elicitation, roots). */
  private readonly held = new Map<string, HeldRequest>();
  /** Other server→client requests (ping, and methods the policy lets through) the client has not answered yet. */
  private readonly serverRequests = new Map<string, RequestId>();
  /** The gate's own requests to the server (a task's tasks/update), awaiting their answer. */
  private readonly ownRequests = new Map<string, (answer: Msg | null) => void>();
  /** The client closed its input: nothing more comes from it, answers still go to it. */
  private inputEnded = false;
  private clientCaps: ClientCaps = NO_CAPS;
  private closed = false;
  /** Aborted when the session ends: what a kind holds outside a request of its own stops waiting. */
  private readonly sessionSignal = new AbortController();
  /** The 2026-07-28 era: sampling inside input_required results and the retries answering them. */
  private readonly era2026: InputRequiredInterceptor;
  /** 2025-11-25 task-augmented sampling and elicitation: the gate is their receiver (task-receiver.ts). */
  private readonly receiver = new TaskReceiver({ send: (m) => this.toServer(m) });
  /** The methods the gate offered the server as tasks at initialize. */
  private taskMethods = new Set<string>();
  private readonly closeListeners: (() => void)[] = [];

  constructor(private readonly opts: RelaySessionOptions) {
    this.serverId = opts.serverId;
    this.sessionId = opts.sessionId;
    this.client = opts.client;
    this.downstream = opts.downstream;
    this.hold = opts.hold;
    this.log = opts.log;
    this.era2026 = new InputRequiredInterceptor({
      serverId: opts.serverId,
      sessionId: opts.sessionId,
      hold: opts.hold,
      log: opts.log,
      onSamplingRequest: opts.onSamplingRequest,
      ...(opts.exchange ? {} : { send: (m: Msg) => this.gateRequest(m) }),
    });
  }

  /** Wire both transports. The downstream must be started first by the caller (it may fail). */
  attach(): void {
    // Messages arrive envelope-checked (envelope.ts); a bug handling one still costs only that one.
    this.client.onmessage = (m) => this.shielded('client', m as Msg, () => this.fromClient(m as Msg));
    this.downstream.onmessage = (m) => this.shielded('server', m as Msg, () => this.fromServer(m as Msg));
    this.client.onclose = () => void this.close(new Cancellation('client', 'client disconnected'));
    this.downstream.onclose = () => void this.close(new Cancellation('server', 'server disconnected'));
    this.client.onerror = (e) => this.log.warn(`[${this.serverId}] client transport: ${e.message}`);
    this.downstream.onerror = (e) => this.log.warn(`[${this.serverId}] server transport: ${e.message}`);
    // A side that reads slower than the other writes holds the writer up, as a pipe would (flow.ts).
    joinFlow(this.client, this.downstream);
  }

  onClose(listener: () => void): void {
    this.closeListeners.push(listener);
  }

  get capabilities(): ClientCaps {
    return this.clientCaps;
  }

  private fromClient(m: Msg): void {
    if (this.closed) return;
    if ('method' in m && 'id' in m) {
      const id = m.id as RequestId;
      const params = (m.params ?? {}) as Record<string, unknown>;
      const meta = params._meta as { progressToken?: unknown } | undefined;
      this.clientRequests.set(key(id), { id, progressToken: meta?.progressToken });
      if (m.method === 'initialize') m = this.rewriteInitialize(m);
      const pending = this.era2026.fromClient(m);
      if (pending) return void this.route(pending);
      this.toServer(m);
      return;
    }
    if ('id' in m && ('result' in m || 'error' in m)) {
      const k = key(m.id as RequestId);
      const held = this.held.get(k);
      if (held) {
        // The hold decides what the server gets (review, errors, cancellation).
        held.answer?.('result' in m ? { result: m.result } : { error: m.error as { code: number; message: string } });
        return;
      }
      this.serverRequests.delete(k);
      this.toServer(m);
      return;
    }
    if (m.method === 'notifications/cancelled') {
      const requestId = (m.params as { requestId?: RequestId } | undefined)?.requestId;
      if (isRpcId(requestId)) this.clientRequests.delete(key(requestId));
      this.era2026.cancel(requestId);
    }
    this.toServer(m);
  }

  /**
   * The client closed its input (a stdio client's stdin reached its end). What it asked is still
   * answered; what the server asks it is refused, since no answer can come; the session ends once
   * nothing the client asked is left.
   */
  endOfClientInput(): void {
    if (this.closed || this.inputEnded) return;
    this.inputEnded = true;
    for (const id of this.serverRequests.values()) this.toServer(inputEndedReply(id));
    this.serverRequests.clear();
    // Held requests the client was to answer: those it was sent fail now; those still in review or
    // waiting stop waiting (an approval could only be sent to a client that cannot answer). Those
    // the gate answers itself (its provider, the user's own form) go on.
    for (const h of this.held.values()) {
      if (h.answer) h.answer(INPUT_ENDED_ANSWER);
      else if (this.clientAnswers(h.kind)) h.controller.abort(INPUT_ENDED_CAUSE);
    }
    this.endIfDrained();
  }

  /**
   * The client, not the gate, answers this session's requests of `kind`. Asked from a stream's end
   * and before a hold's try: should the route fail, nobody waits on a client that cannot answer.
   */
  private clientAnswers(kind: HoldKind, params?: unknown): boolean {
    try {
      return this.hold.route(kind, this.serverId, this.clientCaps, params).by !== 'gate';
    } catch (err) {
      this.log.error(`[${this.serverId}] could not tell who answers ${kind}`, { error: err as Error });
      return true;
    }
  }

  /** After the client's input ended: once its last request is answered, the session is over. */
  private endIfDrained(): void {
    if (this.inputEnded && this.clientRequests.size === 0) void this.close(new Cancellation('client', 'client closed its input'));
  }

  private fromServer(m: Msg): void {
    if (this.closed) return;
    if ('method' in m && 'id' in m) {
      const kind = this.hold.kindOf(m.method);
      if (kind && isTaskAugmented(m) && this.taskMethods.has(m.method as string)) {
        const clientId = `sampling-gate-task-${randomUUID()}`;
        return this.receiver.accept(m, (signal) => this.runHold(m, kind.name, clientId, signal));
      }
      if (kind) {
        void this.holdRequest(m, kind.name);
        return;
      }
      if (TASK_METHODS.has(m.method as string) && this.taskMethods.size > 0) return this.receiver.answer(m);
      if (!this.hold.relays(this.serverId, m.method as string)) {
        // Nothing reaches the client unexamined: a method the gate does not hold is not relayed blind.
        this.log.warn(`[${this.serverId}] refused a server request of method ${JSON.stringify(m.method).slice(0, 120)}: the gate does not relay it (allowServerMethods)`);
        return this.toServer(errorReply(m.id as RequestId, METHOD_NOT_FOUND, `Method not found: Sampling Gate does not relay server requests of method "${String(m.method).slice(0, 200)}" to the client`));
      }
      if (this.inputEnded) return this.toServer(inputEndedReply(m.id as RequestId));
      this.rememberServerRequest(m.id as RequestId);
      this.toClient(m);
      return;
    }
    if ('id' in m && ('result' in m || 'error' in m)) {
      const own = isGateRequestId(m.id) ? this.ownRequests.get(m.id as string) : undefined;
      if (own) return own(m);
      const pending = this.era2026.fromServer(m) ?? this.seenByKinds(m);
      if (pending) return void this.route(pending);
      this.clientRequests.delete(key(m.id as RequestId));
      this.toClient(m);
      this.endIfDrained();
      return;
    }
    if (m.method === 'notifications/cancelled') {
      const requestId = (m.params as { requestId?: RequestId } | undefined)?.requestId;
      const held = isRpcId(requestId) ? this.held.get(key(requestId)) : undefined;
      if (held) {
        held.controller.abort(new Cancellation('server', 'server cancelled the request'));
        if (!held.answer) return; // never reached the client: nothing to tell it
      }
    }
    const seen = this.seenByKinds(m);
    if (seen) return void this.route(seen);
    this.toClient(this.era2026.taskNotification(m) ?? m);
  }

  /** Send one of the gate's own requests to the server; resolves with its answer (null: none in time, or the session ended). */
  private gateRequest(m: Msg): Promise<Msg | null> {
    if (this.closed) return Promise.resolve(null);
    const id = m.id as string;
    return new Promise((resolve) => {
      const timer = setTimeout(() => settle(null), OWN_REQUEST_MS);
      timer.unref();
      const settle = (answer: Msg | null): void => {
        clearTimeout(timer);
        this.ownRequests.delete(id);
        resolve(answer);
      };
      this.ownRequests.set(id, settle);
      this.toServer(m);
    });
  }

  /**
   * What a kind must see besides its own request (elicitation: a -32042 error's URLs are held, a
   * completion notice is recorded): where it goes once the kind has seen it, or null (relay as is).
   */
  private seenByKinds(m: Msg): Promise<Routed> | null {
    const seen = this.hold.seeFromServer(m, { serverId: this.serverId, sessionId: this.sessionId, client: this.clientCaps, signal: this.sessionSignal.signal });
    return seen ? seen.then((message) => (message ? { to: 'client', message: message as Msg } : { to: 'nowhere' })) : null;
  }

  private rememberServerRequest(id: RequestId): void {
    if (this.serverRequests.size >= MAX_SERVER_REQUESTS) this.serverRequests.delete(this.serverRequests.keys().next().value!);
    this.serverRequests.set(key(id), id);
  }

  private async holdRequest(m: Msg, kind: HoldKind): Promise<void> {
    const id = m.id as RequestId;
    const controller = new AbortController();
    try {
      const outcome = await this.runHold(m, kind, id, controller.signal);
      if (this.closed) return;
      if (outcome.kind === 'cancelled') {
        // The server is owed an answer unless it cancelled, or the session is gone.
        if (outcome.cause === INPUT_ENDED_CAUSE) this.toServer(inputEndedReply(id));
        return;
      }
      if (outcome.kind === 'result') this.toServer({ jsonrpc: '2.0', id, result: outcome.result });
      else this.toServer({ jsonrpc: '2.0', id, error: outcome.refusal });
    } catch (err) {
      this.log.error(`[${this.serverId}] ${kind} hold failed`, { error: err as Error });
      if (!this.closed) this.toServer({ jsonrpc: '2.0', id, error: { code: -32603, message: `the gate failed to process this ${kind} request` } });
    }
  }

  /**
   * Hold one server request of `kind` until it is settled: judged, decided, and — when the client
   * answers it — asked of the client as `clientId` (the server's own id; for a task, one of the
   * gate's). `signal`: aborted by whoever else may end it (a task's cancel or expiry).
   */
  private async runHold(m: Msg, kind: HoldKind, clientId: RequestId, signal: AbortSignal): Promise<Completion & { cause?: Cancellation }> {
    const k = key(clientId);
    const entry: HeldRequest = { kind, controller: new AbortController() };
    if (signal.aborted) entry.controller.abort(signal.reason);
    else signal.addEventListener('abort', () => entry.controller.abort(signal.reason), { once: true });
    this.held.set(k, entry);
    // Asked after the client's input ended: recorded and judged, but nobody waits for a decision
    // whose answer could only come from that client.
    if (this.inputEnded && this.clientAnswers(kind, m.params)) entry.controller.abort(INPUT_ENDED_CAUSE);
    this.opts.onSamplingRequest?.();
    const req = {
      kind,
      serverId: this.serverId,
      sessionId: this.sessionId,
      era: '2025-11-25' as Era,
      params: withoutTaskAugmentation(m.params),
      client: this.clientCaps,
      signal: entry.controller.signal,
    };
    try {
      const outcome = await this.hold.run(req, (params) => {
        if (entry.controller.signal.aborted) return Promise.resolve({ error: { code: -1, message: 'cancelled' } });
        if (this.inputEnded) return Promise.resolve(INPUT_ENDED_ANSWER);
        return new Promise<ClientAnswer>((resolve) => {
          const settle = (a: ClientAnswer | null): void => {
            entry.answer = undefined;
            resolve(a ?? { error: { code: -1, message: cancellationOf(entry.controller.signal).reason } });
          };
          entry.answer = settle;
          entry.controller.signal.addEventListener('abort', () => settle(null), { once: true });
          this.toClient({ jsonrpc: '2.0', id: clientId, method: m.method, params });
        });
      });
      return outcome.kind === 'cancelled' ? { ...outcome, cause: entry.controller.signal.reason as Cancellation } : outcome;
    } finally {
      this.held.delete(k);
    }
  }

  /** Note what the client can do, and advertise to the server, kind by kind, only what the gate honours. */
  private rewriteInitialize(m: Msg): Msg {
    const params = (m.params ?? {}) as Record<string, unknown>;
    const caps = (params.capabilities ?? {}) as Record<string, unknown>;
    this.clientCaps = clientCapsFrom(caps);
    // Each kind's capability as the gate honours it: the client's own (less what the gate cannot
    // honour), or the gate's when it answers itself (a provider, its own form), or none.
    const capabilities = this.hold.advertiseAll(this.serverId, this.clientCaps, caps);
    // Task-augmented requests (2025-11-25 tasks): offered for what the client offered and the gate
    // honours, with the gate as their receiver; the client never gets one (it answers the held
    // request plainly). A client that offered none leaves the server's view as it was.
    this.taskMethods = new Set(taskMethodsFor(capabilities, caps.tasks));
    const tasks = TaskReceiver.capability([...this.taskMethods] as (keyof typeof TASK_REQUESTS)[]);
    if (tasks === undefined) delete capabilities.tasks;
    else capabilities.tasks = tasks;
    return { ...m, params: { ...params, capabilities } };
  }

  /** Deliver what the 2026-era interceptor decided, once its hold settles. */
  private async route(pending: Promise<Routed>): Promise<void> {
    try {
      const routed = await pending;
      if (this.closed || routed.to === 'nowhere') return;
      if (routed.to === 'server') return this.toServer(routed.message);
      this.toClient(routed.message);
      this.clientRequests.delete(key(routed.message.id as RequestId));
      this.endIfDrained();
    } catch (err) {
      this.log.error(`[${this.serverId}] input_required handling failed`, { error: err as Error });
    }
  }

  /** Run one message's handler; if it throws, that message gets an error answer and the session goes on. */
  private shielded(from: 'client' | 'server', m: Msg, handle: () => void): void {
    try {
      handle();
    } catch (err) {
      this.log.error(`[${this.serverId}] failed to relay a message from the ${from}`, { error: err as Error });
      const reply = bugReply(m);
      if (!reply || this.closed) return;
      try {
        if (from === 'client') this.toClient(reply);
        else this.toServer(reply);
      } catch {
        // nothing more to do for this message
      }
    }
  }

  private toServer(m: Msg): void {
    this.downstream.send(m as JSONRPCMessage).catch((err: Error) => {
      this.log.warn(`[${this.serverId}] could not send to server: ${err.message}`);
      // A request the server will never see must not leave the client waiting.
      if ('method' in m && 'id' in m) {
        this.toClient({ jsonrpc: '2.0', id: m.id, error: { code: -32603, message: `server "${this.serverId}" unreachable: ${err.message}` } });
      }
    });
  }

  private toClient(m: Msg): void {
    const relatedRequestId = this.opts.routesByRequest ? this.relatedClientRequest(m) : undefined;
    const options = relatedRequestId !== undefined ? { relatedRequestId } : undefined;
    this.client.send(m as JSONRPCMessage, options).catch((err: Error) => {
      this.log.warn(`[${this.serverId}] could not send to client: ${err.message}`);
    });
  }

  /**
   * Over Streamable HTTP a server→client message must travel on the stream of the client request it
   * belongs to (or the standalone stream). stdio carries no such link: progress notifications name
   * their request through progressToken; anything else goes with the newest request in flight.
   */
  private relatedClientRequest(m: Msg): RequestId | undefined {
    if ('id' in m && ('result' in m || 'error' in m)) return undefined;
    const token = (m.params as { progressToken?: unknown } | undefined)?.progressToken;
    let newest: RequestId | undefined;
    for (const r of this.clientRequests.values()) {
      if (token !== undefined && r.progressToken === token) return r.id;
      newest = r.id;
    }
    return newest;
  }

  async close(cause: Cancellation): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.sessionSignal.abort(cause);
    for (const settle of [...this.ownRequests.values()]) settle(null);
    this.era2026.close(cause);
    this.receiver.close(cause);
    for (const h of this.held.values()) h.controller.abort(cause);
    this.held.clear();
    // The server went away (exited, crashed, dropped the connection): a client request it never
    // answered gets an error naming the server, rather than a silent hang-up.
    if (cause.by === 'server') {
      const unanswered = [...this.clientRequests.values()].map((r) =>
        this.client
          .send({ jsonrpc: '2.0', id: r.id, error: { code: -32000, message: `server "${this.serverId}" closed the connection before answering` } })
          .catch(() => {}),
      );
      await Promise.allSettled(unanswered);
    }
    try {
      await Promise.allSettled([this.client.close(), this.downstream.close()]);
    } finally {
      for (const l of this.closeListeners) l();
    }
  }
}

/**
 * A held request's params without `task`: the client is never asked to run one as a task of its
 * own (its answer would come back through tasks/result, past review). The gate is the receiver when
 * it offered the capability; when it did not, a receiver processes the request normally, ignoring
 * the augmentation (2025-11-25, tasks), and so does the gate.
 */
function withoutTaskAugmentation(params: unknown): unknown {
  if (params === null || typeof params !== 'object' || !('task' in params)) return params;
  const { task: _task, ...rest } = params as Record<string, unknown>;
  return rest;
}

/** A server request asking to be run as a task (2025-11-25): `params.task` present. */
function isTaskAugmented(m: Msg): boolean {
  const params = m.params;
  return typeof params === 'object' && params !== null && 'task' in params;
}

/** The task-augmentable methods the client offered as tasks whose capability the server is told of. */
function taskMethodsFor(capabilities: Record<string, unknown>, clientTasks: unknown): string[] {
  const requests = (clientTasks as { requests?: Record<string, Record<string, unknown> | undefined> } | undefined)?.requests;
  if (typeof requests !== 'object' || requests === null) return [];
  return (Object.keys(TASK_REQUESTS) as (keyof typeof TASK_REQUESTS)[]).filter((method) => {
    const [category, name] = TASK_REQUESTS[method];
    return capabilities[category] !== undefined && requests[category]?.[name] !== undefined;
  });
}
