/**
 * MCP sampling ↔ provider mapping, pure: every content type in, every answer shape out, stop
 * reasons, tool use, what fit() refuses and what it reports as not applied. No network — the
 * adapters' calls against fake provider servers are in test/integration.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type Anthropic from '@anthropic-ai/sdk';
import type OpenAI from 'openai';
import { CreateMessageResultSchema, CreateMessageResultWithToolsSchema } from '@modelcontextprotocol/sdk/types.js';
import { describe, expect, it } from 'vitest';
import { AnthropicStreamReader, fitAnthropic, toAnthropicRequest } from '../../../core/providers/anthropic.js';
import { AnswerProblem } from '../../../core/providers/mcp-content.js';
import { OpenAIStreamReader, fitOpenAI, maxTokensField, toOpenAIRequest } from '../../../core/providers/openai.js';
import { ProviderModelSchema } from '../../../shared/provider-schema.js';
import type { SamplingParams } from '../../../shared/types.js';

const PNG = 'iVBORw0KGgoAAAANSUhEUg==';
const WAV = 'UklGRiQAAABXQVZFZm10IA==';
const model = (over: Record<string, unknown> = {}) => ProviderModelSchema.parse({ name: 'm', vision: true, tools: true, audio: true, ...over });
const SEARCH = { name: 'search', description: 'Find things', inputSchema: { type: 'object', properties: { q: { type: 'string' } }, required: ['q'] } };

/** A conversation with every MCP content type: text, image, audio, tool_use, tool_result (with nested content). */
const everything: SamplingParams = {
  systemPrompt: 'Be brief.',
  maxTokens: 300,
  messages: [
    { role: 'user', content: { type: 'text', text: 'Look:' } },
    { role: 'user', content: [{ type: 'image', mimeType: 'image/png', data: PNG }, { type: 'text', text: 'and' }] },
    { role: 'assistant', content: [{ type: 'text', text: 'Searching.' }, { type: 'tool_use', id: 'tu_1', name: 'search', input: { q: 'cats' } }] },
    {
      role: 'user',
      content: [
        {
          type: 'tool_result',
          toolUseId: 'tu_1',
          content: [
            { type: 'text', text: '3 results' },
            { type: 'image', mimeType: 'image/png', data: PNG },
            { type: 'resource_link', uri: 'file:///r.txt', name: 'r.txt' },
          ],
        },
        { type: 'text', text: 'Summarise.' },
      ],
    },
  ],
  tools: [SEARCH],
};

describe('toAnthropicRequest', () => {
  const req = toAnthropicRequest(everything, model());

  it('sends the system prompt, max_tokens, streaming, and no temperature', () => {
    expect(req).toMatchObject({ model: 'm', system: 'Be brief.', max_tokens: 300, stream: true });
    expect(toAnthropicRequest({ ...everything, temperature: 0.2, metadata: { a: 1 } }, model())).not.toHaveProperty('temperature');
    expect(toAnthropicRequest({ ...everything, metadata: { a: 1 } }, model())).not.toHaveProperty('metadata');
  });

  it('maps every message and content type, a single block or an array', () => {
    expect(req.messages).toEqual([
      { role: 'user', content: [{ type: 'text', text: 'Look:' }] },
      { role: 'user', content: [{ type: 'image', source: { type: 'base64', media_type: 'image/png', data: PNG } }, { type: 'text', text: 'and' }] },
      { role: 'assistant', content: [{ type: 'text', text: 'Searching.' }, { type: 'tool_use', id: 'tu_1', name: 'search', input: { q: 'cats' } }] },
      {
        role: 'user',
        content: [
          {
            type: 'tool_result',
            tool_use_id: 'tu_1',
            content: [
              { type: 'text', text: '3 results' },
              { type: 'image', source: { type: 'base64', media_type: 'image/png', data: PNG } },
              { type: 'text', text: JSON.stringify({ type: 'resource_link', uri: 'file:///r.txt', name: 'r.txt' }) },
            ],
          },
          { type: 'text', text: 'Summarise.' },
        ],
      },
    ]);
  });

  it('keeps isError, and sends structuredContent as JSON only when no text carries it', () => {
    const r = toAnthropicRequest(
      { maxTokens: 5, messages: [{ role: 'user', content: { type: 'tool_result', toolUseId: 't', content: [], structuredContent: { n: 1 }, isError: true } }] },
      model(),
    );
    expect(r.messages[0]!.content).toEqual([{ type: 'tool_result', tool_use_id: 't', content: [{ type: 'text', text: '{"n":1}' }], is_error: true }]);
  });

  it('maps tools and each toolChoice mode', () => {
    expect(req.tools).toEqual([{ name: 'search', description: 'Find things', input_schema: SEARCH.inputSchema }]);
    expect(req.tool_choice).toEqual({ type: 'auto' });
    expect(toAnthropicRequest({ ...everything, toolChoice: { mode: 'required' } }, model()).tool_choice).toEqual({ type: 'any' });
    expect(toAnthropicRequest({ ...everything, toolChoice: { mode: 'none' } }, model()).tool_choice).toEqual({ type: 'none' });
    expect(toAnthropicRequest({ maxTokens: 1, messages: [] }, model())).not.toHaveProperty('tools');
  });

  it('sends stop sequences and lowers maxTokens to the model maximum', () => {
    const r = toAnthropicRequest({ ...everything, stopSequences: ['a', 'b', 'c', 'd', 'e'] }, model({ maxOutputTokens: 64 }));
    expect(r.stop_sequences).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(r.max_tokens).toBe(64);
  });
});

