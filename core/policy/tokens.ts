/**
 * The token estimate behind the daily budget. Deliberately simple and provider-independent:
 *
 *   tokens = ceil(UTF-8 bytes of all text / 4) + 1600 per image, audio clip or binary resource
 *
 * Four UTF-8 bytes per token is right for English with common tokenizers and errs high for code
 * and CJK (3 bytes per character, roughly one token each, so we count 0.75). "Text" is every
 * string the model would read (see collectTexts: enums, base64 payloads and `_meta` are not text).
 * 1600 is the upper end of what Anthropic and OpenAI charge for one image at default resolution.
 *
 * Charging: on approval the budget is charged the requested `maxTokens` (a reservation: the most the
 * completion may cost); when the completion returns the charge is replaced by its estimated size.
 */
import { collectTexts } from './walk.js';

export const TOKENS_PER_MEDIA = 1600;
const BYTES_PER_TOKEN = 4;

function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    // Each half of a surrogate pair counts 2, so a pair is the 4 bytes it encodes to.
    else if (c >= 0xd800 && c <= 0xdfff) bytes += 2;
    else bytes += 3;
  }
  return bytes;
}

function countMedia(value: unknown): number {
  let count = 0;
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    if (Array.isArray(v)) stack.push(...v);
    else if (v !== null && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if (typeof o['blob'] === 'string' || (typeof o['data'] === 'string' && 'mimeType' in o)) count++;
      for (const [k, item] of Object.entries(o)) if (k !== '_meta') stack.push(item);
    }
  }
  return count;
}

/** Estimated tokens of any sampling value: params, messages, a content block or a result. */
export function estimateTokens(value: unknown): number {
  let bytes = 0;
  for (const { text } of collectTexts(value)) bytes += utf8Length(text);
  return Math.ceil(bytes / BYTES_PER_TOKEN) + TOKENS_PER_MEDIA * countMedia(value);
}

/** Charged when a request is approved: the requested maxTokens (0 if it has none). */
export function chargeOnApproval(params: unknown): number {
  const max = params !== null && typeof params === 'object' ? (params as Record<string, unknown>)['maxTokens'] : undefined;
  return typeof max === 'number' && Number.isSafeInteger(max) && max > 0 ? max : 0;
}

/** Charged when the completion returns (replacing the reservation): the estimated size of its content. */
export function chargeOnCompletion(result: unknown): number {
  if (result === null || typeof result !== 'object') return 0;
  return estimateTokens((result as Record<string, unknown>)['content']);
}
