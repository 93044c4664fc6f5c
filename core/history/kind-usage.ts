/**
 * What one kind's limits count (core/policy/limits.ts reads it as a UsageSource): each kind of held
 * request — sampling, elicitation, roots — has its own rate limits, so each counts only its own
 * rows. The in-memory counters (usage-counters.ts) are seeded from these queries; the queries are
 * their definition (USAGE_SQL, which tests compare them with) and each stays an index search.
 */
import type { Database as Db } from 'better-sqlite3';
import type { HoldKind } from '../../shared/types.js';
import type { UsageSource } from '../policy/types.js';
import { UsageCounters } from './usage-counters.js';

// Refusals by a limit or a protocol check do not count against the limits: a flood that is refused
// must not keep the window closed for the requests that come after it.
const COUNTED = `(rule IS NULL OR (rule NOT LIKE 'limit.%' AND rule NOT LIKE 'protocol.%'))`;

/** Parameters: server, since (ISO), [session,] kind. */
export const USAGE_SQL = {
  count: `SELECT count(*) AS n FROM events WHERE server = ? AND received_at >= ? AND ${COUNTED} AND +kind = ?`,
  // Unary + keeps SQLite on the session's index (a session is a few rows; the server's window may be thousands).
  countSession: `SELECT count(*) AS n FROM events WHERE +server = ? AND +received_at >= ? AND session_id = ? AND ${COUNTED} AND +kind = ?`,
  tokens: `SELECT coalesce(sum(tokens), 0) AS n FROM events WHERE server = ? AND coalesce(decided_at, received_at) >= ? AND +kind = ?`,
  cost: `SELECT coalesce(sum(cost_usd), 0) AS n FROM events WHERE server = ? AND coalesce(decided_at, received_at) >= ? AND +kind = ?`,
} as const;

const SEED_SQL = {
  counted: `SELECT received_at AS at FROM events WHERE server = ? AND received_at >= ? AND ${COUNTED} AND +kind = ? ORDER BY received_at`,
  charges: `SELECT coalesce(decided_at, received_at) AS at, coalesce(tokens, 0) AS tokens, coalesce(cost_usd, 0) AS cost FROM events
            WHERE server = ? AND coalesce(decided_at, received_at) >= ? AND (tokens <> 0 OR cost_usd <> 0) AND +kind = ? ORDER BY coalesce(decided_at, received_at)`,
} as const;

export class KindUsage implements UsageSource {
  readonly counters: UsageCounters;

  constructor(
    private readonly db: Db,
    private readonly kind: HoldKind,
    /** Write whatever is queued, so what is read next is complete. */
    private readonly settle: () => void,
  ) {
    const counted = db.prepare(SEED_SQL.counted).pluck();
    const charges = db.prepare(SEED_SQL.charges);
    const session = db.prepare(USAGE_SQL.countSession).pluck();
    this.counters = new UsageCounters({
      countedSince: (server, since) => (counted.all(server, iso(since), kind) as string[]).map((at) => Date.parse(at)),
      chargesSince: (server, since) =>
        (charges.all(server, iso(since), kind) as { at: string; tokens: number; cost: number }[]).map((c) => ({ at: Date.parse(c.at), tokens: c.tokens, cost: c.cost })),
      sessionCount: (server, sessionId) => session.get(server, iso(0), sessionId, kind) as number,
      settle,
    });
  }

  countRequests(serverId: string, since: Date, sessionId?: string): number {
    const n = this.counters.countRequests(serverId, since.getTime(), sessionId);
    if (n !== null) return n;
    this.settle();
    const row = (
      sessionId === undefined
        ? this.db.prepare(USAGE_SQL.count).get(serverId, since.toISOString(), this.kind)
        : this.db.prepare(USAGE_SQL.countSession).get(serverId, since.toISOString(), sessionId, this.kind)
    ) as { n: number };
    return row.n;
  }

  tokensUsed(serverId: string, since: Date): number {
    const n = this.counters.tokensUsed(serverId, since.getTime());
    if (n !== null) return n;
    this.settle();
    return (this.db.prepare(USAGE_SQL.tokens).get(serverId, since.toISOString(), this.kind) as { n: number }).n;
  }

  costUsed(serverId: string, since: Date): number {
    const n = this.counters.costUsed(serverId, since.getTime());
    if (n !== null) return n;
    this.settle();
    return (this.db.prepare(USAGE_SQL.cost).get(serverId, since.toISOString(), this.kind) as { n: number }).n;
  }
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}
