/**
 * Backpressure in a session. Piped directly, a server that writes faster than its client reads is
 * held by the pipe: its writes wait. Through the gate they did not — the gate read on and queued
 * for the client without bound, so one server flooding a client that had stopped reading (a hung
 * client, a paused terminal) grew the gate by everything it sent (512 MiB queued → 1.7 GB RSS) until
 * the process died, every other session with it. The same held for what the gate itself answers:
 * a server flooding requests the gate refuses, never reading the refusals.
 *
 * Now, when more than OUTPUT_HIGH_WATER bytes wait to go to either side, the gate stops reading
 * both sides until they have gone: the writers wait in their pipes, as they would directly.
 * Sides that take part: stdio ones stop reading and see what waits to be written (the bridge's
 * socket or the client's handed-over stdin and stdout, a command server's pipes); an HTTP server
 * downstream stops being read (body-valve.ts), its SSE then waiting on TCP; a client on the HTTP
 * endpoint (core/http/session-transport.ts) counts what waits in its session's responses, and its
 * next POST body is not read while paused.
 */
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';

/** Bytes waiting to be written to a peer beyond which the session stops reading: one frame's limit. */
export const OUTPUT_HIGH_WATER = 16 * 1024 * 1024;

export interface FlowControlled {
  /** Stop reading from the peer (what was read is still delivered), and start again. */
  pauseInput(): void;
  resumeInput(): void;
  /** True once more than OUTPUT_HIGH_WATER bytes wait to be written to the peer; false once they went. */
  onbackpressure?: (congested: boolean) => void;
}

export function isFlowControlled(t: Transport): t is Transport & FlowControlled {
  return typeof (t as Partial<FlowControlled>).pauseInput === 'function' && typeof (t as Partial<FlowControlled>).resumeInput === 'function';
}

/** While any side's output is piled up, no side that can pause is read. */
export function joinFlow(...sides: Transport[]): void {
  const controlled = sides.filter(isFlowControlled);
  let congested = 0;
  const onBackpressure = (now: boolean): void => {
    const before = congested;
    congested += now ? 1 : -1;
    if (before === 0 && congested > 0) for (const s of controlled) s.pauseInput();
    else if (before > 0 && congested === 0) for (const s of controlled) s.resumeInput();
  };
  for (const s of controlled) s.onbackpressure = onBackpressure;
}
