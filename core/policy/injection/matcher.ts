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
  /** Eight or more one-letter words in a row ("i g n o r e"): worth reading the letters joined. */
  Spaced: 2048,
  /** What orders act on (instructions, keys, logging, privileges …): pair cues need one nearby. */
  Target: 4096,
  /** Actions that cannot be taken back or that spend, grant or delete (cues/structure.ts boosts with it). */
  Danger: 8192,
} as const;

export interface CueIndex {
  /** Cues by the word they start with, and by the first four letters of it. */
  keys: KeyTable;
  /** Cues that start with a small word ("the", "you"), by that word, then by the word after it. */
  pairs: Map<string, KeyTable>;
  /** Global regexes with their cue, run over the whole text (punctuation-led cues). */
  symbols: { cue: Cue; re: RegExp }[];
  /** Cues for scripts written without spaces; run only when the text has such characters. */
  unspaced: { cue: Cue; re: RegExp }[];
  context: Map<string, number>;
}

export interface KeyTable {
  words: Map<string, Cue[]>;
  prefixes: Map<string, Cue[]>;
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
  /** Length of the longest word (base64 runs are long words). */
  longest: number;
  /** Where words of 12 or more characters start (at most 256 of them). */
  longWords: number[];
  /** Twelve two-character hex words in a row. */
  hexPairs: boolean;
}

/** Past this many cue matches in one text the rest only count; a 1 MB flood of one phrase stays linear. */
export const MAX_HITS = 400;

const isCjk = (c: number): boolean => (c >= 0x3040 && c <= 0x30ff) || (c >= 0x3400 && c <= 0x9fff) || (c >= 0xac00 && c <= 0xd7af) || (c >= 0xf900 && c <= 0xfaff);

/** What the index says about one word: its context kinds, the cues that start with it, the pairs it leads. */
interface WordInfo {
  bits: number;
  cues: readonly Cue[] | null;
  pair: KeyTable | null;
}

const NOTHING: WordInfo = { bits: 0, cues: null, pair: null };
/** Words repeat (documents say "the" hundreds of times): look each up in the index once. */
const wordInfos = new WeakMap<CueIndex, Map<string, WordInfo>>();
const MAX_CACHED_WORDS = 200_000;

function infoOf(index: CueIndex, cache: Map<string, WordInfo>, word: string): WordInfo {
  let info = cache.get(word);
  if (info !== undefined) return info;
  const exact = index.keys.words.get(word);
  const byPrefix = word.length >= 4 ? index.keys.prefixes.get(word.slice(0, 4)) : undefined;
  const cues = exact && byPrefix ? [...new Set([...exact, ...byPrefix])] : (exact ?? byPrefix ?? null);
  const bits = index.context.get(word) ?? 0;
  const pair = index.pairs.get(word) ?? null;
  info = bits === 0 && cues === null && pair === null ? NOTHING : { bits, cues, pair };
  if (cache.size < MAX_CACHED_WORDS) cache.set(word, info);
  return info;
}

