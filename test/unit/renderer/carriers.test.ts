import { describe, expect, it } from 'vitest';
import type { GateBridge } from '../../../shared/api.js';
import { GATE_EVENTS, gateMethods } from '../../../shared/api.js';
import { bridgeClient } from '../../../renderer/src/gate/bridge-client.js';
import { tokenFromHash } from '../../../renderer/src/gate/pick-client.js';
import { WebSocketGateClient } from '../../../renderer/src/gate/ws-client.js';
import type { SocketLike } from '../../../renderer/src/gate/ws-client.js';

class FakeSocket implements SocketLike {
  readyState = 0;
  sent: unknown[] = [];
  onopen: ((ev: unknown) => void) | null = null;
  onmessage: ((ev: { data: unknown }) => void) | null = null;
  onclose: ((ev: { code: number }) => void) | null = null;
  onerror: ((ev: unknown) => void) | null = null;
  send(data: string): void {
    this.sent.push(JSON.parse(data));
  }
  close(code = 1000): void {
    this.readyState = 3;
    this.onclose?.({ code });
  }
  open(): void {
    this.readyState = 1;
    this.onopen?.({});
  }
  receive(msg: unknown): void {
    this.onmessage?.({ data: JSON.stringify(msg) });
  }
}

describe('WebSocketGateClient', () => {
  it('authenticates first, then multiplexes calls and delivers events', async () => {
    const sockets: FakeSocket[] = [];
    const client = new WebSocketGateClient({ url: 'ws://127.0.0.1:1/api/ws', token: 'secret', createSocket: () => (sockets.push(new FakeSocket()), sockets.at(-1)!) });
    const statuses: string[] = [];
    client.onStatus((s) => statuses.push(s));
    const s = sockets[0]!;
    expect((await client.call('approvals.list', {})).ok).toBe(false); // not ready yet
    s.open();
    expect(s.sent[0]).toEqual({ type: 'auth', token: 'secret' });
    s.receive({ type: 'ready' });
    const events: unknown[] = [];
    client.on('approvals.changed', (p) => events.push(p));
    const a = client.call('servers.list', {});
    const b = client.call('approvals.decide', { id: 'x', decision: { kind: 'approve' } });
    const [callA, callB] = s.sent.slice(1) as { id: number; method: string }[];
    expect(callA?.method).toBe('servers.list');
    s.receive({ type: 'result', id: callB!.id, result: { ok: true, value: { id: 'x' } } });
    s.receive({ type: 'result', id: callA!.id, result: { ok: true, value: [] } });
    expect(await a).toEqual({ ok: true, value: [] });
    expect(await b).toEqual({ ok: true, value: { id: 'x' } });
    client.on('providers.changed', (p) => events.push(p));
    s.receive({ type: 'event', event: 'approvals.changed', payload: [] });
    s.receive({ type: 'event', event: 'providers.changed', payload: [{ id: 'claude' }] });
    s.receive({ type: 'event', event: 'not.an.event', payload: 1 });
    s.receive('garbage');
    expect(events).toEqual([[], [{ id: 'claude' }]]);
    expect(statuses).toEqual(['connecting', 'open']);
    client.close();
  });

  it('fails in-flight calls on disconnect, stops on 4401 and reconnects otherwise', async () => {
    const sockets: FakeSocket[] = [];
    const client = new WebSocketGateClient({ url: 'ws://x', token: 't', maxBackoffMs: 1, createSocket: () => (sockets.push(new FakeSocket()), sockets.at(-1)!) });
    sockets[0]!.open();
    sockets[0]!.receive({ type: 'ready' });
    const inFlight = client.call('servers.list', {});
    sockets[0]!.close(1006);
    expect(await inFlight).toMatchObject({ ok: false, error: { code: 'unavailable' } });
    expect(client.getStatus()).toBe('reconnecting');
    await new Promise((r) => setTimeout(r, 20));
    expect(sockets).toHaveLength(2);
    sockets[1]!.open();
    sockets[1]!.close(4401);
    expect(client.getStatus()).toBe('unauthorized');
    await new Promise((r) => setTimeout(r, 20));
    expect(sockets).toHaveLength(2);
    client.close();
  });
});

