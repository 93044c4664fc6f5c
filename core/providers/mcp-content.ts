/**
 * MCP sampling content as both adapters read and write it, so the Anthropic and the Chat
 * Completions mappings differ only where the two APIs differ:
 * - a message's `content` is one block or an array (SamplingMessageSchema, 2025-11-25): `blocksOf`;
 * - what the gate can honour of a request is checked once, against a description of the target
 *   API (`ApiAbilities`): `fitRequest` gives the refusals and the parameters that will not be sent;
 * - the answer's stop reason, its tool-call arguments and its content shape (one block, or an array
 *   when there are several, as CreateMessageResultWithToolsSchema allows) are the same for both.
 * The params passed the policy's validation (CreateMessageRequestParamsSchema), so this code reads
 * them defensively but does not re-validate them.
 */
import type { ProviderModel } from '../../shared/provider-schema.js';
import type { SamplingParams } from '../../shared/types.js';
import { usesTools } from '../policy/blocks.js';
import type { Fit, ProviderFailure } from './types.js';

export type Obj = Record<string, unknown>;

export const isObject = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);

/** A message's content as a list: MCP allows a single block or an array of blocks. */
export function blocksOf(content: unknown): Obj[] {
  return (Array.isArray(content) ? content : [content]).filter(isObject);
}

export interface McpMessage {
  role: 'user' | 'assistant';
  blocks: Obj[];
}

export function messagesOf(params: SamplingParams): McpMessage[] {
  const messages = Array.isArray(params.messages) ? params.messages : [];
  return messages.filter(isObject).map((m) => ({ role: m.role === 'assistant' ? 'assistant' : 'user', blocks: blocksOf(m.content) }));
}

/** The MCP tools of a request (name, description, inputSchema). */
export function toolsOf(params: SamplingParams): Obj[] {
  return Array.isArray(params.tools) ? params.tools.filter(isObject) : [];
}

/** MCP toolChoice.mode; absent means "auto" (the spec's default). */
export function toolModeOf(params: SamplingParams): 'auto' | 'required' | 'none' {
  const mode = isObject(params.toolChoice) ? params.toolChoice.mode : undefined;
  return mode === 'required' || mode === 'none' ? mode : 'auto';
}

export const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/**
 * What a tool_result carries for the model, as text or images (both APIs take no more inside a tool
 * result). Embedded text resources and resource links are given as their JSON, which is how the
 * model can read them; `structuredContent` is sent as JSON text only when no text block carries it
 * already (the spec asks tools to put its serialisation in a TextContent block too).
 */
export function toolResultParts(block: Obj): Obj[] {
  const parts = blocksOf(block.content ?? []).map((p): Obj => {
    if (p.type === 'resource_link' || (p.type === 'resource' && isObject(p.resource) && typeof p.resource.text === 'string')) {
      const { _meta: _m, annotations: _a, ...rest } = p;
      return { type: 'text', text: JSON.stringify(rest) };
    }
    return p;
  });
  if (isObject(block.structuredContent) && !parts.some((p) => p.type === 'text')) {
    parts.push({ type: 'text', text: JSON.stringify(block.structuredContent) });
  }
  return parts;
}

/** The maxTokens sent: the request's, lowered to the model's maxOutputTokens when that is smaller. */
export function maxTokensFor(params: SamplingParams, model: ProviderModel): number {
  const requested = typeof params.maxTokens === 'number' && Number.isSafeInteger(params.maxTokens) ? params.maxTokens : 0;
  return model.maxOutputTokens !== undefined && requested > model.maxOutputTokens ? model.maxOutputTokens : requested;
}

/** What the target API takes; `fitRequest` checks a request against it and the model's flags. */
export interface ApiAbilities {
  /** As the dialog names it, e.g. "the Anthropic Messages API". */
  name: string;
  /** Image MIME types it takes (base64); every image elsewhere is a refusal. */
  imageTypes: readonly string[];
  /** Audio MIME types it takes; empty: no audio at all, whatever the model's flag says. */
  audioTypes: readonly string[];
  /** Images/audio inside assistant messages and inside tool results. */
  mediaInAssistant: boolean;
  mediaInToolResult: boolean;
  /** Tool names it accepts. */
  toolName: RegExp;
  takesTemperature: boolean;
  takesToolErrorFlag: boolean;
  /** The most stop sequences it takes (the rest are not sent and the dialog says so). */
  maxStopSequences: number;
}

/**
 * Refusals (the call must not be made) and parameters that will not be sent — computed before
 * approval and shown in the dialog, so nothing the provider cannot take is dropped silently.
 */
