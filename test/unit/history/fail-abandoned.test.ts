/**
 * Start-up clean-up (HistoryStore.failAbandoned): every row a dead gate left without a final
 * outcome — pending, approved but never completed, in review — is closed as `failed` with the
 * reason; a decision already made stays recorded; final rows are untouched.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HistoryStore } from '../../../core/history/history-store.js';

const REASON = 'the gate stopped before the completion arrived';

describe('failAbandoned', () => {
  it('closes pending, approved-not-completed and in-review rows; leaves final rows alone', () => {
    const store = new HistoryStore(join(mkdtempSync(join(tmpdir(), 'sg-abandon-')), 'history.db'));
    const t0 = new Date('2026-01-01T00:00:00Z');
    const decided = new Date('2026-01-01T00:00:05Z');
    const row = (id: string) => store.insert({ id, server: 's', sessionId: 'x', era: '2025-11-25', receivedAt: t0, request: { messages: [], maxTokens: 1 } });
    for (const id of ['pending', 'approved', 'edited', 'review', 'done', 'denied']) row(id);
    store.update('approved', { outcome: 'approved', decidedBy: 'user', decidedAt: decided, tokens: 10 });
    store.update('edited', { outcome: 'edited', decidedBy: 'user', decidedAt: decided, finalRequest: { messages: [], maxTokens: 2 } });
    store.update('review', { outcome: 'auto-approved', decidedBy: 'policy', decidedAt: decided, response: { role: 'assistant' } });
    store.update('done', { outcome: 'approved', decidedBy: 'user', decidedAt: decided, completedAt: decided, response: { role: 'assistant' } });
    store.update('denied', { outcome: 'denied', decidedBy: 'user', decidedAt: decided, completedAt: decided, reason: 'no' });

    const now = new Date('2026-01-02T00:00:00Z');
    expect(store.failAbandoned(now)).toBe(4);
    for (const id of ['pending', 'approved', 'edited', 'review']) {
      expect(store.get(id), id).toMatchObject({ outcome: 'failed', reason: REASON, completedAt: now.toISOString() });
    }
    expect(store.get('pending')).toMatchObject({ decidedBy: 'gate', decidedAt: now.toISOString() });
    // The human's decision is not lost: who decided, when, and the edit.
    expect(store.get('approved')).toMatchObject({ decidedBy: 'user', decidedAt: decided.toISOString(), tokens: 10 });
    expect(store.get('edited')).toMatchObject({ decidedBy: 'user', finalRequest: { maxTokens: 2 } });
    expect(store.get('review')).toMatchObject({ decidedBy: 'policy', response: { role: 'assistant' } });
    expect(store.get('done')).toMatchObject({ outcome: 'approved', completedAt: decided.toISOString() });
    expect(store.get('denied')).toMatchObject({ outcome: 'denied', reason: 'no' });
    expect(store.failAbandoned(now)).toBe(0);
    store.close();
  });
});
