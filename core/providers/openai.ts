/**
 * Chat Completions through the official openai package (7.x): OpenAI itself, OpenRouter, and the
 * local servers that speak it — Ollama, LM Studio, vLLM, llama.cpp server. So only the common core
 * is used: plain `chat.completions.create` with `stream: true` and
 * `stream_options: {include_usage: true}`, messages of text / image_url / input_audio parts, function
 * tools, string tool_choice, `stop`, `temperature`.
 *
 * MCP → Chat Completions: the system prompt is a `system` message (every server takes it; OpenAI
 * maps it to `developer` for its reasoning models); a user turn's tool_result blocks become `tool`
 * messages placed first, since a tool message must directly follow the assistant's tool_calls; an
 * assistant turn's tool_use blocks become its `tool_calls` with JSON-string arguments. What the API
 * cannot carry is refused or reported by fit() before approval: audio other than wav/mp3, media in
 * assistant or tool messages, isError on tool results, more than 4 stop sequences (OpenAI's
 * documented limit; the first 4 are sent — a stop sequence not applied can only make the answer
 * longer, still within maxTokens, and the human sees it before approving), metadata.
 */
import type OpenAI from 'openai';
import type { ProviderModel } from '../../shared/provider-schema.js';
import type { SamplingParams } from '../../shared/types.js';
import { estimateTokens } from '../policy/tokens.js';
import { baseUrlOf, clientOptions, emitText, guardCall } from './call.js';
import { toProviderError } from './errors.js';
import {
  AnswerProblem,
  fitRequest,
  isObject,
  maxTokensFor,
  mcpStopReason,
  messagesOf,
  parseToolInput,
  resultContent,
  str,
  toolModeOf,
  toolResultParts,
  toolsOf,
  type ApiAbilities,
  type Obj,
} from './mcp-content.js';
import { ProviderError, type Fit, type ProviderAdapter, type ProviderAnswer, type ProviderCall } from './types.js';

/** input_audio takes `format: "wav" | "mp3"`; these are the MIME types that name them. */
const AUDIO_FORMATS: Record<string, 'wav' | 'mp3'> = {
  'audio/wav': 'wav',
  'audio/x-wav': 'wav',
  'audio/wave': 'wav',
  'audio/mpeg': 'mp3',
  'audio/mp3': 'mp3',
};

export const OPENAI_API: ApiAbilities = {
  name: 'the Chat Completions API',
  imageTypes: ['image/jpeg', 'image/png', 'image/gif', 'image/webp'],
  audioTypes: Object.keys(AUDIO_FORMATS),
  mediaInAssistant: false,
  mediaInToolResult: false,
  // FunctionDefinition.name: "a-z, A-Z, 0-9, or contain underscores and dashes, with a maximum length of 64".
  toolName: /^[a-zA-Z0-9_-]{1,64}$/,
  takesTemperature: true,
  takesToolErrorFlag: false,
  maxStopSequences: 4,
};

export function fitOpenAI(params: SamplingParams, model: ProviderModel): Fit {
  return fitRequest(params, model, OPENAI_API);
}

/**
 * `max_tokens` or `max_completion_tokens`: the SDK types mark max_tokens deprecated and OpenAI's
 * reasoning models reject it, but Ollama, LM Studio, llama.cpp server and OpenRouter document only
 * max_tokens (vLLM takes both). So OpenAI's own host gets max_completion_tokens, everything else
 * max_tokens — the one field each server honours.
 */
export function maxTokensField(baseUrl: string): 'max_tokens' | 'max_completion_tokens' {
  try {
    return new URL(baseUrl).hostname === 'api.openai.com' ? 'max_completion_tokens' : 'max_tokens';
  } catch {
    return 'max_tokens';
  }
}

type Part = OpenAI.ChatCompletionContentPart;

function part(b: Obj): Part {
  if (b.type === 'image') return { type: 'image_url', image_url: { url: `data:${str(b.mimeType).toLowerCase()};base64,${str(b.data)}` } };
  if (b.type === 'audio') return { type: 'input_audio', input_audio: { data: str(b.data), format: AUDIO_FORMATS[str(b.mimeType).toLowerCase()] ?? 'wav' } };
  return { type: 'text', text: str(b.text) };
}