describe('toOpenAIRequest', () => {
  const req = toOpenAIRequest(everything, model(), 'http://127.0.0.1:11434/v1');

  it('puts the system prompt first and streams with usage', () => {
    expect(req.messages[0]).toEqual({ role: 'system', content: 'Be brief.' });
    expect(req).toMatchObject({ model: 'm', stream: true, stream_options: { include_usage: true }, max_tokens: 300 });
  });

  it('maps text to a plain string, images to data URLs, tool_use to tool_calls, tool_result to a tool message first', () => {
    expect(req.messages.slice(1)).toEqual([
      { role: 'user', content: 'Look:' },
      { role: 'user', content: [{ type: 'image_url', image_url: { url: `data:image/png;base64,${PNG}` } }, { type: 'text', text: 'and' }] },
      { role: 'assistant', content: 'Searching.', tool_calls: [{ id: 'tu_1', type: 'function', function: { name: 'search', arguments: '{"q":"cats"}' } }] },
      { role: 'tool', tool_call_id: 'tu_1', content: expect.any(Array) },
      { role: 'user', content: 'Summarise.' },
    ]);
  });

  it('maps audio to input_audio with its format', () => {
    const r = toOpenAIRequest(
      { maxTokens: 5, messages: [{ role: 'user', content: [{ type: 'audio', mimeType: 'audio/wav', data: WAV }, { type: 'audio', mimeType: 'audio/mpeg', data: 'SUQz' }] }] },
      model(),
      'http://x/v1',
    );
    expect(r.messages[0]).toEqual({
      role: 'user',
      content: [
        { type: 'input_audio', input_audio: { data: WAV, format: 'wav' } },
        { type: 'input_audio', input_audio: { data: 'SUQz', format: 'mp3' } },
      ],
    });
  });

  it('an assistant turn of tool calls only has null content', () => {
    const r = toOpenAIRequest({ maxTokens: 5, messages: [{ role: 'assistant', content: { type: 'tool_use', id: 'a', name: 'search', input: {} } }] }, model(), 'http://x/v1');
    expect(r.messages[0]).toEqual({ role: 'assistant', content: null, tool_calls: [{ id: 'a', type: 'function', function: { name: 'search', arguments: '{}' } }] });
  });

  it('sends temperature, the first 4 stop sequences, tools and tool_choice', () => {
    const r = toOpenAIRequest({ ...everything, temperature: 0.4, stopSequences: ['a', 'b', 'c', 'd', 'e'], toolChoice: { mode: 'required' } }, model(), 'http://x/v1');
    expect(r).toMatchObject({ temperature: 0.4, stop: ['a', 'b', 'c', 'd'], tool_choice: 'required' });
    expect(r.tools).toEqual([{ type: 'function', function: { name: 'search', description: 'Find things', parameters: SEARCH.inputSchema } }]);
    expect(toOpenAIRequest({ ...everything, toolChoice: { mode: 'none' } }, model(), 'http://x/v1').tool_choice).toBe('none');
  });

  it('uses max_completion_tokens on api.openai.com and max_tokens elsewhere', () => {
    expect(maxTokensField('https://api.openai.com/v1')).toBe('max_completion_tokens');
    expect(maxTokensField('https://openrouter.ai/api/v1')).toBe('max_tokens');
    const r = toOpenAIRequest(everything, model({ maxOutputTokens: 10 }), 'https://api.openai.com/v1');
    expect(r).toMatchObject({ max_completion_tokens: 10 });
    expect(r).not.toHaveProperty('max_tokens');
  });
});

