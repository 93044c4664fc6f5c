/**
 * A cue: one phrase family's pattern, its weight, and the words it starts with.
 *
 * Cues are written on normalised text (normalize.ts: lowercase, no accents) with two shorthands:
 * `_` is a gap between words (spaces, quotes, brackets, markdown emphasis, a comma or dash — never
 * a sentence end; write a literal underscore as `\x5f`), and `<wN>` (N up to 99) is up to N further words of
 * any kind in the same sentence. Both are bounded, and a cue is only ever tried where one of its
 * first words starts (matcher.ts), so a cue costs O(its bounded length) per occurrence of its
 * first word: linear in the text, with no catastrophic backtracking on any input.
 */
import type { InjectionFamily } from '../../../shared/flags.js';
import { foldPattern } from './normalize.js';

/** 1 weak (alone: low), 2 suspicious (alone: medium), 3 an attack whenever addressed to the model. */
export type Weight = 1 | 2 | 3;

export interface CueOptions {
  /** A "not"/"never" just before it turns it into advice ("never send your password"). */
  negatable?: boolean;
  /** Context words (matcher.ts `Ctx`) that raise it one step when its sentence has them. */
  boost?: number;
  /** A whole-text cue runs only when the text contains one of these (a cheap search first). */
  needs?: string[];
  /** Context words (matcher.ts `Ctx`) one of which must follow within seven words for the cue to be tried. */
  near?: number;
}

export interface Cue extends Required<Omit<CueOptions, 'needs' | 'near'>> {
  near: number;
  needs: string[] | null;
  family: InjectionFamily;
  weight: Weight;
  /** Where the matcher tries it. */
  keys: CueKey[];
  /** Sticky: tried at one position at a time. */
  re: RegExp;
}

const GAP = String.raw`(?:[\s*_"'\x60()\[\]<>|,#-]{1,8})`;
const word = String.raw`(?:[^\s.!?;:,()\[\]"'*_<>#|\x60=-]|[?=](?=[^\s.!?;:,])){1,30}`;
const words = (n: number): string => String.raw`(?:${word}${GAP}){0,${n}}`;

export function expand(source: string): string {
  // `_` first: the text `<wN>` expands to has underscores of its own (in GAP's class).
  return foldPattern(source)
    .replace(/_/g, GAP)
    .replace(/<w(\d{1,2})>/g, (_m, n: string) => words(Number(n)));
}

/** Index of the `]` closing the character class that opens at `open` (parentheses inside do not count). */
function classEnd(source: string, open: number): number {
  for (let i = open + 1; i < source.length; i++) {
    if (source[i] === '\\') i++;
    else if (source[i] === ']') return i;
  }
  return source.length;
}

/** Index of the parenthesis closing the group that opens `source`. */
function closingParen(source: string): number {
  let depth = 0;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') i++;
    else if (c === '[') i = classEnd(source, i);
    else if (c === '(') depth++;
    else if (c === ')' && --depth === 0) return i;
  }
  throw new Error(`unbalanced cue pattern: ${source}`);
}

/** The top-level alternatives of a group's inside. */
function alternativesOf(inner: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let from = 0;
  for (let i = 0; i < inner.length; i++) {
    const c = inner[i];
    if (c === '\\') i++;
    else if (c === '[') i = classEnd(inner, i);
    else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === '|' && depth === 0) {
      out.push(inner.slice(from, i));
      from = i + 1;
    }
  }
  out.push(inner.slice(from));
  return out;
}

/**
 * Where the matcher tries a cue: at a word equal to `text` (`word`), at a word starting with
 * `text` (`prefix`, four letters), or — when the cue starts with a small word such as "the" or
 * "you", which every text is full of — at that word only when the next word fits (`after`).
 */
export interface CueKey {
  kind: 'word' | 'prefix';
  text: string;
  /** A leading small word the key's word must follow ("the" in "the user will not see"). */
  after?: string;
}

