import { describe, expect, it, vi } from 'vitest';
import { createApprovalsStore, selectedRequest } from '../../../renderer/src/stores/approvals.js';
import { createHistoryStore, toHistoryQuery, EMPTY_FILTER } from '../../../renderer/src/stores/history.js';
import { createServersStore } from '../../../renderer/src/stores/servers.js';
import type { SamplingEvent, ServerStatus } from '../../../shared/types.js';
import { summaryOf } from '../../../shared/history-summary.js';
import { FakeGateClient, pending } from './fake-client.js';

describe('approvals store', () => {
  it('loads the queue oldest first and selects the oldest', async () => {
    const client = new FakeGateClient().answer('approvals.list', () => ({
      ok: true,
      value: [pending('b', '2026-01-01T00:00:02Z'), pending('a', '2026-01-01T00:00:01Z')],
    }));
    const store = createApprovalsStore(client);
    await store.getState().load();
    expect(store.getState().pending.map((p) => p.id)).toEqual(['a', 'b']);
    expect(store.getState().selectedId).toBe('a');
  });

  it('keeps the selection when a new request arrives, so the dialog never swaps under the user', async () => {
    const client = new FakeGateClient().answer('approvals.list', () => ({ ok: true, value: [pending('a', '2026-01-01T00:00:01Z'), pending('b', '2026-01-01T00:00:02Z')] }));
    const store = createApprovalsStore(client);
    await store.getState().load();
    store.getState().select('b');
    client.emit('approvals.changed', { added: [pending('c', '2026-01-01T00:00:00Z')] });
    expect(selectedRequest(store.getState())?.id).toBe('b');
    expect(store.getState().pending.map((p) => p.id)).toEqual(['c', 'a', 'b']);
  });

  it('decides in any order, drops the decided one and moves to the next', async () => {
    const client = new FakeGateClient()
      .answer('approvals.list', () => ({ ok: true, value: [pending('a', '2026-01-01T00:00:01Z'), pending('b', '2026-01-01T00:00:02Z')] }))
      .answer('approvals.decide', ({ id }) => ({ ok: true, value: { id } }));
    const store = createApprovalsStore(client);
    await store.getState().load();
    store.getState().select('b');
    expect(await store.getState().decide('b', { kind: 'deny', reason: 'no' })).toBe(true);
    expect(client.calls.at(-1)).toEqual({ method: 'approvals.decide', params: { id: 'b', decision: { kind: 'deny', reason: 'no' } } });
    expect(store.getState().pending.map((p) => p.id)).toEqual(['a']);
    expect(store.getState().selectedId).toBe('a');
  });

  it('an approval the gate moved on before its answer arrived (a provider answering) stays, at its new stage', async () => {
    const { client, store, release } = await oneRequestDecidedOnRelease();
    const decided = store.getState().decide('a', { kind: 'approve' });
    // The gate acknowledges once the decision is in history; its event can come first.
    client.emit('approvals.changed', { changed: [{ id: 'a', stage: 'answering', partial: 'Once' }] });
    release();
    expect(await decided).toBe(true);
    expect(store.getState().pending.map((p) => [p.id, p.stage])).toEqual([['a', 'answering']]);
    expect(store.getState().busy).toEqual([]);
    client.emit('approvals.changed', { removed: ['a'] });
    expect(store.getState().pending).toEqual([]);
  });

  it('keeps the request and shows the error when the gate refuses a decision', async () => {
    const client = new FakeGateClient()
      .answer('approvals.list', () => ({ ok: true, value: [pending('a', '2026-01-01T00:00:01Z')] }))
      .answer('approvals.decide', () => ({ ok: false, error: { code: 'not-found', message: 'already timed out' } }));
    const store = createApprovalsStore(client);
    await store.getState().load();
    expect(await store.getState().decide('a', { kind: 'approve' })).toBe(false);
    expect(store.getState().pending).toHaveLength(1);
    expect(store.getState().busy).toEqual([]);
    expect(store.getState().error).toBe('already timed out');
  });

  it('refuses a second decision while one is in flight (double click)', async () => {
    const { client, store, release } = await oneRequestDecidedOnRelease();
    const first = store.getState().decide('a', { kind: 'approve' });
    expect(await store.getState().decide('a', { kind: 'approve' })).toBe(false);
    release();
    expect(await first).toBe(true);
    expect(client.calls.filter((c) => c.method === 'approvals.decide')).toHaveLength(1);
  });

  it('reviews completions through approvals.review and unsubscribes on dispose', async () => {
    const client = new FakeGateClient().answer('approvals.review', ({ id }) => ({ ok: true, value: { id } }));
    const store = createApprovalsStore(client);
    client.emit('approvals.changed', { added: [pending('r', '2026-01-01T00:00:01Z', { stage: 'response', response: { content: { type: 'text', text: 'hi' } } })] });
    await store.getState().review('r', { kind: 'approve-edited', response: { content: { type: 'text', text: 'HI' } } });
    expect(client.calls[0]?.method).toBe('approvals.review');
    store.getState().dispose();
    expect(client.listenerCount('approvals.changed')).toBe(0);
  });
});

