/**
 * The limits' counts in memory (issue 10): per server, the requests that count against the rate
 * limits and the tokens and USD charged, over sliding windows; per client session, its requests.
 * Admission reads them in O(1) instead of running COUNT and SUM queries over the window's rows on
 * every request.
 *
 * They mirror the SQL definitions exactly (USAGE_SQL in history-store.ts, which tests compare them
 * with): a row counts against the rate limits from the moment it is recorded unless its rule is a
 * refusal by a limit or a protocol check (so a flood that is refused does not keep the window shut);
 * its tokens and cost are charged at coalesce(decided_at, received_at). Each server is seeded from
 * history the first time it is seen, so counts survive a restart; a session on its first request.
 */
import { UsageWindow, type WindowItem } from './usage-window.js';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
/** How far before "24 h ago" a server's window is loaded and kept, so a slightly late `now` is still covered. */
const MARGIN = 10 * MINUTE;
/** Sessions remembered before the map is cleared and re-read lazily (they are one per client connection). */
const MAX_SESSIONS = 50_000;

/** Reads from history, for seeding. All times in ms since the epoch. */
export interface UsageSeed {
  /** received_at of this server's rows that count against the rate limits, received at or after `since`. */
  countedSince(server: string, since: number): number[];
  /** This server's charged rows (tokens or cost not zero) charged at or after `since`. */
  chargesSince(server: string, since: number): { at: number; tokens: number; cost: number }[];
  /** Rows of this client session that count against the rate limits. */
  sessionCount(server: string, session: string): number;
  /** Write whatever is queued, so what is read next is complete (before counts are forgotten). */
  settle(): void;
}

/** What the counters hold about one row while it can still change. */
export interface RowUsage {
  server: string;
  session: string;
  receivedAt: number;
  decidedAt: number | null;
  rule: string | null;
  tokens: number;
  cost: number;
  /** The row's item in the server's request window, while it counts. */
  request: WindowItem | null;
  /** The row's item in the server's charge window, while it is charged (tokens or cost not zero). */
  charge: WindowItem | null;
}

export interface UsageChange {
  rule?: string | null;
  tokens?: number | null;
  cost?: number | null;
  decidedAt?: number;
}

interface ServerUsage {
  requests: UsageWindow;
  charges: UsageWindow;
}

/** SQL: `rule IS NULL OR (rule NOT LIKE 'limit.%' AND rule NOT LIKE 'protocol.%')` (LIKE ignores ASCII case). */
export function countsAgainstLimits(rule: string | null): boolean {
  if (rule === null) return true;
  const r = rule.slice(0, 9).toLowerCase();
  return !r.startsWith('limit.') && !r.startsWith('protocol.');
}

export class UsageCounters {
  private readonly servers = new Map<string, ServerUsage>();
  private readonly sessions = new Map<string, number>();

  constructor(
    private readonly seed: UsageSeed,
    private readonly now: () => number = Date.now,
  ) {}

  /** A row was recorded (it counts: its rule is not set yet unless given). */
  track(server: string, session: string, receivedAt: number, rule: string | null = null): RowUsage {
    const s = this.server(server);
    const row: RowUsage = { server, session, receivedAt, decidedAt: null, rule, tokens: 0, cost: 0, request: null, charge: null };
    const key = sessionKey(server, session);
    // Read the session's count before this row exists, so it is counted once.
    if (!this.sessions.has(key)) {
      if (this.sessions.size >= MAX_SESSIONS) {
        this.seed.settle();
        this.sessions.clear();
      }
      this.sessions.set(key, this.seed.sessionCount(server, session));
    }
    if (countsAgainstLimits(rule)) this.count(row, s);
    s.requests.forgetBefore(this.now() - DAY - MARGIN);
    s.charges.forgetBefore(this.now() - DAY - MARGIN);
    return row;
  }

