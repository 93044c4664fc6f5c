/**
 * History's aggregates computed in a worker thread, as the gate does it (the compiled store in
 * out/node: the worker runs compiled code): the same answer as on the caller's thread, counting
 * what was just written; and a worker that dies mid-query leaves no caller waiting — the question
 * is answered on the caller's thread, and so is every one after it.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import type { HistoryStore as Store } from '../../../core/history/history-store.js';

const BUILT = resolve(import.meta.dirname, '..', '..', '..', 'out', 'node', 'core', 'history', 'history-store.js');
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

type Reader = { worker: Worker | null; inline: boolean };
const readerOf = (store: Store): Reader => (store as unknown as { statsReader: Reader }).statsReader;

async function seededStore(n: number): Promise<Store> {
  const { HistoryStore } = (await import(BUILT)) as { HistoryStore: typeof Store };
  const dir = mkdtempSync(join(tmpdir(), 'sg-statsw-'));
  dirs.push(dir);
  const store = new HistoryStore(join(dir, 'history.db'), { worker: true });
  const t0 = Date.parse('2026-03-01T10:00:00Z');
  for (let i = 0; i < n; i++) {
    const id = `e${i}`;
    store.insert({ id, server: ['a', 'b', 'c'][i % 3]!, sessionId: `s${i % 4}`, era: '2025-11-25', receivedAt: new Date(t0 + i * 3_600_000), request: { messages: [], maxTokens: 1 } });
    store.update(id, { outcome: i % 4 === 0 ? 'denied' : 'approved', model: i % 2 ? 'm1' : 'm2', costUsd: i % 5 ? 0.001 * (i % 7) : null, completedAt: new Date(t0 + i * 3_600_000) });
  }
  return store;
}

describe.skipIf(!existsSync(BUILT))('history statistics in a worker thread', () => {
  it('equal the caller-thread answer, including what was just written', async () => {
    const store = await seededStore(500);
    for (const [q, tz] of [[{}, 0], [{ server: 'b' }, 540], [{ outcome: 'denied' as const }, -300]] as const) {
      const off = await store.statsWhenWritten(q, tz);
      expect(readerOf(store).worker).not.toBeNull();
      expect(off).toEqual(store.stats(q, tz));
    }
    expect((await store.statsWhenWritten({})).totals.events).toBe(500);
    store.close();
  });

  it('a worker that dies mid-query: that question and the next are answered on this thread', async () => {
    const store = await seededStore(200);
    await store.statsWhenWritten({});
    const reader = readerOf(store);
    const asked = store.statsWhenWritten({ server: 'a' });
    // settled() resolves first, then the question goes to the worker; end the worker under it.
    await new Promise((r) => setImmediate(r));
    await reader.worker!.terminate();
    const answer = await asked;
    expect(answer).toEqual(store.stats({ server: 'a' }));
    expect(reader.inline).toBe(true);
    expect((await store.statsWhenWritten({})).totals.events).toBe(200);
    store.close();
  });
});
