/**
 * Text hidden in an encoding: base64, hex, URL and HTML escapes, letters spaced out. Each run is
 * decoded (Node's Buffer) and kept only if it reads as text, so the cues can read it; a flag found
 * in it points at the whole encoded run in the original.
 *
 * Every pattern is bounded and starts where the previous character cannot continue a run, so a
 * megabyte of base64-looking characters is read once.
 */
export interface Encoded {
  start: number;
  end: number;
  kind: 'base64' | 'hex' | 'URL escapes' | 'HTML entities' | 'unicode escapes' | 'spaced letters';
  text: string;
}

/** Limits per text field: how many runs are decoded and how much decoded text is read. */
export const MAX_RUNS = 64;
export const MAX_DECODED = 64 * 1024;

const HEX_SPACED = /(?<![0-9A-Fa-f])(?:[0-9A-Fa-f]{2}[ :,-]){11,4096}[0-9A-Fa-f]{2}(?![0-9A-Fa-f])|(?:\\x[0-9A-Fa-f]{2}){8,4096}|(?:0x[0-9A-Fa-f]{2}[, ]{0,2}){8,4096}/g;
const ENTITIES = /(?:&#(?:x[0-9A-Fa-f]{1,6}|[0-9]{1,7});){8,4096}/g;
const UNICODE = /(?:\\u[0-9A-Fa-f]{4}){8,4096}/g;
const SPACED = /(?<![A-Za-z])(?:[A-Za-z](?: |\.|-|_|\*|  {1,3}| \/ ){1}){10,600}[A-Za-z](?![A-Za-z])/g;

/** Mostly printable, with spaces between words: text a model would read, not a hash or an image. */
function readable(text: string): boolean {
  if (text.length < 8) return false;
  let printable = 0;
  let spaces = 0;
  let letters = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x20) spaces++;
    if ((c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c >= 0xc0) letters++;
    if ((c >= 0x20 && c < 0x7f) || c === 0x0a || c === 0x09 || (c >= 0xa0 && c !== 0xfffd)) printable++;
  }
  return printable / text.length >= 0.9 && letters / text.length >= 0.5 && spaces >= 1;
}

function bytesToText(bytes: Buffer): string {
  return bytes.toString('utf8');
}

function decodeBase64(run: string): string | null {
  const clean = run.replace(/=+$/, '');
  // Identifiers and words are base64 characters too; real payloads mix cases and digits or symbols.
  if (!/[A-Z]/.test(clean) || !/[a-z]/.test(clean)) return null;
  const text = bytesToText(Buffer.from(clean.replace(/-/g, '+').replace(/_/g, '/'), 'base64'));
  return readable(text) ? text : null;
}

function decodeHex(run: string): string | null {
  const digits = run.replace(/\\x|0x|[ :,-]/g, '');
  if (digits.length % 2 !== 0) return null;
  const text = bytesToText(Buffer.from(digits, 'hex'));
  return readable(text) ? text : null;
}

function decodePercent(run: string): string | null {
  if ((run.match(/%/g)?.length ?? 0) < 6) return null;
  try {
    const text = decodeURIComponent(run.replace(/\+/g, ' '));
    return readable(text) ? text : null;
  } catch {
    return null;
  }
}

function decodeEntities(run: string): string | null {
  const text = run.replace(/&#(x[0-9A-Fa-f]{1,6}|[0-9]{1,7});/g, (_m, code: string) => {
    const cp = code.startsWith('x') ? parseInt(code.slice(1), 16) : parseInt(code, 10);
    return cp > 0 && cp <= 0x10ffff ? String.fromCodePoint(cp) : '';
  });
  return readable(text) ? text : null;
}

function decodeUnicode(run: string): string | null {
  const text = run.replace(/\\u([0-9A-Fa-f]{4})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16)));
  return readable(text) ? text : null;
}

/** "i g n o r e   a l l" → "ignore all": wide gaps and slashes part words, single separators join letters. */
function decodeSpaced(run: string): string | null {
  const words = run.split(/ {2,}| \/ /).map((w) => w.replace(/[ .\-_*]/g, ''));
  if (words.length < 2) return null;
  return words.join(' ');
}

/** What the word scan saw (matcher.ts), so a decoder whose runs cannot be there is not run. */
export interface Hints {
  /** Where words of 12 or more letters start, in the original text: base64 and hex runs are long words. */
  longWords: readonly number[];
  /** Twelve two-letter hex words in a row ("49 67 6e 6f …"). */
  hexPairs: boolean;
  /** Eight one-letter words in a row. */
  spaced: boolean;
}