/** A store with request `a` loaded, whose gate answers approvals.decide only when `release()` is called. */
async function oneRequestDecidedOnRelease() {
  let answer: () => void = () => undefined;
  const client = new FakeGateClient()
    .answer('approvals.list', () => ({ ok: true, value: [pending('a', '2026-01-01T00:00:01Z')] }))
    .answer('approvals.decide', ({ id }) => new Promise((r) => (answer = () => r({ ok: true, value: { id } }))));
  const store = createApprovalsStore(client);
  await store.getState().load();
  return { client, store, release: () => answer() };
}

const server = (id: string, trust: ServerStatus['trust'] = 'ask'): ServerStatus => ({ id, trust, transport: 'stdio', sessions: 0, lastRequestAt: null, errors: [], target: 'node x.js' });

describe('servers store', () => {
  it('toggles trust optimistically and rolls back on refusal', async () => {
    let allow = true;
    const client = new FakeGateClient()
      .answer('servers.list', () => ({ ok: true, value: [server('b'), server('a')] }))
      .answer('servers.setTrust', ({ id, trust }) => (allow ? { ok: true, value: { id, trust } } : { ok: false, error: { code: 'conflict', message: 'config is invalid' } }));
    const store = createServersStore(client);
    await store.getState().load();
    expect(store.getState().servers.map((s) => s.id)).toEqual(['a', 'b']);
    expect(await store.getState().setTrust('a', 'trust')).toBe(true);
    expect(store.getState().servers[0]?.trust).toBe('trust');
    allow = false;
    const pendingCall = store.getState().setTrust('a', 'deny');
    expect(store.getState().servers[0]?.trust).toBe('deny');
    expect(await pendingCall).toBe(false);
    expect(store.getState().servers[0]?.trust).toBe('trust');
    expect(store.getState().error).toBe('config is invalid');
  });

  it('loads and follows config problems', async () => {
    const problem = { file: 'config.yaml', line: 3, column: 5, path: 'defaults.trsut', message: 'unknown key' };
    const client = new FakeGateClient()
      .answer('servers.list', () => ({ ok: true, value: [] }))
      .answer('config.status', () => ({ ok: true, value: [problem] }));
    const store = createServersStore(client);
    await store.getState().load();
    expect(store.getState().problems).toEqual([problem]);
    client.emit('config.problems', []);
    expect(store.getState().problems).toEqual([]);
    store.getState().dispose();
    expect(client.listenerCount('config.problems')).toBe(0);
  });

  it('upserts, removes and follows servers.changed', async () => {
    const client = new FakeGateClient()
      .answer('servers.list', () => ({ ok: true, value: [server('a'), server('new')] }))
      .answer('servers.upsert', ({ server: s }) => ({ ok: true, value: { id: s.id } }))
      .answer('servers.remove', ({ id }) => ({ ok: true, value: { id } }));
    const store = createServersStore(client);
    const r = await store.getState().upsert({ id: 'new', command: 'node', args: [] });
    expect(r.ok).toBe(true);
    expect(store.getState().servers.map((s) => s.id)).toEqual(['a', 'new']);
    await store.getState().remove('a');
    expect(store.getState().servers.map((s) => s.id)).toEqual(['new']);
    client.emit('servers.changed', [server('z', 'deny')]);
    expect(store.getState().servers).toEqual([server('z', 'deny')]);
  });
});

const event = (id: string): SamplingEvent => ({
  id,
  kind: 'sampling',
  server: 'everything',
  sessionId: 's',
  era: '2025-11-25',
  receivedAt: '2026-01-01T00:00:00Z',
  decidedAt: null,
  completedAt: null,
  outcome: 'approved',
  decidedBy: 'user',
  rule: null,
  reason: null,
  request: {},
  finalRequest: null,
  response: null,
  flags: [],
  tokens: 10,
});

