/**
 * GateClient over the WebSocket of `sampling-gate serve --ui`. Authenticates with the token as the
 * first message, multiplexes calls by id, fans events out to listeners, and reconnects with backoff
 * (stores reload on `open`, since events sent while disconnected are lost).
 */
import type { GateClient, GateEventName, GateEvents, GateMethod, GateMethodResults, GateParams, WsServerMessage } from '../../../shared/api.js';
import { GATE_EVENTS, WS_CLOSE_UNAUTHORIZED } from '../../../shared/api.js';
import type { Result } from '../../../shared/result.js';

export type ConnectionStatus = 'connecting' | 'open' | 'reconnecting' | 'unauthorized';

/** The part of the DOM WebSocket this client uses (so tests can pass a fake). */
export interface SocketLike {
  readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  onclose: ((ev: { code: number }) => void) | null;
  onerror: ((ev: unknown) => void) | null;
}

export interface WsClientOptions {
  url: string;
  token: string;
  createSocket?: (url: string) => SocketLike;
  callTimeoutMs?: number;
  maxBackoffMs?: number;
}

const OPEN = 1;

export class WebSocketGateClient implements GateClient {
  private socket: SocketLike | null = null;
  private ready = false;
  private nextId = 1;
  private readonly calls = new Map<number, { resolve: (r: Result<unknown>) => void; timer: ReturnType<typeof setTimeout> }>();
  private readonly listeners = new Map<GateEventName, Set<(payload: never) => void>>();
  private readonly statusListeners = new Set<(s: ConnectionStatus) => void>();
  private status: ConnectionStatus = 'connecting';
  private attempts = 0;
  private closed = false;
  private reconnectTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(private readonly opts: WsClientOptions) {
    this.connect();
  }

  call<M extends GateMethod>(method: M, params: GateParams<M>): Promise<Result<GateMethodResults[M]>> {
    const socket = this.socket;
    if (!socket || !this.ready || socket.readyState !== OPEN) {
      return Promise.resolve({ ok: false, error: { code: 'unavailable', message: 'not connected to the gate' } });
    }
    const id = this.nextId++;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.calls.delete(id);
        resolve({ ok: false, error: { code: 'unavailable', message: `${method}: no answer from the gate` } });
      }, this.opts.callTimeoutMs ?? 30_000);
      this.calls.set(id, { resolve: resolve as (r: Result<unknown>) => void, timer });
      socket.send(JSON.stringify({ type: 'call', id, method, params }));
    });
  }

  on<E extends GateEventName>(event: E, listener: (payload: GateEvents[E]) => void): () => void {
    let set = this.listeners.get(event);
    if (!set) this.listeners.set(event, (set = new Set()));
    set.add(listener as (payload: never) => void);
    return () => set.delete(listener as (payload: never) => void);
  }

  onStatus(listener: (s: ConnectionStatus) => void): () => void {
    this.statusListeners.add(listener);
    listener(this.status);
    return () => this.statusListeners.delete(listener);
  }

  getStatus(): ConnectionStatus {
    return this.status;
  }

  close(): void {
    this.closed = true;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.socket?.close(1000, 'bye');
    this.failPending('connection closed');
  }

  private connect(): void {
    const create = this.opts.createSocket ?? ((url: string) => new WebSocket(url) as unknown as SocketLike);
    const socket = create(this.opts.url);
    this.socket = socket;
    this.ready = false;
    socket.onopen = () => socket.send(JSON.stringify({ type: 'auth', token: this.opts.token }));
    socket.onmessage = (ev) => this.handle(ev.data);
    socket.onerror = () => undefined; // onclose follows and decides what to do
    socket.onclose = (ev) => {
      if (this.socket !== socket) return;
      this.ready = false;
      this.failPending('connection lost');
      if (this.closed) return;
      if (ev.code === WS_CLOSE_UNAUTHORIZED) {
        this.setStatus('unauthorized');
        return;
      }
      this.setStatus('reconnecting');
      const delay = Math.min(this.opts.maxBackoffMs ?? 5000, 250 * 2 ** this.attempts++);
      this.reconnectTimer = setTimeout(() => this.connect(), delay);
    };
  }

  private handle(data: unknown): void {
    if (typeof data !== 'string') return;
    let msg: WsServerMessage;
    try {
      msg = JSON.parse(data) as WsServerMessage;
    } catch {
      return;
    }
    if (typeof msg !== 'object' || msg === null) return;
    switch (msg.type) {
      case 'ready':
        this.ready = true;
        this.attempts = 0;
        this.setStatus('open');
        return;
      case 'result': {
        const pending = this.calls.get(msg.id);
        if (!pending) return;
        this.calls.delete(msg.id);
        clearTimeout(pending.timer);
        pending.resolve(msg.result);
        return;
      }
      case 'event':
        if (!GATE_EVENTS.includes(msg.event)) return;
        for (const l of this.listeners.get(msg.event) ?? []) l(msg.payload as never);
        return;
      case 'error':
        return;
      default:
        return;
    }
  }

  private failPending(message: string): void {
    for (const [id, c] of this.calls) {
      clearTimeout(c.timer);
      c.resolve({ ok: false, error: { code: 'unavailable', message } });
      this.calls.delete(id);
    }
  }

  private setStatus(s: ConnectionStatus): void {
    this.status = s;
    for (const l of this.statusListeners) l(s);
  }
}
