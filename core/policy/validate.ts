/**
 * Step 1 of the decision order: is this a well-formed sampling request the client may receive?
 * Cheap structural caps run first (depth, size, non-finite numbers, broken Unicode) so nothing
 * else ever walks a hostile value; then precise checks with their own rule ids; then the SDK's
 * zod schema for everything else; then what the schema cannot say (media bytes, tool roles,
 * client capabilities). Every refusal is a value, never a throw.
 */
import { CreateMessageRequestParamsSchema } from '@modelcontextprotocol/sdk/types.js';
import type { CreateMessageRequestParams } from '@modelcontextprotocol/sdk/types.js';
import { blocksOf, mediaOf, usesTools } from './blocks.js';
import { CAPS } from './caps.js';
import { bytesMatchType, isStrictBase64, isVerifiableMediaType } from './media.js';
import { ERROR_CODES } from './types.js';
import type { ClientSamplingCapability } from './types.js';
import { brokenStringPath, measure, pointer } from './walk.js';

export interface Refusal {
  rule: string;
  reason: string;
  code: number;
}

export type Validation = { ok: true; params: CreateMessageRequestParams } | { ok: false; refusal: Refusal };

const refuse = (rule: string, reason: string, code: number = ERROR_CODES.invalidParams): Validation => ({
  ok: false,
  refusal: { rule, reason, code },
});

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

const BLOCK_TYPES = new Set(['text', 'image', 'audio', 'tool_use', 'tool_result']);
const NESTED_BLOCK_TYPES = new Set(['text', 'image', 'audio', 'resource_link', 'resource']);
const PRIORITIES = ['costPriority', 'speedPriority', 'intelligencePriority'] as const;


export function validateRequest(params: unknown, client: ClientSamplingCapability): Validation {
  if (!isObject(params)) return refuse('protocol.invalid-request', 'sampling params must be a JSON object', ERROR_CODES.invalidRequest);

  const shape = measure(params, CAPS.maxDepth, CAPS.maxRequestSize);
  if (shape.exceeded === 'depth') return refuse('protocol.depth', `request nests deeper than ${CAPS.maxDepth} levels`);
  if (shape.exceeded === 'size') return refuse('protocol.request-size', `request is larger than ${CAPS.maxRequestSize} characters`);
  if (shape.exceeded === 'non-finite') return refuse('protocol.invalid-params', 'request contains a non-finite number');

  const broken = brokenStringPath(params);
  if (broken !== null) return refuse('protocol.invalid-utf8', `${broken || '/'}: invalid UTF-8 or a lone surrogate`);

  const precise = checkFields(params);
  if (precise) return precise;

  const parsed = CreateMessageRequestParamsSchema.safeParse(params);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return refuse('protocol.invalid-params', `${pointer(issue?.path.map(String) ?? []) || '/'}: ${issue?.message ?? 'invalid'}`);
  }

  return checkAfterSchema(params, client) ?? { ok: true, params: parsed.data };
}

