/**
 * The history written from a worker thread (issue 10), as the gate does it — the compiled store
 * (out/node: the worker runs compiled code): reads see changes the worker has not written yet, a
 * query waits for it, retention runs there, the counters still equal the SQL, and what it wrote is
 * in the file after close.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { HistoryStore as Store } from '../../../core/history/history-store.js';

const BUILT = resolve(import.meta.dirname, '..', '..', '..', 'out', 'node', 'core', 'history', 'history-store.js');
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function workerStore(): Promise<{ store: Store; file: string }> {
  const { HistoryStore } = (await import(BUILT)) as { HistoryStore: typeof Store };
  const dir = mkdtempSync(join(tmpdir(), 'sg-writer-'));
  dirs.push(dir);
  const file = join(dir, 'history.db');
  const errors: string[] = [];
  const store = new HistoryStore(file, { worker: true, onError: (e) => errors.push(e.message) });
  // No thread until the first write.
  expect((store as unknown as { writer: { real: object | null } }).writer.real).toBeNull();
  return { store, file };
}

const request = (text: string) => ({ messages: [{ role: 'user', content: { type: 'text', text } }], maxTokens: 10 });

describe.skipIf(!existsSync(BUILT))('history written by a worker thread', () => {
  it('reads merge what is not written yet; queries wait; retention and counts agree with the file', async () => {
    const { store, file } = await workerStore();
    const t0 = Date.now() - 3 * 86_400_000;
    for (let i = 0; i < 300; i++) {
      const id = `e${i}`;
      store.insert({ id, server: i % 2 ? 'a' : 'b', sessionId: `s${i % 5}`, era: '2025-11-25', receivedAt: new Date(t0 + i * 600_000), request: request(`fig ${i}`) });
      store.update(id, { outcome: 'auto-approved', decidedAt: new Date(t0 + i * 600_000), tokens: 10 });
      if (i % 3 === 0) store.update(id, { response: { role: 'assistant', content: { type: 'text', text: `kiwi ${i}` } }, completedAt: new Date(t0 + i * 600_000 + 5) });
    }
    // Queued, not written: get() has the whole row all the same.
    expect(store.get('e3')).toMatchObject({ outcome: 'auto-approved', response: { content: { text: 'kiwi 3' } } });
    await new Promise((r) => setTimeout(r, 50));
    expect((store as unknown as { writer: { real: object } }).writer.real.constructor.name).toBe('WorkerWriter');
    store.update('e4', { reason: 'late' });
    expect(store.get('e4')).toMatchObject({ reason: 'late', tokens: 10 });
    expect(store.query({ search: 'kiwi', limit: 1000 })).toHaveLength(100);
    expect(store.query({ search: 'fig', limit: 1000 })).toHaveLength(300);

    const day = new Date(Date.now() - 86_400_000);
    const db = new Database(file, { readonly: true });
    const sql = (q: string, ...p: unknown[]) => (db.prepare(q).get(...p) as { n: number }).n;
    for (const server of ['a', 'b']) {
      expect(store.countRequests(server, day)).toBe(sql(`SELECT count(*) AS n FROM events WHERE server = ? AND received_at >= ?`, server, day.toISOString()));
    }

    const cutoff = new Date(t0 + 100 * 600_000);
    expect(await store.prune(cutoff)).toBe(100);
    expect(sql('SELECT count(*) AS n FROM events')).toBe(200);
    expect(sql(`SELECT count(*) AS n FROM events_fts WHERE events_fts MATCH 'kiwi'`)).toBe(66);
    expect(store.query({ search: 'fig', limit: 1000 })).toHaveLength(200);
    db.close();

    store.insert({ id: 'last', server: 'a', sessionId: 's', era: '2025-11-25', receivedAt: new Date(), request: request('plum') });
    store.close();
    const after = new Database(file, { readonly: true });
    expect(after.prepare(`SELECT count(*) AS n FROM events WHERE id = 'last'`).get()).toEqual({ n: 1 });
    after.close();
  });
});
