/**
 * One abort signal per request for the SDK's HTTP client transports. They pass one signal — the
 * transport's — to every fetch, and Node's fetch (undici) adds an abort listener to it per request
 * that it removes only when the request object is garbage-collected: a busy session to a URL server
 * piled them up on that one signal (Node warned at 1,500, once per request after that). Here a
 * fetch gets a signal of its own, tied to the transport's by a listener its caller releases as
 * soon as the request is over — it failed, or its body was read to the end or cancelled
 * (body-valve.ts, which reads every body anyway) — so a close still aborts whatever is in flight.
 */
export function ownSignal(init: RequestInit | undefined): { init: RequestInit | undefined; release: () => void } {
  const parent = init?.signal;
  if (!parent || parent.aborted) return { init, release: () => {} };
  const own = new AbortController();
  const forward = (): void => own.abort(parent.reason);
  parent.addEventListener('abort', forward, { once: true });
  return { init: { ...init, signal: own.signal }, release: () => parent.removeEventListener('abort', forward) };
}
