/** Small pieces: capability parsing, JSON pointers, text collection, media sniffing, excerpts. */
import { describe, expect, it } from 'vitest';
import { samplingCapabilityFrom } from '../../../core/policy/capabilities.js';
import { excerpt, visible } from '../../../core/policy/excerpt.js';
import { bytesMatchType, isStrictBase64, isVerifiableMediaType } from '../../../core/policy/media.js';
import { collectTexts, pointer } from '../../../core/policy/walk.js';
import { IMAGES, request } from './helpers.js';

const b64 = (text: string) => btoa(text);

describe('samplingCapabilityFrom', () => {
  it('reads sampling, sampling.tools and sampling.context', () => {
    expect(samplingCapabilityFrom({ sampling: { tools: {}, context: {} } })).toEqual({ supported: true, tools: true, context: true });
    expect(samplingCapabilityFrom({ sampling: {} })).toEqual({ supported: true, tools: false, context: false });
  });
  it.each([undefined, null, {}, { sampling: true }, { sampling: { tools: true } }, { roots: {} }])('treats %j as not declared', (caps) => {
    const c = samplingCapabilityFrom(caps);
    expect(c.tools).toBe(false);
    expect(c.context).toBe(false);
  });
});

describe('pointer and collectTexts', () => {
  it('escapes ~ and / as RFC 6901 says', () => expect(pointer(['a/b', 'c~d', 0])).toBe('/a~1b/c~0d/0'));
  it('collects prose and skips enums, base64 and _meta', () => {
    const params = request({
      systemPrompt: 'sys',
      messages: [{ role: 'user', content: [{ type: 'text', text: 't' }, { type: 'image', mimeType: 'image/png', data: IMAGES.png }] }],
      tools: [{ name: 'n', description: 'd', inputSchema: { type: 'object', properties: { mode: { type: 'string', description: 'm' } } } }],
      _meta: { secret: 'x' },
    });
    expect(collectTexts(params).map((t) => t.path).sort()).toEqual(
      ['/messages/0/content/0/text', '/systemPrompt', '/tools/0/description', '/tools/0/inputSchema/properties/mode/description', '/tools/0/name'].sort(),
    );
  });
  it('keeps a tool_use input field called data (it is text, not base64)', () => {
    expect(collectTexts({ input: { data: 'hello' } }).map((t) => t.text)).toEqual(['hello']);
  });
});

describe('media sniffing', () => {
  it.each([
    ['audio/ogg', 'OggS\u0000\u0002'],
    ['audio/flac', 'fLaC\u0000\u0000'],
    ['audio/webm', '\u001a\u0045\u00df\u00a3\u0000'],
    ['audio/mp4', '\u0000\u0000\u0000\u0020ftypM4A '],
    ['image/gif', 'GIF87a\u0001\u0000'],
  ])('%s matches its magic bytes and nothing else', (mime, bytes) => {
    expect(bytesMatchType(b64(bytes), mime)).toBe(true);
    expect(bytesMatchType(IMAGES.png, mime)).toBe(false);
  });
  it('knows which types it can verify', () => {
    expect(isVerifiableMediaType('image/PNG')).toBe(true);
    expect(isVerifiableMediaType('image/svg+xml')).toBe(false);
    expect(isVerifiableMediaType('toString')).toBe(false);
  });
  it('wants strict base64', () => {
    expect(isStrictBase64(IMAGES.png)).toBe(true);
    expect(isStrictBase64('abc')).toBe(false);
    expect(isStrictBase64('ab\ncd==')).toBe(false);
    expect(isStrictBase64('a'.repeat(8 * 1024 * 1024))).toBe(true);
  });
});

describe('excerpt', () => {
  it('escapes invisible characters and truncates', () => {
    expect(visible('a\u200Bb\u202E')).toBe('a\\u{200B}b\\u{202E}');
    expect(excerpt('x'.repeat(200), 0, 200)).toBe('x'.repeat(80) + '…');
    expect(excerpt('hello world', 6, 11)).toBe('world');
  });
});
