/**
 * The risk flags against test/corpus/injection/ (issue 21): fails when recall or false alarms
 * move the wrong way on either split. The floors sit a little under the figures measured when
 * they were set (docs/bench.md has the figures); raise them when the flags get better.
 */
import { describe, expect, it } from 'vitest';
import { CORPUS_DIR, alarms, installedReadmes, measureQuality } from '../../../bench/flags.js';
import type { Quality } from '../../../bench/flags.js';
import { loadCorpus } from '../../../bench/injection-corpus.js';
import { textFlags } from '../../../core/policy/flags.js';
import { excerpt } from '../../../core/policy/excerpt.js';
import { INJECTION_FAMILIES } from '../../../shared/flags.js';

const samples = loadCorpus(CORPUS_DIR);
let quality: Quality | null = null;
const q = (): Quality => (quality ??= measureQuality(samples));

/** Floors and ceilings: the targets are 80 % recall and 2 % false alarms. */
// Measured when set (docs/bench.md, 2026-12-07, cues and the trained model of classifier/):
// tune 99.3 % / 0 %, held-out 95.0 % / 2.6 %; blind-3 99.2 / 1.3, blind-4 96.5 / 0, blind-5
// 94.9 / 0.6, blind-6 81.8 / 0 (never trained on), blind-7 95.8 / 2.4, blind-8 95.3 / 1.5 (the model
// trains on tune and blind-3, 4, 5, 7, 8). First measurements, before anything was tuned on them:
// blind-7 87.1 % / 8.2 %, blind-8 85.9 % / 8.2 %, blind-9 87.4 % / 2.8 %. Cues alone had reached
// 44.8 % on blind-6.
const FLOORS = { recallTune: 0.98, recallHeldOut: 0.93, falseAlarmsTune: 0.02, falseAlarmsHeldOut: 0.03 };
/** Per blind batch: recall at least, false alarms at most. */
const BLIND: Record<string, { recall: number; falseAlarms: number }> = {
  'blind-3': { recall: 0.98, falseAlarms: 0.02 },
  'blind-4': { recall: 0.95, falseAlarms: 0.01 },
  'blind-5': { recall: 0.93, falseAlarms: 0.01 },
  'blind-6': { recall: 0.8, falseAlarms: 0.01 },
  'blind-7': { recall: 0.94, falseAlarms: 0.03 },
  'blind-8': { recall: 0.94, falseAlarms: 0.02 },
  // Written after everything above and never trained on or tuned with: measured once, 87.4 % / 2.8 %
  // (cues alone: 39.3 % / 3.2 %).
  'blind-9': { recall: 0.86, falseAlarms: 0.03 },
};

const show = (ids: string[]): string => ids.slice(0, 15).join('\n');

describe('risk-flag corpus', () => {
  it('is broad: hundreds of attacks of every family and language, hundreds of ordinary texts', () => {
    const attacks = samples.filter((s) => s.kind === 'attack');
    const ordinary = samples.filter((s) => s.kind === 'ordinary');
    expect(attacks.length).toBeGreaterThanOrEqual(450);
    expect(ordinary.length).toBeGreaterThanOrEqual(200);
    for (const family of ['prompt-injection', 'task-hijack', 'agent-manipulation', 'exfiltration', 'tool-poisoning', 'credential-harvest', 'encoded', 'mixed']) {
      expect(attacks.some((s) => s.family === family), family).toBe(true);
    }
    for (const lang of ['.de.', '.fr.', '.es.']) expect(attacks.some((s) => s.id.includes(lang)), lang).toBe(true);
    for (const split of ['tune', 'held-out'] as const) {
      expect(attacks.filter((s) => s.split === split).length, split).toBeGreaterThan(80);
      expect(ordinary.filter((s) => s.split === split).length, split).toBeGreaterThan(30);
    }
  });

  it(`flags at least ${FLOORS.recallTune * 100} % of the tuning split's attacks medium/high`, () => {
    const r = q().recall.tune!;
    expect(r.rate, `missed:\n${show(r.wrong)}`).toBeGreaterThanOrEqual(FLOORS.recallTune);
  });

  it(`flags at least ${FLOORS.recallHeldOut * 100} % of the held-out split's attacks medium/high`, () => {
    const r = q().recall['held-out']!;
    expect(r.rate, `${r.wrong.length} missed`).toBeGreaterThanOrEqual(FLOORS.recallHeldOut);
  });

  it(`flags at most ${FLOORS.falseAlarmsTune * 100} % of the tuning split's ordinary texts medium/high`, () => {
    const r = q().falseAlarms.tune!;
    expect(r.rate, `flagged:\n${show(r.wrong)}`).toBeLessThanOrEqual(FLOORS.falseAlarmsTune);
  });

  it(`flags at most ${FLOORS.falseAlarmsHeldOut * 100} % of the held-out split's ordinary texts medium/high`, () => {
    const r = q().falseAlarms['held-out']!;
    expect(r.rate, `${r.wrong.length} flagged`).toBeLessThanOrEqual(FLOORS.falseAlarmsHeldOut);
  });

  for (const [split, floor] of Object.entries(BLIND)) {
    it(`${split}: is a batch of its own (150+ attacks, 150+ ordinary texts), flags at least ${floor.recall * 100} % and at most ${floor.falseAlarms * 100} %`, () => {
      const recall = q().recall[split as `blind-${number}`];
      const falseAlarms = q().falseAlarms[split as `blind-${number}`];
      expect(recall?.n ?? 0, split).toBeGreaterThanOrEqual(150);
      expect(falseAlarms?.n ?? 0, split).toBeGreaterThanOrEqual(150);
      expect(recall!.rate, `${split}: ${recall!.wrong.length} missed`).toBeGreaterThanOrEqual(floor.recall);
      expect(falseAlarms!.rate, `${split}: flagged:\n${show(falseAlarms!.wrong)}`).toBeLessThanOrEqual(floor.falseAlarms);
    });
  }

  it('flags at most 2 % of the READMEs installed in node_modules ("Summarize this README")', () => {
    const readmes = [...installedReadmes().entries()];
    expect(readmes.length).toBeGreaterThan(100);
    const flagged = readmes.filter(([, text]) => alarms(`Summarize this README:\n\n${text}`)).map(([name]) => name);
    expect(flagged.length / readmes.length, flagged.join(', ')).toBeLessThanOrEqual(0.02);
  });

  it('points every phrase-family flag at a span of the original text, excerpt included', () => {
    const families = new Set<string>(INJECTION_FAMILIES);
    let checked = 0;
    for (const s of samples) {
      for (const f of textFlags([{ path: '/messages/0/content/text', segments: ['messages', 0, 'content', 'text'], text: s.text }])) {
        if (!families.has(f.id)) continue;
        checked++;
        expect(f.start, s.id).toBeGreaterThanOrEqual(0);
        expect(f.end!, s.id).toBeGreaterThan(f.start!);
        expect(f.end!, s.id).toBeLessThanOrEqual(s.text.length);
        expect(f.excerpt, s.id).toBe(excerpt(s.text, f.start!, f.end!));
        // A span never starts or ends inside a surrogate pair.
        expect(/[\uDC00-\uDFFF]/.test(s.text[f.start!]!), s.id).toBe(false);
      }
    }
    expect(checked).toBeGreaterThan(400);
  });
});
