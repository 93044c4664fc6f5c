/**
 * The Messages API through the official @anthropic-ai/sdk (1.14.x, anthropic-version 2026-10-21).
 * That API version takes no temperature/top_p/top_k and no audio: a request's temperature is not
 * sent and the dialog says so (`notApplied`), audio is refused before any call. Everything else in
 * an MCP request has a faithful counterpart: system, user/assistant turns, text, base64 images,
 * tool_use / tool_result (with is_error), stop_sequences, tools with their JSON Schema, tool_choice.
 *
 * Wire notes (read from the SDK source, not guessed): the SDK sends the key as
 * `Authorization: Bearer <key>` (apiKeyAuth in client.ts), not `x-api-key`; it streams
 * message_start, content_block_start/delta/stop, message_delta and message_stop, skips `ping`, and
 * throws an APIError without status for an `error` event.
 */
import { createHash } from 'node:crypto';
import type Anthropic from '@anthropic-ai/sdk';
import type { ProviderModel } from '../../shared/provider-schema.js';
import type { SamplingParams } from '../../shared/types.js';
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

type ImageMediaType = Anthropic.Base64ImageSource['media_type'];

export const ANTHROPIC_API: ApiAbilities = {
  name: 'the Anthropic Messages API',
  imageTypes: ['image/jpeg', 'image/png', 'image/gif', 'image/webp'] satisfies ImageMediaType[],
  audioTypes: [],
  mediaInAssistant: true,
  mediaInToolResult: true,
  toolName: /^[a-zA-Z0-9_-]{1,128}$/,
  takesTemperature: false,
  takesToolErrorFlag: true,
  maxStopSequences: Number.MAX_SAFE_INTEGER,
};

export function fitAnthropic(params: SamplingParams, model: ProviderModel): Fit {
  return fitRequest(params, model, ANTHROPIC_API);
}

function image(block: Obj): Anthropic.ImageBlockParam {
  return { type: 'image', source: { type: 'base64', media_type: str(block.mimeType).toLowerCase() as ImageMediaType, data: str(block.data) } };
}

/**
 * The Messages API takes tool_use ids matching ^[a-zA-Z0-9_-]+$ (a 400 otherwise); MCP ids may come
 * from anywhere (`everything:call.1`). Mapped the same way in tool_use and tool_result, the pair still
 * matches; the hash keeps two ids that differ only in such characters apart.
 */
export function anthropicToolUseId(id: string): string {
  if (/^[a-zA-Z0-9_-]+$/.test(id)) return id;
  return `${id.replace(/[^a-zA-Z0-9_-]/g, '_')}_${createHash('sha256').update(id).digest('hex').slice(0, 8)}`;
}

function toolResult(block: Obj): Anthropic.ToolResultBlockParam {
  const content = toolResultParts(block).map((p): Anthropic.TextBlockParam | Anthropic.ImageBlockParam =>
    p.type === 'image' ? image(p) : { type: 'text', text: str(p.text) },
  );
  return { type: 'tool_result', tool_use_id: anthropicToolUseId(str(block.toolUseId)), content, ...(block.isError === true ? { is_error: true } : {}) };
}

function block(b: Obj): Anthropic.ContentBlockParam {
  switch (b.type) {
    case 'image':
      return image(b);
    case 'tool_use':
      return { type: 'tool_use', id: anthropicToolUseId(str(b.id)), name: str(b.name), input: isObject(b.input) ? b.input : {} };
    case 'tool_result':
      return toolResult(b);
    default:
      // text; fit() refused every other type before the call
      return { type: 'text', text: str(b.text) };
  }
}

/** The Messages API request for validated MCP params (fit() found no refusal). Pure. */
export function toAnthropicRequest(params: SamplingParams, model: ProviderModel): Anthropic.MessageCreateParamsStreaming {
  const tools = toolsOf(params);
  const stops = Array.isArray(params.stopSequences) ? params.stopSequences.filter((s): s is string => typeof s === 'string') : [];
  const mode = toolModeOf(params);
  return {
    model: model.name,
    max_tokens: maxTokensFor(params, model),
    messages: messagesOf(params).map((m) => ({ role: m.role, content: m.blocks.map(block) })),
    ...(typeof params.systemPrompt === 'string' && params.systemPrompt !== '' ? { system: params.systemPrompt } : {}),
    ...(stops.length ? { stop_sequences: stops } : {}),
    ...(tools.length
      ? {
          tools: tools.map((t) => ({
            name: str(t.name),
            ...(typeof t.description === 'string' ? { description: t.description } : {}),
            input_schema: (isObject(t.inputSchema) ? t.inputSchema : { type: 'object' }) as Anthropic.Tool.InputSchema,
          })),
          tool_choice: { type: mode === 'required' ? 'any' : mode },
        }
      : {}),
    stream: true,
  };
}

type Slot = { kind: 'text'; text: string } | { kind: 'tool'; id: string; name: string; input: unknown; json: string } | { kind: 'other' };

/**
 * Reads the Messages stream event by event into a CreateMessageResult. `push` returns the text to
 * show as it arrives; `finish` checks the stream was complete and builds the answer. Pure.
 */
export class AnthropicStreamReader {
  private readonly slots = new Map<number, Slot>();
  private model = '';
  private started = false;
  private stopped = false;
  private stopReason: string | null = null;
  private refusal: Anthropic.RefusalStopDetails | null = null;
  private usage = { input: 0, cacheWrite: 0, cacheRead: 0, output: 0 };