/** Checks with their own rule ids, before the schema, so the refusal names the real problem. */
function checkFields(params: Record<string, unknown>): Validation | null {
  const maxTokens = params['maxTokens'];
  if (typeof maxTokens !== 'number' || !Number.isSafeInteger(maxTokens) || maxTokens < 1) {
    return refuse('protocol.max-tokens', 'maxTokens must be a positive integer');
  }
  const temperature = params['temperature'];
  if (temperature !== undefined) {
    if (typeof temperature !== 'number' || !Number.isFinite(temperature) || temperature < CAPS.temperature.min || temperature > CAPS.temperature.max) {
      return refuse('protocol.temperature', `temperature must be a number from ${CAPS.temperature.min} to ${CAPS.temperature.max}`);
    }
  }
  const prefs = params['modelPreferences'];
  if (isObject(prefs)) {
    for (const key of PRIORITIES) {
      const v = prefs[key];
      if (v !== undefined && (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || v > 1)) {
        return refuse('protocol.priority', `modelPreferences.${key} must be a number from 0 to 1`);
      }
    }
  }

  const messages = params['messages'];
  if (!Array.isArray(messages) || messages.length === 0) return refuse('protocol.invalid-params', 'messages must be a non-empty array');
  if (messages.length > CAPS.maxMessages) return refuse('protocol.too-many-items', `more than ${CAPS.maxMessages} messages`);
  for (let i = 0; i < messages.length; i++) {
    const m: unknown = messages[i];
    if (!isObject(m)) return refuse('protocol.invalid-params', `/messages/${i}: must be an object`);
    if (m['role'] !== 'user' && m['role'] !== 'assistant') {
      return refuse('protocol.role', `/messages/${i}/role: must be "user" or "assistant"`);
    }
    if (Array.isArray(m['content']) && m['content'].length > CAPS.maxBlocksPerMessage) {
      return refuse('protocol.too-many-items', `/messages/${i}/content: more than ${CAPS.maxBlocksPerMessage} blocks`);
    }
    if (measure(m, CAPS.maxDepth, CAPS.maxMessageSize).exceeded === 'size') {
      return refuse('protocol.message-size', `/messages/${i}: larger than ${CAPS.maxMessageSize} characters`);
    }
  }
  for (const { segments, nested, block } of blocksOf(params)) {
    const allowed = nested ? NESTED_BLOCK_TYPES : BLOCK_TYPES;
    if (typeof block['type'] !== 'string' || !allowed.has(block['type'])) {
      return refuse('protocol.content-type', `${pointer(segments)}/type: content type ${JSON.stringify(block['type'] ?? null)} is not allowed here`);
    }
  }

  const tools = params['tools'];
  if (Array.isArray(tools) && tools.length > CAPS.maxTools) return refuse('protocol.too-many-items', `more than ${CAPS.maxTools} tools`);
  const stops = params['stopSequences'];
  if (Array.isArray(stops) && stops.length > CAPS.maxStopSequences) {
    return refuse('protocol.too-many-items', `more than ${CAPS.maxStopSequences} stopSequences`);
  }
  return null;
}

/** What the schema cannot express: media bytes, where tool blocks may appear, client capabilities. */
function checkAfterSchema(params: Record<string, unknown>, client: ClientSamplingCapability): Validation | null {
  for (const media of mediaOf(params)) {
    const where = pointer(media.segments);
    if (typeof media.mimeType !== 'string' || !isVerifiableMediaType(media.mimeType)) {
      return refuse('protocol.media-type', `${where}: media type ${JSON.stringify(media.mimeType ?? null)} is not one the gate accepts`);
    }
    if (typeof media.data !== 'string' || !isStrictBase64(media.data)) {
      return refuse('protocol.base64', `${where}: data is not valid base64`);
    }
    if (!bytesMatchType(media.data, media.mimeType)) {
      return refuse('protocol.media-mismatch', `${where}: bytes do not match the declared type ${media.mimeType}`);
    }
  }

  for (const { segments, role, nested, block } of blocksOf(params)) {
    if (nested) continue;
    // Spec 2025-11-25: the model calls tools (assistant), the server answers them (user).
    if (block['type'] === 'tool_use' && role !== 'assistant') {
      return refuse('protocol.tool-content-role', `${pointer(segments)}: tool_use belongs in an assistant message`);
    }
    if (block['type'] === 'tool_result' && role !== 'user') {
      return refuse('protocol.tool-content-role', `${pointer(segments)}: tool_result belongs in a user message`);
    }
  }

  if (usesTools(params) && !client.tools) {
    return refuse('protocol.tools-capability', 'the client did not declare sampling.tools, so tools, toolChoice and tool content are not allowed');
  }
  const includeContext = params['includeContext'];
  if (includeContext !== undefined && includeContext !== 'none' && !client.context) {
    return refuse('protocol.context-capability', `the client did not declare sampling.context, so includeContext "${String(includeContext)}" is not allowed`);
  }
  return null;
}
