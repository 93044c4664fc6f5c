/** A scripted GateClient for store and carrier tests: records calls, answers from a table, emits events. */
import type { GateClient, GateEventName, GateEvents, GateMethod, GateMethodResults, GateParams } from '../../../shared/api.js';
import type { Result } from '../../../shared/result.js';
import type { PendingRequest } from '../../../shared/types.js';

type Answer = (params: unknown) => Result<unknown> | Promise<Result<unknown>>;

export class FakeGateClient implements GateClient {
  readonly calls: { method: GateMethod; params: unknown }[] = [];
  private readonly answers = new Map<string, Answer>();
  private readonly listeners = new Map<string, Set<(p: unknown) => void>>();

  answer<M extends GateMethod>(method: M, fn: (params: GateParams<M>) => Result<GateMethodResults[M]> | Promise<Result<GateMethodResults[M]>>): this {
    this.answers.set(method, fn as Answer);
    return this;
  }

  async call<M extends GateMethod>(method: M, params: GateParams<M>): Promise<Result<GateMethodResults[M]>> {
    this.calls.push({ method, params });
    const fn = this.answers.get(method);
    if (!fn) return { ok: false, error: { code: 'not-found', message: `no answer for ${method}` } };
    return (await fn(params)) as Result<GateMethodResults[M]>;
  }

  on<E extends GateEventName>(event: E, listener: (payload: GateEvents[E]) => void): () => void {
    let set = this.listeners.get(event);
    if (!set) this.listeners.set(event, (set = new Set()));
    set.add(listener as (p: unknown) => void);
    return () => set.delete(listener as (p: unknown) => void);
  }

  emit<E extends GateEventName>(event: E, payload: GateEvents[E]): void {
    for (const l of this.listeners.get(event) ?? []) l(payload);
  }

  listenerCount(event: GateEventName): number {
    return this.listeners.get(event)?.size ?? 0;
  }
}

export function pending(id: string, receivedAt: string, overrides: Partial<PendingRequest> = {}): PendingRequest {
  return {
    id,
    kind: 'sampling',
    server: 'everything',
    sessionId: 'session-1',
    receivedAt,
    expiresAt: new Date(Date.parse(receivedAt) + 120_000).toISOString(),
    stage: 'request',
    era: '2025-11-25',
    trust: 'ask',
    request: { messages: [{ role: 'user', content: { type: 'text', text: `prompt ${id}` } }], maxTokens: 100 },
    flags: [],
    ...overrides,
  };
}
