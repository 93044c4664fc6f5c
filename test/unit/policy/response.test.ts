import { describe, expect, it } from 'vitest';
import { evaluateResponse } from '../../../core/policy/response.js';
import { policyWith } from './helpers.js';

const result = (content: unknown) => ({ model: 'claude', role: 'assistant', stopReason: 'endTurn', content });

describe('evaluateResponse', () => {
  it('accepts a plain completion without flags', () => {
    expect(evaluateResponse(result({ type: 'text', text: 'The sky is blue.' }), { policy: policyWith() })).toEqual({ valid: true, reason: null, flags: [], hold: false, tokens: 4 });
  });
  it('holds when reviewResponses is on', () => {
    expect(evaluateResponse(result({ type: 'text', text: 'ok' }), { policy: policyWith({ reviewResponses: true }) }).hold).toBe(true);
  });
  it('flags secrets, URLs and hidden characters in the completion with /content paths', () => {
    const key = 'AKIA' + 'IOSFODNN7EXAMPLE';
    const r = evaluateResponse(result({ type: 'text', text: `here: ${key} https://x.example a\u200Bb` }), { policy: policyWith() });
    expect(r.flags.map((f) => f.id).sort()).toEqual(['hidden-unicode.zero-width', 'secret.aws-key', 'url']);
    expect(r.flags[0]!.path).toBe('/content/text');
  });
  it('flags a completion that calls a tool', () => {
    const r = evaluateResponse(result([{ type: 'tool_use', id: '1', name: 'shell', input: { cmd: 'ls' } }]), { policy: policyWith() });
    expect(r.flags).toContainEqual(expect.objectContaining({ id: 'response.tool-use', path: '/content/0' }));
  });
  it.each([null, {}, { model: 'm', role: 'system', content: { type: 'text', text: 'x' } }, result({ type: 'html', text: 'x' })])('refuses a malformed result %j', (r) => {
    const e = evaluateResponse(r, { policy: policyWith() });
    expect(e.valid).toBe(false);
    expect(e.reason).toBeTruthy();
  });
});
