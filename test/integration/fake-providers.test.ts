/**
 * The fake providers against the official SDKs, untouched: if @anthropic-ai/sdk and openai parse
 * what the fakes send (and the fakes reject what the APIs reject), the adapter tests built on the
 * fakes test the adapters, not the fakes. Also pins what the SDKs themselves do NOT catch (a stream
 * cut before message_stop / [DONE] resolves quietly), which the adapters must.
 */
import Anthropic, { APIConnectionError, APIError, APIUserAbortError, AuthenticationError, BadRequestError, NotFoundError } from '@anthropic-ai/sdk';
import OpenAI, { APIError as OpenAIAPIError } from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ANTHROPIC_TEST_KEY, startAnthropic, type AnthropicBehaviour } from '../fixtures/fake-providers/anthropic.js';
import type { FakeProvider } from '../fixtures/fake-providers/http.js';
import { OPENAI_TEST_KEY, startOpenAI, type OpenAIBehaviour } from '../fixtures/fake-providers/openai.js';

/** 1x1 PNG. */
const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

describe('fake Anthropic vs @anthropic-ai/sdk', () => {
  let fake: FakeProvider<AnthropicBehaviour>;
  let client: Anthropic;
  const ask = (text: string, extra: Record<string, unknown> = {}) => ({ model: 'sonnet-latest', max_tokens: 50, messages: [{ role: 'user' as const, content: text }], ...extra });

  beforeAll(async () => {
    fake = await startAnthropic();
    client = new Anthropic({ baseURL: fake.url, apiKey: ANTHROPIC_TEST_KEY, maxRetries: 0 });
  });
  afterAll(() => fake?.close());
  beforeEach(() => {
    fake.reset();
    fake.requests.length = 0;
  });

  it('answers with the echo, the dated model id and usage; the SDK sent Bearer auth and 2026-10-21', async () => {
    const m = await client.messages.create(ask('hello there world'));
    expect(m.content).toEqual([{ type: 'text', text: 'Echo: hello there world', citations: null }]);
    expect(m.model).toBe('claude-sonnet-4-5-20250929');
    expect(m.stop_reason).toBe('end_turn');
    expect(m.usage).toMatchObject({ input_tokens: 3, output_tokens: 4 });
    const [req] = fake.requests;
    expect(req?.path).toBe('/v1/messages');
    expect(req?.headers.authorization).toBe(`Bearer ${ANTHROPIC_TEST_KEY}`);
    expect(req?.headers['anthropic-version']).toBe('2026-10-21');
  });

  it('takes x-api-key as the docs show, and answers 401 authentication_error for a wrong or missing key', async () => {
    const post = (headers: Record<string, string>) =>
      fetch(`${fake.url}/v1/messages`, { method: 'POST', headers: { 'content-type': 'application/json', 'anthropic-version': '2026-10-21', ...headers }, body: JSON.stringify(ask('hi')) });
    expect((await post({ 'x-api-key': ANTHROPIC_TEST_KEY })).status).toBe(200);
    const wrong = await post({ 'x-api-key': 'sk-ant-wrong' });
    expect(wrong.status).toBe(401);
    const body = (await wrong.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ type: 'error', error: { type: 'authentication_error' } });
    expect(wrong.headers.get('request-id')).toMatch(/^req_/);
    expect((await post({})).status).toBe(401);
    const bad = new Anthropic({ baseURL: fake.url, apiKey: 'sk-ant-wrong', maxRetries: 0 });
    await expect(bad.messages.create(ask('hi'))).rejects.toBeInstanceOf(AuthenticationError);
  });

  it('rejects temperature (and any unknown field) under 2026-10-21, accepts it under 2023-06-01', async () => {
    const err = await client.messages.create({ ...ask('hi'), temperature: 0.2 } as never).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BadRequestError);
    expect((err as APIError).type).toBe('invalid_request_error');
    expect((err as APIError).message).toContain('temperature: Extra inputs are not permitted');
    await expect(client.messages.create({ ...ask('hi'), frobnicate: 1 } as never)).rejects.toBeInstanceOf(BadRequestError);
    const old = await fetch(`${fake.url}/v1/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'anthropic-version': '2023-06-01', 'x-api-key': ANTHROPIC_TEST_KEY },
      body: JSON.stringify({ ...ask('hi'), temperature: 0.2 }),
    });
    expect(old.status).toBe(200);
  });

  it('streams text deltas in order and the SDK assembles the same Message', async () => {
    const stream = client.messages.stream(ask('one two three four'));
    const pieces: string[] = [];
    stream.on('text', (t) => pieces.push(t));
    const m = await stream.finalMessage();
    expect(pieces).toEqual(['Echo: ', 'one ', 'two ', 'three ', 'four']);
    expect(m.content).toEqual([{ type: 'text', text: 'Echo: one two three four', citations: null }]);
    expect(m).toMatchObject({ stop_reason: 'end_turn', model: 'claude-sonnet-4-5-20250929', usage: { input_tokens: 4, output_tokens: 5 } });
    const raw = await client.messages.create({ ...ask('x'), stream: true });
    const types: string[] = [];
    for await (const e of raw) types.push(e.type);
    expect(types).toEqual(['message_start', 'content_block_start', 'content_block_delta', 'content_block_delta', 'content_block_stop', 'message_delta', 'message_stop']);
  });

  it('tool use: forced tool_choice yields a tool_use block (streamed as input_json_delta), and a tool round answers in text', async () => {
    const tools = [{ name: 'get_weather', description: 'Weather', input_schema: { type: 'object' as const, properties: { city: { type: 'string' } }, required: ['city'] } }];
    const m = await client.messages.create(ask('Paris', { tools, tool_choice: { type: 'tool', name: 'get_weather' } }));
    expect(m.stop_reason).toBe('tool_use');
    expect(m.content).toHaveLength(1);
    expect(m.content[0]).toMatchObject({ type: 'tool_use', name: 'get_weather', input: { city: 'Paris' } });
    const streamed = await client.messages.stream(ask('use get_weather for Rome', { tools })).finalMessage();
    expect(streamed.content.map((b) => b.type)).toEqual(['text', 'tool_use']);
    expect(streamed.content[1]).toMatchObject({ input: { city: 'use get_weather for Rome' } });
    const id = (m.content[0] as { id: string }).id;
    const round = await client.messages.create({
      model: 'sonnet-latest',
      max_tokens: 50,
      tools,
      messages: [
        { role: 'user', content: 'Paris' },
        { role: 'assistant', content: [{ type: 'tool_use', id, name: 'get_weather', input: { city: 'Paris' } }] },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: id, content: 'sunny' }] },
      ],
    });
    expect(round.content[0]).toMatchObject({ type: 'text', text: `Echo: [tool_result ${id}: sunny]` });
    const unpaired = client.messages.create({
      model: 'sonnet-latest',
      max_tokens: 50,
      tools,
      messages: [
        { role: 'user', content: 'Paris' },
        { role: 'assistant', content: [{ type: 'tool_use', id, name: 'get_weather', input: {} }] },
        { role: 'user', content: 'no result' },
      ],
    });
    await expect(unpaired).rejects.toThrow(/tool_use` ids were found without `tool_result`/);
  });

  it('stop reasons: max_tokens, stop_sequence, refusal (with stop_details)', async () => {
    const cut = await client.messages.create(ask('a b c d e', { max_tokens: 3 }));
    expect(cut).toMatchObject({ stop_reason: 'max_tokens', content: [{ text: 'Echo: a b ' }] });
    const seq = await client.messages.create(ask('alpha STOP beta', { stop_sequences: ['STOP'] }));
    expect(seq).toMatchObject({ stop_reason: 'stop_sequence', stop_sequence: 'STOP', content: [{ text: 'Echo: alpha ' }] });
    fake.script({ kind: 'refusal', category: 'cyber' });
    const refused = await client.messages.stream(ask('bad')).finalMessage();
    expect(refused).toMatchObject({ stop_reason: 'refusal', content: [], stop_details: { type: 'refusal', category: 'cyber' } });
  });

  it('images: a base64 PNG reaches the echo; a PNG labelled as JPEG is a 400', async () => {
    const image = (media: 'image/png' | 'image/jpeg') => ({
      model: 'sonnet-latest',
      max_tokens: 50,
      messages: [{ role: 'user' as const, content: [{ type: 'text' as const, text: 'look' }, { type: 'image' as const, source: { type: 'base64' as const, media_type: media, data: PNG } }] }],
    });
    const m = await client.messages.create(image('image/png'));
    expect(m.content[0]).toMatchObject({ text: 'Echo: look [image/png image]' });
    await expect(client.messages.create(image('image/jpeg'))).rejects.toThrow(/appears to be a image\/png image/);
  });

  it('unknown model: 404 not_found_error', async () => {
    await expect(client.messages.create({ ...ask('hi'), model: 'claude-nonexistent' })).rejects.toBeInstanceOf(NotFoundError);
  });

  it('429 with retry-after, then success: the SDK waits and retries (2 requests)', async () => {
    fake.script({ kind: 'rate-limited', retryAfter: 1 });
    const retrying = new Anthropic({ baseURL: fake.url, apiKey: ANTHROPIC_TEST_KEY, maxRetries: 2 });
    const m = await retrying.messages.create(ask('again'));
    expect(m.content[0]).toMatchObject({ text: 'Echo: again' });
    expect(fake.requests).toHaveLength(2);
    expect(fake.requests[1]?.headers['x-stainless-retry-count']).toBe('1');
  });

  it('500, 529 and a mid-stream error event reach the SDK as APIErrors with the provider type', async () => {
    fake.script({ kind: 'server-error' }, { kind: 'overloaded' }, { kind: 'stream-error' });
    const e500 = (await client.messages.create(ask('x')).catch((e: unknown) => e)) as APIError;
    expect([e500.status, e500.type]).toEqual([500, 'api_error']);
    const e529 = (await client.messages.create(ask('x')).catch((e: unknown) => e)) as APIError;
    expect([e529.status, e529.type]).toEqual([529, 'overloaded_error']);
    const mid = (await client.messages.stream(ask('x')).finalMessage().catch((e: unknown) => e)) as APIError;
    expect(mid).toBeInstanceOf(APIError);
    expect(mid.type).toBe('overloaded_error');
  });

  it('a stalled stream sends message_start and then nothing until the client aborts', async () => {
    fake.script({ kind: 'stall' });
    const stream = client.messages.stream(ask('x'));
    const started = new Promise<void>((resolve) => stream.on('streamEvent', (e) => e.type === 'message_start' && resolve()));
    const done = stream.finalMessage().catch((e: unknown) => e);
    await started;
    stream.abort();
    expect(await done).toBeInstanceOf(APIUserAbortError);
  });

  it('malformed streams: garbage and wrong-shape throw; a truncated stream fails finalMessage() but ends a raw stream quietly', async () => {
    fake.script({ kind: 'malformed', variant: 'garbage' }, { kind: 'malformed', variant: 'wrong-shape' }, { kind: 'malformed', variant: 'truncated' }, { kind: 'malformed', variant: 'truncated' });
    await expect(client.messages.stream(ask('x')).finalMessage()).rejects.toThrow(/JSON|Unexpected token/);
    await expect(client.messages.stream(ask('x')).finalMessage()).rejects.toThrow(/ended without/);
    await expect(client.messages.stream(ask('x')).finalMessage()).rejects.toThrow(/ended without producing a Message/);
    // Iterating create({stream:true}) yourself, nothing says the message never stopped: an adapter doing so must check.
    const types: string[] = [];
    for await (const e of await client.messages.create({ ...ask('x'), stream: true })) types.push(e.type);
    expect(types).toEqual(['message_start', 'content_block_start', 'content_block_delta']);
    fake.script({ kind: 'malformed', variant: 'garbage' }, { kind: 'malformed', variant: 'truncated' }, { kind: 'malformed', variant: 'wrong-shape' });
    await expect(client.messages.create(ask('x'))).rejects.toThrow(/JSON/);
    await expect(client.messages.create(ask('x'))).rejects.toThrow(/JSON/);
    // Valid JSON that is no Message: the SDK returns it as it is.
    expect(await client.messages.create(ask('x'))).not.toHaveProperty('content');
  });

  it('a reset connection is an APIConnectionError, retried by the SDK when it may', async () => {
    fake.script({ kind: 'reset', times: 2 });
    await expect(client.messages.create(ask('x'))).rejects.toBeInstanceOf(APIConnectionError);
    const retrying = new Anthropic({ baseURL: fake.url, apiKey: ANTHROPIC_TEST_KEY, maxRetries: 1 });
    fake.requests.length = 0;
    // One reset is left queued after the first call took one: the retry then succeeds.
    await expect(retrying.messages.create(ask('ok'))).resolves.toMatchObject({ content: [{ text: 'Echo: ok' }] });
    expect(fake.requests).toHaveLength(2);
  });
});

