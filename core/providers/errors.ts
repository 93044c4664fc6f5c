/**
 * Everything a provider call can throw, as one ProviderError whose message names the provider and
 * what failed — `provider "claude" (anthropic): 401 authentication_error: invalid x-api-key` — and
 * never holds the key. Both SDKs are Stainless-generated and throw the same family: APIError (with
 * .status, .headers and .error, the parsed body), its subclasses per status, APIConnectionError,
 * APIConnectionTimeoutError and APIUserAbortError (both "status-less" APIErrors), plus a SyntaxError
 * for a stream event that is not JSON. The classes come from the SDK module the adapter loaded,
 * so `instanceof` is exact without this file importing either SDK.
 *
 * Where the bodies differ: @anthropic-ai/sdk keeps the whole body in .error
 * (`{type: "error", error: {type, message}}`), openai keeps its `error` member
 * (`{message, type, code, param}`); an error event inside a stream has no status in either.
 */
import type { ProviderKind } from '../../shared/provider-schema.js';
import { AnswerProblem, clip, isObject, str } from './mcp-content.js';
import { ProviderError, type ProviderFailure } from './types.js';
import { retryAfterMs } from './call.js';

type ErrorClass = abstract new (...args: never[]) => Error;

/** The error classes both SDK modules export. */
export interface SdkErrorClasses {
  APIError: ErrorClass;
  APIConnectionError: ErrorClass;
  APIConnectionTimeoutError: ErrorClass;
  APIUserAbortError: ErrorClass;
}

export interface FailureContext {
  providerId: string;
  kind: ProviderKind;
  baseUrl: string;
  apiKey: string | undefined;
  timeoutSeconds: number;
  /** The call's own deadline ended it. */
  timedOut?: boolean;
  /** The caller's signal ended it; its reason, when it has one, is said. */
  aborted?: boolean;
  abortReason?: unknown;
  attempts?: number;
  lastStatus?: number | undefined;
  sdk?: SdkErrorClasses;
}

const MAX_MESSAGE = 600;

export function toProviderError(err: unknown, ctx: FailureContext): ProviderError {
  if (err instanceof ProviderError) return err;
  const [failure, detail, status] = classify(err, ctx);
  const message = redact(`provider "${ctx.providerId}" (${ctx.kind}): ${clip(detail, MAX_MESSAGE)}`, ctx.apiKey);
  return new ProviderError(ctx.providerId, failure, message, status);
}

function classify(err: unknown, ctx: FailureContext): [ProviderFailure, string, number?] {
  const tries = (ctx.attempts ?? 0) > 1 ? ` (${ctx.attempts} attempts)` : '';
  // The SDKs end a stream quietly, or throw their abort error, when the signal fires: our own flags say which signal.
  if (ctx.timedOut) {
    const last = ctx.lastStatus !== undefined ? `; the last attempt was answered ${ctx.lastStatus}` : '';
    return ['timeout', `no complete answer within ${ctx.timeoutSeconds} s${tries}${last}`];
  }
  if (ctx.aborted) {
    const why = reasonText(ctx.abortReason);
    return ['aborted', `the call was stopped before the answer was complete${why ? ` (${why})` : ''}`];
  }
  if (err instanceof AnswerProblem) return [err.failure, err.failure === 'refused' ? err.message : `malformed answer: ${err.message}`];
  const sdk = ctx.sdk;
  if (sdk && err instanceof sdk.APIConnectionTimeoutError) return ['timeout', `no response from ${displayUrl(ctx.baseUrl)} within ${ctx.timeoutSeconds} s${tries}`];
  if (sdk && err instanceof sdk.APIUserAbortError) return ['aborted', 'the call was stopped before the answer was complete'];
  if (sdk && err instanceof sdk.APIConnectionError) return ['unreachable', `cannot reach ${displayUrl(ctx.baseUrl)} (${causeText(err)})${tries}`];
  if (sdk && err instanceof sdk.APIError) return apiFailure(err as Error & ApiErrorShape, tries);
  if (err instanceof SyntaxError) return ['malformed', `malformed answer: ${err.message}`];
  return ['malformed', `unexpected error: ${err instanceof Error ? err.message : String(err)}`];
}

interface ApiErrorShape {
  status?: number;
  headers?: Headers;
  error?: unknown;
  type?: unknown;
}

function apiFailure(err: Error & ApiErrorShape, tries: string): [ProviderFailure, string, number?] {
  const status = typeof err.status === 'number' ? err.status : undefined;
  const body = isObject(err.error) && isObject(err.error.error) ? err.error.error : isObject(err.error) ? err.error : {};
  const type = str(body.type) || str(err.type) || str(body.code);
  const apiMessage = str(body.message);
  const what = apiMessage ? `${type ? `${type}: ` : ''}${apiMessage}` : err.message.replace(/^\d{3} /, '');
  const wait = err.headers ? retryAfterMs(err.headers, Date.now()) : undefined;
  const after = wait !== undefined && wait > 0 ? ` (retry-after ${Math.ceil(wait / 1000)} s)` : '';
  const text = `${status !== undefined ? `${status} ` : ''}${what}${after}${tries}`;
  return [failureOf(status, type), text, status];
}

/** By HTTP status; an error event inside a stream has none, so then by the error's type. */
function failureOf(status: number | undefined, type: string): ProviderFailure {
  if (status === 401 || status === 403) return 'auth';
  if (status === 429) return 'rate-limited';
  if (status === 408) return 'timeout';
  if (status !== undefined) return status >= 500 ? 'server-error' : 'bad-request';
  if (/auth|permission/.test(type)) return 'auth';
  if (/rate_limit/.test(type)) return 'rate-limited';
  if (/invalid_request|not_found|request_too_large/.test(type)) return 'bad-request';
  return 'server-error';
}

/** undici says "fetch failed"; the reason (ECONNREFUSED, ENOTFOUND, a TLS error) is in its cause chain. */
function causeText(err: Error): string {
  const messages: string[] = [];
  let e: unknown = err;
  for (let depth = 0; depth < 4 && e instanceof Error; depth++, e = e.cause) messages.push(e.message);
  const deepest = messages.filter((m) => m && m !== 'fetch failed' && m !== 'Connection error.').pop();
  return deepest ?? messages[0] ?? 'connection error';
}

/** A base URL as it may be shown: no user:password, no query (a key can sit in either). */
export function displayUrl(url: string): string {
  try {
    const u = new URL(url);
    u.username = '';
    u.password = '';
    u.search = '';
    return u.toString().replace(/\/$/, '');
  } catch {
    return '(invalid base URL)';
  }
}

function reasonText(reason: unknown): string {
  if (reason === undefined || reason === null) return '';
  if (reason instanceof Error) return reason.name === 'AbortError' ? '' : reason.message;
  const s = String(reason);
  return s === '[object Object]' ? '' : s;
}

/**
 * Belt and braces: the key the call used never appears, nor anything shaped like a key or a
 * bearer token (a provider may echo part of a key back; OpenAI masks all but its last characters).
 */
export function redact(text: string, apiKey: string | undefined): string {
  let out = text;
  if (apiKey && apiKey.length >= 4) out = out.split(apiKey).join('[redacted]');
  return out
    .replace(/\b(sk-(?:ant-|proj-)?)[A-Za-z0-9_*-]{6,}/g, '$1[redacted]')
    // A token has a digit: "Invalid bearer token" stays readable.
    .replace(/(Bearer\s+)(?=[\w.~+/-]*\d)[\w.~+/-]{8,}=*/gi, '$1[redacted]');
}
