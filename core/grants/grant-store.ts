/**
 * The grants the user made (shared/grants.ts): kept in memory — a restart ends them, as it ends the
 * sessions they were made for — matched against each request the policy would ask about, and
 * revocable one by one or per server. The hold asks `match` before it queues a request; the API
 * adds a grant when the user approves with one.
 */
import { randomUUID } from 'node:crypto';
import type { Grant, GrantRequest } from '../../shared/grants.js';
import type { HoldKind } from '../../shared/types.js';

/** Grants kept at once (a client opening sessions without end must not grow the gate). */
const MAX_GRANTS = 1000;

export interface GrantQuery {
  server: string;
  sessionId: string;
  kind: HoldKind;
  /** The request's shape (Kind.grantFeatures). */
  features: readonly string[];
}

export class GrantStore {
  private readonly grants = new Map<string, Grant>();

  constructor(
    private readonly now: () => Date = () => new Date(),
    private readonly onChange: () => void = () => {},
  ) {}

  add(req: Exclude<GrantRequest, { scope: 'always' }>, at: GrantQuery & { fromEventId: string }): Grant {
    this.prune();
    if (this.grants.size >= MAX_GRANTS) this.grants.delete(this.grants.keys().next().value!);
    const now = this.now();
    const scope: Grant['scope'] =
      req.scope === 'session' ? { type: 'session', sessionId: at.sessionId } : { type: 'minutes', minutes: req.minutes, expiresAt: new Date(now.getTime() + req.minutes * 60_000).toISOString() };
    const grant: Grant = { id: randomUUID(), server: at.server, kind: at.kind, scope, features: [...new Set(at.features)].sort(), createdAt: now.toISOString(), fromEventId: at.fromEventId, uses: 0 };
    this.grants.set(grant.id, grant);
    this.onChange();
    return grant;
  }

  /**
   * The grant that covers this request, if any: same server and kind, its session (or not yet
   * expired), and a shape that adds nothing to the one approved. Counted as used.
   */
  match(q: GrantQuery): Grant | null {
    this.prune();
    for (const g of this.grants.values()) {
      if (g.server !== q.server || g.kind !== q.kind) continue;
      if (g.scope.type === 'session' && g.scope.sessionId !== q.sessionId) continue;
      if (!q.features.every((f) => g.features.includes(f))) continue;
      g.uses++;
      this.onChange();
      return g;
    }
    return null;
  }

  list(server?: string): Grant[] {
    this.prune();
    return [...this.grants.values()].filter((g) => server === undefined || g.server === server).map((g) => ({ ...g, features: [...g.features] }));
  }

  /** Revoke one grant, or every grant of a server; returns how many went. */
  revoke(by: { id: string } | { server: string }): number {
    let n = 0;
    for (const [id, g] of this.grants) {
      if ('id' in by ? id === by.id : g.server === by.server) {
        this.grants.delete(id);
        n++;
      }
    }
    if (n > 0) this.onChange();
    return n;
  }

  /** A client session ended: its grants have nothing left to cover. */
  endSession(sessionId: string): void {
    let changed = false;
    for (const [id, g] of this.grants) {
      if (g.scope.type === 'session' && g.scope.sessionId === sessionId) {
        this.grants.delete(id);
        changed = true;
      }
    }
    if (changed) this.onChange();
  }

  private prune(): void {
    const now = this.now().getTime();
    for (const [id, g] of this.grants) if (g.scope.type === 'minutes' && Date.parse(g.scope.expiresAt) <= now) this.grants.delete(id);
  }
}
