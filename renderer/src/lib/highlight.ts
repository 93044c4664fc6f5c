/**
 * Cut a text into runs marked by the risk flags that point into it (RiskFlag path/start/end), so the
 * dialog can highlight the offending span. Offsets are UTF-16 indices, as JavaScript strings count.
 */
import type { RiskFlag } from '../../../shared/types.js';

export interface HighlightRun {
  text: string;
  flags: RiskFlag[];
}

/** Flags aimed at exactly this JSON-pointer path. */
export function flagsForPath(flags: readonly RiskFlag[], path: string): RiskFlag[] {
  return flags.filter((f) => f.path === path);
}

export function highlightRuns(text: string, flags: readonly RiskFlag[]): HighlightRun[] {
  const spans = flags
    .map((f) => ({ flag: f, start: clamp(f.start ?? 0, text.length), end: clamp(f.end ?? text.length, text.length) }))
    .filter((s) => s.end > s.start);
  if (spans.length === 0) return text ? [{ text, flags: [] }] : [];
  const cuts = new Set<number>([0, text.length]);
  for (const s of spans) {
    cuts.add(s.start);
    cuts.add(s.end);
  }
  const points = [...cuts].sort((a, b) => a - b);
  const runs: HighlightRun[] = [];
  for (let i = 0; i < points.length - 1; i++) {
    const from = points[i] as number;
    const to = points[i + 1] as number;
    const covering = spans.filter((s) => s.start <= from && s.end >= to).map((s) => s.flag);
    const last = runs[runs.length - 1];
    if (last && sameFlags(last.flags, covering)) last.text += text.slice(from, to);
    else runs.push({ text: text.slice(from, to), flags: covering });
  }
  return runs;
}

export function highestSeverity(flags: readonly RiskFlag[]): RiskFlag['severity'] | null {
  const order: RiskFlag['severity'][] = ['high', 'medium', 'low', 'info'];
  for (const s of order) if (flags.some((f) => f.severity === s)) return s;
  return null;
}

function clamp(n: number, max: number): number {
  return Math.max(0, Math.min(Math.trunc(n), max));
}

function sameFlags(a: readonly RiskFlag[], b: readonly RiskFlag[]): boolean {
  return a.length === b.length && a.every((f, i) => f === b[i]);
}
