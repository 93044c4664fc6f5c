/**
 * Pausing an HTTP server's stream (flow.ts) where the SDK's client transports read it. They read
 * each response body as fast as it comes; given a fetch whose successful responses' bodies are
 * read through this valve, closing the valve stops those reads, so the server's writes wait on
 * TCP, as a stdio server's wait on its pipe. Only 2xx bodies pass through it: redirects and errors
 * are returned untouched (the SDK looks at their url and type). Each request also gets its own abort
 * signal (abort-isolation.ts).
 */
import type { FetchLike } from '@modelcontextprotocol/sdk/shared/transport.js';
import { ownSignal } from './abort-isolation.js';

export class BodyValve {
  private closed = false;
  private readonly waiting: (() => void)[] = [];

  close(): void {
    this.closed = true;
  }

  open(): void {
    this.closed = false;
    for (const resume of this.waiting.splice(0)) resume();
  }

  /**
   * `inner`, with each successful response's body read only while the valve is open, and each
   * request on a signal of its own (abort-isolation.ts), released when its body ends.
   */
  wrap(inner: FetchLike): FetchLike {
    return async (url, init) => {
      const own = ownSignal(init);
      let response: Response;
      try {
        response = await inner(url, own.init);
      } catch (err) {
        own.release();
        throw err;
      }
      // (204 and 205 carry no body, and a Response with one cannot be made for them.)
      if (!response.ok || !response.body || response.status === 204 || response.status === 205) {
        own.release();
        return response;
      }
      const reader = response.body.getReader();
      const body = new ReadableStream<Uint8Array>(
        {
          pull: async (controller) => {
            await this.whenOpen();
            try {
              const { done, value } = await reader.read();
              if (done) {
                own.release();
                controller.close();
              } else controller.enqueue(value);
            } catch (err) {
              own.release();
              controller.error(err);
            }
          },
          cancel: (reason) => {
            own.release();
            return reader.cancel(reason);
          },
        },
        // Nothing read ahead: a chunk is read when the transport asks for it.
        { highWaterMark: 0 },
      );
      return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
    };
  }

  private whenOpen(): Promise<void> | void {
    if (this.closed) return new Promise((resolve) => this.waiting.push(resolve));
  }
}
