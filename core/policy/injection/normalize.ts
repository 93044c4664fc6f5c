/**
 * The text the injection cues read: lowercase, compatibility forms folded (NFKD: full-width and
 * mathematical letters, ligatures), accents dropped (so one pattern covers "précédentes" and
 * "precedentes"), invisible characters removed (a zero-width space inside "pass\u200Bword" must not
 * split the word), Unicode tag characters read as the ASCII they spell, and Latin look-alikes from
 * other scripts read as Latin inside words that mix scripts ("іgnore" with a Cyrillic і).
 *
 * Every character of the result remembers the original index it came from, so a match on the
 * normalised text is highlighted on the characters the server actually sent.
 */
import { latinLookalike } from './confusables.js';

export interface Normalized {
  text: string;
  /** `origin[i]`: index in the original of the character that produced `text[i]`; null = same index. */
  origin: Int32Array | null;
  /** Original indices where something was hidden: an invisible character inside a word, a tag character, a look-alike letter. Ascending. */
  hidden: number[];
}

// Dropped: soft hyphen, combining grapheme joiner, Arabic letter mark, Hangul fillers, Khmer vowel
// inherents, Mongolian selectors, zero-width and bidi controls, word joiner and invisible
// operators, variation selectors, BOM, tag controls.
const INVISIBLE = /^[\u00AD\u034F\u061C\u115F\u1160\u17B4\u17B5\u180B-\u180F\u200B-\u200F\u202A-\u202E\u2060-\u206F\u3164\uFE00-\uFE0F\uFEFF\uFFA0\u{E0000}-\u{E001F}\u{E007F}\u{E0100}-\u{E01EF}]$/u;
// Only the Latin/Greek/Cyrillic diacritics: Japanese voicing marks and Indic vowel signs are letters there.
const MARKS = /[\u0300-\u036f]/g;
const SPACE = /^\s$/u;

/** What one non-ASCII code point becomes (cached: documents repeat the few they use). */
const cache = new Map<number, string>();

function fold(cp: number): string {
  let out = cache.get(cp);
  if (out !== undefined) return out;
  const ch = String.fromCodePoint(cp);
  if (INVISIBLE.test(ch)) out = '';
  else if (cp >= 0xe0020 && cp <= 0xe007e) out = String.fromCharCode(cp - 0xe0000).toLowerCase();
  else if (SPACE.test(ch)) out = ' ';
  else if (cp === 0xdf) out = 'ss';
  // Typographic apostrophes and quotes as ASCII, so "don’t" and "don't" are one word to the cues.
  else if (cp === 0x2018 || cp === 0x2019 || cp === 0x02bc || cp === 0x2032) out = "'";
  else if (cp === 0x201c || cp === 0x201d || cp === 0x201e || cp === 0x00ab || cp === 0x00bb) out = '"';
  else out = ch.normalize('NFKD').replace(MARKS, '').toLowerCase().normalize('NFC');
  if (cache.size < 4096) cache.set(cp, out);
  return out;
}

const isAsciiLetter = (c: number): boolean => c >= 0x61 && c <= 0x7a;
/** A letter for word boundaries: ASCII letters, and anything non-ASCII that is not punctuation or space. */
export const isWordUnit = (c: number): boolean => isAsciiLetter(c) || (c >= 0x30 && c <= 0x39) || (c >= 0xc0 && c !== 0xd7 && c !== 0xf7 && !(c >= 0x2000 && c <= 0x2bff) && !(c >= 0x3000 && c <= 0x303f) && !(c >= 0xfe30 && c <= 0xfe4f) && !(c >= 0xff00 && c <= 0xff0f) && c !== 0xfffd);

/** A cue pattern written with accents or capitals reads like the text it will meet. */
export function foldPattern(source: string): string {
  let out = '';
  for (const ch of source) out += ch.charCodeAt(0) < 0x80 ? ch : fold(ch.codePointAt(0)!);
  return out;
}