describe('bridgeClient', () => {
  it('maps every contract method onto one narrow bridge function', async () => {
    const seen: string[] = [];
    const fn = (name: string) => (...args: unknown[]) => (seen.push(`${name}(${args.map((a) => JSON.stringify(a)).join(',')})`), Promise.resolve({ ok: true as const, value: null as never }));
    const subscribed: string[] = [];
    const sub = (event: string) => () => (subscribed.push(event), () => undefined);
    const bridge: GateBridge = {
      approvals: { list: fn('approvals.list'), decide: fn('approvals.decide'), review: fn('approvals.review'), stop: fn('approvals.stop'), decideMany: fn('approvals.decideMany'), onChanged: sub('approvals.changed') },
      servers: { list: fn('servers.list'), get: fn('servers.get'), setTrust: fn('servers.setTrust'), upsert: fn('servers.upsert'), remove: fn('servers.remove'), clientConfig: fn('servers.clientConfig'), onChanged: sub('servers.changed') },
      history: { query: fn('history.query'), list: fn('history.list'), get: fn('history.get'), export: fn('history.export'), stats: fn('history.stats'), onChanged: sub('history.changed') },
      config: { status: fn('config.status'), getRetention: fn('config.getRetention'), setRetention: fn('config.setRetention'), onProblems: sub('config.problems') },
      status: { get: fn('status.get') },
      providers: {
        list: fn('providers.list'),
        get: fn('providers.get'),
        upsert: fn('providers.upsert'),
        remove: fn('providers.remove'),
        setKey: fn('providers.setKey'),
        test: fn('providers.test'),
        onChanged: sub('providers.changed'),
      },
      audit: { status: fn('audit.status') },
      clients: { scan: fn('clients.scan'), import: fn('clients.import'), undo: fn('clients.undo') },
      grants: { list: fn('grants.list'), revoke: fn('grants.revoke') },
    };
    const client = bridgeClient(bridge);
    await client.call('approvals.decide', { id: 'a', decision: { kind: 'approve', model: 'haiku' } });
    await client.call('approvals.stop', { id: 'a' });
    await client.call('servers.setTrust', { id: 's', trust: 'trust' });
    await client.call('history.export', { query: { search: 'x' }, format: 'csv' });
    await client.call('history.stats', { query: { server: 's' }, tzOffsetMinutes: 60 });
    await client.call('config.setRetention', { days: null });
    const local = { kind: 'openai' as const, models: [{ name: 'llama3.2', aliases: [], vision: false, audio: false, tools: false }], timeoutSeconds: 120, maxRetries: 2 };
    await client.call('providers.upsert', { id: 'local', provider: local });
    await client.call('providers.setKey', { id: 'claude', key: null });
    await client.call('providers.test', { id: 'claude', model: 'sonnet' });
    await client.call('providers.test', { id: 'claude' });
    await client.call('grants.revoke', { server: 'everything' });
    expect(seen).toEqual([
      'approvals.decide("a",{"kind":"approve","model":"haiku"})',
      'approvals.stop("a")',
      'servers.setTrust("s","trust")',
      'history.export({"search":"x"},"csv")',
      'history.stats({"server":"s"},60)',
      'config.setRetention(null)',
      `providers.upsert("local",${JSON.stringify(local)})`,
      'providers.setKey("claude",null)',
      'providers.test("claude","sonnet")',
      'providers.test("claude",)',
      'grants.revoke({"server":"everything"})',
    ]);
    // Every event in the contract subscribes through the bridge function for it.
    for (const e of GATE_EVENTS) client.on(e, () => undefined);
    expect(subscribed).toEqual([...GATE_EVENTS]);
    // Every method in the contract reaches a bridge function of the same name.
    seen.length = 0;
    for (const m of Object.keys(gateMethods)) await client.call(m as never, {} as never);
    expect(seen.map((s) => s.slice(0, s.indexOf('(')))).toEqual(Object.keys(gateMethods));
  });

  it('reads the token from the URL fragment', () => {
    expect(tokenFromHash('#token=abc%2Fdef')).toBe('abc/def');
    expect(tokenFromHash('#x=1&token=t2')).toBe('t2');
    expect(tokenFromHash('')).toBeNull();
  });
});
