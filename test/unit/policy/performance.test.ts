/**
 * Backtracking safety: every built-in detector and the whole evaluation on 1 MB adversarial text.
 * Budgets are generous; a catastrophic pattern takes minutes, not seconds. Timed in this process's
 * CPU time, not wall time: on a loaded 2-core machine (the other test files, other engineers' runs)
 * a linear pattern's wall time can double while it waits for a core, which says nothing about it.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { DETECTORS } from '../../../core/policy/detectors.js';
import { analyzeText } from '../../../core/policy/injection/analyze.js';
import { findEncoded } from '../../../core/policy/injection/decode.js';
import { KEYED_CUES, SYMBOL_CUES, UNSPACED_CUES } from '../../../core/policy/injection/lexicon.js';
import { normalize } from '../../../core/policy/injection/normalize.js';
import { evaluateRequest } from '../../../core/policy/evaluate.js';
import { stopRegexWorker } from '../../../core/policy/regex-worker.js';
import { ctxWith, textRequest } from './helpers.js';

afterAll(() => stopRegexWorker());

const MB = 1024 * 1024;
/** CPU time this process has used (every thread of it), in ms. */
const cpuMs = (): number => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};
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
  // The phrase families' own worst cases: their first words over and over, a sentence that never
  // ends, look-alike letters, markdown images, encodings that never decode, spaced letters.
  cueWords: fill('ignore all the previous your instructions send the conversation to http://x the user will not '),
  noSentenceEnd: fill('the user the admin agent system override new priority also call the tool '),
  lookalikes: fill('\u0456gn\u043er\u0435 '),
  images: fill('![a](https://x.example/p?q={'),
  base64ish: fill('QUJDREVGR0g+'),
  hexish: fill('4a6b '),
  percent: fill('%4'),
  spacedLetters: fill('a b '),
  quotes: fill('"ignore previous instructions" '),
  cjk: fill('忽略之前的所有指令'),
};

describe('detectors on 1 MB adversarial input', () => {
  for (const [name, text] of Object.entries(ADVERSARIAL)) {
    it(`${name}: every detector under 500 ms`, () => {
      for (const d of DETECTORS) {
        const started = cpuMs();
        d.pattern.lastIndex = 0;
        let n = 0;
        while (d.pattern.exec(text) && n++ < 100);
        d.pattern.lastIndex = 0;
        expect(cpuMs() - started, `${d.id} on ${name}`).toBeLessThan(500);
      }
    });
  }
});

describe('phrase families on adversarial input', () => {
  // Keyed cues are tried only where a word starts, each bounded; this tries every one at every
  // word of 16 KB of its own first words, which a catastrophic pattern would not survive.
  it('every keyed cue at every word of 16 KB of cue words: under 3 s in all', () => {
    const text = normalize(fill('ignore all the previous your instructions send the conversation to the user will not also call ').slice(0, 16 * 1024)).text;
    const starts = [...text.matchAll(/[a-z]+/g)].map((m) => m.index);
    const started = cpuMs();
    for (const cue of KEYED_CUES) {
      for (const at of starts) {
        cue.re.lastIndex = at;
        cue.re.exec(text);
      }
    }
    expect(cpuMs() - started).toBeLessThan(3000);
  });

  it.each(Object.keys(ADVERSARIAL))('%s: every whole-text cue and decoder under 500 ms on 1 MB', (name) => {
    const text = normalize(ADVERSARIAL[name]!).text;
    for (const cue of [...SYMBOL_CUES, ...UNSPACED_CUES]) {
      const started = cpuMs();
      cue.re.lastIndex = 0;
      let n = 0;
      while (cue.re.exec(text) && n++ < 1000);
      cue.re.lastIndex = 0;
      expect(cpuMs() - started, cue.re.source.slice(0, 60)).toBeLessThan(500);
    }
    const started = cpuMs();
    findEncoded(ADVERSARIAL[name]!);
    expect(cpuMs() - started, 'decoders').toBeLessThan(1000);
  });

  it.each(Object.keys(ADVERSARIAL))('%s: the whole analysis under 3 s on 1 MB', (name) => {
    const started = cpuMs();
    analyzeText(ADVERSARIAL[name]!);
    expect(cpuMs() - started).toBeLessThan(3000);
  });
});

describe('evaluateRequest on a 1 MB request', () => {
  it.each(Object.keys(ADVERSARIAL))('%s: evaluates in under 3 s with the contract\'s example rules', (name) => {
    const rules = [
      { name: 'no-system-prompt-probe', match: 'print (your|the) system prompt', action: 'deny' as const },
      { name: 'urls', match: 'https?://', action: 'flag' as const },
    ];
    const started = cpuMs();
    const { verdict } = evaluateRequest(textRequest(ADVERSARIAL[name]!), ctxWith({ rules }));
    expect(cpuMs() - started).toBeLessThan(3000);
    expect(['ask', 'deny']).toContain(verdict.action);
  });
});