  push(event: Anthropic.RawMessageStreamEvent): string {
    switch (event.type) {
      case 'message_start':
        this.started = true;
        this.model = event.message.model;
        this.takeUsage(event.message.usage);
        return '';
      case 'content_block_start': {
        const b = event.content_block;
        this.slots.set(
          event.index,
          b.type === 'text' ? { kind: 'text', text: b.text } : b.type === 'tool_use' ? { kind: 'tool', id: b.id, name: b.name, input: b.input, json: '' } : { kind: 'other' },
        );
        return b.type === 'text' ? b.text : '';
      }
      case 'content_block_delta': {
        const slot = this.slots.get(event.index);
        if (!slot) throw new AnswerProblem('malformed', `a content_block_delta for block ${event.index}, which never started`);
        if (event.delta.type === 'text_delta' && slot.kind === 'text') {
          slot.text += event.delta.text;
          return event.delta.text;
        }
        if (event.delta.type === 'input_json_delta' && slot.kind === 'tool') slot.json += event.delta.partial_json;
        // thinking, signature and citations deltas belong to blocks MCP has no place for
        return '';
      }
      case 'message_delta':
        this.stopReason = event.delta.stop_reason ?? this.stopReason;
        this.refusal = event.delta.stop_details ?? this.refusal;
        this.takeUsage(event.usage);
        return '';
      case 'message_stop':
        this.stopped = true;
        return '';
      default:
        // content_block_stop, and event types newer than this code: nothing to take
        return '';
    }
  }

  /** message_start carries the input side; message_delta carries cumulative counts (null when unchanged). */
  private takeUsage(u: Partial<Anthropic.MessageDeltaUsage> | undefined): void {
    if (!u) return;
    if (typeof u.input_tokens === 'number') this.usage.input = u.input_tokens;
    if (typeof u.cache_creation_input_tokens === 'number') this.usage.cacheWrite = u.cache_creation_input_tokens;
    if (typeof u.cache_read_input_tokens === 'number') this.usage.cacheRead = u.cache_read_input_tokens;
    if (typeof u.output_tokens === 'number') this.usage.output = u.output_tokens;
  }

  finish(): ProviderAnswer {
    if (!this.started) throw new AnswerProblem('malformed', 'the stream had no message_start');
    if (!this.stopped || this.stopReason === null) throw new AnswerProblem('malformed', 'the stream ended before message_stop (truncated)');
    if (this.stopReason === 'refusal') {
      const r = this.refusal;
      const detail = [r?.category, r?.explanation].filter(Boolean).join(': ');
      throw new AnswerProblem('refused', `the model refused to answer (stop_reason "refusal"${detail ? `, ${detail}` : ''})`);
    }
    const content: Obj[] = [];
    for (const index of [...this.slots.keys()].sort((a, b) => a - b)) {
      const slot = this.slots.get(index)!;
      const last = content.at(-1);
      if (slot.kind === 'text') {
        if (slot.text === '') continue;
        // Adjacent text blocks (e.g. split by citations) are one text to MCP.
        if (last?.type === 'text') last.text = str(last.text) + slot.text;
        else content.push({ type: 'text', text: slot.text });
      } else if (slot.kind === 'tool') {
        const input = slot.json !== '' ? parseToolInput(slot.json, slot.name, this.stopReason === 'max_tokens') : isObject(slot.input) ? slot.input : {};
        content.push({ type: 'tool_use', id: slot.id, name: slot.name, input });
      }
      // 'other': thinking is the model's reasoning, not its answer; MCP has no block for it.
    }
    return {
      result: { role: 'assistant', content: resultContent(content), model: this.model, stopReason: mcpStopReason(this.stopReason) },
      // The Messages API bills input as input_tokens plus cache writes and reads (Usage docs).
      usage: { inputTokens: this.usage.input + this.usage.cacheWrite + this.usage.cacheRead, outputTokens: this.usage.output },
    };
  }
}

async function complete(call: ProviderCall): Promise<ProviderAnswer> {
  const fit = fitAnthropic(call.params, call.model);
  if (fit.refusals.length) {
    throw new ProviderError(call.providerId, 'bad-request', `provider "${call.providerId}" (anthropic): model "${call.model.name}" cannot take ${fit.refusals.join('; ')}`);
  }
  const guard = guardCall(call);
  let sdk: typeof import('@anthropic-ai/sdk') | undefined;
  const ctx = () => ({
    providerId: call.providerId,
    kind: 'anthropic' as const,
    baseUrl: baseUrlOf(call),
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
    sdk = await import('@anthropic-ai/sdk');
    // openTelemetry off: the gate records every call in its own history, and prompts go nowhere else.
    const client = new sdk.Anthropic({ ...clientOptions(call, guard), openTelemetry: false });
    const stream = await client.messages.create(toAnthropicRequest(call.params, call.model), { signal: guard.signal });
    const reader = new AnthropicStreamReader();
    for await (const event of stream) emitText(call, reader.push(event));
    // The SDK ends the iteration quietly when the signal aborts: that is a stop, not an answer.
    if (guard.signal.aborted) throw new sdk.APIUserAbortError();
    return reader.finish();
  } catch (err) {
    throw toProviderError(err, ctx());
  } finally {
    guard.dispose();
  }
}

export const anthropicAdapter: ProviderAdapter = { fit: fitAnthropic, complete };
