/** `npm run bench -- [--n N] [--warmup W] [--json]`; iteration counts of the policy part follow from N. */

export interface BenchOptions {
  /** Timed round trips per relay/sampling path. */
  n: number;
  /** Untimed round trips per path first (JIT, connection pools, SQLite page cache). */
  warmup: number;
  json: boolean;
  /** evaluateRequest iterations on the realistic request / on the 1 MB request. */
  policySmall: number;
  policyLarge: number;
  /** Rows of seeded history for the 90-day HistoryStore case. */
  historyRows: number;
}

export const USAGE = 'usage: npm run bench -- [--n N] [--warmup W] [--json]';

export function parseOptions(argv: readonly string[]): BenchOptions {
  let n = 500;
  let warmup: number | undefined;
  let json = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = (): number => {
      const v = Number(argv[++i]);
      if (!Number.isInteger(v) || v < 0) throw new Error(`${arg} takes a whole number\n${USAGE}`);
      return v;
    };
    if (arg === '--n') n = Math.max(1, value());
    else if (arg === '--warmup') warmup = value();
    else if (arg === '--json') json = true;
    else throw new Error(`unknown argument ${arg}\n${USAGE}`);
  }
  return {
    n,
    warmup: warmup ?? Math.min(50, n),
    json,
    // Policy evaluation is cheap on a small request, so it gets more iterations for a stable p99;
    // the 1 MB request costs milliseconds, so fewer.
    policySmall: n * 4,
    policyLarge: Math.max(3, Math.round(n / 10)),
    historyRows: n * 40,
  };
}
