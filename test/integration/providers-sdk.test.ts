/**
 * The provider adapters (core/providers, through adapterFor) driving the official SDKs against the
 * fake providers on 127.0.0.1: what the gate sends passes each API's request checks (no
 * temperature to Anthropic 2026-10-21, paired tool_use/tool_result, images), what comes back
 * becomes a CreateMessageResult with the returned model id, usage and stop reason, text streams
 * to onText in order, and every failure is a ProviderError with the right `failure`, a message
 * naming the provider and the status, and never the key.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { freePort } from '../../bench/processes.js';
import { adapterFor } from '../../core/providers/index.js';
import { ProviderError, type ProviderAnswer, type ProviderCall, type ProviderFailure } from '../../core/providers/types.js';
import { ProviderSchema, type ProviderKind } from '../../shared/provider-schema.js';
import type { SamplingParams } from '../../shared/types.js';
import { ANTHROPIC_TEST_KEY, startAnthropic } from '../fixtures/fake-providers/anthropic.js';
import type { FakeProvider, RecordedRequest } from '../fixtures/fake-providers/http.js';
import { OPENAI_TEST_KEY, startOpenAI } from '../fixtures/fake-providers/openai.js';

/** 1x1 PNG. */
const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

const WEATHER = { name: 'get_weather', description: 'Weather for a city', inputSchema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } };

function ask(text: string, extra: Record<string, unknown> = {}): SamplingParams {
  return { messages: [{ role: 'user', content: { type: 'text', text } }], maxTokens: 50, ...extra };
}

/** What differs per provider; every test below runs against both. */
interface Case {
  kind: ProviderKind;
  key: string;
  start: () => Promise<FakeProvider<never>>;
  model: string;
  returnedModel: string;
  /** The fake's echo of a tool result "sunny" for tool use id `id`. */
  toolEcho: (id: string) => string;
  /** MCP stopReason for an answer cut at a stop sequence (Chat Completions says only "stop"). */
  stopSequenceReason: string;
  overloadedStatus: number;
}

const CASES: Case[] = [
  {
    kind: 'anthropic',
    key: ANTHROPIC_TEST_KEY,
    start: () => startAnthropic() as Promise<FakeProvider<never>>,
    model: 'sonnet-latest',
    returnedModel: 'claude-sonnet-4-5-20250929',
    toolEcho: (id) => `Echo: [tool_result ${id}: sunny]`,
    stopSequenceReason: 'stopSequence',
    overloadedStatus: 529,
  },
  {
    kind: 'openai',
    key: OPENAI_TEST_KEY,
    start: () => startOpenAI() as Promise<FakeProvider<never>>,
    model: 'gpt-4o',
    returnedModel: 'gpt-4o-2024-08-06',
    toolEcho: () => 'Echo: [tool result: sunny]',
    stopSequenceReason: 'endTurn',
    overloadedStatus: 503,
  },
];

