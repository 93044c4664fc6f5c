/**
 * Plain-text account of an evaluation, one line per step, for `policy explain`, logs and the
 * history detail view. No colour or markup: terminals and CI logs read it as is.
 */
import { flagInfo } from '../../shared/flags.js';
import type { DecidedBy, Outcome, PolicyTraceStep, RiskFlag, SamplingEvent } from '../../shared/types.js';
import type { Evaluation } from './evaluate.js';
import { visible } from './excerpt.js';

const STEP_NAMES = {
  validity: 'protocol validity',
  'trust-deny': 'trust deny',
  'hard-rules': 'hard rules',
  limits: 'rate limits and budget',
  'trust-approve': 'trust approves',
  grant: 'your grant',
  ask: 'ask the human',
} as const;

export function explain({ verdict, trace }: Evaluation): string[] {
  const lines = traceLines(trace);
  const decided = verdict.action === 'ask' ? 'held for the user' : `${verdict.action} by ${verdict.rule}`;
  lines.push(`verdict: ${decided}`);
  for (const f of verdict.flags) lines.push(flagLine(f, false));
  return lines;
}

/** What `policy explain <id> --json` prints: the recorded decision of one history row. */
export interface EventExplanation {
  id: string;
  /** What the server asked for: sampling, elicitation, roots. */
  kind: SamplingEvent['kind'];
  server: string;
  era: SamplingEvent['era'];
  receivedAt: string;
  /** What the policy said (the trace's deciding step); null when no trace was recorded. */
  verdict: 'deny' | 'approve' | 'ask' | null;
  /** What finally happened (a policy verdict `ask` becomes the human's decision, a timeout, …). */
  outcome: Outcome;
  decidedBy: DecidedBy | null;
  decidedAt: string | null;
  rule: string | null;
  reason: string | null;
  trace: PolicyTraceStep[] | null;
  flags: RiskFlag[];
  /** Flags found in the completion (null until one arrived). */
  responseFlags: RiskFlag[] | null;
  /** The managed policy key whose value decided (the deciding step's), or null. */
  managed: PolicyTraceStep['managed'] | null;
}

export function explanationOf(e: SamplingEvent): EventExplanation {
  const trace = e.trace ?? null;
  const last = trace?.at(-1);
  const verdict = last && last.outcome !== 'pass' ? last.outcome : null;
  return {
    id: e.id,
    kind: e.kind,
    server: e.server,
    era: e.era,
    receivedAt: e.receivedAt,
    verdict,
    outcome: e.outcome,
    decidedBy: e.decidedBy,
    decidedAt: e.decidedAt,
    rule: e.rule,
    reason: e.reason,
    trace,
    flags: e.flags,
    responseFlags: e.responseFlags ?? null,
    managed: (verdict !== null ? last?.managed : undefined) ?? null,
  };
}

/** `policy explain <id>`: the stored trace, the verdict, what became of it, and every flag with its span. */
export function explainEvent(e: SamplingEvent): string[] {
  const x = explanationOf(e);
  const lines = [`${x.kind} request ${x.id} from server "${x.server}" (${x.era}), received ${x.receivedAt}`];
  if (x.trace) lines.push(...traceLines(x.trace));
  else lines.push('no evaluation trace recorded (the request was never evaluated, or was recorded by an older gate)');
  const deciding = x.trace?.at(-1);
  if (x.verdict === 'ask') lines.push('verdict: held for the user');
  else if (x.verdict && deciding) lines.push(`verdict: ${x.verdict} by ${deciding.rule ?? '(no rule)'}`);
  const by = x.decidedBy ? ` by ${x.decidedBy}` : '';
  const at = x.decidedAt ? ` at ${x.decidedAt}` : '';
  lines.push(`outcome: ${x.outcome}${by}${at}`);
  if (x.rule) lines.push(`rule: ${x.rule}`);
  if (x.managed) lines.push(`managed rule: ${x.managed.key}${x.managed.locked ? ' (locked)' : ''} in ${x.managed.file}`);
  if (x.reason) lines.push(`reason: ${visible(x.reason)}`);
  if (x.flags.length === 0) lines.push('flags: none');
  for (const f of x.flags) lines.push(flagLine(f, true));
  for (const f of x.responseFlags ?? []) lines.push(`response ${flagLine(f, true)}`);
  return lines;
}

function traceLines(trace: PolicyTraceStep[]): string[] {
  return trace.map((s, i) => {
    const rule = s.rule ? ` [${s.rule}]` : '';
    const detail = s.detail ? `: ${s.detail}` : '';
    const managed = s.managed ? `\n   decided by the managed policy: ${s.managed.key}${s.managed.locked ? ' (locked)' : ''} in ${s.managed.file}` : '';
    return `${i + 1}. ${STEP_NAMES[s.step]} — ${s.outcome}${rule}${detail}${managed}`;
  });
}

/** `withSpan`: add the offsets and the printable excerpt, so a terminal user can find the text. */
function flagLine(f: RiskFlag, withSpan: boolean): string {
  const where = f.path ? ` at ${f.path}` : '';
  const span = withSpan && f.start !== undefined && f.end !== undefined ? ` [${f.start}-${f.end}]` : '';
  const text = withSpan && f.excerpt !== undefined ? ` "${f.excerpt}"` : '';
  return `flag ${f.id} (${f.severity})${where}${span}${text}: ${f.message}${flagInfo(f.id) ? '' : ' [not in the catalog]'}`;
}
