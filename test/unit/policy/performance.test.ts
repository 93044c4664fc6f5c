/**
 * Backtracking safety: every built-in detector and the whole evaluation on 1 MB adversarial text.
 * Budgets are generous (the machine is shared); a catastrophic pattern takes minutes, not seconds.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { DETECTORS } from '../../../core/policy/detectors.js';
import { evaluateRequest } from '../../../core/policy/evaluate.js';
import { stopRegexWorker } from '../../../core/policy/regex-worker.js';
import { ctxWith, textRequest } from './helpers.js';

afterAll(() => stopRegexWorker());

const MB = 1024 * 1024;
const fill = (unit: string): string => unit.repeat(Math.ceil(MB / unit.length)).slice(0, MB);

const ADVERSARIAL: Record<string, string> = {
  letters: fill('a'),
  spaces: fill(' '),
  newlines: fill('\n'),
  jwtish: fill('eyJ'),
  jwtRun: 'eyJ' + fill('A') + '.eyJ',
  skRun: 'sk-' + fill('a'),
  skRepeat: fill('sk-'),
  ghRun: 'ghp_' + fill('a'),
  akia: fill('AKIA'),
  begin: fill('-----BEGIN A '),
  words: fill('ignore all the previous in all future also before you '),
  urls: fill('http://'),
  url: 'https://' + fill('a'),
  zeroWidth: fill('\u200B'),
  bidi: fill('\u202E'),
  tags: fill(String.fromCodePoint(0xe0041)),
  mixed: fill('you must always <important> sk-ant- xoxb- eyJ. \u200B http://x '),
};

describe('detectors on 1 MB adversarial input', () => {
  for (const [name, text] of Object.entries(ADVERSARIAL)) {
    it(`${name}: every detector under 500 ms`, () => {
      for (const d of DETECTORS) {
        const started = performance.now();
        d.pattern.lastIndex = 0;
        let n = 0;
        while (d.pattern.exec(text) && n++ < 100);
        d.pattern.lastIndex = 0;
        expect(performance.now() - started, `${d.id} on ${name}`).toBeLessThan(500);
      }
    });
  }
});

describe('evaluateRequest on a 1 MB request', () => {
  it.each(Object.keys(ADVERSARIAL))('%s: evaluates in under 3 s with the contract\'s example rules', (name) => {
    const rules = [
      { name: 'no-system-prompt-probe', match: 'print (your|the) system prompt', action: 'deny' as const },
      { name: 'urls', match: 'https?://', action: 'flag' as const },
    ];
    const started = performance.now();
    const { verdict } = evaluateRequest(textRequest(ADVERSARIAL[name]!), ctxWith({ rules }));
    expect(performance.now() - started).toBeLessThan(3000);
    expect(['ask', 'deny']).toContain(verdict.action);
  });
});
