/** Latency samples → the numbers the report prints. Nearest-rank percentiles, all in milliseconds. */

export interface Summary {
  n: number;
  p50: number;
  p99: number;
  mean: number;
}

export function summarize(samples: readonly number[]): Summary {
  if (samples.length === 0) throw new Error('no samples');
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = (p: number): number => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]!;
  return { n: sorted.length, p50: rank(0.5), p99: rank(0.99), mean: sorted.reduce((s, x) => s + x, 0) / sorted.length };
}

/** Time `fn` `times` times, one after the other (never overlapping); milliseconds per call. */
export async function timeAsync(fn: () => Promise<unknown>, times: number, into: number[] = []): Promise<number[]> {
  for (let i = 0; i < times; i++) {
    const t0 = performance.now();
    await fn();
    into.push(performance.now() - t0);
  }
  return into;
}

export function timeSync(fn: () => unknown, times: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < times; i++) {
    const t0 = performance.now();
    fn();
    out.push(performance.now() - t0);
  }
  return out;
}

export const ratio = (value: number, baseline: number | undefined): number | null =>
  baseline !== undefined && baseline > 0 && Number.isFinite(value) ? value / baseline : null;
