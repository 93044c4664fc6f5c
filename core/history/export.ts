/** History rows → JSON (the `history --json` shape of CONTRACT.md section 7) or CSV. */
import type { SamplingEvent } from '../../shared/types.js';

export function toJsonExport(events: SamplingEvent[]): string {
  return JSON.stringify(events, null, 2) + '\n';
}

const CSV_COLUMNS = [
  'id',
  'kind',
  'server',
  'sessionId',
  'era',
  'receivedAt',
  'decidedAt',
  'completedAt',
  'outcome',
  'decidedBy',
  'rule',
  'reason',
  'tokens',
  'answeredBy',
  'model',
  'inputTokens',
  'outputTokens',
  'costUsd',
  'flags',
  'request',
  'finalRequest',
  'response',
] as const;

export function toCsvExport(events: SamplingEvent[]): string {
  const lines = [CSV_COLUMNS.join(',')];
  for (const e of events) {
    lines.push(
      CSV_COLUMNS.map((c) => {
        const v =
          c === 'flags' ? e.flags.map((f) => f.id).join(' ') : c === 'inputTokens' || c === 'outputTokens' ? e.usage?.[c] : e[c];
        return csvCell(v === null || v === undefined ? '' : typeof v === 'string' || typeof v === 'number' ? String(v) : JSON.stringify(v));
      }).join(','),
    );
  }
  return lines.join('\r\n') + '\r\n';
}

/**
 * Quote every cell; prompts are attacker-written, so a cell that a spreadsheet would run as a
 * formula (= + - @ tab CR first) is prefixed with an apostrophe (OWASP CSV injection advice).
 */
function csvCell(s: string): string {
  const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
  return `"${safe.replace(/"/g, '""')}"`;
}