/** One text is sent as a plain string: the form every OpenAI-compatible server accepts. */
function textContent(texts: string[]): string | OpenAI.ChatCompletionContentPartText[] {
  return texts.length === 1 ? texts[0]! : texts.map((text) => ({ type: 'text' as const, text }));
}

function userMessages(blocks: Obj[]): OpenAI.ChatCompletionMessageParam[] {
  const out: OpenAI.ChatCompletionMessageParam[] = [];
  for (const b of blocks.filter((x) => x.type === 'tool_result')) {
    const texts = toolResultParts(b).map((p) => str(p.text));
    out.push({ role: 'tool', tool_call_id: str(b.toolUseId), content: texts.length ? textContent(texts) : '' });
  }
  const rest = blocks.filter((x) => x.type !== 'tool_result');
  if (rest.length) {
    const parts = rest.map(part);
    const allText = parts.every((p) => p.type === 'text');
    out.push({ role: 'user', content: allText && parts.length === 1 ? (parts[0] as OpenAI.ChatCompletionContentPartText).text : parts });
  }
  return out;
}

function assistantMessage(blocks: Obj[]): OpenAI.ChatCompletionAssistantMessageParam {
  const texts = blocks.filter((b) => b.type === 'text').map((b) => str(b.text));
  const calls = blocks
    .filter((b) => b.type === 'tool_use')
    .map((b): OpenAI.ChatCompletionMessageFunctionToolCall => ({
      id: str(b.id),
      type: 'function',
      function: { name: str(b.name), arguments: JSON.stringify(isObject(b.input) ? b.input : {}) },
    }));
  return { role: 'assistant', content: texts.length ? textContent(texts) : null, ...(calls.length ? { tool_calls: calls } : {}) };
}

/** The Chat Completions request for validated MCP params (fit() found no refusal). Pure. */
export function toOpenAIRequest(params: SamplingParams, model: ProviderModel, baseUrl: string): OpenAI.ChatCompletionCreateParamsStreaming {
  const messages: OpenAI.ChatCompletionMessageParam[] = [];
  if (typeof params.systemPrompt === 'string' && params.systemPrompt !== '') messages.push({ role: 'system', content: params.systemPrompt });
  for (const m of messagesOf(params)) {
    if (m.role === 'assistant') messages.push(assistantMessage(m.blocks));
    else messages.push(...userMessages(m.blocks));
  }
  const tools = toolsOf(params);
  const stops = Array.isArray(params.stopSequences) ? params.stopSequences.filter((s): s is string => typeof s === 'string') : [];
  return {
    model: model.name,
    messages,
    [maxTokensField(baseUrl)]: maxTokensFor(params, model),
    ...(typeof params.temperature === 'number' ? { temperature: params.temperature } : {}),
    ...(stops.length ? { stop: stops.slice(0, OPENAI_API.maxStopSequences) } : {}),
    ...(tools.length
      ? {
          tools: tools.map((t) => ({
            type: 'function' as const,
            function: {
              name: str(t.name),
              ...(typeof t.description === 'string' ? { description: t.description } : {}),
              parameters: isObject(t.inputSchema) ? t.inputSchema : { type: 'object' },
            },
          })),
          tool_choice: toolModeOf(params),
        }
      : {}),
    stream: true,
    stream_options: { include_usage: true },
  };
}

interface CallSlot {
  id: string;
  name: string;
  args: string;
}

/**
 * Reads Chat Completions chunks into a CreateMessageResult: text deltas, tool calls assembled by
 * index from their argument pieces, the finish_reason, the model id and the usage chunk. Pure.
 */
export class OpenAIStreamReader {
  private text = '';
  private refusal = '';
  private readonly calls = new Map<number, CallSlot>();
  private model = '';
  private finish_reason: string | null = null;
  private usage: OpenAI.CompletionUsage | null = null;

  push(chunk: OpenAI.ChatCompletionChunk): string {
    if (!this.model && typeof chunk.model === 'string') this.model = chunk.model;
    if (chunk.usage) this.usage = chunk.usage;
    // n is never set, so the answer is choice 0; the usage chunk has no choices at all.
    const choice = chunk.choices?.find((c) => c.index === 0) ?? chunk.choices?.[0];
    if (!choice) return '';
    const delta = choice.delta ?? {};
    if (typeof delta.refusal === 'string') this.refusal += delta.refusal;
    for (const tc of delta.tool_calls ?? []) {
      const slot = this.calls.get(tc.index) ?? { id: '', name: '', args: '' };
      if (tc.id) slot.id ||= tc.id;
      if (tc.function?.name) slot.name ||= tc.function.name;
      if (tc.function?.arguments) slot.args += tc.function.arguments;
      this.calls.set(tc.index, slot);
    }
    if (choice.finish_reason) this.finish_reason = choice.finish_reason;
    const piece = typeof delta.content === 'string' ? delta.content : '';
    this.text += piece;
    return piece;
  }

