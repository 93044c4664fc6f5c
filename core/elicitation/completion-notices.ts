/**
 * The 2025 era's URL-mode elicitations by their `elicitationId`, so the server's
 * `notifications/elicitation/complete` can be recorded against the right history row. Scoped to
 * the server and the client session (a server may only notify the client that was asked), and
 * bounded: a server minting ids forever cannot grow the gate.
 */
const MAX_REMEMBERED = 4096;

export class CompletionNotices {
  private readonly byKey = new Map<string, string>();

  remember(serverId: string, sessionId: string, elicitationId: string, eventId: string): void {
    const key = keyOf(serverId, sessionId, elicitationId);
    this.byKey.delete(key);
    if (this.byKey.size >= MAX_REMEMBERED) this.byKey.delete(this.byKey.keys().next().value!);
    this.byKey.set(key, eventId);
  }

  /** The row a completion notice is about, once: a second notice for the same id is ignored. */
  take(serverId: string, sessionId: string, elicitationId: string): string | undefined {
    const key = keyOf(serverId, sessionId, elicitationId);
    const eventId = this.byKey.get(key);
    this.byKey.delete(key);
    return eventId;
  }
}

function keyOf(serverId: string, sessionId: string, elicitationId: string): string {
  return `${serverId}\u0000${sessionId}\u0000${elicitationId}`;
}
