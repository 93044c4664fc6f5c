/**
 * Make invisible characters visible. Prompt-injection payloads hide in zero-width characters, bidi
 * overrides (Trojan Source), Unicode tag characters (ASCII smuggling) and variation selectors, so the
 * dialog shows each one as a visible ⟨U+XXXX⟩ marker instead of rendering it.
 * Pure: no DOM; components turn the segments into text nodes (never HTML).
 */

export type TextSegment = { kind: 'text'; text: string } | { kind: 'hidden'; code: string; name: string };

const NAMES: Record<number, string> = {
  0x00ad: 'SOFT HYPHEN',
  0x034f: 'COMBINING GRAPHEME JOINER',
  0x061c: 'ARABIC LETTER MARK',
  0x115f: 'HANGUL CHOSEONG FILLER',
  0x1160: 'HANGUL JUNGSEONG FILLER',
  0x180e: 'MONGOLIAN VOWEL SEPARATOR',
  0x200b: 'ZERO WIDTH SPACE',
  0x200c: 'ZERO WIDTH NON-JOINER',
  0x200d: 'ZERO WIDTH JOINER',
  0x200e: 'LEFT-TO-RIGHT MARK',
  0x200f: 'RIGHT-TO-LEFT MARK',
  0x2028: 'LINE SEPARATOR',
  0x2029: 'PARAGRAPH SEPARATOR',
  0x202a: 'LEFT-TO-RIGHT EMBEDDING',
  0x202b: 'RIGHT-TO-LEFT EMBEDDING',
  0x202c: 'POP DIRECTIONAL FORMATTING',
  0x202d: 'LEFT-TO-RIGHT OVERRIDE',
  0x202e: 'RIGHT-TO-LEFT OVERRIDE',
  0x2060: 'WORD JOINER',
  0x2061: 'FUNCTION APPLICATION',
  0x2062: 'INVISIBLE TIMES',
  0x2063: 'INVISIBLE SEPARATOR',
  0x2064: 'INVISIBLE PLUS',
  0x2066: 'LEFT-TO-RIGHT ISOLATE',
  0x2067: 'RIGHT-TO-LEFT ISOLATE',
  0x2068: 'FIRST STRONG ISOLATE',
  0x2069: 'POP DIRECTIONAL ISOLATE',
  0x3164: 'HANGUL FILLER',
  0xfeff: 'ZERO WIDTH NO-BREAK SPACE',
  0xffa0: 'HALFWIDTH HANGUL FILLER',
};

/** Whether a code point is shown as a marker. Tab, LF and CR stay as they are (pre-wrap shows them). */
export function isHiddenCodePoint(cp: number, previous?: number): boolean {
  if (cp === 0x09 || cp === 0x0a || cp === 0x0d) return false;
  if (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f)) return true; // C0/C1 controls, incl. ESC of ANSI sequences
  if (NAMES[cp] !== undefined) return true;
  if (cp >= 0x2065 && cp <= 0x206f) return true; // deprecated format characters
  if (cp >= 0xe0000 && cp <= 0xe007f) return true; // tag characters (ASCII smuggling)
  if (cp >= 0xe0100 && cp <= 0xe01ef) return true; // variation selectors supplement
  if (cp >= 0xfe00 && cp <= 0xfe0f) {
    // VS16 after an emoji is ordinary; a selector elsewhere (or a run of them) carries hidden bits.
    return !(cp === 0xfe0f && previous !== undefined && isPictographic(previous));
  }
  if (cp >= 0xfff9 && cp <= 0xfffb) return true; // interlinear annotation
  return false;
}

export function describeCodePoint(cp: number): { code: string; name: string } {
  const code = `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
  let name = NAMES[cp];
  if (name === undefined) {
    if (cp >= 0xe0000 && cp <= 0xe007f) {
      const ascii = cp - 0xe0000;
      name = ascii >= 0x20 && ascii < 0x7f ? `TAG ${JSON.stringify(String.fromCharCode(ascii))}` : 'TAG CHARACTER';
    } else if ((cp >= 0xfe00 && cp <= 0xfe0f) || (cp >= 0xe0100 && cp <= 0xe01ef)) name = 'VARIATION SELECTOR';
    else if (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f)) name = 'CONTROL CHARACTER';
    else name = 'INVISIBLE FORMAT CHARACTER';
  }
  return { code, name };
}

/** Split text into visible runs and hidden-character markers. Concatenating `text` runs + hidden chars gives back the input. */
export function revealHidden(text: string): TextSegment[] {
  const out: TextSegment[] = [];
  let run = '';
  let previous: number | undefined;
  for (const ch of text) {
    const cp = ch.codePointAt(0) ?? 0;
    if (isHiddenCodePoint(cp, previous)) {
      if (run) out.push({ kind: 'text', text: run });
      run = '';
      out.push({ kind: 'hidden', ...describeCodePoint(cp) });
    } else {
      run += ch;
    }
    previous = cp;
  }
  if (run) out.push({ kind: 'text', text: run });
  return out;
}

export function countHidden(text: string): number {
  return revealHidden(text).filter((s) => s.kind === 'hidden').length;
}

/** The marker text shown in place of a hidden character. */
export function markerText(code: string): string {
  return `⟨${code}⟩`;
}

function isPictographic(cp: number): boolean {
  return /\p{Extended_Pictographic}/u.test(String.fromCodePoint(cp));
}