  /** `params`: the request, to estimate usage when a server sends no usage chunk. */
  finish(params: SamplingParams): ProviderAnswer {
    if (this.refusal) throw new AnswerProblem('refused', `the model refused to answer: ${this.refusal}`);
    if (this.finish_reason === 'content_filter') throw new AnswerProblem('refused', 'the content filter stopped the answer (finish_reason "content_filter")');
    if (this.finish_reason === null) throw new AnswerProblem('malformed', 'the stream ended without a finish_reason (truncated)');
    const content: Obj[] = this.text ? [{ type: 'text', text: this.text }] : [];
    for (const [index, slot] of [...this.calls.entries()].sort((a, b) => a[0] - b[0])) {
      if (!slot.name) throw new AnswerProblem('malformed', `tool call ${index} has no function name`);
      // Some local servers omit the id; MCP needs one to pair the tool_result with this call.
      content.push({ type: 'tool_use', id: slot.id || `call_${index}`, name: slot.name, input: parseToolInput(slot.args, slot.name, this.finish_reason === 'length') });
    }
    // Some local servers report "stop" for an answer that calls tools; MCP's reason for it is toolUse.
    const reason = this.calls.size > 0 && this.finish_reason === 'stop' ? 'tool_calls' : this.finish_reason;
    const result = { role: 'assistant', content: resultContent(content), model: this.model, stopReason: mcpStopReason(reason) };
    // A server that ignores include_usage reports nothing: estimate, as the token budget does, rather than record zero.
    const usage = this.usage
      ? { inputTokens: this.usage.prompt_tokens ?? 0, outputTokens: this.usage.completion_tokens ?? 0 }
      : { inputTokens: estimateTokens({ systemPrompt: params.systemPrompt, messages: params.messages, tools: params.tools }), outputTokens: estimateTokens(result.content) };
    return { result, usage };
  }
}

async function complete(call: ProviderCall): Promise<ProviderAnswer> {
  const fit = fitOpenAI(call.params, call.model);
  if (fit.refusals.length) {
    throw new ProviderError(call.providerId, 'bad-request', `provider "${call.providerId}" (openai): model "${call.model.name}" cannot take ${fit.refusals.join('; ')}`);
  }
  const guard = guardCall(call);
  const baseUrl = baseUrlOf(call);
  let sdk: typeof import('openai') | undefined;
  const ctx = () => ({
    providerId: call.providerId,
    kind: 'openai' as const,
    baseUrl,
    apiKey: call.apiKey,
    timeoutSeconds: call.provider.timeoutSeconds,
    timedOut: guard.timedOut,
    aborted: guard.aborted,
    abortReason: call.signal.reason,
    attempts: guard.attempts,
    lastStatus: guard.lastStatus,
    ...(sdk ? { sdk } : {}),
  });
  try {
    // Loaded on the first call, so a gate with no provider configured never loads the SDK.
    sdk = await import('openai');
    // Explicit nulls, or the SDK reads OPENAI_ORG_ID / OPENAI_PROJECT_ID / OPENAI_ADMIN_KEY and sends them to
    // whatever host this is — an admin key even replaces the Authorization header (authHeaders merges it last).
    const client = new sdk.OpenAI({ ...clientOptions(call, guard), organization: null, project: null, adminAPIKey: null });
    const stream = await client.chat.completions.create(toOpenAIRequest(call.params, call.model, baseUrl), { signal: guard.signal });
    const reader = new OpenAIStreamReader();
    for await (const chunk of stream) emitText(call, reader.push(chunk));
    // The SDK ends the iteration quietly when the signal aborts: that is a stop, not an answer.
    if (guard.signal.aborted) throw new sdk.APIUserAbortError();
    return reader.finish(call.params);
  } catch (err) {
    throw toProviderError(err, ctx());
  } finally {
    guard.dispose();
  }
}

export const openaiAdapter: ProviderAdapter = { fit: fitOpenAI, complete };