describe.each(CASES)('$kind adapter through the official SDK', (c) => {
  let fake: FakeProvider<never>;
  /** Typed loosely on purpose: the behaviours of both fakes share these kinds. */
  const script = (...b: Record<string, unknown>[]) => (fake.script as (...x: unknown[]) => void)(...b);

  beforeAll(async () => {
    fake = await c.start();
  });
  afterAll(() => fake?.close());
  beforeEach(() => {
    fake.reset();
    fake.requests.length = 0;
  });

  function callFor(params: SamplingParams, opts: { apiKey?: string | undefined; signal?: AbortSignal; onText?: (d: string) => void; timeoutSeconds?: number; maxRetries?: number; baseUrl?: string } = {}): ProviderCall {
    const provider = ProviderSchema.parse({
      kind: c.kind,
      baseUrl: opts.baseUrl ?? fake.url,
      models: [{ name: c.model, vision: true, tools: true }],
      timeoutSeconds: opts.timeoutSeconds ?? 10,
      maxRetries: opts.maxRetries ?? 0,
    });
    return {
      providerId: 'mine',
      provider,
      model: provider.models[0]!,
      apiKey: 'apiKey' in opts ? opts.apiKey : c.key,
      params,
      signal: opts.signal ?? new AbortController().signal,
      ...(opts.onText ? { onText: opts.onText } : {}),
    };
  }

  const complete = (call: ProviderCall): Promise<ProviderAnswer> => adapterFor(c.kind).complete(call);

  async function failure(call: ProviderCall, expected: ProviderFailure): Promise<ProviderError> {
    const err = await complete(call).then(
      (a) => new Error(`expected a ${expected} failure, got an answer: ${JSON.stringify(a.result)}`),
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(ProviderError);
    const pe = err as ProviderError;
    expect({ failure: pe.failure, message: pe.message }).toMatchObject({ failure: expected });
    expect(pe.providerId).toBe('mine');
    expect(pe.message).toContain('mine');
    expect(pe.message).not.toContain(call.apiKey ?? '\u0000');
    return pe;
  }

  const sent = (i = 0): Record<string, unknown> => fake.requests[i]?.body as Record<string, unknown>;

  it('a text answer: the echo, the model id the provider returned, usage, endTurn; text streams to onText in order', async () => {
    const pieces: string[] = [];
    const answer = await complete(callFor(ask('hello there world', { systemPrompt: 'Be brief.' }), { onText: (d) => pieces.push(d) }));
    expect(answer.result).toEqual({ role: 'assistant', content: { type: 'text', text: 'Echo: hello there world' }, model: c.returnedModel, stopReason: 'endTurn' });
    expect(answer.usage).toEqual({ inputTokens: 5, outputTokens: 4 });
    expect(pieces).toEqual(['Echo: ', 'hello ', 'there ', 'world']);
    expect(fake.requests).toHaveLength(1);
    expect(sent().stream).toBe(true);
    expect(sent().model).toBe(c.model);
  });

  it('temperature: Anthropic 2026-10-21 is not sent it (fit says so); Chat Completions is', async () => {
    const params = ask('warm', { temperature: 0.7 });
    const fit = adapterFor(c.kind).fit(params, callFor(params).model);
    await complete(callFor(params));
    if (c.kind === 'anthropic') {
      expect(fit.notApplied).toContain('temperature');
      expect(sent()).not.toHaveProperty('temperature');
    } else {
      expect(fit.notApplied).not.toContain('temperature');
      expect(sent().temperature).toBe(0.7);
    }
  });

  it('a tool round: tools + toolChoice required give tool_use (stopReason toolUse); the tool_result is answered in text', async () => {
    const first = await complete(callFor(ask('Paris', { tools: [WEATHER], toolChoice: { mode: 'required' } })));
    expect(first.result.stopReason).toBe('toolUse');
    const use = first.result.content as { type: string; id: string; name: string; input: unknown };
    expect(use).toMatchObject({ type: 'tool_use', name: 'get_weather', input: { city: 'Paris' } });
    expect(use.id).toBeTruthy();
    const round = await complete(
      callFor({
        messages: [
          { role: 'user', content: { type: 'text', text: 'Paris' } },
          { role: 'assistant', content: [use] },
          { role: 'user', content: [{ type: 'tool_result', toolUseId: use.id, content: [{ type: 'text', text: 'sunny' }] }] },
        ],
        maxTokens: 50,
        tools: [WEATHER],
      }),
    );
    expect(round.result).toMatchObject({ content: { type: 'text', text: c.toolEcho(use.id) }, stopReason: 'endTurn' });
  });

  it('a tool round whose ids came from elsewhere (with ":" and ".") still pairs up', async () => {
    const id = 'everything:call.1';
    const answer = await complete(
      callFor({
        messages: [
          { role: 'user', content: { type: 'text', text: 'Paris' } },
          { role: 'assistant', content: [{ type: 'tool_use', id, name: 'get_weather', input: { city: 'Paris' } }] },
          { role: 'user', content: [{ type: 'tool_result', toolUseId: id, content: [{ type: 'text', text: 'sunny' }] }] },
        ],
        maxTokens: 50,
        tools: [WEATHER],
      }),
    );
    expect(answer.result.stopReason).toBe('endTurn');
  });

  it('text before a tool call comes back as [text, tool_use]', async () => {
    const answer = await complete(callFor(ask('please use get_weather for Oslo', { tools: [WEATHER] })));
    if (c.kind === 'anthropic') {
      expect(answer.result.content).toMatchObject([{ type: 'text' }, { type: 'tool_use', name: 'get_weather' }]);
    } else {
      expect(answer.result.content).toMatchObject({ type: 'tool_use', name: 'get_weather', input: { city: 'please use get_weather for Oslo' } });
    }
    expect(answer.result.stopReason).toBe('toolUse');
  });

  it('several tool calls in one answer come back as an array, in order', async () => {
    if (c.kind === 'anthropic') {
      script({ kind: 'reply', toolUses: [{ name: 'get_weather', input: { city: 'Oslo' } }, { name: 'get_weather', input: { city: 'Rome' } }] });
    } else {
      script({ kind: 'reply', toolCalls: [{ name: 'get_weather', arguments: '{"city":"Oslo"}' }, { name: 'get_weather', arguments: '{"city":"Rome"}' }] });
    }
    const answer = await complete(callFor(ask('both', { tools: [WEATHER] })));
    expect(answer.result.stopReason).toBe('toolUse');
    expect(answer.result.content).toMatchObject([
      { type: 'tool_use', name: 'get_weather', input: { city: 'Oslo' } },
      { type: 'tool_use', name: 'get_weather', input: { city: 'Rome' } },
    ]);
  });

  it('provider stop reasons MCP does not name: passed through (Anthropic), or mapped (Chat Completions)', async () => {
    if (c.kind === 'anthropic') {
      script({ kind: 'reply', text: 'so far', stopReason: 'model_context_window_exceeded' });
      expect((await complete(callFor(ask('x')))).result.stopReason).toBe('model_context_window_exceeded');
    } else {
      // Some servers say "stop" for an answer that calls a tool; content_filter is a refusal.
      script({ kind: 'reply', toolCalls: [{ name: 'get_weather', arguments: '{"city":"Oslo"}' }], finishReason: 'stop' }, { kind: 'reply', text: '', finishReason: 'content_filter' });
      expect((await complete(callFor(ask('x', { tools: [WEATHER] })))).result.stopReason).toBe('toolUse');
      await failure(callFor(ask('x')), 'refused');
    }
  });

  it('stop reasons: maxTokens, a stop sequence', async () => {
    const cut = await complete(callFor(ask('a b c d e', { maxTokens: 3 })));
    expect(cut.result).toMatchObject({ stopReason: 'maxTokens', content: { text: 'Echo: a b ' } });
    const seq = await complete(callFor(ask('alpha STOP beta', { stopSequences: ['STOP'] })));
    expect(seq.result).toMatchObject({ stopReason: c.stopSequenceReason, content: { text: 'Echo: alpha ' } });
  });

  it('an image reaches the model as the API takes it', async () => {
    const answer = await complete(
      callFor({ messages: [{ role: 'user', content: [{ type: 'text', text: 'look' }, { type: 'image', data: PNG, mimeType: 'image/png' }] }], maxTokens: 50 }),
    );
    expect(answer.result.content).toEqual({ type: 'text', text: 'Echo: look [image/png image]' });
  });

  it('401 -> auth, naming the provider and the status, never the key', async () => {
    const pe = await failure(callFor(ask('x'), { apiKey: `${c.key.slice(0, 8)}-wrong-0123456789` }), 'auth');
    expect(pe.message).toContain('401');
    expect(pe.status).toBe(401);
    script({ kind: 'auth' });
    expect((await failure(callFor(ask('x')), 'auth')).message).not.toContain(c.key.slice(-12));
  });

  it('429 with retry-after 1, then success: one retry, 2 requests', async () => {
    script({ kind: 'rate-limited', retryAfter: 1 });
    const answer = await complete(callFor(ask('again'), { maxRetries: 2 }));
    expect(answer.result.content).toEqual({ type: 'text', text: 'Echo: again' });
    expect(fake.requests).toHaveLength(2);
  });

  it('429 until the retries are exhausted -> rate-limited, with the status and retry-after', async () => {
    script({ kind: 'rate-limited', retryAfter: 1, times: Infinity });
    const pe = await failure(callFor(ask('x'), { maxRetries: 1 }), 'rate-limited');
    expect(pe.message).toContain('429');
    expect(pe.message).toMatch(/retry-after 1 s/);
    expect(fake.requests).toHaveLength(2);
  });

  it('a retry-after longer than the call may last is not waited for', async () => {
    script({ kind: 'rate-limited', retryAfter: 30, times: Infinity });
    await failure(callFor(ask('x'), { maxRetries: 2, timeoutSeconds: 5 }), 'rate-limited');
    expect(fake.requests).toHaveLength(1);
  });

  it('500 and overloaded -> server-error; a 400 -> bad-request', async () => {
    script({ kind: 'server-error' }, { kind: 'overloaded' }, { kind: 'error', status: 400, type: 'invalid_request_error', message: 'something about the request' });
    expect((await failure(callFor(ask('x')), 'server-error')).message).toContain('500');
    expect((await failure(callFor(ask('x')), 'server-error')).message).toContain(String(c.overloadedStatus));
    expect((await failure(callFor(ask('x')), 'bad-request')).message).toContain('something about the request');
  });

  it('an error event inside the stream -> server-error', async () => {
    script({ kind: 'stream-error' });
    await failure(callFor(ask('x')), 'server-error');
  });

  it('a stream that stalls after its first event -> timeout at timeoutSeconds', async () => {
    script({ kind: 'stall' });
    const pe = await failure(callFor(ask('x'), { timeoutSeconds: 1 }), 'timeout');
    expect(pe.message).toContain('1 s');
  });

  it.each(['garbage', 'truncated', 'wrong-shape'] as const)('a malformed stream (%s) -> malformed', async (variant) => {
    script({ kind: 'malformed', variant });
    await failure(callFor(ask('x')), 'malformed');
  });

  it('a refusal -> refused', async () => {
    script({ kind: 'refusal' });
    await failure(callFor(ask('x')), 'refused');
  });

  it('a reset connection -> unreachable after the retries; a closed port -> unreachable', async () => {
    script({ kind: 'reset', times: Infinity });
    await failure(callFor(ask('x'), { maxRetries: 1 }), 'unreachable');
    expect(fake.requests).toHaveLength(2);
    const port = await freePort();
    const base = c.kind === 'openai' ? `http://127.0.0.1:${port}/v1` : `http://127.0.0.1:${port}`;
    expect((await failure(callFor(ask('x'), { baseUrl: base }), 'unreachable')).message).toContain(`127.0.0.1:${port}`);
  });

  it('the caller aborting a stalled stream -> aborted', async () => {
    script({ kind: 'stall' });
    const stop = new AbortController();
    const pending = failure(callFor(ask('x'), { signal: stop.signal, timeoutSeconds: 30 }), 'aborted');
    await waitForRequest(fake.requests);
    stop.abort();
    await pending;
  });

  it('a signal aborted before the call -> aborted, and the provider is never asked', async () => {
    await failure(callFor(ask('x'), { signal: AbortSignal.abort() }), 'aborted');
    expect(fake.requests).toHaveLength(0);
  });

  it('an onText listener that throws does not fail the call', async () => {
    const answer = await complete(callFor(ask('still here'), { onText: () => { throw new Error('UI gone'); } }));
    expect(answer.result.content).toEqual({ type: 'text', text: 'Echo: still here' });
  });

  it('aborting from onText mid-answer -> aborted, not a partial answer', async () => {
    const stop = new AbortController();
    await failure(callFor(ask('one two three four five'), { signal: stop.signal, onText: () => stop.abort() }), 'aborted');
  });
});

describe('keyless Chat Completions server (Ollama, llama.cpp)', () => {
  it('sends no Authorization header at all, and max_tokens (not max_completion_tokens) off api.openai.com', async () => {
    const local = await startOpenAI({ apiKey: null });
    try {
      const provider = ProviderSchema.parse({ kind: 'openai', baseUrl: local.url, models: [{ name: 'gpt-4o' }], timeoutSeconds: 5, maxRetries: 0 });
      const answer = await adapterFor('openai').complete({
        providerId: 'local',
        provider,
        model: provider.models[0]!,
        apiKey: undefined,
        params: ask('hi'),
        signal: new AbortController().signal,
      });
      expect(answer.result.content).toEqual({ type: 'text', text: 'Echo: hi' });
      expect(local.requests[0]?.headers).not.toHaveProperty('authorization');
      expect(local.requests[0]?.body).toMatchObject({ max_tokens: 50, stream_options: { include_usage: true } });
    } finally {
      await local.close();
    }
  });
});

/** Until the fake has the request (the call is then waiting on the stalled stream). */
async function waitForRequest(requests: RecordedRequest[]): Promise<void> {
  for (let i = 0; i < 500 && requests.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
  expect(requests.length).toBeGreaterThan(0);
}
