/**
 * Provider failures as the user reads them: the SDKs' own error objects (built as each SDK builds
 * them from a response) → ProviderError with the failure kind and a message naming the provider and
 * what failed, never the key. And the call guard: retry-after parsing and the no-retry header.
 */
import * as AnthropicSdk from '@anthropic-ai/sdk';
import * as OpenAISdk from 'openai';
import { describe, expect, it } from 'vitest';
import { guardCall, retryAfterMs } from '../../../core/providers/call.js';
import { displayUrl, redact, toProviderError, type FailureContext } from '../../../core/providers/errors.js';
import { AnswerProblem } from '../../../core/providers/mcp-content.js';
import type { ProviderCall } from '../../../core/providers/types.js';
import { ProviderSchema } from '../../../shared/provider-schema.js';

const KEY = 'sk-ant-api03-THIS-IS-THE-KEY-0123456789';
const claude: FailureContext = { providerId: 'claude', kind: 'anthropic', baseUrl: 'https://api.anthropic.com', apiKey: KEY, timeoutSeconds: 120, sdk: AnthropicSdk };
const local: FailureContext = { providerId: 'local', kind: 'openai', baseUrl: 'http://user:pw@127.0.0.1:11434/v1?key=x', apiKey: undefined, timeoutSeconds: 30, sdk: OpenAISdk };

const anthropicError = (status: number, type: string, message: string, headers: Record<string, string> = {}) =>
  AnthropicSdk.APIError.generate(status, { type: 'error', error: { type, message } }, undefined, new Headers(headers));
// openai's client passes the whole body; generate() keeps its `error` member.
const openaiError = (status: number, error: Record<string, unknown>, headers: Record<string, string> = {}) =>
  OpenAISdk.APIError.generate(status, { error }, undefined, new Headers(headers));

describe('toProviderError', () => {
  it('names the provider, the status, the error type and the message', () => {
    const e = toProviderError(anthropicError(401, 'authentication_error', 'invalid x-api-key'), claude);
    expect(e).toMatchObject({ providerId: 'claude', failure: 'auth', status: 401, message: 'provider "claude" (anthropic): 401 authentication_error: invalid x-api-key' });
    const o = toProviderError(openaiError(404, { message: 'model "llama9" not found', type: 'not_found_error' }), local);
    expect(o).toMatchObject({ failure: 'bad-request', status: 404, message: 'provider "local" (openai): 404 not_found_error: model "llama9" not found' });
  });

  it.each([
    [400, 'bad-request'],
    [403, 'auth'],
    [408, 'timeout'],
    [413, 'bad-request'],
    [429, 'rate-limited'],
    [500, 'server-error'],
    [529, 'server-error'],
  ])('status %i is %s', (status, failure) => {
    expect(toProviderError(anthropicError(status, 'x_error', 'm'), claude).failure).toBe(failure);
    expect(toProviderError(openaiError(status, { message: 'm' }), local).failure).toBe(failure);
  });

  it('says the retry-after and how many attempts were made', () => {
    const e = toProviderError(anthropicError(429, 'rate_limit_error', 'slow down', { 'retry-after': '30' }), { ...claude, attempts: 3 });
    expect(e.message).toBe('provider "claude" (anthropic): 429 rate_limit_error: slow down (retry-after 30 s) (3 attempts)');
  });

  it('an error event inside a stream (no status) is classified by its type', () => {
    const overloaded = new AnthropicSdk.APIError(undefined, { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } }, undefined, new Headers());
    expect(toProviderError(overloaded, claude)).toMatchObject({ failure: 'server-error', message: 'provider "claude" (anthropic): overloaded_error: Overloaded' });
    const limited = new OpenAISdk.APIError(undefined, { message: 'too many', type: 'rate_limit_error' }, undefined, undefined);
    expect(toProviderError(limited, local).failure).toBe('rate-limited');
  });

  it('a connection error names the base URL (without credentials) and the cause', () => {
    const cause = Object.assign(new TypeError('fetch failed'), { cause: new Error('connect ECONNREFUSED 127.0.0.1:11434') });
    const e = toProviderError(new OpenAISdk.APIConnectionError({ cause }), { ...local, attempts: 3 });
    expect(e).toMatchObject({ failure: 'unreachable', message: 'provider "local" (openai): cannot reach http://127.0.0.1:11434/v1 (connect ECONNREFUSED 127.0.0.1:11434) (3 attempts)' });
  });

  it('timeouts and aborts: the SDK errors, and the call deadline or the caller signal first', () => {
    expect(toProviderError(new AnthropicSdk.APIConnectionTimeoutError(), claude).failure).toBe('timeout');
    expect(toProviderError(new OpenAISdk.APIUserAbortError(), local).failure).toBe('aborted');
    expect(toProviderError(new OpenAISdk.APIUserAbortError(), { ...local, timedOut: true, attempts: 2, lastStatus: 503 })).toMatchObject({
      failure: 'timeout',
      message: 'provider "local" (openai): no complete answer within 30 s (2 attempts); the last attempt was answered 503',
    });
    expect(toProviderError(new AnthropicSdk.APIUserAbortError(), { ...claude, aborted: true, abortReason: 'the server cancelled the request' })).toMatchObject({
      failure: 'aborted',
      message: 'provider "claude" (anthropic): the call was stopped before the answer was complete (the server cancelled the request)',
    });
  });

  it('refusals and malformed answers keep their kind; an unparseable event is malformed', () => {
    expect(toProviderError(new AnswerProblem('refused', 'the model refused to answer'), claude)).toMatchObject({ failure: 'refused', message: 'provider "claude" (anthropic): the model refused to answer' });
    expect(toProviderError(new AnswerProblem('malformed', 'truncated'), claude).message).toBe('provider "claude" (anthropic): malformed answer: truncated');
    expect(toProviderError(new SyntaxError('Unexpected token'), local).failure).toBe('malformed');
  });

  it('never carries the key, nor anything shaped like one', () => {
    const e = toProviderError(anthropicError(401, 'authentication_error', `bad key ${KEY}; Authorization: Bearer abc.def.123`), claude);
    expect(e.message).not.toContain('THIS-IS-THE-KEY');
    expect(e.message).not.toContain('abc.def');
    expect(redact('Invalid bearer token', undefined)).toBe('Invalid bearer token');
    expect(redact('Incorrect API key provided: sk-proj-abcdEFGH1234', undefined)).toBe('Incorrect API key provided: sk-proj-[redacted]');
    expect(redact('the key hunter2hunter2 leaked', 'hunter2hunter2')).toBe('the key [redacted] leaked');
    expect(displayUrl('https://me:secret@host.example/v1?api_key=1')).toBe('https://host.example/v1');
  });
});

