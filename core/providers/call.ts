/**
 * What every provider call shares, whichever SDK makes it: one total deadline (timeoutSeconds,
 * streaming included), the caller's abort signal, a bound on how long a retry may wait, and the
 * SDK client options that keep other credentials and the MCP stdout stream out of the call.
 *
 * Why a deadline of our own: both SDKs' `timeout` arms a timer around fetch() only — it stops when
 * the response headers arrive (see fetchWithTimeout in either client.ts), so a stream that stalls
 * after its first byte would hang. And both retry 429/408/409/5xx themselves, sleeping for the
 * response's `retry-after-ms` / `retry-after` first: @anthropic-ai/sdk honours any value up to 2^31 ms
 * (24 days), openai ignores one above 60 s and backs off 0.5–8 s instead (retryRequest). The sleep
 * takes the request's signal, so our deadline ends it; and `guardedFetch` stops a retry outright when
 * the provider asks for a wait longer than the call has left (or than 60 s), by setting the
 * `x-should-retry: false` header both SDKs obey — the error then reaches the user at once, with
 * its retry-after, instead of a timeout later.
 */
import { DEFAULT_BASE_URLS } from '../../shared/provider-schema.js';
import type { ProviderCall } from './types.js';

/** The longest wait for a retry-after the gate accepts (openai's own bound, applied to both SDKs). */
export const MAX_RETRY_WAIT_MS = 60_000;

const RETRIED_STATUSES = (status: number): boolean => status === 408 || status === 409 || status === 429 || status >= 500;

/** The wait a response asks for, in ms (retry-after-ms, else retry-after in seconds or as a date). */
export function retryAfterMs(headers: Headers, now: number): number | undefined {
  const ms = headers.get('retry-after-ms');
  if (ms !== null && Number.isFinite(parseFloat(ms))) return parseFloat(ms);
  const after = headers.get('retry-after');
  if (after === null) return undefined;
  const seconds = parseFloat(after);
  if (Number.isFinite(seconds)) return seconds * 1000;
  const date = Date.parse(after);
  return Number.isNaN(date) ? undefined : date - now;
}

export interface CallGuard {
  /** Aborts on the caller's signal or at the deadline: give it to the SDK call. */
  signal: AbortSignal;
  /** fetch for the SDK client: counts attempts and refuses retries that would outlast the deadline. */
  fetch: typeof fetch;
  readonly attempts: number;
  /** The status of the last HTTP error answer, for a timeout's message. */
  readonly lastStatus: number | undefined;
  /** True once the deadline (not the caller) ended the call. */
  readonly timedOut: boolean;
  /** True once the caller's signal ended it. */
  readonly aborted: boolean;
  dispose(): void;
}

export function guardCall(call: ProviderCall, baseFetch: typeof fetch = globalThis.fetch): CallGuard {
  const deadlineAt = Date.now() + call.provider.timeoutSeconds * 1000;
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(new Error(`no answer within ${call.provider.timeoutSeconds} s`)), call.provider.timeoutSeconds * 1000);
  let attempts = 0;
  let lastStatus: number | undefined;
  const guarded = async (input: Parameters<typeof fetch>[0], init?: Parameters<typeof fetch>[1]): Promise<Response> => {
    attempts++;
    const res = await baseFetch(input, init);
    if (res.ok) return res;
    lastStatus = res.status;
    if (!RETRIED_STATUSES(res.status)) return res;
    const now = Date.now();
    const wait = retryAfterMs(res.headers, now);
    if (wait === undefined || wait <= Math.min(deadlineAt - now, MAX_RETRY_WAIT_MS)) return res;
    const headers = new Headers(res.headers);
    headers.set('x-should-retry', 'false');
    return new Response(res.body, { status: res.status, statusText: res.statusText, headers });
  };
  return {
    signal: AbortSignal.any([call.signal, deadline.signal]),
    fetch: guarded as typeof fetch,
    get attempts() {
      return attempts;
    },
    get lastStatus() {
      return lastStatus;
    },
    get timedOut() {
      return deadline.signal.aborted && !call.signal.aborted;
    },
    get aborted() {
      return call.signal.aborted;
    },
    dispose: () => clearTimeout(timer),
  };
}

export function baseUrlOf(call: ProviderCall): string {
  return call.provider.baseUrl ?? DEFAULT_BASE_URLS[call.provider.kind];
}

/**
 * Both SDKs refuse to construct without a credential and, given none, read one from the
 * environment (ANTHROPIC_API_KEY / ANTHROPIC_AUTH_TOKEN and a profile chain in ~/.config/anthropic;
 * OPENAI_API_KEY, OPENAI_ORG_ID, OPENAI_PROJECT_ID) — which would send the user's real key to a
 * local server's baseUrl. So a provider without a key (Ollama, LM Studio, llama.cpp, vLLM) gets this
 * placeholder, and its Authorization header is removed (a null default header deletes it in both
 * SDKs' buildHeaders), so no credential at all leaves the gate.
 */
const NO_KEY = 'no-key';

/** SDK debug logging (ANTHROPIC_LOG / OPENAI_LOG) would use console.log/info — stdout, the MCP stream of `connect`. */
const toStderr = (...args: unknown[]): void => console.error(...args);
export const stderrLogger = { debug: toStderr, info: toStderr, warn: toStderr, error: toStderr };

/** Constructor options both clients take in the same shape. */
export function clientOptions(call: ProviderCall, guard: CallGuard) {
  const keyless = call.apiKey === undefined || call.apiKey === '';
  return {
    apiKey: keyless ? NO_KEY : call.apiKey!,
    baseURL: baseUrlOf(call),
    // Per attempt, until the response headers arrive; the guard's deadline covers the whole call.
    timeout: call.provider.timeoutSeconds * 1000,
    maxRetries: call.provider.maxRetries,
    fetch: guard.fetch,
    logger: stderrLogger,
    ...(keyless ? { defaultHeaders: { Authorization: null } } : {}),
  };
}

/** onText is the UI's; a listener that throws must not fail the provider call. */
export function emitText(call: ProviderCall, delta: string): void {
  if (delta === '' || !call.onText) return;
  try {
    call.onText(delta);
  } catch {
    // the stream goes on; the answer is still recorded whole
  }
}
