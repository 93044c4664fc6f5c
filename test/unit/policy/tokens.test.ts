import { describe, expect, it } from 'vitest';
import { TOKENS_PER_MEDIA, chargeOnApproval, chargeOnCompletion, estimateTokens } from '../../../core/policy/tokens.js';
import { IMAGES, request, textRequest } from './helpers.js';

describe('estimateTokens', () => {
  it('is ceil(UTF-8 bytes / 4) over text', () => {
    expect(estimateTokens({ type: 'text', text: 'abcd' })).toBe(1);
    expect(estimateTokens({ type: 'text', text: 'abcde' })).toBe(2);
    expect(estimateTokens('')).toBe(0);
    // 日本語 is 9 UTF-8 bytes, 😀 is 4.
    expect(estimateTokens({ text: '日本語😀' })).toBe(Math.ceil(13 / 4));
  });
  it('does not count enums, base64 or _meta, and adds a fixed cost per image', () => {
    const image = { type: 'image', mimeType: 'image/png', data: IMAGES.png.repeat(1000), _meta: { note: 'x'.repeat(1000) } };
    expect(estimateTokens(image)).toBe(TOKENS_PER_MEDIA);
    expect(estimateTokens([image, image])).toBe(2 * TOKENS_PER_MEDIA);
  });
  it('counts a whole request: system prompt, messages and tool descriptions', () => {
    const params = textRequest('a'.repeat(400), { systemPrompt: 'b'.repeat(400), tools: [{ name: 'tool', description: 'c'.repeat(396), inputSchema: { type: 'object' } }] });
    expect(estimateTokens(params)).toBe(300);
  });
  it('handles junk without throwing', () => {
    for (const v of [null, undefined, 42, true, [], {}, [[[]]]]) expect(estimateTokens(v)).toBe(0);
  });
});

describe('chargeOnApproval', () => {
  it('is the requested maxTokens', () => expect(chargeOnApproval(request({ maxTokens: 1234 }))).toBe(1234));
  it.each([null, {}, { maxTokens: -1 }, { maxTokens: 1.5 }, { maxTokens: '5' }])('is 0 for %j', (p) => expect(chargeOnApproval(p)).toBe(0));
});

describe('chargeOnCompletion', () => {
  it('is the estimate of the completion content', () => {
    expect(chargeOnCompletion({ model: 'm', role: 'assistant', content: { type: 'text', text: 'x'.repeat(40) } })).toBe(10);
    expect(chargeOnCompletion({ model: 'm', role: 'assistant', content: [{ type: 'text', text: 'abcd' }, { type: 'tool_use', id: '1', name: 'abcd', input: {} }] })).toBe(3);
  });
  it('is 0 for junk', () => {
    expect(chargeOnCompletion(null)).toBe(0);
    expect(chargeOnCompletion('text')).toBe(0);
  });
});
