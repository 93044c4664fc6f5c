/**
 * Analyses of texts seen recently. Servers repeat themselves: the same form titles and
 * descriptions on every elicitation, the same system prompt on every sampling request. Reading a
 * text is a pure function of it, so a repeat costs a map lookup instead of a new reading — for
 * server-everything's 13-field form, 70 short texts, that was most of what its flags cost.
 *
 * Short texts only — a form's titles, descriptions and options, a one-line prompt — where the
 * reading's fixed cost is most of it; a long text costs in proportion to its length and is read
 * each time (so what \`npm run bench\` measures per 5 KB is a reading, never a lookup). Bounded by
 * the characters it keeps: a flood of unique texts only churns it. Callers must not change what
 * they get back: it is shared.
 */
import { analyzeText, type Analysis } from './analyze.js';

const MAX_TEXT = 512;
const MAX_CHARS = 1024 * 1024;

const kept = new Map<string, Analysis>();
let chars = 0;

export function analyzeTextCached(text: string): Analysis {
  if (text.length > MAX_TEXT) return analyzeText(text);
  const hit = kept.get(text);
  if (hit !== undefined) {
    // Most recently used last: Map keeps insertion order, so the oldest goes first.
    kept.delete(text);
    kept.set(text, hit);
    return hit;
  }
  const analysis = analyzeText(text);
  kept.set(text, analysis);
  chars += text.length;
  for (const oldest of kept.keys()) {
    if (chars <= MAX_CHARS) break;
    kept.delete(oldest);
    chars -= oldest.length;
  }
  return analysis;
}
