/**
 * Short, printable excerpts of matched text for terminals and history (`RiskFlag.excerpt`).
 * Invisible and control characters are shown as `\u{…}` escapes so the excerpt itself cannot hide
 * or reorder anything when printed.
 */

const MAX_EXCERPT = 80;

// Controls, zero-width, bidi, BOM, soft hyphen, tag characters, lone surrogates.
const INVISIBLE = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u00AD\u034F\u061C\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF\u{E0000}-\u{E007F}]/gu;

export function visible(text: string): string {
  return text.replace(INVISIBLE, (ch) => `\\u{${ch.codePointAt(0)!.toString(16).toUpperCase()}}`);
}

/** The matched slice (truncated) with invisible characters escaped. */
export function excerpt(text: string, start: number, end: number): string {
  const slice = text.slice(start, Math.min(end, start + MAX_EXCERPT));
  return visible(slice) + (end - start > MAX_EXCERPT ? '…' : '');
}