describe('fit', () => {
  const text = (extra: SamplingParams = {}): SamplingParams => ({ maxTokens: 100, messages: [{ role: 'user', content: { type: 'text', text: 'hi' } }], ...extra });

  it('Anthropic: temperature and metadata are not applied; nothing else is lost', () => {
    expect(fitAnthropic(text({ temperature: 0.7 }), model())).toEqual({ refusals: [], notApplied: ['temperature'] });
    expect(fitAnthropic(text({ metadata: { a: 1 } }), model()).notApplied).toEqual(['metadata']);
    expect(fitAnthropic(everything, model())).toEqual({ refusals: [], notApplied: [] });
  });

  it('says when maxTokens is lowered', () => {
    expect(fitAnthropic(text({ maxTokens: 9000 }), model({ maxOutputTokens: 4096 })).notApplied).toEqual([
      expect.stringMatching(/^maxTokens lowered to 4096 .*9000 was requested/),
    ]);
    expect(fitOpenAI(text({ maxTokens: 4096 }), model({ maxOutputTokens: 4096 })).notApplied).toEqual([]);
  });

  it('Anthropic refuses audio whatever the model says, and images or tools the model lacks', () => {
    const audio = text({ messages: [{ role: 'user', content: { type: 'audio', mimeType: 'audio/wav', data: WAV } }] });
    expect(fitAnthropic(audio, model()).refusals).toEqual([expect.stringContaining('takes no audio')]);
    expect(fitAnthropic(everything, model({ vision: false })).refusals).toEqual([expect.stringContaining('vision: true')]);
    expect(fitAnthropic(everything, model({ tools: false })).refusals).toEqual([expect.stringContaining('tools: true')]);
    const bmp = text({ messages: [{ role: 'user', content: { type: 'image', mimeType: 'image/bmp', data: 'Qk0=' } }] });
    expect(fitAnthropic(bmp, model()).refusals).toEqual([expect.stringContaining('image of type image/bmp')]);
  });

  it('Chat Completions: audio only for an audio model and in wav/mp3; media only from the user', () => {
    const audio = (mimeType: string) => text({ messages: [{ role: 'user', content: { type: 'audio', mimeType, data: WAV } }] });
    expect(fitOpenAI(audio('audio/wav'), model()).refusals).toEqual([]);
    expect(fitOpenAI(audio('audio/wav'), model({ audio: false })).refusals).toEqual([expect.stringContaining('audio: true')]);
    expect(fitOpenAI(audio('audio/ogg'), model()).refusals).toEqual([expect.stringContaining('audio of type audio/ogg')]);
    const assistantImage = text({ messages: [{ role: 'assistant', content: { type: 'image', mimeType: 'image/png', data: PNG } }] });
    expect(fitOpenAI(assistantImage, model()).refusals).toEqual([expect.stringContaining('in an assistant message')]);
    expect(fitOpenAI(everything, model()).refusals).toEqual([expect.stringContaining('inside a tool_result')]);
  });

  it('Chat Completions: more than 4 stop sequences, isError and metadata are reported, temperature is sent', () => {
    const params = text({
      temperature: 1,
      stopSequences: ['1', '2', '3', '4', '5', '6'],
      metadata: {},
      tools: [SEARCH],
      messages: [{ role: 'user', content: { type: 'tool_result', toolUseId: 't', content: [{ type: 'text', text: 'boom' }], isError: true } }],
    });
    expect(fitOpenAI(params, model())).toEqual({
      refusals: [],
      notApplied: [expect.stringMatching(/^isError/), expect.stringMatching(/^stopSequences beyond the first 4 .*"5", "6"$/), 'metadata'],
    });
  });

  it('refuses tool names the API does not take, and content it has no place for', () => {
    const dotted = text({ tools: [{ ...SEARCH, name: 'files.search' }] });
    expect(fitOpenAI(dotted, model()).refusals).toEqual([expect.stringContaining('tool name "files.search"')]);
    expect(fitAnthropic(dotted, model()).refusals).toEqual([expect.stringContaining('tool name "files.search"')]);
    const blob = text({ tools: [SEARCH], messages: [{ role: 'user', content: { type: 'tool_result', toolUseId: 't', content: [{ type: 'resource', resource: { uri: 'x:', blob: PNG } }] } }] });
    expect(fitAnthropic(blob, model()).refusals).toEqual([expect.stringContaining('binary embedded resource')]);
    expect(fitOpenAI(text({ messages: [{ role: 'user', content: { type: 'video' } }] }), model()).refusals).toEqual(['content of type "video"']);
  });
});

