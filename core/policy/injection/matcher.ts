/**
 * One pass over normalised text: split it into words, note the context words (negations,
 * second person, security vocabulary …) and try the cues that start with each word.
 *
 * Why words first: a document of 5 KB has ~900 words and few of them start any cue, so a map
 * lookup per word and a sticky regex where one does costs a fraction of running every cue's regex
 * over every position. Cues that start with punctuation (`<|im_start|>`, `![…](…)`) or are written
 * in scripts without spaces are global regexes with a rare leading character, run as they are.
 */
import type { Cue } from './cue.js';
import { keyOf } from './cue.js';
import { isWordUnit } from './normalize.js';

/** Context word kinds (bit flags): see context-words.ts. */
export const Ctx = {
  Model: 1,
  You: 2,
  Negation: 4,
  Security: 8,
  Urgent: 16,
  Permissive: 32,
  Intro: 64,
  /** Common words spelled in rot13 ("gur", "lbh"): worth reading the text rot13-decoded. */
  Rot13: 128,
  /** Common words spelled backwards ("eht", "uoy"): worth reading the text reversed. */
  Reversed: 256,
  /** Words in leetspeak that spell a cue's first word ("1gn0r3"). */
  Leet: 512,
  /** What a server should not get: passwords, tokens, the conversation, personal data. */
  Sensitive: 1024,
} as const;

export interface CueIndex {
  byKey: Map<string, Cue[]>;
  /** Global regexes with their cue, run over the whole text (punctuation-led cues). */
  symbols: { cue: Cue; re: RegExp }[];
  /** Cues for scripts written without spaces; run only when the text has such characters. */
  unspaced: { cue: Cue; re: RegExp }[];
  context: Map<string, number>;
}

export interface Hit {
  cue: Cue;
  start: number;
  end: number;
}

export interface Scan {
  text: string;
  /** Start of every word, ascending. */
  words: Int32Array;
  wordCount: number;
  /** Positions and kinds of context words, ascending. */
  ctxAt: number[];
  ctxBits: number[];
  /** Every kind seen anywhere in the text. */
  ctxAll: number;
  hits: Hit[];
}

/** Past this many cue matches in one text the rest only count; a 1 MB flood of one phrase stays linear. */
export const MAX_HITS = 400;

const isCjk = (c: number): boolean => (c >= 0x3040 && c <= 0x30ff) || (c >= 0x3400 && c <= 0x9fff) || (c >= 0xac00 && c <= 0xd7af) || (c >= 0xf900 && c <= 0xfaff);

export function scan(text: string, index: CueIndex): Scan {
  let words = new Int32Array(Math.max(16, text.length >> 3));
  let wordCount = 0;
  const ctxAt: number[] = [];
  const ctxBits: number[] = [];
  let ctxAll = 0;
  const hits: Hit[] = [];
  let unspaced = false;
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (!isWordUnit(c)) {
      i++;
      continue;
    }
    if (isCjk(c)) {
      unspaced = true;
      i++;
      continue;
    }
    const start = i;
    let digits = false;
    // A word: letters and digits, with inner apostrophes ("don't", "l'utilisateur").
    while (i < n) {
      const d = text.charCodeAt(i);
      if (d >= 0x30 && d <= 0x39) {
        digits = true;
        i++;
      } else if (isWordUnit(d) && !isCjk(d)) i++;
      else if (d === 0x27 && i + 1 < n && isWordUnit(text.charCodeAt(i + 1))) i++;
      else break;
    }
    if (wordCount === words.length) {
      const bigger = new Int32Array(words.length * 2);
      bigger.set(words);
      words = bigger;
    }
    words[wordCount++] = start;
    const token = text.slice(start, Math.min(i, start + 24));
    // Words inside an address ("attacker@evil.com", "/docs/security") say nothing about the sentence.
    const inAddress = isAddressChar(text.charCodeAt(start - 1)) || isAddressChar(text.charCodeAt(i));
    const bits = inAddress ? undefined : index.context.get(token);
    if (bits !== undefined) {
      ctxAt.push(start);
      ctxBits.push(bits);
      ctxAll |= bits;
    }
    if (digits && i - start > 3 && index.byKey.has(keyOf(unleet(token)))) ctxAll |= Ctx.Leet;
    const cues = index.byKey.get(keyOf(token));
    if (cues === undefined) continue;
    for (const cue of cues) {
      // Past the cap only strong cues are still tried: a flood of weak phrases cannot hide an attack.
      if (hits.length >= MAX_HITS && (cue.weight < 3 || hits.length >= 2 * MAX_HITS)) continue;
      cue.re.lastIndex = start;
      const m = cue.re.exec(text);
      if (m !== null && m[0].length > 0) hits.push({ cue, start, end: start + m[0].length });
    }
  }
  for (const { cue, re } of index.symbols) collect(re, cue, text, hits);
  if (unspaced) for (const { cue, re } of index.unspaced) collect(re, cue, text, hits);
  return { text, words, wordCount, ctxAt, ctxBits, ctxAll, hits };
}

function collect(re: RegExp, cue: Cue, text: string, hits: Hit[]): void {
  re.lastIndex = 0;
  let m: RegExpExecArray | null;
  while (hits.length < MAX_HITS && (m = re.exec(text)) !== null) {
    if (m[0].length === 0) {
      re.lastIndex++;
      continue;
    }
    hits.push({ cue, start: m.index, end: m.index + m[0].length });
  }
  re.lastIndex = 0;
}

const isAddressChar = (c: number): boolean => c === 0x40 || c === 0x2f || c === 0x3d || c === 0x5f;

const LEET: Record<string, string> = { '0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '7': 't', '8': 'b', '9': 'g' };

/** Digits read as the letters they stand for in leetspeak ("1gn0r3" → "ignore"). */
export function unleet(word: string): string {
  return word.replace(/[01345789]/g, (d) => LEET[d]!);
}

/** Index of the first word starting at or after `pos`. */
export function wordAt(s: Scan, pos: number): number {
  let lo = 0;
  let hi = s.wordCount;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (s.words[mid]! < pos) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The context kinds of words starting in `[from, to)`. */
export function ctxIn(s: Scan, from: number, to: number): number {
  let lo = 0;
  let hi = s.ctxAt.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (s.ctxAt[mid]! < from) lo = mid + 1;
    else hi = mid;
  }
  let bits = 0;
  for (let k = lo; k < s.ctxAt.length && s.ctxAt[k]! < to; k++) bits |= s.ctxBits[k]!;
  return bits;
}