describe('fake OpenAI vs openai', () => {
  let fake: FakeProvider<OpenAIBehaviour>;
  let client: OpenAI;
  const ask = (text: string, extra: Record<string, unknown> = {}) => ({ model: 'gpt-4o', messages: [{ role: 'user' as const, content: text }], ...extra });

  beforeAll(async () => {
    fake = await startOpenAI();
    client = new OpenAI({ baseURL: fake.url, apiKey: OPENAI_TEST_KEY, maxRetries: 0 });
  });
  afterAll(() => fake?.close());
  beforeEach(() => {
    fake.reset();
    fake.requests.length = 0;
  });

  it('answers with the echo, the dated model id and usage at /v1/chat/completions with Bearer auth', async () => {
    const c = await client.chat.completions.create(ask('hello there world'));
    expect(c.choices[0]?.message).toMatchObject({ role: 'assistant', content: 'Echo: hello there world', refusal: null });
    expect(c.choices[0]?.finish_reason).toBe('stop');
    expect(c.model).toBe('gpt-4o-2024-08-06');
    expect(c.usage).toMatchObject({ prompt_tokens: 3, completion_tokens: 4, total_tokens: 7 });
    expect(fake.requests[0]?.path).toBe('/v1/chat/completions');
    expect(fake.requests[0]?.headers.authorization).toBe(`Bearer ${OPENAI_TEST_KEY}`);
  });

  it('401 invalid_api_key for a wrong key, its message masking the key; a keyless server takes anything', async () => {
    const bad = new OpenAI({ baseURL: fake.url, apiKey: 'sk-wrong-key-123456789', maxRetries: 0 });
    const err = (await bad.chat.completions.create(ask('hi')).catch((e: unknown) => e)) as OpenAIAPIError;
    expect(err).toBeInstanceOf(OpenAI.AuthenticationError);
    expect(err.code).toBe('invalid_api_key');
    expect(err.message).not.toContain('sk-wrong-key-123456789');
    const local = await startOpenAI({ apiKey: null, models: { 'llama3.2': 'llama3.2:latest' } });
    try {
      const c = await new OpenAI({ baseURL: local.url, apiKey: 'anything', maxRetries: 0 }).chat.completions.create({ ...ask('hi'), model: 'llama3.2' });
      expect(c.model).toBe('llama3.2:latest');
    } finally {
      await local.close();
    }
  });

  it('rejects an unknown argument and tool_choice without tools with 400 invalid_request_error', async () => {
    const e = (await client.chat.completions.create({ ...ask('hi'), frobnicate: 1 } as never).catch((x: unknown) => x)) as OpenAIAPIError;
    expect(e.status).toBe(400);
    expect(e.type).toBe('invalid_request_error');
    expect(e.message).toContain('Unrecognized request argument supplied: frobnicate');
    await expect(client.chat.completions.create({ ...ask('hi'), tool_choice: 'auto' })).rejects.toThrow(/only allowed when 'tools' are specified/);
  });

  it('streams content deltas in order, then finish_reason, then the usage chunk, then [DONE]', async () => {
    const stream = await client.chat.completions.create({ ...ask('one two three'), stream: true, stream_options: { include_usage: true } });
    const pieces: string[] = [];
    const finishes: (string | null | undefined)[] = [];
    let usage: OpenAI.CompletionUsage | null | undefined;
    for await (const chunk of stream) {
      const choice = chunk.choices[0];
      if (choice?.delta.content) pieces.push(choice.delta.content);
      if (choice) finishes.push(choice.finish_reason);
      if (chunk.usage) usage = chunk.usage;
      expect(chunk.model).toBe('gpt-4o-2024-08-06');
    }
    expect(pieces).toEqual(['Echo: ', 'one ', 'two ', 'three']);
    expect(finishes.at(-1)).toBe('stop');
    expect(usage).toMatchObject({ prompt_tokens: 3, completion_tokens: 4 });
    const raw = fake.requests[0]?.raw ?? '';
    expect(JSON.parse(raw)).toMatchObject({ stream: true, stream_options: { include_usage: true } });
  });

  it('tool calls: a named tool_choice yields tool_calls (streamed in pieces by index); a tool round answers in text', async () => {
    const tools = [{ type: 'function' as const, function: { name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } } }];
    const c = await client.chat.completions.create(ask('Paris', { tools, tool_choice: { type: 'function', function: { name: 'get_weather' } } }));
    const call = c.choices[0]?.message.tool_calls?.[0];
    expect(c.choices[0]?.finish_reason).toBe('tool_calls');
    expect(c.choices[0]?.message.content).toBeNull();
    expect(call).toMatchObject({ type: 'function', function: { name: 'get_weather' } });
    expect(JSON.parse((call as { function: { arguments: string } }).function.arguments)).toEqual({ city: 'Paris' });
    const stream = await client.chat.completions.create({ ...ask('Rome', { tools, tool_choice: 'required' }), stream: true });
    let args = '';
    let name = '';
    for await (const chunk of stream) {
      for (const t of chunk.choices[0]?.delta.tool_calls ?? []) {
        expect(t.index).toBe(0);
        name += t.function?.name ?? '';
        args += t.function?.arguments ?? '';
      }
    }
    expect([name, JSON.parse(args)]).toEqual(['get_weather', { city: 'Rome' }]);
    const id = (call as { id: string }).id;
    const round = await client.chat.completions.create({
      model: 'gpt-4o',
      tools,
      messages: [
        { role: 'user', content: 'Paris' },
        { role: 'assistant', content: null, tool_calls: [{ id, type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } }] },
        { role: 'tool', tool_call_id: id, content: 'sunny' },
      ],
    });
    expect(round.choices[0]?.message.content).toBe('Echo: [tool result: sunny]');
    const unanswered = client.chat.completions.create({
      model: 'gpt-4o',
      tools,
      messages: [
        { role: 'user', content: 'Paris' },
        { role: 'assistant', content: null, tool_calls: [{ id, type: 'function', function: { name: 'get_weather', arguments: '{}' } }] },
        { role: 'user', content: 'well?' },
      ],
    });
    await expect(unanswered).rejects.toThrow(/did not have response messages/);
  });

  it('finish reasons: length, stop at a stop sequence, content_filter; a refusal fills message.refusal', async () => {
    const cut = await client.chat.completions.create(ask('a b c d', { max_completion_tokens: 2 }));
    expect([cut.choices[0]?.finish_reason, cut.choices[0]?.message.content]).toEqual(['length', 'Echo: a ']);
    const seq = await client.chat.completions.create(ask('alpha STOP beta', { stop: ['STOP'] }));
    expect([seq.choices[0]?.finish_reason, seq.choices[0]?.message.content]).toEqual(['stop', 'Echo: alpha ']);
    fake.script({ kind: 'reply', text: '', finishReason: 'content_filter' }, { kind: 'refusal' });
    expect((await client.chat.completions.create(ask('x'))).choices[0]?.finish_reason).toBe('content_filter');
    const refused = await client.chat.completions.create(ask('x'));
    expect(refused.choices[0]?.message).toMatchObject({ content: null, refusal: "I'm sorry, I can't help with that." });
  });

  it('images as data URLs reach the echo', async () => {
    const c = await client.chat.completions.create({
      model: 'gpt-4o',
      messages: [{ role: 'user', content: [{ type: 'text', text: 'look' }, { type: 'image_url', image_url: { url: `data:image/png;base64,${PNG}` } }] }],
    });
    expect(c.choices[0]?.message.content).toBe('Echo: look [image/png image]');
  });

  it('429 with retry-after, then success: 2 requests; 500 and 503 are APIErrors', async () => {
    fake.script({ kind: 'rate-limited', retryAfter: 1 });
    const retrying = new OpenAI({ baseURL: fake.url, apiKey: OPENAI_TEST_KEY, maxRetries: 2 });
    expect((await retrying.chat.completions.create(ask('again'))).choices[0]?.message.content).toBe('Echo: again');
    expect(fake.requests).toHaveLength(2);
    fake.script({ kind: 'server-error' }, { kind: 'overloaded' });
    expect(((await client.chat.completions.create(ask('x')).catch((e: unknown) => e)) as OpenAIAPIError).status).toBe(500);
    expect(((await client.chat.completions.create(ask('x')).catch((e: unknown) => e)) as OpenAIAPIError).status).toBe(503);
  });

  it('stall, stream error, malformed and reset', async () => {
    fake.script({ kind: 'stall' });
    const controller = new AbortController();
    const stalled = await client.chat.completions.create({ ...ask('x'), stream: true }, { signal: controller.signal });
    const it = stalled[Symbol.asyncIterator]();
    expect((await it.next()).value).toMatchObject({ choices: [{ delta: { role: 'assistant' } }] });
    const next = it.next().catch((e: unknown) => e);
    controller.abort();
    const after = await next;
    expect(after instanceof OpenAI.APIUserAbortError || (after as IteratorResult<unknown>).done === true).toBe(true);

    fake.script({ kind: 'stream-error' });
    const errStream = await client.chat.completions.create({ ...ask('x'), stream: true });
    await expect((async () => { for await (const _ of errStream) void _; })()).rejects.toBeInstanceOf(OpenAI.APIError);

    fake.script({ kind: 'malformed', variant: 'garbage' });
    const garbage = await client.chat.completions.create({ ...ask('x'), stream: true });
    await expect((async () => { for await (const _ of garbage) void _; })()).rejects.toBeInstanceOf(SyntaxError);

    fake.script({ kind: 'malformed', variant: 'truncated' });
    const truncated = await client.chat.completions.create({ ...ask('x'), stream: true });
    const finishes: unknown[] = [];
    for await (const chunk of truncated) finishes.push(chunk.choices[0]?.finish_reason);
    expect(finishes.every((f) => f === null)).toBe(true); // no finish_reason, no [DONE], no error from the SDK

    fake.script({ kind: 'reset' });
    await expect(client.chat.completions.create(ask('x'))).rejects.toBeInstanceOf(OpenAI.APIConnectionError);
  });
});
