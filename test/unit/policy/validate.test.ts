import { describe, expect, it } from 'vitest';
import { evaluateRequest } from '../../../core/policy/evaluate.js';
import { validateRequest } from '../../../core/policy/validate.js';
import { CLIENT_FULL, CLIENT_PLAIN, IMAGES, ctxWith, request, textRequest } from './helpers.js';

function refusal(params: unknown, client = CLIENT_PLAIN): { rule: string; code: number } | null {
  const v = validateRequest(params, client);
  return v.ok ? null : { rule: v.refusal.rule, code: v.refusal.code };
}

const image = (mimeType: string, data: string) => request({ messages: [{ role: 'user', content: { type: 'image', mimeType, data } }] });

describe('validateRequest', () => {
  it('accepts a plain text request', () => {
    expect(refusal(request())).toBeNull();
  });

  it.each([null, 'text', 42, [request()]])('refuses params that are not an object (%j) with -32600', (params) => {
    expect(refusal(params)).toEqual({ rule: 'protocol.invalid-request', code: -32600 });
  });

  describe('maxTokens', () => {
    it.each([0, -1, 1.5, Number.MAX_SAFE_INTEGER + 2, '100', null])('refuses %j', (maxTokens) => {
      expect(refusal(request({ maxTokens }))?.rule).toBe('protocol.max-tokens');
    });
    it('refuses a missing maxTokens', () => {
      const { maxTokens: _omit, ...rest } = request();
      expect(refusal(rest)?.rule).toBe('protocol.max-tokens');
    });
    it('accepts 1', () => expect(refusal(request({ maxTokens: 1 }))).toBeNull());
  });

  it.each([Infinity, NaN, -Infinity])('refuses non-finite numbers (%s) anywhere', (n) => {
    expect(refusal(request({ temperature: n }))?.rule).toBe('protocol.invalid-params');
    expect(refusal(request({ metadata: { x: n } }))?.rule).toBe('protocol.invalid-params');
  });

  it.each([-0.1, 2.01, '0.5'])('refuses temperature %j', (temperature) => {
    expect(refusal(request({ temperature }))?.rule).toBe('protocol.temperature');
  });
  it.each([0, 1, 2])('accepts temperature %j', (temperature) => {
    expect(refusal(request({ temperature }))).toBeNull();
  });

  it.each(['costPriority', 'speedPriority', 'intelligencePriority'])('checks %s is in 0..1', (key) => {
    expect(refusal(request({ modelPreferences: { [key]: 1.5 } }))?.rule).toBe('protocol.priority');
    expect(refusal(request({ modelPreferences: { [key]: -0.5 } }))?.rule).toBe('protocol.priority');
    expect(refusal(request({ modelPreferences: { [key]: 0.5 } }))).toBeNull();
  });

  it.each(['system', 'tool', 'developer', 'USER', undefined])('refuses role %j', (role) => {
    expect(refusal(request({ messages: [{ role, content: { type: 'text', text: 'hi' } }] }))?.rule).toBe('protocol.role');
  });

  it('refuses empty or missing messages', () => {
    expect(refusal(request({ messages: [] }))?.rule).toBe('protocol.invalid-params');
    expect(refusal(request({ messages: 'hi' }))?.rule).toBe('protocol.invalid-params');
  });

  it.each(['html', 'resource', 'resource_link', 'file', 42])('refuses top-level content type %j', (type) => {
    expect(refusal(request({ messages: [{ role: 'user', content: { type, text: 'x' } }] }))?.rule).toBe('protocol.content-type');
  });

  it('refuses a text block whose text is not a string (schema)', () => {
    const v = validateRequest(request({ messages: [{ role: 'user', content: { type: 'text', text: 42 } }] }), CLIENT_PLAIN);
    expect(v.ok).toBe(false);
    if (!v.ok) {
      expect(v.refusal.rule).toBe('protocol.invalid-params');
      expect(v.refusal.code).toBe(-32602);
    }
  });

  describe('media', () => {
    it.each([
      ['image/png', IMAGES.png],
      ['image/jpeg', IMAGES.jpeg],
      ['image/gif', IMAGES.gif],
      ['image/webp', IMAGES.webp],
      ['IMAGE/PNG', IMAGES.png],
    ])('accepts %s whose bytes match', (mime, data) => {
      expect(refusal(image(mime, data))).toBeNull();
    });
    it('accepts audio whose bytes match', () => {
      const audio = (mimeType: string, data: string) => request({ messages: [{ role: 'user', content: { type: 'audio', mimeType, data } }] });
      expect(refusal(audio('audio/wav', IMAGES.wav))).toBeNull();
      expect(refusal(audio('audio/mpeg', IMAGES.mp3))).toBeNull();
      expect(refusal(audio('audio/mpeg', IMAGES.wav))?.rule).toBe('protocol.media-mismatch');
    });
    it.each([
      ['image/png', IMAGES.svg],
      ['image/png', IMAGES.jpeg],
      ['image/jpeg', IMAGES.html],
      ['image/webp', IMAGES.wav],
    ])('refuses %s whose bytes are something else', (mime, data) => {
      expect(refusal(image(mime, data))?.rule).toBe('protocol.media-mismatch');
    });
    it.each(['image/svg+xml', 'text/html', 'application/pdf', 'image/png; charset=x', ''])('refuses unverifiable type %j', (mime) => {
      expect(refusal(image(mime, IMAGES.png))?.rule).toBe('protocol.media-type');
    });
    it.each(['iVBORw0KGgo AAAANSUhEUg==', 'iVBORw0KGgoAAAANSUhEUg', '', 'iVBORw0KGgo=AAANSUhEUg=='])('refuses sloppy base64 %j', (data) => {
      expect(['protocol.base64', 'protocol.invalid-params']).toContain(refusal(image('image/png', data))?.rule);
    });
    it('checks images nested in a tool_result and embedded resource blobs', () => {
      const nested = (content: unknown[]) =>
        request({
          messages: [
            { role: 'assistant', content: [{ type: 'tool_use', id: 't1', name: 'f', input: {} }] },
            { role: 'user', content: [{ type: 'tool_result', toolUseId: 't1', content }] },
          ],
        });
      expect(refusal(nested([{ type: 'image', mimeType: 'image/png', data: IMAGES.svg }]), CLIENT_FULL)?.rule).toBe('protocol.media-mismatch');
      expect(refusal(nested([{ type: 'image', mimeType: 'image/png', data: IMAGES.png }]), CLIENT_FULL)).toBeNull();
      const blob = (mimeType: string, b: string) => [{ type: 'resource', resource: { uri: 'file:///x', mimeType, blob: b } }];
      expect(refusal(nested(blob('image/svg+xml', IMAGES.svg)), CLIENT_FULL)?.rule).toBe('protocol.media-type');
      expect(refusal(nested(blob('image/gif', IMAGES.gif)), CLIENT_FULL)).toBeNull();
      expect(refusal(nested([{ type: 'tool_use', id: 'x', name: 'y', input: {} }]), CLIENT_FULL)?.rule).toBe('protocol.content-type');
    });
  });

  describe('size and shape caps', () => {
    it('refuses nesting deeper than 32', () => {
      let deep: unknown = 'x';
      for (let i = 0; i < 40; i++) deep = { a: deep };
      expect(refusal(request({ metadata: deep }))?.rule).toBe('protocol.depth');
    });
    it('accepts nesting of 20', () => {
      let deep: unknown = 'x';
      for (let i = 0; i < 20; i++) deep = { a: deep };
      expect(refusal(request({ metadata: deep }))).toBeNull();
    });
    it('survives 100,000 levels of nesting without a stack overflow', () => {
      let deep: unknown = [];
      for (let i = 0; i < 100_000; i++) deep = [deep];
      expect(refusal(request({ metadata: { deep } }))?.rule).toBe('protocol.depth');
    });
    it('refuses a request over 16 Mi characters', () => {
      expect(refusal(textRequest('a'.repeat(17 * 1024 * 1024)))?.rule).toBe('protocol.request-size');
    });
    it('refuses one message over 8 Mi characters', () => {
      expect(refusal(textRequest('a'.repeat(9 * 1024 * 1024)))?.rule).toBe('protocol.message-size');
      expect(refusal(textRequest('a'.repeat(1024 * 1024)))).toBeNull();
    });
    it('refuses too many messages, blocks or tools', () => {
      const msg = { role: 'user', content: { type: 'text', text: 'x' } };
      expect(refusal(request({ messages: Array(1001).fill(msg) }))?.rule).toBe('protocol.too-many-items');
      expect(refusal(request({ messages: [{ role: 'user', content: Array(257).fill({ type: 'text', text: 'x' }) }] }))?.rule).toBe('protocol.too-many-items');
      const tool = { name: 't', inputSchema: { type: 'object' } };
      expect(refusal(request({ tools: Array(129).fill(tool) }), CLIENT_FULL)?.rule).toBe('protocol.too-many-items');
      expect(refusal(request({ tools: Array(3).fill(tool) }), CLIENT_FULL)).toBeNull();
    });
  });

  describe('Unicode', () => {
    it.each(['\uD800', 'a\uDC00b', 'x\uDBFF', 'broken \uFFFD bytes'])('refuses broken text %j', (text) => {
      expect(refusal(textRequest(text))?.rule).toBe('protocol.invalid-utf8');
    });
    it('refuses a lone surrogate in a key or the system prompt', () => {
      expect(refusal(request({ metadata: { ['k\uD800']: 1 } }))?.rule).toBe('protocol.invalid-utf8');
      expect(refusal(request({ systemPrompt: '\uDFFF' }))?.rule).toBe('protocol.invalid-utf8');
    });
    it('accepts well-formed astral characters and emoji', () => {
      expect(refusal(textRequest('𝔘𝔫𝔦𝔠𝔬𝔡𝔢 😀 日本語'))).toBeNull();
    });
  });

  describe('client capabilities', () => {
    const tools = { tools: [{ name: 'search', description: 'Search the web', inputSchema: { type: 'object' } }] };
    it('refuses tools without sampling.tools, accepts them with it', () => {
      expect(refusal(request(tools))?.rule).toBe('protocol.tools-capability');
      expect(refusal(request(tools), CLIENT_FULL)).toBeNull();
    });
    it('refuses toolChoice alone without sampling.tools', () => {
      expect(refusal(request({ toolChoice: { mode: 'auto' } }))?.rule).toBe('protocol.tools-capability');
    });
    it('refuses tool_use content without sampling.tools', () => {
      const params = request({
        messages: [
          { role: 'user', content: { type: 'text', text: 'hi' } },
          { role: 'assistant', content: { type: 'tool_use', id: '1', name: 'f', input: {} } },
        ],
      });
      expect(refusal(params)?.rule).toBe('protocol.tools-capability');
      expect(refusal(params, CLIENT_FULL)).toBeNull();
    });
    it.each(['thisServer', 'allServers'])('refuses includeContext %s without sampling.context', (includeContext) => {
      expect(refusal(request({ includeContext }))?.rule).toBe('protocol.context-capability');
      expect(refusal(request({ includeContext }), CLIENT_FULL)).toBeNull();
    });
    it('accepts includeContext none without sampling.context', () => {
      expect(refusal(request({ includeContext: 'none' }))).toBeNull();
    });
    it('refuses an unknown includeContext', () => {
      expect(refusal(request({ includeContext: 'everything' }), CLIENT_FULL)?.rule).toBe('protocol.invalid-params');
    });
  });

  it('refuses tool_use in a user message and tool_result in an assistant message', () => {
    const use = request({ messages: [{ role: 'user', content: { type: 'tool_use', id: '1', name: 'f', input: {} } }] });
    const result = request({ messages: [{ role: 'assistant', content: { type: 'tool_result', toolUseId: '1', content: [] } }] });
    expect(refusal(use, CLIENT_FULL)?.rule).toBe('protocol.tool-content-role');
    expect(refusal(result, CLIENT_FULL)?.rule).toBe('protocol.tool-content-role');
  });

  it('turns every refusal into a deny verdict with a JSON-RPC code, never a throw', () => {
    const { verdict } = evaluateRequest(request({ maxTokens: -5 }), ctxWith());
    expect(verdict).toMatchObject({ action: 'deny', rule: 'protocol.max-tokens', code: -32602 });
  });
});