describe('call guard', () => {
  it('reads retry-after-ms, retry-after in seconds, and an HTTP date', () => {
    const now = Date.parse('2026-11-22T12:00:00Z');
    expect(retryAfterMs(new Headers({ 'retry-after-ms': '1500', 'retry-after': '9' }), now)).toBe(1500);
    expect(retryAfterMs(new Headers({ 'retry-after': '2.5' }), now)).toBe(2500);
    expect(retryAfterMs(new Headers({ 'retry-after': 'Sun, 22 Nov 2026 12:01:00 GMT' }), now)).toBe(60_000);
    expect(retryAfterMs(new Headers(), now)).toBeUndefined();
  });

  const call = (timeoutSeconds: number, signal = new AbortController().signal): ProviderCall => {
    const provider = ProviderSchema.parse({ kind: 'openai', models: [{ name: 'm' }], timeoutSeconds });
    return { providerId: 'p', provider, model: provider.models[0]!, apiKey: undefined, params: {}, signal };
  };
  const answering = (status: number, headers: Record<string, string>) => (async () => new Response('{}', { status, headers })) as unknown as typeof fetch;

  it('lets the SDK retry a short retry-after, and stops a retry that would outlast the call or 60 s', async () => {
    const guard = guardCall(call(120), answering(429, { 'retry-after': '2' }));
    expect((await guard.fetch('http://x')).headers.get('x-should-retry')).toBeNull();
    const long = guardCall(call(120), answering(429, { 'retry-after': '90' }));
    const res = await long.fetch('http://x');
    expect(res.status).toBe(429);
    expect(res.headers.get('x-should-retry')).toBe('false');
    expect(res.headers.get('retry-after')).toBe('90');
    const short = guardCall(call(5), answering(503, { 'retry-after': '10' }));
    expect((await short.fetch('http://x')).headers.get('x-should-retry')).toBe('false');
    expect(short.attempts).toBe(1);
    expect(short.lastStatus).toBe(503);
    for (const g of [guard, long, short]) g.dispose();
  });

  it('a 4xx other than 408/409/429 is passed as it is', async () => {
    const guard = guardCall(call(120), answering(401, { 'retry-after': '999' }));
    expect((await guard.fetch('http://x')).headers.get('x-should-retry')).toBeNull();
    guard.dispose();
  });

  it('its signal aborts at the deadline (timedOut) or with the caller (aborted)', async () => {
    const guard = guardCall(call(0.01));
    await new Promise((r) => guard.signal.addEventListener('abort', r, { once: true }));
    expect([guard.timedOut, guard.aborted]).toEqual([true, false]);
    const ac = new AbortController();
    const stopped = guardCall(call(120, ac.signal));
    ac.abort();
    expect([stopped.signal.aborted, stopped.timedOut, stopped.aborted]).toEqual([true, false, true]);
    stopped.dispose();
  });
});
