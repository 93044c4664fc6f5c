import { describe, expect, it } from 'vitest';
import { evaluateRequest } from '../../../core/policy/evaluate.js';
import { explain } from '../../../core/policy/explain.js';
import { FakeUsage, ctxWith, request, textRequest } from './helpers.js';

describe('explain', () => {
  it('prints every step, the verdict and the flags', () => {
    const lines = explain(evaluateRequest(textRequest('see https://x.example'), ctxWith()));
    expect(lines).toEqual([
      '1. protocol validity — pass',
      '2. trust deny — pass',
      '3. hard rules — pass',
      '4. rate limits and budget — pass: minute 1/5, hour 1/60, day 1/300, session 1/50, tokens 0/200000',
      '5. trust approves — pass',
      '6. ask the human — ask',
      'verdict: held for the user',
      'flag url (low) at /messages/0/content/text: contains a URL',
    ]);
  });
  it('names the rule that denied', () => {
    const lines = explain(evaluateRequest(request(), ctxWith({}, { usage: new FakeUsage().add(5, 1000) })));
    expect(lines.at(-2)).toBe('verdict: deny by limit.perMinute');
    expect(lines).toContain('4. rate limits and budget — deny [limit.perMinute]: rate limit: this is request 6 in the last minute; the limit is 5');
  });
});