describe('history store', () => {
  it('turns the form filter into a query', () => {
    expect(toHistoryQuery(EMPTY_FILTER)).toEqual({ limit: 200 });
    const q = toHistoryQuery({ kind: 'elicitation', server: 'everything', outcome: 'denied', model: ' gpt-4o ', since: '2026-01-02', until: 'bad', search: '  kiwi ' });
    expect(q).toMatchObject({ kind: 'elicitation', server: 'everything', outcome: 'denied', model: 'gpt-4o', search: 'kiwi', limit: 200 });
    expect(q.since).toMatch(/^2026-01-0[12]T/);
    expect(q).not.toHaveProperty('until');
  });

  it('debounces filter changes into one query and ignores stale answers', async () => {
    vi.useFakeTimers();
    try {
      const client = new FakeGateClient().answer('history.list', ({ query }) => ({ ok: true, value: [summaryOf(event(query.search ?? 'all'))] }));
      const store = createHistoryStore(client, { debounceMs: 50 });
      store.getState().setFilter({ search: 'k' });
      store.getState().setFilter({ search: 'ki' });
      store.getState().setFilter({ search: 'kiwi' });
      await vi.advanceTimersByTimeAsync(60);
      expect(client.calls.filter((c) => c.method === 'history.list')).toHaveLength(1);
      expect(store.getState().rows.map((r) => r.id)).toEqual(['kiwi']);
      client.emit('history.changed', { id: 'x' });
      await vi.advanceTimersByTimeAsync(60);
      expect(client.calls.filter((c) => c.method === 'history.list')).toHaveLength(2);
      store.getState().dispose();
    } finally {
      vi.useRealTimers();
    }
  });

  it('opens events, exports the whole filter and sets retention', async () => {
    const client = new FakeGateClient()
      .answer('history.get', ({ id }) => ({ ok: true, value: event(id) }))
      .answer('history.export', ({ format }) => ({ ok: true, value: { filename: `h.${format}`, mimeType: 'text/csv', content: 'id\n' } }))
      .answer('config.setRetention', ({ days }) => ({ ok: true, value: { days } }))
      .answer('config.getRetention', () => ({ ok: true, value: { days: 30 } }));
    const store = createHistoryStore(client);
    await store.getState().open('e1');
    expect(store.getState().selected?.id).toBe('e1');
    client.emit('history.changed', { id: 'e1' });
    await new Promise((r) => setTimeout(r, 0));
    expect(client.calls.filter((c) => c.method === 'history.get')).toHaveLength(2);
    store.getState().close();
    expect(store.getState().selected).toBeNull();
    const ex = await store.getState().exportCurrent('csv');
    expect(ex.ok && ex.value.filename).toBe('h.csv');
    expect(client.calls.find((c) => c.method === 'history.export')?.params).toEqual({ query: { limit: 10000 }, format: 'csv' });
    await store.getState().loadRetention();
    expect(store.getState().retentionDays).toBe(30);
    await store.getState().setRetention(null);
    expect(store.getState().retentionDays).toBeNull();
    store.getState().dispose();
  });
});

describe('approvals store: deltas', () => {
  it('applies added, changed and removed; untouched requests keep their identity', async () => {
    const client = new FakeGateClient().answer('approvals.list', () => ({ ok: true, value: [pending('a', '2026-01-01T00:00:01Z'), pending('b', '2026-01-01T00:00:02Z')] }));
    const store = createApprovalsStore(client);
    await store.getState().load();
    const [a, b] = store.getState().pending;
    client.emit('approvals.changed', { added: [pending('c', '2026-01-01T00:00:03Z')], changed: [{ id: 'b', stage: 'answering', partial: 'Kiwi' }] });
    const after = store.getState().pending;
    expect(after.map((p) => p.id)).toEqual(['a', 'b', 'c']);
    expect(after[0]).toBe(a);
    expect(after[1]).not.toBe(b);
    expect(after[1]).toMatchObject({ id: 'b', stage: 'answering', partial: 'Kiwi', server: 'everything' });
    client.emit('approvals.changed', { removed: ['a'] });
    expect(store.getState().pending.map((p) => p.id)).toEqual(['b', 'c']);
    expect(store.getState().selectedId).toBe('b');
    // A delta the list already covered changes nothing.
    client.emit('approvals.changed', { removed: ['a'] });
    expect(store.getState().pending.map((p) => p.id)).toEqual(['b', 'c']);
  });
});

describe('approvals store: bulk decisions', () => {
  it('ticks, selects all, and decides the ticked in one call; reports those already gone', async () => {
    const client = new FakeGateClient()
      .answer('approvals.list', () => ({ ok: true, value: [pending('a', '2026-01-01T00:00:01Z'), pending('b', '2026-01-01T00:00:02Z'), pending('c', '2026-01-01T00:00:03Z')] }))
      .answer('approvals.decideMany', ({ ids }) => ({
        ok: true,
        value: { decided: (ids ?? []).filter((id) => id !== 'c'), failed: (ids ?? []).includes('c') ? [{ id: 'c', code: 'not-found', message: 'no pending request c' }] : [] },
      }));
    const store = createApprovalsStore(client);
    await store.getState().load();
    store.getState().toggleChecked('a');
    store.getState().toggleChecked('b');
    store.getState().toggleChecked('b');
    expect(store.getState().checked).toEqual(['a']);
    expect(await store.getState().decideChecked('approve')).toBe(true);
    expect(client.calls.at(-1)).toEqual({ method: 'approvals.decideMany', params: { ids: ['a'], decision: { kind: 'approve' } } });
    expect(store.getState().pending.map((p) => p.id)).toEqual(['b', 'c']);
    expect(store.getState().checked).toEqual([]);

    store.getState().checkAll(true);
    expect(store.getState().checked).toEqual(['b', 'c']);
    expect(await store.getState().decideChecked('deny')).toBe(false);
    expect(store.getState().pending.map((p) => p.id)).toEqual(['c']);
    expect(store.getState().error).toBe('no pending request c');
    // A request that stops waiting takes its tick with it.
    client.emit('approvals.changed', { removed: ['c'] });
    expect(store.getState().checked).toEqual([]);
  });
});
