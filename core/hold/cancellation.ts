/**
 * Why a held request stopped waiting, and who caused it: the abort reason of every signal the hold
 * watches. Recorded as the history row's decidedBy and reason, so it is a value, never a string to
 * be parsed.
 */
export type Actor = 'server' | 'client' | 'gate';

export class Cancellation {
  constructor(
    readonly by: Actor,
    readonly reason: string,
  ) {}

  toString(): string {
    return this.reason;
  }
}

/** The cause an aborted signal carries; anything else aborting it counts as the gate's doing. */
export function cancellationOf(signal: AbortSignal): Cancellation {
  const r: unknown = signal.reason;
  return r instanceof Cancellation ? r : new Cancellation('gate', r === undefined ? 'cancelled' : String(r));
}
