/**
 * History at a glance (issue 23), the renderer's side: the aggregates as stacked bars (every day a
 * bar, totals kept), what a click sets in the filter, the colours as CSS variables, and the store
 * that follows the filter and new events, debounced, without stale answers.
 */
import { describe, expect, it, vi } from 'vitest';
import { filterFor, seriesColor, stackOf } from '../../../renderer/src/lib/chart-data.js';
import { createHistoryStatsStore } from '../../../renderer/src/stores/history-stats.js';
import { createHistoryStore } from '../../../renderer/src/stores/history.js';
import { OTHER_SERIES, UNKNOWN_MODEL, type HistoryStats } from '../../../shared/history-stats.js';
import { FakeGateClient } from './fake-client.js';

const STATS: HistoryStats = {
  tzOffsetMinutes: 60,
  days: ['2026-03-01', '2026-03-02', '2026-03-03'],
  omittedDays: 0,
  events: [
    { day: '2026-03-01', server: 'docs', outcome: 'denied', count: 2 },
    { day: '2026-03-01', server: 'docs', outcome: 'approved', count: 3 },
    { day: '2026-03-01', server: 'github', outcome: 'approved', count: 4 },
    { day: '2026-03-03', server: OTHER_SERIES, outcome: 'failed', count: 1 },
  ],
  cost: [
    { day: '2026-03-01', server: 'docs', model: 'gpt-4o', costUsd: 0.25, events: 2 },
    { day: '2026-03-03', server: 'github', model: UNKNOWN_MODEL, costUsd: 0.5, events: 1 },
  ],
  totals: { events: 10, costUsd: 0.75, priced: 3 },
};

describe('stacked bars from history.stats', () => {
  it('one bar a day (empty days too), outcomes in their fixed order, totals kept', () => {
    const s = stackOf(STATS, 'events', 'outcome');
    expect(s.bars.map((b) => [b.day, b.total])).toEqual([
      ['2026-03-01', 9],
      ['2026-03-02', 0],
      ['2026-03-03', 1],
    ]);
    expect(s.series).toEqual(['approved', 'denied', 'failed']);
    expect(s.bars[0]!.parts.get('approved')).toBe(7);
    expect([s.max, s.total]).toEqual([9, 10]);
  });

  it('by server: largest first, the catch-all last; cost by model', () => {
    expect(stackOf(STATS, 'events', 'server').series).toEqual(['docs', 'github', OTHER_SERIES]);
    const cost = stackOf(STATS, 'cost', 'model');
    expect(cost.series).toEqual(['gpt-4o', UNKNOWN_MODEL]);
    expect(cost.total).toBeCloseTo(0.75, 9);
  });

  it('a click filters that day and that series, unless it is a catch-all', () => {
    expect(filterFor('2026-03-01', 'outcome', 'denied')).toEqual({ since: '2026-03-01', until: '2026-03-01', outcome: 'denied' });
    expect(filterFor('2026-03-01', 'server', 'docs')).toEqual({ since: '2026-03-01', until: '2026-03-01', server: 'docs' });
    expect(filterFor('2026-03-01', 'model', 'gpt-4o')).toEqual({ since: '2026-03-01', until: '2026-03-01', model: 'gpt-4o' });
    expect(filterFor('2026-03-01', 'server', OTHER_SERIES)).toEqual({ since: '2026-03-01', until: '2026-03-01' });
    expect(filterFor('2026-03-01', 'model', UNKNOWN_MODEL)).toEqual({ since: '2026-03-01', until: '2026-03-01' });
    expect(filterFor('2026-03-01', 'outcome', null)).toEqual({ since: '2026-03-01', until: '2026-03-01' });
  });

  it('colours are CSS variables (a theme redefines them)', () => {
    expect(seriesColor('outcome', 'denied', 3)).toBe('var(--chart-outcome-denied)');
    expect(seriesColor('server', 'docs', 9)).toBe('var(--chart-2)');
    expect(seriesColor('server', OTHER_SERIES, 0)).toBe('var(--chart-other)');
  });
});

describe('history stats store', () => {
  it('asks for the filter in the browser day offset, follows filter changes and new events, debounced; stale answers lose', async () => {
    vi.useFakeTimers();
    try {
      let delay = 0;
      const client = new FakeGateClient()
        .answer('history.list', () => ({ ok: true, value: [] }))
        .answer('history.stats', async () => {
          const d = delay;
          await new Promise((r) => setTimeout(r, d));
          return { ok: true, value: { ...STATS, tzOffsetMinutes: d } };
        });
      const history = createHistoryStore(client, { debounceMs: 10 });
      const stats = createHistoryStatsStore(client, history, { debounceMs: 100, minIntervalMs: 1_000, tzOffsetMinutes: () => 120 });
      history.getState().setFilter({ server: 'docs' });
      history.getState().setFilter({ server: 'docs', outcome: 'denied', since: '2026-03-01' });
      await vi.advanceTimersByTimeAsync(110);
      const calls = client.calls.filter((c) => c.method === 'history.stats');
      expect(calls).toHaveLength(1);
      expect(calls[0]!.params).toMatchObject({ query: { server: 'docs', outcome: 'denied' }, tzOffsetMinutes: 120 });
      expect(calls[0]!.params).not.toHaveProperty('query.limit');
      // A stream of new events: one refresh, no sooner than minIntervalMs after the last.
      for (let i = 0; i < 20; i++) {
        client.emit('history.changed', { id: `x${i}` });
        await vi.advanceTimersByTimeAsync(50);
      }
      expect(client.calls.filter((c) => c.method === 'history.stats')).toHaveLength(2);
      await vi.advanceTimersByTimeAsync(1_000);
      expect(client.calls.filter((c) => c.method === 'history.stats')).toHaveLength(2);
      // A filter change is answered soon, events or not.
      client.emit('history.changed', { id: 'y' });
      history.getState().setFilter({ outcome: 'approved' });
      await vi.advanceTimersByTimeAsync(110);
      expect(client.calls.filter((c) => c.method === 'history.stats')).toHaveLength(3);
      // A slow answer to an older call does not overwrite the newer one.
      delay = 500;
      const slow = stats.getState().load();
      delay = 5;
      const fast = stats.getState().load();
      await vi.advanceTimersByTimeAsync(600);
      await Promise.all([slow, fast]);
      expect(stats.getState().stats?.tzOffsetMinutes).toBe(5);
      stats.getState().dispose();
      history.getState().dispose();
    } finally {
      vi.useRealTimers();
    }
  });
});