  /** A tracked row changed: a rule set (a refusal by a limit stops it counting), a charge, a decision. */
  apply(row: RowUsage, change: UsageChange): void {
    const s = this.servers.get(row.server);
    if (!s) return; // forgotten (invalidated): the next read seeds it again from history
    if (change.rule !== undefined && change.rule !== row.rule) {
      const before = countsAgainstLimits(row.rule);
      row.rule = change.rule;
      const after = countsAgainstLimits(row.rule);
      if (before && !after) this.uncount(row, s);
      else if (!before && after) this.count(row, s);
    }
    const tokens = change.tokens === undefined ? row.tokens : (change.tokens ?? 0);
    const cost = change.cost === undefined ? row.cost : (change.cost ?? 0);
    const decidedAt = change.decidedAt ?? row.decidedAt;
    const at = decidedAt ?? row.receivedAt;
    const wasAt = row.decidedAt ?? row.receivedAt;
    row.tokens = tokens;
    row.cost = cost;
    row.decidedAt = decidedAt;
    if (row.charge && at !== wasAt) {
      s.charges.remove(row.charge);
      row.charge = null;
    }
    if (tokens === 0 && cost === 0) {
      if (row.charge) s.charges.remove(row.charge);
      row.charge = null;
    } else if (row.charge) s.charges.change(row.charge, tokens, cost);
    else row.charge = s.charges.add(at, tokens, cost);
  }

  /** Rows counted since `since` (and in `session`, whose window is the whole session); null: ask SQL. */
  countRequests(server: string, since: number, session?: string): number | null {
    if (session !== undefined) {
      if (since > 0) return null;
      const key = sessionKey(server, session);
      const n = this.sessions.get(key);
      if (n !== undefined) return n;
      const seeded = this.seed.sessionCount(server, session);
      this.sessions.set(key, seeded);
      return seeded;
    }
    const s = this.server(server);
    return s.requests.covers(since) ? s.requests.since(since).count : null;
  }

  tokensUsed(server: string, since: number): number | null {
    const s = this.server(server);
    return s.charges.covers(since) ? s.charges.since(since).a : null;
  }

  costUsed(server: string, since: number): number | null {
    const s = this.server(server);
    return s.charges.covers(since) ? s.charges.since(since).b : null;
  }

  /** Forget what is known (after a change the counters did not see): read again from history when next needed. */
  invalidate(server?: string): void {
    this.seed.settle();
    if (server === undefined) {
      this.servers.clear();
      this.sessions.clear();
      return;
    }
    this.servers.delete(server);
    const prefix = sessionKey(server, '');
    for (const key of this.sessions.keys()) if (key.startsWith(prefix)) this.sessions.delete(key);
  }

  /** Whether this server's windows are loaded (the store flushes its queued writes before they are). */
  knows(server: string): boolean {
    return this.servers.has(server);
  }

  private server(server: string): ServerUsage {
    let s = this.servers.get(server);
    if (s) return s;
    const from = this.now() - DAY - MARGIN;
    s = { requests: new UsageWindow(from), charges: new UsageWindow(from) };
    for (const at of this.seed.countedSince(server, from)) s.requests.add(at);
    for (const c of this.seed.chargesSince(server, from)) s.charges.add(c.at, c.tokens, c.cost);
    this.servers.set(server, s);
    return s;
  }

  private count(row: RowUsage, s: ServerUsage): void {
    row.request = s.requests.add(row.receivedAt);
    const key = sessionKey(row.server, row.session);
    const n = this.sessions.get(key);
    if (n !== undefined) this.sessions.set(key, n + 1);
  }

  private uncount(row: RowUsage, s: ServerUsage): void {
    if (row.request) s.requests.remove(row.request);
    row.request = null;
    const key = sessionKey(row.server, row.session);
    const n = this.sessions.get(key);
    if (n !== undefined) this.sessions.set(key, n - 1);
  }
}

function sessionKey(server: string, session: string): string {
  return `${server}\u0000${session}`;
}
