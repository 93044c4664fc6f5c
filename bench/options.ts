/** `npm run bench -- [--n N] [--warmup W] [--only PART] [--json]`; iteration counts of the policy part follow from N. */

export interface BenchOptions {
  /** Timed round trips per relay/sampling path. */
  n: number;
  /** Untimed round trips per path first (JIT, connection pools, SQLite page cache). */
  warmup: number;
  json: boolean;
  /** Run one part only: relay (with sampling), providers, audit, policy (with the risk flags), scale (history, load, ui), history (the large history's queries alone). */
  only: BenchPart | null;
  /** evaluateRequest iterations on the realistic request / on the 1 MB request. */
  policySmall: number;
  policyLarge: number;
  /** Rows of seeded history for the 90-day HistoryStore case. */
  historyRows: number;
  /** Events of the large history (issue 10): 1M at the default n. */
  historyEvents: number;
  /** Events pushed through the hold to measure its write rate. */
  holdEvents: number;
  /** Sampling requests one server floods the gate with. */
  flood: number;
  /** Concurrent client sessions, and echo calls each makes per round. */
  sessions: number;
  sessionCalls: number;
  /** Requests arriving at once at the web UI. */
  burst: number;
  /** supergateway's bin script (`npm install supergateway` somewhere): measured as route (f) when given. */
  supergateway: string | null;
}

export const PARTS = ['relay', 'providers', 'audit', 'policy', 'scale', 'history'] as const;
export type BenchPart = (typeof PARTS)[number];

export const USAGE = `usage: npm run bench -- [--n N] [--warmup W] [--history-events E] [--only ${PARTS.join('|')}] [--supergateway PATH] [--json]`;

export function parseOptions(argv: readonly string[]): BenchOptions {
  let n = 500;
  let warmup: number | undefined;
  let json = false;
  let historyEvents: number | undefined;
  let supergateway: string | null = null;
  let only: BenchPart | null = null;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = (): number => {
      const v = Number(argv[++i]);
      if (!Number.isInteger(v) || v < 0) throw new Error(`${arg} takes a whole number\n${USAGE}`);
      return v;
    };
    if (arg === '--n') n = Math.max(1, value());
    else if (arg === '--warmup') warmup = value();
    else if (arg === '--history-events') historyEvents = Math.max(1_000, value());
    else if (arg === '--json') json = true;
    else if (arg === '--supergateway') {
      supergateway = argv[++i] ?? '';
      if (!supergateway) throw new Error(`--supergateway takes the path of its bin script\n${USAGE}`);
    }
    else if (arg === '--only') {
      const part = argv[++i];
      if (!(PARTS as readonly string[]).includes(part ?? '')) throw new Error(`--only takes one of ${PARTS.join(', ')}\n${USAGE}`);
      only = part as BenchPart;
    }
    else throw new Error(`unknown argument ${arg}\n${USAGE}`);
  }
  return {
    n,
    warmup: warmup ?? Math.min(50, n),
    json,
    only,
    // Policy evaluation is cheap on a small request, so it gets more iterations for a stable p99;
    // the 1 MB request costs milliseconds, so fewer.
    policySmall: n * 4,
    policyLarge: Math.max(3, Math.round(n / 10)),
    historyRows: n * 40,
    // The sizes issue 10 names at the default n; a small n (the smoke test) scales them down.
    historyEvents: historyEvents ?? Math.min(1_000_000, n * 2_000),
    holdEvents: Math.min(4_000, n * 40),
    flood: Math.min(2_000, n * 4),
    sessions: Math.min(20, Math.max(2, n)),
    sessionCalls: Math.max(5, Math.round(n / 5)),
    burst: Math.min(200, n * 4),
    supergateway,
  };
}
