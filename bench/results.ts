/** One measured row of the report, the same shape in the table and in `--json`. Times in ms. */
import { ratio } from './stats.js';
import type { Summary } from './stats.js';

export type Group = 'relay' | 'sampling' | 'elicitation' | 'providers' | 'audit' | 'policy' | 'flags' | 'history' | 'load' | 'ui';

/** What a row's numbers are: times (the default), or a size, a rate, memory or a count measured once. */
export type Unit = 'ms' | 'bytes' | 'per-s' | 'MiB' | 'count' | 'percent';

export interface Row {
  group: Group;
  /** Stable id, e.g. `stdio-bridge`, `sampling:http-gate-stdio`, `policy:large`. */
  id: string;
  label: string;
  n: number;
  p50: number;
  p99: number;
  mean: number;
  /** The row this one is compared with (measured in the same run), or null for a baseline. */
  baseline: string | null;
  ratioP50: number | null;
  ratioP99: number | null;
  /** Absent: milliseconds. Otherwise p50 = p99 = mean = the one value measured. */
  unit?: Unit;
}

export interface Failure {
  id: string;
  error: string;
}

export interface BenchResult {
  startedAt: string;
  node: string;
  cpus: number;
  options: { n: number; warmup: number; policySmall: number; policyLarge: number; historyRows: number };
  rows: Row[];
  failures: Failure[];
  ok: boolean;
}

export const errorText = (e: unknown): string => (e instanceof Error ? e.message : String(e)).split('\n').slice(0, 6).join('\n');

/** A row from its summary and its baseline's (undefined when the baseline failed: ratios null). */
export function toRow(group: Group, id: string, label: string, m: Summary, baseline: string | null, base: Summary | undefined): Row {
  return {
    group,
    id,
    label,
    ...m,
    baseline,
    ratioP50: baseline === null ? 1 : ratio(m.p50, base?.p50),
    ratioP99: baseline === null ? 1 : ratio(m.p99, base?.p99),
  };
}

/** A row holding one measured value (a size, a rate, memory), compared with `base`'s value. */
export function valueRow(group: Group, id: string, label: string, value: number, unit: Unit, base: Row | null): Row {
  const r = base === null ? 1 : ratio(value, base.p50);
  return { group, id, label, n: 1, p50: value, p99: value, mean: value, baseline: base?.id ?? null, ratioP50: r, ratioP99: r, unit };
}