export function normalize(source: string): Normalized {
  // Pure ASCII (most prompts and READMEs): lowercasing keeps every index.
  if (!/[^\x00-\x7f]/.test(source)) return { text: source.toLowerCase(), origin: null, hidden: [] };

  let out = new Uint16Array(source.length + 16);
  let origin = new Int32Array(source.length + 16);
  let n = 0;
  const hidden: number[] = [];
  const lookalikes: number[] = [];
  let latin = 0;
  let other = 0;
  const push = (unit: number, from: number): void => {
    if (n === out.length) {
      const bigger = new Uint16Array(out.length * 2);
      bigger.set(out);
      out = bigger;
      const biggerOrigin = new Int32Array(origin.length * 2);
      biggerOrigin.set(origin);
      origin = biggerOrigin;
    }
    out[n] = unit;
    origin[n++] = from;
  };

  for (let i = 0; i < source.length; i++) {
    const c = source.charCodeAt(i);
    if (c < 0x80) {
      const lower = c >= 0x41 && c <= 0x5a ? c + 32 : c;
      if (isAsciiLetter(lower)) latin++;
      push(lower, i);
      continue;
    }
    const cp = source.codePointAt(i)!;
    const width = cp > 0xffff ? 2 : 1;
    const folded = fold(cp);
    if (folded === '') {
      // Invisible: worth noting when it sits inside a word (it splits a word the reader sees whole).
      const before = n > 0 ? out[n - 1]! : 0;
      const after = source.charCodeAt(i + width);
      if (isWordUnit(before) && after === after && isWordUnit(after >= 0x41 && after <= 0x5a ? after + 32 : after)) hidden.push(i);
    } else {
      if (cp >= 0xe0000) hidden.push(i);
      for (let k = 0; k < folded.length; k++) {
        const u = folded.charCodeAt(k);
        if (isAsciiLetter(u)) latin++;
        else if (u >= 0xc0) {
          other++;
          if (folded.length === 1 && latinLookalike(u) !== undefined) lookalikes.push(n);
        }
        push(u, i);
      }
    }
    i += width - 1;
  }

  // Look-alikes become Latin inside a word that also has Latin letters, or anywhere in a text that
  // is mostly Latin; a Russian or Greek text keeps its own letters (its own cues read them).
  const mostlyLatin = latin > other;
  let doneUntil = -1;
  for (const at of lookalikes) {
    if (at < doneUntil) continue;
    let s = at;
    while (s > 0 && isWordUnit(out[s - 1]!)) s--;
    let e = at + 1;
    while (e < n && isWordUnit(out[e]!)) e++;
    doneUntil = e;
    let hasLatin = false;
    let allLookalike = true;
    for (let k = s; k < e; k++) {
      const u = out[k]!;
      if (isAsciiLetter(u)) hasLatin = true;
      else if (u >= 0xc0 && latinLookalike(u) === undefined) allLookalike = false;
    }
    // A Russian word quoted in English text keeps its letters; "раураl" made only of look-alikes does not.
    if (!hasLatin && !(mostlyLatin && allLookalike)) continue;
    for (let k = s; k < e; k++) {
      const u = out[k]!;
      if (u < 0xc0) continue;
      const latinUnit = latinLookalike(u);
      if (latinUnit === undefined) continue;
      out[k] = latinUnit.charCodeAt(0);
      hidden.push(origin[k]!);
    }
  }
  hidden.sort((a, b) => a - b);
  return { text: new TextDecoder('utf-16le').decode(out.subarray(0, n)), origin: origin.subarray(0, n), hidden };
}

/** The original span behind `[start, end)` of the normalised text. */
export function originalSpan(norm: Normalized, source: string, start: number, end: number): { start: number; end: number } {
  if (norm.origin === null) return { start, end };
  if (norm.origin.length === 0) return { start: 0, end: 0 };
  const first = norm.origin[Math.min(start, norm.origin.length - 1)]!;
  const lastFrom = norm.origin[Math.max(start, Math.min(end, norm.origin.length) - 1)]!;
  const cp = source.codePointAt(lastFrom) ?? 0;
  return { start: first, end: lastFrom + (cp > 0xffff ? 2 : 1) };
}

/** Whether anything was hidden inside the original span (binary search on `hidden`). */
export function hidesSomething(norm: Normalized, start: number, end: number): boolean {
  const h = norm.hidden;
  let lo = 0;
  let hi = h.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (h[mid]! < start) lo = mid + 1;
    else hi = mid;
  }
  return lo < h.length && h[lo]! < end;
}
