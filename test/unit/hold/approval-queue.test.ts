/**
 * The approval queue's events are deltas (issue 10): what changed within 10 ms —
 * requests added, fields changed, ids removed — never the whole queue, so 200 arrivals cost O(n)
 * bytes to every UI instead of O(n²).
 */
import { describe, expect, it } from 'vitest';
import { ApprovalQueue } from '../../../core/hold/approval-queue.js';
import { applyPendingDelta } from '../../../shared/pending.js';
import { ok } from '../../../shared/result.js';
import type { PendingDelta, PendingRequest } from '../../../shared/types.js';

const view = (id: string, at = '2026-01-01T00:00:00.000Z', extra: Partial<PendingRequest> = {}): PendingRequest => ({
  id,
  kind: 'sampling',
  server: 's',
  sessionId: 'x',
  receivedAt: at,
  expiresAt: new Date(Date.now() + 60_000).toISOString(),
  stage: 'request',
  era: '2025-11-25',
  trust: 'ask',
  request: { messages: [{ role: 'user', content: { type: 'text', text: `prompt ${id} ${'x'.repeat(500)}` } }], maxTokens: 10 },
  flags: [],
  ...extra,
});

/** Past the 10 ms in which the queue gathers a delta. */
const turn = (): Promise<void> => new Promise((r) => setTimeout(r, 20));

function record(queue: ApprovalQueue): PendingDelta[] {
  const events: PendingDelta[] = [];
  queue.on('changed', (d) => events.push(d));
  return events;
}

describe('approval queue deltas', () => {
  it('gathers a turn’s arrivals into one delta, then sends changed fields and removals only', async () => {
    const queue = new ApprovalQueue();
    const events = record(queue);
    const waits = ['a', 'b', 'c'].map((id, i) => queue.wait(view(id, `2026-01-01T00:00:0${i}.000Z`), (d) => ok(d)));
    await turn();
    expect(events).toHaveLength(1);
    expect(events[0]!.added!.map((p) => p.id)).toEqual(['a', 'b', 'c']);

    queue.patch('b', { partial: 'Kiwi' });
    queue.patch('b', { partial: 'Kiwifruit' });
    expect(queue.decide('a', 'request', { kind: 'deny' })).toMatchObject({ ok: true });
    await turn();
    expect(events[1]).toEqual({ changed: [{ id: 'b', partial: 'Kiwifruit' }], removed: ['a'] });
    expect((await waits[0]!).kind).toBe('decided');

    // Arrived and gone within one turn: nobody needs to hear of it.
    const d = queue.wait(view('d'), (x) => ok(x));
    queue.cancel('d', 'server', 'gone');
    await d;
    await turn();
    expect(events).toHaveLength(2);

    // The same id settled and listed again (a completion up for review): a replacement, not a removal.
    queue.cancel('c', 'gate', 'next stage');
    void queue.wait(view('c', '2026-01-01T00:00:02.000Z', { stage: 'response', response: { content: { type: 'text', text: 'hi' } } }), (x) => ok(x));
    await turn();
    expect(events[2]).toEqual({ added: [expect.objectContaining({ id: 'c', stage: 'response' })] });

    // Applied in order, the deltas give what the queue lists.
    const list = events.reduce<PendingRequest[]>((l, e) => applyPendingDelta(l, e), []);
    expect(list).toEqual(queue.list());
    queue.cancelAll('done');
  });

  it('sends each of 200 arrivals once: bytes grow with n, not n²', async () => {
    const queue = new ApprovalQueue();
    const events = record(queue);
    for (let i = 0; i < 200; i++) {
      void queue.wait(view(`r${i}`, new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString()), (x) => ok(x));
      if (i % 7 === 0) await turn();
    }
    await turn();
    const bytes = events.reduce((n, e) => n + JSON.stringify(e).length, 0);
    const one = JSON.stringify(view('r0')).length;
    expect(bytes).toBeLessThan(200 * one * 1.2);
    expect(events.reduce<PendingRequest[]>((l, e) => applyPendingDelta(l, e), []).map((p) => p.id)).toEqual(queue.list().map((p) => p.id));
    queue.cancelAll('done');
  });
});