const EVERYTHING: Hints = { longWords: [], hexPairs: true, spaced: true };
const MAX_RUN = 64 * 1024;

const isBase64Char = (c: number): boolean => (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) || c === 0x2b || c === 0x2f || c === 0x5f || c === 0x2d;
const isHexDigit = (c: number): boolean => (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);
const isUrlChar = (c: number): boolean => (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) || c === 0x25 || c === 0x2b || c === 0x2e || c === 0x5f || c === 0x7e || c === 0x2d;

/** The run of `inRun` characters around `at`, at most MAX_RUN long. */
function runAround(source: string, at: number, inRun: (c: number) => boolean): [number, number] {
  let start = at;
  while (start > 0 && at - start < MAX_RUN && inRun(source.charCodeAt(start - 1))) start--;
  let end = at;
  while (end < source.length && end - start < MAX_RUN && inRun(source.charCodeAt(end))) end++;
  return [start, end];
}

type Add = (start: number, end: number, kind: Encoded['kind'], text: string | null) => boolean;

/** Base64 and hex runs, found from the long words the scan saw (no regex over the whole text). */
function longRuns(source: string, hints: Hints, add: Add): void {
  let done = -1;
  for (const at of hints.longWords) {
    if (at < done) continue;
    const [start, runEnd] = runAround(source, at, isBase64Char);
    let end = runEnd;
    // Up to two '=' of padding.
    for (let pad = 0; pad < 2 && source.charCodeAt(end) === 0x3d; pad++) end++;
    done = end;
    const run = source.slice(start, end);
    if (run.length < 16) continue;
    const allHex = /^[0-9A-Fa-f]+$/.test(run);
    if (allHex && run.length >= 24) {
      if (!add(start, end, 'hex', decodeHex(run))) return;
    } else if (!add(start, end, 'base64', decodeBase64(run))) return;
  }
}

/** %XX runs, found from the percent signs. */
function percentRuns(source: string, add: Add): void {
  let from = 0;
  for (;;) {
    const p = source.indexOf('%', from);
    if (p < 0 || p + 2 >= source.length) return;
    if (!isHexDigit(source.charCodeAt(p + 1)) || !isHexDigit(source.charCodeAt(p + 2))) {
      from = p + 1;
      continue;
    }
    const [start, end] = runAround(source, p, isUrlChar);
    from = Math.max(end, p + 1);
    if (end - start >= 12 && !add(start, end, 'URL escapes', decodePercent(source.slice(start, end)))) return;
  }
}

// Rarer encodings: their regexes run only when a cheap test says their runs may be there.
const RARE: [RegExp, Encoded['kind'], (run: string) => string | null, (source: string, hints: Hints) => boolean][] = [
  [HEX_SPACED, 'hex', decodeHex, (s, h) => h.hexPairs || s.includes('\\x') || s.includes('0x')],
  [ENTITIES, 'HTML entities', decodeEntities, (s) => s.includes('&#')],
  [UNICODE, 'unicode escapes', decodeUnicode, (s) => s.includes('\\u')],
  [SPACED, 'spaced letters', decodeSpaced, (_s, h) => h.spaced],
];

export function findEncoded(source: string, hints: Hints = EVERYTHING): Encoded[] {
  const out: Encoded[] = [];
  let budget = MAX_DECODED;
  const add: Add = (start, end, kind, text) => {
    if (text !== null) {
      out.push({ start, end, kind, text });
      budget -= text.length;
    }
    return out.length < MAX_RUNS && budget > 0;
  };
  // Without hints (a caller that did not scan), every long word is a candidate.
  const longWords = hints === EVERYTHING ? [...source.matchAll(/[A-Za-z0-9+/_-]{12,}/g)].map((m) => m.index) : hints.longWords;
  longRuns(source, { ...hints, longWords }, add);
  if (source.includes('%')) percentRuns(source, add);
  for (const [re, kind, decode, worth] of RARE) {
    if (out.length >= MAX_RUNS || budget <= 0 || !worth(source, hints)) continue;
    re.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = re.exec(source)) !== null && add(m.index, m.index + m[0].length, kind, decode(m[0])));
    re.lastIndex = 0;
  }
  return out;
}

/** rot13 of ASCII letters; every other character stays where it is (offsets are kept). */
export function rot13(text: string): string {
  return text.replace(/[a-z]/g, (c) => String.fromCharCode(((c.charCodeAt(0) - 97 + 13) % 26) + 97));
}