/** The events of one Messages stream, as the SDK yields them (pings already skipped). */
function anthropicEvents(blocks: Record<string, unknown>[], deltas: [number, Record<string, unknown>][], stop: Record<string, unknown>, complete = true) {
  const events: Record<string, unknown>[] = [
    { type: 'message_start', message: { id: 'msg', type: 'message', role: 'assistant', model: 'claude-test-20990101', content: [], stop_reason: null, usage: { input_tokens: 10, cache_creation_input_tokens: 2, cache_read_input_tokens: 3, output_tokens: 1 } } },
    ...blocks.map((content_block, index) => ({ type: 'content_block_start', index, content_block })),
    ...deltas.map(([index, delta]) => ({ type: 'content_block_delta', index, delta })),
    ...blocks.map((_, index) => ({ type: 'content_block_stop', index })),
    { type: 'message_delta', delta: { stop_sequence: null, stop_details: null, ...stop }, usage: { output_tokens: 42 } },
  ];
  if (complete) events.push({ type: 'message_stop' });
  return events as unknown as Anthropic.RawMessageStreamEvent[];
}

function readAnthropic(events: Anthropic.RawMessageStreamEvent[]) {
  const reader = new AnthropicStreamReader();
  const texts = events.map((e) => reader.push(e)).filter(Boolean);
  return { texts, answer: () => reader.finish() };
}