/** Words too common to try cues at on their own: a cue starting with one is keyed on the pair. */
export const SMALL_WORDS = new Set(['the', 'a', 'an', 'to', 'in', 'of', 'for', 'and', 'with', 'this', 'that', 'your', 'you', 'it', 'as', 'be', 'do', 'no', 'on', 'at', 'by', 'is', 'my', 'our', 'all', 'any', 'we', 'i', 'if', 'or', 'are', 'from', 'not', 'its', 'their', 'these', 'those', 'la', 'le', 'les', 'de', 'el', 'die', 'der', 'das', 'du', 'un', 'une', 'en', 'et', 'y', 'und', 'il', 'tu', 'te', 'o']);

/**
 * The words a pattern can start with, read from its leading literal or its leading `(?:a|b)`
 * group, recursively; an optional leading group adds the words of what follows it.
 */
export function leadingKeys(pattern: string): CueKey[] {
  let source = pattern;
  // A leading lookbehind only narrows where the cue may start; its first words come after it.
  if (source.startsWith('(?<')) source = source.slice(closingParen(source) + 1);
  if (source.startsWith('(?:')) {
    const close = closingParen(source);
    let rest = source.slice(close + 1);
    const keys: CueKey[] = [];
    if (rest.startsWith('?')) {
      rest = rest.slice(1);
      keys.push(...leadingKeys(rest.replace(/^_\??/, '')));
    }
    for (const alt of alternativesOf(source.slice(3, close))) keys.push(...leadingKeys(alt + rest));
    return keys;
  }
  const folded = foldPattern(source);
  const literal = /^[^\\()[\]{}|?*+.^$_<>-]*/.exec(folded)![0];
  if (literal.length === 0) throw new Error(`cue "${pattern}" does not start with a literal word`);
  const next = folded[literal.length];
  if (next === '_' && SMALL_WORDS.has(literal)) {
    try {
      // Key on the word after the small one; a second small word is keyed as a word itself.
      return leadingKeys(source.slice(literal.length + 1)).map((k) => ({ kind: k.after ? 'word' : k.kind, text: k.after ?? k.text, after: literal }));
    } catch {
      return [{ kind: 'word', text: literal }];
    }
  }
  // A whole word ends at a gap, a hyphen, an escaped punctuation mark, the end of the pattern, or a
  // group that opens with a gap or a lookaround ("send(?!_us)", "call(?:_the)?").
  const after = folded.slice(literal.length);
  if (next === undefined || next === '_' || next === '-' || next === '\\' || next === ')' || /^(?:\(\?[!=<]|(?:\(\?:)+_)/.test(after)) return [{ kind: 'word', text: literal }];
  // Otherwise the word goes on in regex syntax ("ignor(?:e|ing)", "instructions?"): a prefix.
  const stem = next === '?' || next === '*' || next === '{' ? literal.slice(0, -1) : literal;
  if (stem.length >= 4) return [{ kind: 'prefix', text: stem.slice(0, 4) }];
  return [{ kind: 'word', text: literal }];
}

export function cue(family: InjectionFamily, weight: Weight, source: string, options: CueOptions = {}): Cue {
  return {
    family,
    weight,
    negatable: options.negatable ?? false,
    boost: options.boost ?? 0,
    needs: null,
    near: options.near ?? 0,
    keys: leadingKeys(source),
    // The cue must end at a word end, so "task" does not match the start of "taskbar" (a cue that
    // ends in punctuation, such as "https://", may be followed by anything).
    re: new RegExp(`(?:${expand(source)})(?:(?<![a-z0-9])|(?![a-z0-9]))`, 'y'),
  };
}

/**
 * A cue run over the whole text: one that starts with punctuation (`<|im_start|>`, `![`), or is
 * written in a script without spaces. Its pattern must start with a rare literal character or
 * word so the regex engine skips ahead quickly, and must be bounded like every other.
 */
export function globalCue(family: InjectionFamily, weight: Weight, source: string, options: CueOptions = {}): Cue {
  return { family, weight, negatable: options.negatable ?? false, boost: options.boost ?? 0, needs: options.needs ?? null, near: 0, keys: [], re: new RegExp(expand(source), 'g') };
}

