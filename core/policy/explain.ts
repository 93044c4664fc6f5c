/**
 * Plain-text account of an evaluation, one line per step, for `policy explain`, logs and the
 * history detail view. No colour or markup: terminals and CI logs read it as is.
 */
import { flagInfo } from '../../shared/flags.js';
import type { Evaluation } from './evaluate.js';

const STEP_NAMES = {
  validity: 'protocol validity',
  'trust-deny': 'trust deny',
  'hard-rules': 'hard rules',
  limits: 'rate limits and budget',
  'trust-approve': 'trust approves',
  ask: 'ask the human',
} as const;

export function explain({ verdict, trace }: Evaluation): string[] {
  const lines = trace.map((s, i) => {
    const rule = s.rule ? ` [${s.rule}]` : '';
    const detail = s.detail ? `: ${s.detail}` : '';
    return `${i + 1}. ${STEP_NAMES[s.step]} — ${s.outcome}${rule}${detail}`;
  });
  const decided = verdict.action === 'ask' ? 'held for the user' : `${verdict.action} by ${verdict.rule}`;
  lines.push(`verdict: ${decided}`);
  for (const f of verdict.flags) {
    const where = f.path ? ` at ${f.path}` : '';
    lines.push(`flag ${f.id} (${f.severity})${where}: ${f.message}${flagInfo(f.id) ? '' : ' [not in the catalog]'}`);
  }
  return lines;
}
