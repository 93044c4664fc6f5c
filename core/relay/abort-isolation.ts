/**
 * One abort signal per request for the SDK's HTTP client transports. They pass one signal — the
 * transport's — to every fetch, and Node's fetch (undici) adds an abort listener to it per request
 * that it removes only when the request object is garbage-collected: a busy session to a URL server
 * piled them up on that one signal (Node warned at 1,500, once per request after that). Here each
 * fetch gets a signal of its own, tied to the transport's by a listener that goes as soon as the
 * request is over — it failed, or its body was read to the end or cancelled — so a close still
 * aborts whatever is in flight.
 */
import type { FetchLike } from '@modelcontextprotocol/sdk/shared/transport.js';

export function isolateAbort(inner: FetchLike = fetch): FetchLike {
  return async (url, init) => {
    const parent = init?.signal;
    if (!parent || parent.aborted) return inner(url, init);
    const own = new AbortController();
    const forward = (): void => own.abort(parent.reason);
    parent.addEventListener('abort', forward, { once: true });
    const release = (): void => parent.removeEventListener('abort', forward);
    let response: Response;
    try {
      response = await inner(url, { ...init, signal: own.signal });
    } catch (err) {
      release();
      throw err;
    }
    // Errors and redirects go back untouched (the SDK reads their url and type); nothing long is
    // read from them. (204 and 205 carry no body, and a Response with one cannot be made for them.)
    if (!response.ok || !response.body || response.status === 204 || response.status === 205) {
      release();
      return response;
    }
    const reader = response.body.getReader();
    const body = new ReadableStream<Uint8Array>(
      {
        pull: async (controller) => {
          try {
            const { done, value } = await reader.read();
            if (done) {
              release();
              controller.close();
            } else controller.enqueue(value);
          } catch (err) {
            release();
            controller.error(err);
          }
        },
        cancel: (reason) => {
          release();
          return reader.cancel(reason);
        },
      },
      { highWaterMark: 0 },
    );
    return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
  };
}
