/**
 * A small, deterministic history written through the real HistoryStore into a data directory
 * before a gate starts on it (History at a glance, issue 23): several servers, outcomes, models and
 * days, some events priced, some not (answered by the client), all completed — so the gate's
 * start-up leaves them as they are.
 */
import { join } from 'node:path';
import { HistoryStore } from '../../core/history/history-store.js';
import type { Outcome } from '../../shared/types.js';

export const SEED_SERVERS = ['docs', 'github', 'notes'] as const;
const OUTCOMES: Outcome[] = ['approved', 'auto-approved', 'denied', 'edited', 'timed-out'];
const MODELS = ['claude-sonnet-4-5', 'gpt-4o-mini'];
const HOUR = 3_600_000;

/** `count` events over the `days` days before `now`, into dataDir/history.db. */
export function seedHistoryDir(dataDir: string, count: number, days: number, now = Date.now()): void {
  const store = new HistoryStore(join(dataDir, 'history.db'));
  try {
    for (let i = 0; i < count; i++) {
      // Spread over the days, a few hours apart, at times that are not round.
      const at = new Date(now - ((i * 7 * HOUR + i * 61_000) % (days * 24 * HOUR)) - 5 * 60_000);
      const id = `seed-${String(i).padStart(5, '0')}`;
      const server = SEED_SERVERS[(i * 5 + (i >> 3)) % SEED_SERVERS.length]!;
      const outcome = OUTCOMES[(i * 3) % OUTCOMES.length]!;
      const priced = i % 3 !== 0 && outcome !== 'denied';
      store.insert({ id, server, sessionId: `s-${i % 4}`, era: '2025-11-25', receivedAt: at, request: { messages: [{ role: 'user', content: { type: 'text', text: `seeded question ${i}` } }], maxTokens: 100 } });
      store.update(id, {
        outcome,
        decidedBy: 'user',
        decidedAt: new Date(at.getTime() + 1000),
        completedAt: new Date(at.getTime() + 2000),
        ...(priced ? { answeredBy: 'provider:claude', model: MODELS[i % MODELS.length]!, inputTokens: 100 + i, outputTokens: 50, costUsd: Math.round((0.001 + (i % 7) * 0.0007) * 1e6) / 1e6 } : { answeredBy: 'client' }),
      });
    }
    store.flush();
  } finally {
    store.close();
  }
}
