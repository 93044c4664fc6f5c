/** The human-readable table: one section per group, times in ms (µs below 1 ms), ratios as ×. */
import type { BenchResult, Group, Row } from './results.js';

const TITLES: Record<Group, string> = {
  relay: 'Relay: tools/call echo round trips (ratio vs the direct route to the same server: stdio (a), HTTP (d))',
  sampling: 'Sampling: trigger-sampling-request round trips, trust: trust (ratio vs echo on the same route)',
  elicitation: 'Elicitation: trigger-elicitation-request round trips (13-field form), trust: trust, the client answers (ratio vs sampling on the same route)',
  providers: 'Providers: sampling answered by the user\'s own model (local Messages API, streaming; ratio vs the same SDK call made directly)',
  audit: 'Audit export: sampling decision latency with the syslog sink up / down / stalled (ratio vs the sink up; sink up vs no audit)',
  policy: 'Policy: evaluateRequest (ratio vs JSON parse+stringify of the same request)',
  flags: 'Risk flags: share of texts flagged medium/high (test/corpus/injection/, installed READMEs) and cost of textFlags (ratio vs the target)',
  history: 'History at scale: disk, search, first page, hold throughput, retention (ratio vs the row named under vs)',
  load: 'Load: admission vs history size, a flood, 20 sessions, idle memory (ratio vs the row named under vs)',
  ui: 'UI: 200 requests at once to a rendered queue in Chromium (ratio vs one request)',
};

export function formatTime(ms: number): string {
  if (ms < 1) return `${(ms * 1000).toPrecision(3)} µs`;
  return `${ms < 100 ? ms.toPrecision(3) : ms.toFixed(0)} ms`;
}

/** A row's value in its unit (times by default). */
export function formatValue(ms: number, unit: Row['unit']): string {
  switch (unit ?? 'ms') {
    case 'bytes':
      return ms >= 1024 * 1024 ? `${(ms / 1024 / 1024).toFixed(2)} MiB` : ms >= 10 * 1024 ? `${(ms / 1024).toFixed(0)} KiB` : `${ms.toFixed(0)} B`;
    case 'per-s':
      return `${ms.toFixed(0)}/s`;
    case 'MiB':
      return `${ms.toFixed(1)} MiB`;
    case 'count':
      return ms.toFixed(2);
    case 'percent':
      return `${ms.toFixed(1)} %`;
    default:
      return formatTime(ms);
  }
}

const formatRatio = (r: number | null): string => (r === null ? '—' : `${r.toFixed(2)}×`);

function table(rows: readonly Row[]): string {
  const head = ['path', 'n', 'p50', 'p99', 'mean', 'p50 ratio', 'p99 ratio', 'vs'];
  const body = rows.map((r) => [r.label, String(r.n), formatValue(r.p50, r.unit), formatValue(r.p99, r.unit), formatValue(r.mean, r.unit), formatRatio(r.ratioP50), formatRatio(r.ratioP99), r.baseline ?? (r.group === 'flags' ? 'target' : 'baseline')]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  // Text columns left-aligned, numbers right-aligned.
  const line = (cells: string[]): string =>
    cells.map((c, i) => (i === 0 || i === cells.length - 1 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ').trimEnd();
  return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}

export function formatReport(result: BenchResult): string {
  const parts = [`Sampling Gate bench — node ${result.node}, ${result.cpus} cpus, ${result.startedAt}`];
  for (const group of ['relay', 'sampling', 'elicitation', 'providers', 'audit', 'policy', 'flags', 'history', 'load', 'ui'] as const) {
    const rows = result.rows.filter((r) => r.group === group);
    if (rows.length > 0) parts.push(`${TITLES[group]}\n${table(rows)}`);
  }
  if (result.failures.length > 0) parts.push(`FAILED:\n${result.failures.map((f) => `  ${f.id}: ${f.error}`).join('\n')}`);
  return parts.join('\n\n') + '\n';
}
