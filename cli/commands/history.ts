/** `sampling-gate history`: from the running gate, or straight from history.db when none runs. */
import { existsSync } from 'node:fs';
import type { HistoryQuery, SamplingEvent } from '../../shared/types.js';
import { HistoryQuerySchema } from '../../shared/api.js';
import { toCsvExport } from '../../core/history/export.js';
import { HistoryStore } from '../../core/history/history-store.js';
import type { DataPaths } from '../../core/paths.js';
import { UsageError } from '../args.js';
import { callGate, gateRunning } from '../control-client.js';
import { printJson, printTable, promptPreview } from '../output.js';
import { failed } from './requests.js';

export async function history(paths: DataPaths, query: HistoryQuery, format: 'json' | 'csv' | 'table'): Promise<number> {
  const parsed = HistoryQuerySchema.safeParse(query);
  if (!parsed.success) throw new UsageError(parsed.error.issues.map((i) => `--${String(i.path[0])}: ${i.message}`).join('; '));
  let events: SamplingEvent[];
  if (await gateRunning(paths.socket)) {
    const r = await callGate(paths.socket, 'history.query', { query: parsed.data });
    if (!r.ok) return failed(r);
    events = r.value;
  } else if (existsSync(paths.history)) {
    const store = new HistoryStore(paths.history);
    try {
      events = store.query(parsed.data);
    } finally {
      store.close();
    }
  } else {
    events = [];
  }
  if (format === 'json') printJson(events);
  else if (format === 'csv') process.stdout.write(toCsvExport(events));
  else if (events.length === 0) process.stdout.write(`no ${query.kind ?? 'held'} events\n`);
  else
    printTable(
      ['RECEIVED', 'KIND', 'SERVER', 'OUTCOME', 'BY', 'RULE / REASON', 'TOKENS', 'PROMPT / MESSAGE'],
      events.map((e) => [e.receivedAt, e.kind, e.server, e.outcome, e.decidedBy ?? '', e.rule ?? e.reason ?? '', e.tokens === null ? '' : String(e.tokens), promptPreview(e.finalRequest ?? e.request, e.kind)]),
    );
  return 0;
}