describe('AnthropicStreamReader', () => {
  it('streams text and answers a single text block with the model id, stop reason and usage', () => {
    const { texts, answer } = readAnthropic(
      anthropicEvents([{ type: 'text', text: '' }], [[0, { type: 'text_delta', text: 'Hel' }], [0, { type: 'text_delta', text: 'lo' }]], { stop_reason: 'end_turn' }),
    );
    expect(texts).toEqual(['Hel', 'lo']);
    const out = answer();
    expect(out).toEqual({
      result: { role: 'assistant', content: { type: 'text', text: 'Hello' }, model: 'claude-test-20990101', stopReason: 'endTurn' },
      usage: { inputTokens: 15, outputTokens: 42 },
    });
    expect(CreateMessageResultSchema.safeParse(out.result).success).toBe(true);
  });

  it('assembles tool input from its JSON pieces; text + tool_use is an array', () => {
    const { answer } = readAnthropic(
      anthropicEvents(
        [{ type: 'text', text: 'Let me look.' }, { type: 'tool_use', id: 'toolu_1', name: 'search', input: {} }],
        [[1, { type: 'input_json_delta', partial_json: '{"q": "ca' }], [1, { type: 'input_json_delta', partial_json: 'ts"}' }]],
        { stop_reason: 'tool_use' },
      ),
    );
    const { result } = answer();
    expect(result).toMatchObject({
      content: [{ type: 'text', text: 'Let me look.' }, { type: 'tool_use', id: 'toolu_1', name: 'search', input: { q: 'cats' } }],
      stopReason: 'toolUse',
    });
    expect(CreateMessageResultWithToolsSchema.safeParse(result).success).toBe(true);
  });

  it.each([
    ['end_turn', 'endTurn'],
    ['max_tokens', 'maxTokens'],
    ['stop_sequence', 'stopSequence'],
    ['tool_use', 'toolUse'],
    ['pause_turn', 'pause_turn'],
    ['model_context_window_exceeded', 'model_context_window_exceeded'],
  ])('maps stop_reason %s to %s', (reason, mcp) => {
    expect(readAnthropic(anthropicEvents([], [], { stop_reason: reason })).answer().result.stopReason).toBe(mcp);
  });

  it('an answer with no content is one empty text block; thinking is not part of the answer', () => {
    const { answer } = readAnthropic(
      anthropicEvents([{ type: 'thinking', thinking: '', signature: '' }], [[0, { type: 'thinking_delta', thinking: 'hmm' }]], { stop_reason: 'end_turn' }),
    );
    expect(answer().result.content).toEqual({ type: 'text', text: '' });
  });

  it('a refusal is a failure, with its category and explanation', () => {
    const { answer } = readAnthropic(anthropicEvents([], [], { stop_reason: 'refusal', stop_details: { type: 'refusal', category: 'cyber', explanation: 'Not this.' } }));
    expect(answer).toThrow(AnswerProblem);
    expect(answer).toThrow(/refused.*cyber: Not this\./);
    try {
      answer();
    } catch (e) {
      expect((e as AnswerProblem).failure).toBe('refused');
    }
  });

  it('a truncated stream, non-JSON tool input, or a delta for no block is malformed', () => {
    const truncated = readAnthropic(anthropicEvents([{ type: 'text', text: 'a' }], [], { stop_reason: 'end_turn' }, false));
    expect(truncated.answer).toThrow(/before message_stop/);
    const badJson = readAnthropic(
      anthropicEvents([{ type: 'tool_use', id: 't', name: 'search', input: {} }], [[0, { type: 'input_json_delta', partial_json: '{"q":' }]], { stop_reason: 'tool_use' }),
    );
    expect(badJson.answer).toThrow(/arguments of tool call "search" are not JSON: /);
    const cut = readAnthropic(
      anthropicEvents([{ type: 'tool_use', id: 't', name: 'search', input: {} }], [[0, { type: 'input_json_delta', partial_json: '{"q":' }]], { stop_reason: 'max_tokens' }),
    );
    expect(cut.answer).toThrow(/reached maxTokens inside the call/);
    expect(() => new AnthropicStreamReader().push({ type: 'content_block_delta', index: 3, delta: { type: 'text_delta', text: 'x' } })).toThrow(/never started/);
    expect(() => new AnthropicStreamReader().finish()).toThrow(/no message_start/);
  });
});

function chunk(delta: Record<string, unknown>, finish_reason: string | null = null, extra: Record<string, unknown> = {}): OpenAI.ChatCompletionChunk {
  return { id: 'c', object: 'chat.completion.chunk', created: 1, model: 'llama3.2:3b', choices: [{ index: 0, delta, finish_reason }], ...extra } as OpenAI.ChatCompletionChunk;
}
const usageChunk = { id: 'c', object: 'chat.completion.chunk', created: 1, model: 'llama3.2:3b', choices: [], usage: { prompt_tokens: 21, completion_tokens: 9, total_tokens: 30 } } as OpenAI.ChatCompletionChunk;

function readOpenAI(chunks: OpenAI.ChatCompletionChunk[], params: SamplingParams = { maxTokens: 10, messages: [{ role: 'user', content: { type: 'text', text: 'hi there' } }] }) {
  const reader = new OpenAIStreamReader();
  const texts = chunks.map((c) => reader.push(c)).filter(Boolean);
  return { texts, answer: () => reader.finish(params) };
}

