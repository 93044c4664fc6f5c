/**
 * Measure several series interleaved — a short chunk of each in turn, round after round — so load
 * from other processes on a shared machine lands on every series alike instead of skewing one.
 * A series that throws is dropped and reported as a failure; the rest go on. Each measured series
 * becomes a row with its ratio to its baseline series from the same run.
 */
import { errorText, toRow } from './results.js';
import type { Failure, Group, Row } from './results.js';
import { summarize, timeAsync } from './stats.js';

export interface Series {
  id: string;
  label: string;
  /** The series this one is compared with, or null for a baseline. */
  baseline: string | null;
  run: () => Promise<unknown>;
  /** The report section, when not the call's `group` (relay measures echo and sampling together). */
  group?: Group;
}

const CHUNK = 25;

export async function measureInterleaved(
  group: Group,
  series: readonly Series[],
  opts: { n: number; warmup: number },
  failures: Failure[],
  progress: (msg: string) => void,
): Promise<Row[]> {
  const samples = new Map<string, number[]>(series.map((s) => [s.id, []]));
  const failed = new Set<string>();
  const attempt = async (s: Series, times: number, into?: number[]): Promise<void> => {
    if (failed.has(s.id)) return;
    try {
      await timeAsync(s.run, times, into);
    } catch (e) {
      failed.add(s.id);
      failures.push({ id: s.id, error: errorText(e) });
    }
  };
  for (const s of series) await attempt(s, opts.warmup);
  progress(`${group}: ${opts.n} round trips per path on ${series.length} paths`);
  for (let done = 0; done < opts.n; done += CHUNK) {
    const k = Math.min(CHUNK, opts.n - done);
    for (const s of series) await attempt(s, k, samples.get(s.id));
  }
  const measured = new Map(series.filter((s) => !failed.has(s.id)).map((s) => [s.id, summarize(samples.get(s.id)!)]));
  return series.flatMap((s): Row[] => {
    const m = measured.get(s.id);
    return m ? [toRow(s.group ?? group, s.id, s.label, m, s.baseline, s.baseline === null ? undefined : measured.get(s.baseline))] : [];
  });
}
