/**
 * `sampling-gate policy explain <request-id> [--json]`: how the policy decided one recorded request —
 * the stored evaluation trace, the verdict, what became of it, and every flag with its span. Read
 * from the running gate (`history.get` over the control socket), else straight from history.db.
 */
import { existsSync } from 'node:fs';
import type { SamplingEvent } from '../../shared/types.js';
import { HistoryStore } from '../../core/history/history-store.js';
import type { DataPaths } from '../../core/paths.js';
import { explainEvent, explanationOf } from '../../core/policy/explain.js';
import { callGate, gateRunning } from '../control-client.js';
import { printJson } from '../output.js';

export async function explainRequest(paths: DataPaths, id: string, json: boolean): Promise<number> {
  const event = await findEvent(paths, id);
  if (!event) {
    process.stderr.write(`sampling-gate: no recorded request ${JSON.stringify(id).slice(0, 100)}\n`);
    return 1;
  }
  if (json) printJson(explanationOf(event));
  else process.stdout.write(explainEvent(event).join('\n') + '\n');
  return 0;
}

async function findEvent(paths: DataPaths, id: string): Promise<SamplingEvent | null> {
  if (await gateRunning(paths.socket)) {
    const r = await callGate(paths.socket, 'history.get', { id });
    if (r.ok) return r.value;
    if (r.error.code === 'not-found') return null;
    throw new Error(r.error.message);
  }
  if (!existsSync(paths.history)) return null;
  const store = new HistoryStore(paths.history);
  try {
    return store.get(id);
  } finally {
    store.close();
  }
}
