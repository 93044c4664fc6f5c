/**
 * A 2026-era stateless exchange with a command server (era2026-http.ts serves the HTTP side). The
 * exchange gets its own server process through Proxies.open, so the lead's RelaySession — and the
 * InputRequiredInterceptor inside it — handles it. When the answer is `input_required`, the process
 * is parked under the round id sealed into its `requestState` and the client's retry is routed back
 * to it (round-affinity.ts); any other answer ends the process with the exchange.
 */
import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { idOf, rpcError, writeJson } from '../http/json-rpc-reply.js';
import { Cancellation } from '../hold/cancellation.js';
import { errorReply, INTERNAL_ERROR, type Msg } from './envelope.js';
import { OUTPUT_HIGH_WATER } from './flow.js';
import { wireText } from './ndjson.js';
import { sealState, unsealState } from './input-rounds.js';
import type { Proxies } from './proxies.js';
import { ExchangeChannel, roundEndedError } from './round-affinity.js';
import type { RoundAffinity, RoundProcess } from './round-affinity.js';

export interface CommandExchangeDeps {
  proxies: Proxies;
  rounds: RoundAffinity;
}

export async function viaRoundProcess(res: ServerResponse, serverId: string, sessionId: string, body: unknown, deps: CommandExchangeDeps): Promise<void> {
  if (!isMessage(body)) return rpcError(res, 400, null, -32600, 'Invalid Request: one JSON-RPC message per POST');
  if (typeof body.method !== 'string' || !('id' in body)) {
    // A notification, or a response (the 2026 era has no server→client request to answer), to a
    // process that exists only for one exchange has nobody to reach; nothing would ever answer it.
    res.writeHead(202).end();
    return;
  }
  let proc: RoundProcess | undefined;
  const sealed = unsealState(paramsOf(body)?.requestState);
  if (sealed && sealed.roundId !== 'none') {
    proc = deps.rounds.take(sealed.roundId, serverId);
    const why = proc ? undefined : deps.rounds.endedWhy(sealed.roundId);
    if (why) return writeJson(res, 200, {}, roundEndedError(body.id as string | number, serverId, why));
    // Unknown here (another gate run): a fresh process, which a server keeping no per-process state can serve.
  }
  if (!proc) {
    const channel = new ExchangeChannel();
    try {
      proc = { serverId, channel, relay: await deps.proxies.open(serverId, channel, { sessionId, exchange: true }) };
    } catch (err) {
      return rpcError(res, 502, idOf(body), -32603, (err as Error).message);
    }
  }
  const { relay, channel } = proc;
  // A client that goes away mid-exchange ends it (holds are cancelled); 'close' also follows a normal end.
  const onGone = (): void => {
    if (!res.writableFinished) void relay.close(new Cancellation('client', 'client disconnected'));
  };
  res.on('close', onGone);
  const stream = new EventStream(res, channel);
  const raw = await channel.exchange(body, (n) => stream.write(n));
  stream.done();
  const answer = raw ? keepForRetry(raw, proc, deps.rounds) : null;
  if (!answer) void relay.close(new Cancellation('gate', 'exchange complete'));
  if (!raw) {
    const message = `server "${serverId}" closed before answering`;
    // Once notifications went out as SSE the status is sent: the error is the stream's last event.
    if (stream.started) return void res.end(`event: message\ndata: ${JSON.stringify(errorReply(idOf(body), INTERNAL_ERROR, message))}\n\n`);
    return rpcError(res, 502, idOf(body), -32603, message);
  }
  const reply = answer ?? raw;
  if (!stream.started) return writeJson(res, 200, {}, reply);
  res.end(`event: message\ndata: ${wireText(reply)}\n\n`);
}

/**
 * The exchange's response as an SSE stream from its first notification on, each written as it
 * comes (they were kept until the answer: a server sending notifications without end grew the gate
 * by all of them). Past OUTPUT_HIGH_WATER bytes unread by the client, the channel says so and the
 * session stops reading the server until they went (flow.ts), as on every other transport.
 */
class EventStream {
  started = false;
  private congested = false;

  constructor(
    private readonly res: ServerResponse,
    private readonly channel: ExchangeChannel,
  ) {}

  write(n: Msg): void {
    if (this.res.writableEnded || this.res.destroyed) return;
    if (!this.started) {
      this.started = true;
      this.res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    }
    if (this.res.write(`event: message\ndata: ${wireText(n)}\n\n`) || this.congested) return;
    if (this.res.writableLength > OUTPUT_HIGH_WATER) {
      this.congested = true;
      this.channel.onbackpressure?.(true);
      this.res.once('drain', () => this.done());
    }
  }

  /** The client caught up (or the exchange is over): the server is read again. */
  done(): void {
    if (!this.congested) return;
    this.congested = false;
    this.channel.onbackpressure?.(false);
  }
}

/**
 * Park the process when its answer asks for input, and return the answer the client gets (its
 * requestState sealed with a round id); null when the process is done. A result the interceptor did
 * not seal (no sampling in it: elicitation, roots) is sealed here, so its retry finds the process too.
 */
function keepForRetry(answer: Msg, proc: RoundProcess, rounds: RoundAffinity): Msg | null {
  const result = answer.result as Record<string, unknown> | undefined;
  if (!result || result.resultType !== 'input_required') return null;
  const sealed = unsealState(result.requestState);
  if (sealed?.roundId === 'none') return null; // a server state that looks like a seal: not ours to re-wrap
  if (sealed) {
    rounds.park(sealed.roundId, proc);
    return answer;
  }
  const roundId = randomUUID();
  rounds.park(roundId, proc);
  const original = typeof result.requestState === 'string' ? result.requestState : undefined;
  return { ...answer, result: { ...result, requestState: sealState(roundId, original) } };
}

function paramsOf(m: Msg): Record<string, unknown> | undefined {
  const p = m.params;
  return typeof p === 'object' && p !== null && !Array.isArray(p) ? (p as Record<string, unknown>) : undefined;
}

function isMessage(v: unknown): v is Msg {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && (v as { jsonrpc?: unknown }).jsonrpc === '2.0';
}