describe('OpenAIStreamReader', () => {
  it('streams text and answers one text block with the model id, stop reason and usage', () => {
    const { texts, answer } = readOpenAI([chunk({ role: 'assistant', content: 'Hi' }), chunk({ content: ' you' }), chunk({}, 'stop'), usageChunk]);
    expect(texts).toEqual(['Hi', ' you']);
    const out = answer();
    expect(out).toEqual({ result: { role: 'assistant', content: { type: 'text', text: 'Hi you' }, model: 'llama3.2:3b', stopReason: 'endTurn' }, usage: { inputTokens: 21, outputTokens: 9 } });
    expect(CreateMessageResultSchema.safeParse(out.result).success).toBe(true);
  });

  it('assembles parallel tool calls from argument pieces, by index', () => {
    const { answer } = readOpenAI([
      chunk({ role: 'assistant', tool_calls: [{ index: 0, id: 'call_a', type: 'function', function: { name: 'search', arguments: '' } }] }),
      chunk({ tool_calls: [{ index: 1, id: 'call_b', type: 'function', function: { name: 'lookup', arguments: '{"id"' } }] }),
      chunk({ tool_calls: [{ index: 0, function: { arguments: '{"q":"do' } }] }),
      chunk({ tool_calls: [{ index: 0, function: { arguments: 'gs"}' } }, { index: 1, function: { arguments: ':7}' } }] }),
      chunk({}, 'tool_calls'),
      usageChunk,
    ]);
    const { result } = answer();
    expect(result).toEqual({
      role: 'assistant',
      content: [
        { type: 'tool_use', id: 'call_a', name: 'search', input: { q: 'dogs' } },
        { type: 'tool_use', id: 'call_b', name: 'lookup', input: { id: 7 } },
      ],
      model: 'llama3.2:3b',
      stopReason: 'toolUse',
    });
    expect(CreateMessageResultWithToolsSchema.safeParse(result).success).toBe(true);
  });

  it('a call without id or arguments still pairs; "stop" with tool calls is toolUse', () => {
    const { answer } = readOpenAI([chunk({ tool_calls: [{ index: 0, function: { name: 'now' } }] }), chunk({}, 'stop')]);
    expect(answer().result).toMatchObject({ content: { type: 'tool_use', id: 'call_0', name: 'now', input: {} }, stopReason: 'toolUse' });
  });

  it.each([
    ['stop', 'endTurn'],
    ['length', 'maxTokens'],
    ['tool_calls', 'toolUse'],
    ['function_call', 'toolUse'],
  ])('maps finish_reason %s to %s', (reason, mcp) => {
    expect(readOpenAI([chunk({ content: 'x' }, reason)]).answer().result.stopReason).toBe(mcp);
  });

  it('a content filter or a refusal is a refused failure', () => {
    expect(readOpenAI([chunk({ content: 'x' }, 'content_filter')]).answer).toThrow(/content filter/);
    const refusal = readOpenAI([chunk({ refusal: "I can't " }), chunk({ refusal: 'help with that.' }), chunk({}, 'stop')]);
    expect(refusal.answer).toThrow("the model refused to answer: I can't help with that.");
  });

  it('a stream without finish_reason or with non-JSON arguments is malformed', () => {
    expect(readOpenAI([chunk({ content: 'x' })]).answer).toThrow(/without a finish_reason/);
    expect(readOpenAI([chunk({ tool_calls: [{ index: 0, id: 'c', function: { name: 'f', arguments: '{oops' } }] }), chunk({}, 'tool_calls')]).answer).toThrow(/not JSON/);
    expect(readOpenAI([chunk({ tool_calls: [{ index: 0, id: 'c', function: { name: 'f', arguments: '[1]' } }] }), chunk({}, 'tool_calls')]).answer).toThrow(/not a JSON object/);
  });

  it('estimates usage when the server sends none', () => {
    const { usage } = readOpenAI([chunk({ content: 'twelve chars' }, 'stop')]).answer();
    expect(usage.inputTokens).toBeGreaterThan(0);
    expect(usage.outputTokens).toBe(3);
  });
});

describe('lazy SDKs', () => {
  it.each(['anthropic.ts', 'openai.ts', 'index.ts'])('%s imports its SDK only as types (the value is import()ed inside complete)', (file) => {
    const source = readFileSync(resolve(import.meta.dirname, '../../../core/providers', file), 'utf8');
    expect(source).not.toMatch(/^import (?!type )[^;]*from '(@anthropic-ai\/sdk|openai)'/m);
  });
});