/** `quiet`: ascending [start, end) pairs where keyed cues are not tried (the context words are still read). */
export function scan(text: string, index: CueIndex, quiet?: readonly number[]): Scan {
  let cache = wordInfos.get(index);
  if (cache === undefined) wordInfos.set(index, (cache = new Map()));
  // Pass 1: the words (start and end), the context words, and signs of hidden text.
  let starts: Int32Array<ArrayBuffer> = new Int32Array(Math.max(16, text.length >> 3));
  let ends: Int32Array<ArrayBuffer> = new Int32Array(starts.length);
  const infos: WordInfo[] = [];
  let wordCount = 0;
  const ctxAt: number[] = [];
  const ctxBits: number[] = [];
  let ctxAll = 0;
  let unspaced = false;
  let leet = 0;
  let singles = 0;
  let longest = 0;
  const longWords: number[] = [];
  let pairs = 0;
  let hexPairs = false;
  let rot13Words = 0;
  let reversedWords = 0;
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c < 0x80 ? ASCII_WORD[c] === 0 : !isWordUnit(c)) {
      i++;
      continue;
    }
    if (c >= 0x3040 && isCjk(c)) {
      unspaced = true;
      i++;
      continue;
    }
    const start = i;
    let digits = false;
    // A word: letters and digits, with inner apostrophes ("don't", "l'utilisateur").
    while (i < n) {
      const d = text.charCodeAt(i);
      if (d < 0x80) {
        if (ASCII_WORD[d] === 1) {
          if (d <= 0x39) digits = true;
          i++;
        } else if (d === 0x27 && i + 1 < n && isWordUnit(text.charCodeAt(i + 1))) i++;
        else break;
      } else if (isWordUnit(d) && !isCjk(d)) i++;
      else break;
    }
    if (wordCount === starts.length) {
      starts = grow(starts);
      ends = grow(ends);
    }
    const length = i - start;
    if (length > longest) longest = length;
    if (length >= 12 && longWords.length < 256) longWords.push(start);
    if (length === 2 && isHex(text.charCodeAt(start)) && isHex(text.charCodeAt(start + 1))) {
      if (++pairs >= 12) hexPairs = true;
    } else pairs = 0;
    if (length === 1) {
      if (++singles >= 8) ctxAll |= Ctx.Spaced;
    } else singles = 0;
    const info = length > 24 ? NOTHING : infoOf(index, cache, text.slice(start, i));
    starts[wordCount] = start;
    ends[wordCount] = i;
    infos[wordCount++] = info;
    // Words inside an address ("attacker@evil.com", "/docs/security") say nothing about the sentence.
    if (info.bits !== 0 && !isAddressChar(text.charCodeAt(start - 1)) && !isAddressChar(text.charCodeAt(i))) {
      ctxAt.push(start);
      ctxBits.push(info.bits);
      ctxAll |= info.bits & ~(Ctx.Rot13 | Ctx.Reversed);
      if (info.bits & Ctx.Rot13) rot13Words++;
      if (info.bits & Ctx.Reversed) reversedWords++;
    }
    // Leetspeak has a digit inside the word ("1gn0r3"), not only at its end ("utf8", "es2015").
    if (digits && length > 3 && length <= 24) {
      const token = text.slice(start, i);
      if (/[0-9][a-z]/.test(token) && hasKey(index.keys, unleet(token))) leet++;
    }
  }

  // Pass 2: try the cues that start where each word starts.
  const hits: Hit[] = [];
  let q = 0;
  for (let k = 0; k < wordCount; k++) {
    const info = infos[k]!;
    if (info === NOTHING) continue;
    const start = starts[k]!;
    if (quiet !== undefined) {
      while (q < quiet.length && quiet[q + 1]! <= start) q += 2;
      if (q < quiet.length && quiet[q]! <= start) continue;
    }
    if (info.pair !== null && k + 1 < wordCount) {
      const nextStart = starts[k + 1]!;
      const nextEnd = ends[k + 1]!;
      // Only across a gap (not "the. user"): the cue's own pattern checks the rest.
      if (nextStart - ends[k]! <= 8 && nextEnd - nextStart <= 24) {
        const next = text.slice(nextStart, nextEnd);
        const exact = info.pair.words.get(next);
        if (exact !== undefined) attempt(exact, text, start, hits);
        const byPrefix = next.length >= 4 && info.pair.prefixes.size > 0 ? info.pair.prefixes.get(next.slice(0, 4)) : undefined;
        if (byPrefix !== undefined) attempt(byPrefix, text, start, hits);
      }
    }
    if (info.cues !== null) {
      // Pair cues (cues/pairs.ts) are tried only when an object they need follows within seven words.
      let near = 0;
      for (let j = k + 1; j < wordCount && j <= k + 7; j++) near |= infos[j]!.bits;
      attempt(info.cues, text, start, hits, near);
    }
  }
  const present = new Map<string, boolean>();
  const has = (needle: string): boolean => {
    let yes = present.get(needle);
    if (yes === undefined) present.set(needle, (yes = text.includes(needle)));
    return yes;
  };
  for (const { cue, re } of index.symbols) if (cue.needs === null || cue.needs.some(has)) collect(re, cue, text, hits);
  if (unspaced) for (const { cue, re } of index.unspaced) collect(re, cue, text, hits);
  if (leet >= 2) ctxAll |= Ctx.Leet;
  // A text worth reading rot13-decoded or backwards has many such words, not one stray "bs" or "eht".
  if (rot13Words >= 2 && rot13Words * 20 >= wordCount) ctxAll |= Ctx.Rot13;
  if (reversedWords >= 2 && reversedWords * 20 >= wordCount) ctxAll |= Ctx.Reversed;
  return { text, words: starts, wordCount, ctxAt, ctxBits, ctxAll, hits, longest, longWords, hexPairs };
}

function attempt(cues: readonly Cue[], text: string, start: number, hits: Hit[], near = -1): void {
  for (const cue of cues) {
    if (cue.near !== 0 && (near & cue.near) === 0) continue;
    // Past the cap only strong cues are still tried: a flood of weak phrases cannot hide an attack.
    if (hits.length >= MAX_HITS && (cue.weight < 3 || hits.length >= 2 * MAX_HITS)) continue;
    cue.re.lastIndex = start;
    const m = cue.re.exec(text);
    if (m !== null && m[0].length > 0) hits.push({ cue, start, end: start + m[0].length });
  }
}

function hasKey(table: KeyTable, word: string): boolean {
  return table.words.has(word) || (word.length >= 4 && table.prefixes.has(word.slice(0, 4)));
}

const isHex = (c: number): boolean => (c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66);

function grow(a: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> {
  const bigger = new Int32Array(a.length * 2);
  bigger.set(a);
  return bigger;
}

/** ASCII letters, digits and nothing else are word characters (1); the apostrophe is handled apart. */
const ASCII_WORD = (() => {
  const t = new Uint8Array(128);
  for (let c = 0x30; c <= 0x39; c++) t[c] = 1;
  for (let c = 0x61; c <= 0x7a; c++) t[c] = 1;
  for (let c = 0x41; c <= 0x5a; c++) t[c] = 1;
  return t;
})();

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
  return lowerBound(s.words, s.wordCount, pos);
}

/** The first index of ascending `a[0..n)` whose value is at least `v`. */
function lowerBound(a: ArrayLike<number>, n: number, v: number): number {
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (a[mid]! < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** How many words starting in `[from, to)` are of kind `bit`. */
export function countIn(s: Scan, from: number, to: number, bit: number): number {
  let n = 0;
  for (let k = lowerBound(s.ctxAt, s.ctxAt.length, from); k < s.ctxAt.length && s.ctxAt[k]! < to; k++) if (s.ctxBits[k]! & bit) n++;
  return n;
}

/** The context kinds of words starting in `[from, to)`. */
export function ctxIn(s: Scan, from: number, to: number): number {
  let bits = 0;
  for (let k = lowerBound(s.ctxAt, s.ctxAt.length, from); k < s.ctxAt.length && s.ctxAt[k]! < to; k++) bits |= s.ctxBits[k]!;
  return bits;
}
