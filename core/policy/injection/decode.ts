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

const BASE64 = /(?<![A-Za-z0-9+/_=-])[A-Za-z0-9+/_-]{16,8192}={0,2}(?![A-Za-z0-9+/_=-])/g;
const HEX = /(?<![0-9A-Fa-f])(?:[0-9A-Fa-f]{2}){12,4096}(?![0-9A-Fa-f])|(?<![0-9A-Fa-f])(?:[0-9A-Fa-f]{2}[ :,-]){11,4096}[0-9A-Fa-f]{2}(?![0-9A-Fa-f])|(?:\\x[0-9A-Fa-f]{2}){8,4096}|(?:0x[0-9A-Fa-f]{2}[, ]{0,2}){8,4096}/g;
const PERCENT = /(?<![A-Za-z0-9+._~%-])(?=[A-Za-z0-9+._~-]{0,64}%[0-9A-Fa-f]{2})(?:%[0-9A-Fa-f]{2}|[A-Za-z0-9+._~-]){12,4096}/g;
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

const DECODERS: [RegExp, Encoded['kind'], (run: string) => string | null][] = [
  [BASE64, 'base64', decodeBase64],
  [HEX, 'hex', decodeHex],
  [PERCENT, 'URL escapes', decodePercent],
  [ENTITIES, 'HTML entities', decodeEntities],
  [UNICODE, 'unicode escapes', decodeUnicode],
  [SPACED, 'spaced letters', decodeSpaced],
];

export function findEncoded(source: string): Encoded[] {
  const out: Encoded[] = [];
  let budget = MAX_DECODED;
  for (const [re, kind, decode] of DECODERS) {
    re.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = re.exec(source)) !== null && out.length < MAX_RUNS && budget > 0) {
      const text = decode(m[0]);
      if (text === null) continue;
      out.push({ start: m.index, end: m.index + m[0].length, kind, text });
      budget -= text.length;
    }
    re.lastIndex = 0;
  }
  return out;
}

/** rot13 of ASCII letters; every other character stays where it is (offsets are kept). */
export function rot13(text: string): string {
  return text.replace(/[a-z]/g, (c) => String.fromCharCode(((c.charCodeAt(0) - 97 + 13) % 26) + 97));
}
