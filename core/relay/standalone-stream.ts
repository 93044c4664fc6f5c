/**
 * After `notifications/initialized`, a Streamable HTTP client opens its standalone GET stream, on
 * which a server sends what belongs to no request — an `elicitation/create` or `roots/list` sent
 * with the server's low-level `request()`. A server with nowhere to put such a message drops it
 * (the SDK's transport keeps it only with an event store), so the request that provoked it waits
 * forever. A client talking to the server directly opens that stream before its next request is on
 * the wire; through the gate, the client's next request would race the gate's own GET. So the
 * gate's HTTP downstream holds the client's next messages until its GET stream is answered (or
 * refused, or a short wait passes).
 */
import type { FetchLike } from '@modelcontextprotocol/sdk/shared/transport.js';

/** Long enough for a server on this machine or nearby to answer a GET; short enough not to be felt elsewhere. */
const MAX_WAIT_MS = 2000;

export class StandaloneStream {
  private answered: (() => void) | null = null;

  /** `inner`, noting when a GET (the standalone stream) is answered, whatever the status. */
  watch(inner: FetchLike): FetchLike {
    return async (url, init) => {
      if (init?.method !== 'GET') return inner(url, init);
      try {
        return await inner(url, init);
      } finally {
        this.answered?.();
      }
    };
  }

  /** Resolves once a GET is answered after this call, or after MAX_WAIT_MS. */
  opened(): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, MAX_WAIT_MS);
      timer.unref?.();
      const self = this;
      function done(): void {
        clearTimeout(timer);
        if (self.answered === done) self.answered = null;
        resolve();
      }
      this.answered = done;
    });
  }
}
