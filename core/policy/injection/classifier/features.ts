/**
 * What the classifier reads: normalised text (normalize.ts) cut into segments (sentences, lines,
 * at most MAX_SEGMENT_WORDS words) and, in each, hashed words and word pairs. The training script
 * (bench/injection-model/train.ts) and the runtime (classify.ts) both read text through this one
 * function, so a model always meets the features it was trained on.
 *
 * Why hashes and not strings: a 5 KB document has ~900 words; hashing each word's characters in
 * the same loop that finds it costs no string and no allocation, and a lookup is a probe into a
 * typed array (model.ts).
 */
import { isWordUnit } from '../normalize.js';

/** Bump when what readFeatures emits changes: a model trained on other features is refused (classify.ts). */
export const FEATURE_VERSION = 2;

/** Past this many words a segment ends anyway: a README table or a minified line is not one sentence. */
export const MAX_SEGMENT_WORDS = 48;
/** Longer words (base64, hashes, minified code) all read as one token. */
const MAX_WORD = 32;

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** Special tokens: hashes of strings no word can spell (words never hold these characters). */
export const TOKEN = {
  number: hashString('<num>'),
  long: hashString('<long>'),
  url: hashString('<url>'),
  at: hashString('<at>'),
  start: hashString('<s>'),
} as const;

export function hashString(s: string): number {
  let h = FNV_OFFSET;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), FNV_PRIME);
  return h | 0;
}

/** A word pair's feature: order matters ("do not" ≠ "not do"); never 0, the model's empty key. */
export function pairHash(a: number, b: number): number {
  const h = Math.imul(a ^ Math.imul(b, 0x9e3779b1), FNV_PRIME) ^ 0x5bd1e995;
  return h === 0 ? 1 : h;
}

const unigram = (h: number): number => (h === 0 ? 1 : h);

/** Scripts written without spaces (CJK, kana): read as overlapping character pairs instead of one long word. */
const isUnspaced = (c: number): boolean => (c >= 0x2e80 && c <= 0x9fff) || (c >= 0xf900 && c <= 0xfaff);

/**
 * The features of one text, segment after segment: `hashes[cut[k - 1] .. cut[k])` are segment k's
 * (from 0 for the first), and `[start[k], end[k])` its characters. The arrays are reused by the
 * next call: read them before reading another text.
 */
export interface FeatureRun {
  segments: number;
  hashes: Int32Array;
  cut: Int32Array;
  start: Int32Array;
  end: Int32Array;
}

const run: FeatureRun = { segments: 0, hashes: new Int32Array(4096), cut: new Int32Array(256), start: new Int32Array(256), end: new Int32Array(256) };

function grow(a: Int32Array, need: number): Int32Array {
  if (need <= a.length) return a;
  let size = a.length * 2;
  while (size < need) size *= 2;
  const b = new Int32Array(size);
  b.set(a);
  return b;
}

/**
 * Reads `text` (already normalised) into the shared FeatureRun. Why buffers and not a callback per
 * feature: the runtime sums a weight per feature, two per word, and a call through a closure for
 * each cost as much as the lookup itself.
 */
export function featureRun(text: string): FeatureRun {
  const r = run;
  let count = 0;
  let segment = 0;
  let segStart = -1;
  let segEnd = 0;
  let words = 0;
  let prev: number = TOKEN.start;
  const push = (h: number): void => {
    if (count === r.hashes.length) r.hashes = grow(r.hashes, count + 1);
    r.hashes[count++] = h;
  };
  const endSegment = (): void => {
    if (words > 0) {
      if (segment === r.cut.length) {
        r.cut = grow(r.cut, segment + 1);
        r.start = grow(r.start, segment + 1);
        r.end = grow(r.end, segment + 1);
      }
      r.cut[segment] = count;
      r.start[segment] = segStart;
      r.end[segment] = segEnd;
      segment++;
    }
    words = 0;
    segStart = -1;
    prev = TOKEN.start;
  };
  const emit = (h: number, end: number, at: number): void => {
    if (segStart < 0) segStart = at;
    segEnd = end;
    push(unigram(h));
    push(pairHash(prev, h));
    prev = h;
    if (++words >= MAX_SEGMENT_WORDS) endSegment();
  };

  const n = text.length;
  let i = 0;
  let gapFrom = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (!isWordUnit(c)) {
      i++;
      continue;
    }
    // The gap since the last word: sentence ends, URLs and addresses.
    if (i > gapFrom) gap(text, gapFrom, i);
    const start = i;
    if (isUnspaced(c)) {
      // Character pairs of a run in a script without spaces.
      let last = c;
      i++;
      while (i < n && isUnspaced(text.charCodeAt(i))) {
        const d = text.charCodeAt(i);
        emit(unigram(Math.imul(Math.imul(FNV_OFFSET ^ last, FNV_PRIME) ^ d, FNV_PRIME)), i + 1, i - 1);
        last = d;
        i++;
      }
      if (i === start + 1) emit(unigram(Math.imul(FNV_OFFSET ^ c, FNV_PRIME)), i, start);
      gapFrom = i;
      continue;
    }
    let h = FNV_OFFSET;
    let digits = 0;
    while (i < n) {
      const d = text.charCodeAt(i);
      if (!isWordUnit(d) || isUnspaced(d)) break;
      if (d >= 0x30 && d <= 0x39) digits++;
      h = Math.imul(h ^ d, FNV_PRIME);
      i++;
    }
    const len = i - start;
    emit(len > MAX_WORD ? TOKEN.long : digits === len ? TOKEN.number : h, i, start);
    gapFrom = i;
  }
  endSegment();
  r.segments = segment;
  return r;

  function gap(t: string, from: number, to: number): void {
    let stop = false;
    for (let k = from; k < to; k++) {
      const g = t.charCodeAt(k);
      if (g === 0x0a) stop = true;
      // A full stop ends a sentence only before a space: "v1.2.3", "example.com" and "e.g.x" go on.
      else if ((g === 0x2e || g === 0x21 || g === 0x3f) && k + 1 < to && (t.charCodeAt(k + 1) === 0x20 || t.charCodeAt(k + 1) === 0x0a)) stop = true;
      else if (g === 0x3002 || g === 0xff01 || g === 0xff1f) stop = true;
      else if (g === 0x40 && words > 0) {
        if (segStart < 0) segStart = k;
        push(TOKEN.at);
      } else if (g === 0x3a && k + 2 < to && t.charCodeAt(k + 1) === 0x2f && t.charCodeAt(k + 2) === 0x2f) {
        if (segStart < 0) segStart = k;
        push(TOKEN.url);
      }
    }
    if (stop) endSegment();
  }
}

/**
 * The same features as callbacks (training and tests): every feature with its segment's index,
 * and each segment's character range after its features. Returns the number of segments.
 */
export function readFeatures(
  text: string,
  onFeature: (segment: number, hash: number) => void,
  onSegment: (segment: number, start: number, end: number) => void,
): number {
  const r = featureRun(text);
  let from = 0;
  for (let k = 0; k < r.segments; k++) {
    const to = r.cut[k]!;
    for (let f = from; f < to; f++) onFeature(k, r.hashes[f]!);
    onSegment(k, r.start[k]!, r.end[k]!);
    from = to;
  }
  return r.segments;
}