export function fitRequest(params: SamplingParams, model: ProviderModel, api: ApiAbilities): Fit {
  const refusals = new Set<string>();
  const notApplied: string[] = [];
  const media = (block: Obj, where: 'message' | 'assistant' | 'toolResult'): void => {
    const kind = block.type === 'image' ? 'image' : 'audio';
    const mime = str(block.mimeType).toLowerCase();
    const types = kind === 'image' ? api.imageTypes : api.audioTypes;
    if (kind === 'audio' && api.audioTypes.length === 0) refusals.add(`audio (${api.name} takes no audio)`);
    else if (kind === 'image' && !model.vision) refusals.add(`images (model "${model.name}" is not configured with vision: true)`);
    else if (kind === 'audio' && !model.audio) refusals.add(`audio (model "${model.name}" is not configured with audio: true)`);
    else if (!types.includes(mime)) refusals.add(`${kind} of type ${mime || '(none)'} (${api.name} takes ${types.join(', ')})`);
    if (where === 'assistant' && !api.mediaInAssistant) refusals.add(`${kind} in an assistant message (${api.name} takes it from the user only)`);
    if (where === 'toolResult' && !api.mediaInToolResult) refusals.add(`${kind} inside a tool_result (${api.name} takes only text there)`);
  };

  for (const { role, blocks } of messagesOf(params)) {
    for (const block of blocks) {
      switch (block.type) {
        case 'text':
        case 'tool_use':
          break;
        case 'image':
        case 'audio':
          media(block, role === 'assistant' ? 'assistant' : 'message');
          break;
        case 'tool_result':
          if (block.isError === true && !api.takesToolErrorFlag) notApplied.push(`isError on tool results (${api.name} has no error flag for them)`);
          for (const part of toolResultParts(block)) {
            if (part.type === 'image' || part.type === 'audio') media(part, 'toolResult');
            else if (part.type === 'resource') refusals.add('a binary embedded resource inside a tool_result (it cannot be sent as text)');
            else if (part.type !== 'text') refusals.add(`content of type "${str(part.type)}" inside a tool_result`);
          }
          break;
        default:
          refusals.add(`content of type "${str(block.type)}"`);
      }
    }
  }

  if (usesTools(params)) {
    if (!model.tools) refusals.add(`tools (model "${model.name}" is not configured with tools: true)`);
    for (const tool of toolsOf(params)) {
      if (!api.toolName.test(str(tool.name))) refusals.add(`tool name "${str(tool.name)}" (${api.name} takes ${api.toolName.source})`);
    }
    if (params.toolChoice !== undefined && toolsOf(params).length === 0) notApplied.push('toolChoice (the request gives no tools)');
  }

  if (typeof params.temperature === 'number' && !api.takesTemperature) notApplied.push('temperature');
  const stops = Array.isArray(params.stopSequences) ? params.stopSequences : [];
  if (stops.length > api.maxStopSequences) {
    const dropped = stops.slice(api.maxStopSequences).map((s) => JSON.stringify(s)).join(', ');
    notApplied.push(`stopSequences beyond the first ${api.maxStopSequences} (${api.name} takes at most ${api.maxStopSequences}): ${dropped}`);
  }
  if (params.metadata !== undefined) notApplied.push('metadata');
  const sent = maxTokensFor(params, model);
  if (sent !== params.maxTokens && typeof params.maxTokens === 'number') {
    notApplied.push(`maxTokens lowered to ${sent} (model "${model.name}" has maxOutputTokens ${sent}; ${params.maxTokens} was requested)`);
  }
  return { refusals: [...refusals], notApplied };
}

/**
 * Why an answer could not be used, found while reading it: a refusal or content filter, or a stream
 * that is truncated or not what the API documents. errors.ts turns it into a ProviderError.
 */
export class AnswerProblem extends Error {
  constructor(
    readonly failure: Extract<ProviderFailure, 'refused' | 'malformed'>,
    message: string,
  ) {
    super(message);
    this.name = 'AnswerProblem';
  }
}

/** The provider's stop reasons MCP names; any other is passed through as its own string. */
const STOP_REASONS: Record<string, string> = {
  end_turn: 'endTurn',
  stop: 'endTurn',
  max_tokens: 'maxTokens',
  length: 'maxTokens',
  stop_sequence: 'stopSequence',
  tool_use: 'toolUse',
  tool_calls: 'toolUse',
  function_call: 'toolUse',
};

export function mcpStopReason(providerReason: string): string {
  return Object.hasOwn(STOP_REASONS, providerReason) ? STOP_REASONS[providerReason]! : providerReason;
}

/**
 * A tool call's arguments as the model streamed them: a JSON object, or the answer is malformed.
 * `cutShort`: the answer stopped at maxTokens, the likely reason its arguments are incomplete.
 */
export function parseToolInput(json: string, toolName: string, cutShort = false): Obj {
  // Some servers stream no argument text at all for a tool that takes none.
  if (json.trim() === '') return {};
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    const why = cutShort ? ' (the answer reached maxTokens inside the call)' : '';
    throw new AnswerProblem('malformed', `the arguments of tool call "${toolName}" are not JSON${why}: ${clip(json, 200)}`);
  }
  if (!isObject(value)) throw new AnswerProblem('malformed', `the arguments of tool call "${toolName}" are not a JSON object: ${clip(json, 200)}`);
  return value;
}

/** MCP result content: one block when there is one, an array when there are several, '' text when none. */
export function resultContent(blocks: Obj[]): Obj | Obj[] {
  if (blocks.length === 0) return { type: 'text', text: '' };
  return blocks.length === 1 ? blocks[0]! : blocks;
}

export function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
