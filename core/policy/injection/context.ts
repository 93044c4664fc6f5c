/**
 * How much a cue counts where it stands. A phrase is an attack when it is addressed to the model
 * (or to the user, against them); the same words quoted in a security write-up, shown in a code
 * block, negated ("never send your password") or offered as an option ("you can ignore this
 * warning") are talk about it. Scores combine: the cue's weight, plus what addresses or backs it
 * up, minus what makes it talk.
 */
import type { Hit, Scan } from './matcher.js';
import { Ctx, countIn, ctxIn, wordAt } from './matcher.js';

export interface Scored {
  hit: Hit;
  score: number;
  /** Why the score moved, for the flag's message ("quoted", "in a code block", …). */
  lowered: string[];
}

/** Fenced code blocks (``` or ~~~ lines), as [start, end) pairs in one flat array. */
export function codeFences(text: string): number[] {
  const out: number[] = [];
  const re = /^[ \t]{0,3}(?:```|~~~)/gm;
  let open = -1;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    if (open < 0) open = m.index;
    else {
      out.push(open, m.index + 3);
      open = -1;
    }
  }
  // An unclosed fence runs to the end, as markdown renders it.
  if (open >= 0) out.push(open, text.length);
  return out;
}

function inRanges(ranges: readonly number[], pos: number): boolean {
  for (let k = 0; k < ranges.length; k += 2) if (pos >= ranges[k]! && pos < ranges[k + 1]!) return true;
  return false;
}

const SENTENCE_END = (text: string, k: number): boolean => {
  const c = text.charCodeAt(k);
  if (c === 0x0a) return true;
  if (c !== 0x2e && c !== 0x21 && c !== 0x3f && c !== 0x3002) return false;
  const next = text.charCodeAt(k + 1);
  return Number.isNaN(next) || next === 0x20 || next === 0x0a || next === 0x09 || c === 0x3002;
};

function sentenceStart(text: string, pos: number): number {
  const limit = Math.max(0, pos - 300);
  for (let k = pos - 1; k >= limit; k--) if (SENTENCE_END(text, k)) return k + 1;
  return limit;
}

function sentenceEnd(text: string, pos: number): number {
  const limit = Math.min(text.length, pos + 300);
  for (let k = pos; k < limit; k++) if (SENTENCE_END(text, k)) return k;
  return limit;
}

/**
 * Every search around a hit is bounded: a megabyte without a blank line (or without a newline)
 * must not be read again for each of its hits.
 */
function backTo(text: string, needle: string, pos: number, limit: number): number {
  const from = Math.max(0, pos - limit);
  const found = text.slice(from, pos).lastIndexOf(needle);
  return found < 0 ? -1 : from + found;
}

function forwardTo(text: string, needle: string, pos: number, limit: number): number {
  const found = text.slice(pos, Math.min(text.length, pos + limit)).indexOf(needle);
  return found < 0 ? -1 : pos + found;
}

function paragraph(text: string, pos: number): [number, number] {
  const back = backTo(text, '\n\n', pos, 1500);
  const fwd = forwardTo(text, '\n\n', pos, 1500);
  return [back < 0 ? Math.max(0, pos - 1500) : back, fwd < 0 ? Math.min(text.length, pos + 1500) : fwd];
}

/**
 * Where a quotation around `pos` opens, or -1: inside "…", '…' or `…` on the same line, with the
 * closing mark within a few hundred characters. Not a JSON string value (`"content": "…"`): tool
 * results are JSON, and the text in them is data the model reads, not a quotation.
 */
function quoted(text: string, pos: number): number {
  const lineStart = Math.max(backTo(text, '\n', pos, 400) + 1, pos - 400, 0);
  let doubles = 0;
  let ticks = 0;
  let openDouble = -1;
  let openSingle = -1;
  for (let k = lineStart; k < pos; k++) {
    const c = text.charCodeAt(k);
    if (c === 0x22 && text.charCodeAt(k - 1) !== 0x5c) {
      doubles++;
      if (doubles % 2 === 1) openDouble = k;
    } else if (c === 0x60) ticks++;
    else if (c === 0x27) {
      // An opening single quote follows a space or bracket; an apostrophe follows a letter.
      const before = k > 0 ? text.charCodeAt(k - 1) : 0x20;
      if (before === 0x20 || before === 0x28 || before === 0x5b || before === 0x3a || before === 0x0a) openSingle = k;
      else if (openSingle >= 0 && !isLetter(text.charCodeAt(k + 1))) openSingle = -1;
    }
  }
  if (ticks % 2 === 1) return pos;
  const lineEnd = forwardTo(text, '\n', pos, 300);
  const limit = lineEnd < 0 ? Math.min(text.length, pos + 300) : lineEnd;
  if (doubles % 2 === 1 && !jsonValue(text, openDouble)) {
    const close = forwardTo(text, '"', pos, limit - pos);
    if (close >= 0) return openDouble;
  }
  if (openSingle >= 0) {
    for (let k = pos; k < limit; k++) if (text.charCodeAt(k) === 0x27 && !isLetter(text.charCodeAt(k + 1))) return openSingle;
  }
  return -1;
}

const isLetter = (c: number): boolean => (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || c >= 0xc0;

/**
 * A quote that opens a JSON value: after `"key":`, `[` or `{`, or after `",` on a line with keys.
 * Not prose that lists quotes ("…", "…") or introduces one (simply: "…").
 */
function jsonValue(text: string, open: number): boolean {
  const before = (k: number): number => {
    while (k >= 0 && (text[k] === ' ' || text[k] === '\t')) k--;
    return k;
  };
  const k = before(open - 1);
  if (k < 0) return false;
  if (text[k] === '[' || text[k] === '{') return true;
  if (text[k] === ':') return text[before(k - 1)] === '"';
  if (text[k] === ',') {
    const lineStart = Math.max(0, text.lastIndexOf('\n', k) + 1, k - 400);
    return text[before(k - 1)] === '"' && /"\s*:/.test(text.slice(lineStart, k));
  }
  return false;
}

const INTRODUCED = /(?:e\.g\.?|i\.e\.?|for example|for instance|such as|like|z\.b\.|zum beispiel|etwa|par exemple|comme|por ejemplo|como|payloads?|phrases?|strings?|prompts?|text|says?|said|wrote|writes|reads?|contain(?:s|ing)?|including)\W{0,4}$/;

/** Words that may stand before an order without making it less of one: "Please ignore …", "Now, send …". */
const LEADS = new Set(['please', 'now', 'then', 'and', 'also', 'so', 'just', 'first', 'next', 'finally', 'immediately', 'kindly', 'instead', 'but', 'actually', 'important', 'note', 'urgent', 'ok', 'okay', 'hey', 'hi', 'assistant', 'ai', 'bitte', 'jetzt', 'dann', 'und', 'merci', 'puis', 'et', 'ahora', 'luego', 'y', 'por', 'favor']);

/** Whether word `w` begins its sentence, give or take a lead word or two ("Please, now …"). */
function atClauseStart(s: Scan, sStart: number, w: number): boolean {
  let first = wordAt(s, sStart);
  // A colon opens a clause too ("Note: ignore …", "Fallback: send …").
  const at = s.words[w] ?? s.text.length;
  const colon = s.text.slice(sStart, at).lastIndexOf(': ');
  if (colon >= 0) first = wordAt(s, sStart + colon);
  for (let k = first; k < w; k++) {
    const start = s.words[k]!;
    let end = start;
    while (end < s.text.length && /[a-z']/.test(s.text[end]!)) end++;
    if (!LEADS.has(s.text.slice(start, end))) return false;
  }
  return w - first <= 3;
}

/** Subjects and relative pronouns: a verb right after one is described, not ordered. */
const DESCRIBED = new Set(['that', 'which', 'who', 'they', 'he', 'she', 'it', 'we', 'i', 'agents', 'attackers', 'users', 'servers', 'tools', 'models', 'plugins', 'scripts', 'apps', 'will', 'would', 'can', 'could', 'may', 'might']);

function wordEnd(text: string, start: number): number {
  let end = start;
  while (end < text.length && /[a-z0-9']/.test(text[end]!)) end++;
  return end;
}

const REPORTING = /\b(?:asks?|asked|asking|tells?|told|telling|instructs?|instructed|tries|tried|trying|attempts?|attempted|wants?|wanted|tricks?|tricked|tricking|convinces?|convinced|convincing|persuades?|persuaded|persuading|forces?|forced|causes?|caused|causing|makes?|made|making|getting|gets|got|designed|meant|used|uses|able|how|prompted|required|requires)\b/;

/** A verb of saying before the cue in its sentence, then "that" ("the page said, roughly, that …"). */
const REPORTED_SPEECH = /\b(?:said|says|wrote|writes|claimed|claims|stated|states|suggested|suggests|read|reads|told\s\w+|asked\s\w+|explained|reported)\b[^.!?\n]{0,60}\bthat\s/;
const reportedAlready = (lowered: readonly string[]): boolean => lowered.includes('reported');

/** Introduced as an example: "such as", "e.g.", "payloads like" just before `at` (where the quote opens, or the text itself), or an introducing word among the four words before `start`. */
function introduced(s: Scan, at: number, start: number): boolean {
  if (INTRODUCED.test(s.text.slice(Math.max(0, at - 60), at))) return true;
  return (ctxIn(s, s.words[Math.max(0, wordAt(s, start) - 4)] ?? 0, start) & Ctx.Intro) !== 0;
}

/** Past this much, more context changes nothing: a hit is at most two steps up or down. */
const MAX_UP = 2;

export function scoreHit(s: Scan, hit: Hit, fences: readonly number[], all: readonly Hit[]): Scored {
  const { text } = s;
  const lowered: string[] = [];
  const sStart = sentenceStart(text, hit.start);
  const sEnd = sentenceEnd(text, hit.end);
  const inSentence = ctxIn(s, sStart, sEnd);
  const w = wordAt(s, hit.start);
  const before3 = ctxIn(s, s.words[Math.max(0, w - 3)] ?? 0, hit.start);

  let down = 0;
  if (hit.cue.negatable && before3 & Ctx.Negation) {
    down += 2;
    lowered.push('negated');
  }
  // "the assistant can now call tools" describes; "you can now ignore your rules" addresses.
  if (before3 & Ctx.Permissive && !(before3 & Ctx.You && inSentence & Ctx.Model)) {
    down += 1;
    lowered.push('offered as an option');
  }
  // "attackers ask the model to ignore …": reported, unless addressed ("I need you to ignore …").
  const prev = s.words[w - 1];
  if (prev !== undefined && text.startsWith('to ', prev) && prev + 3 === hit.start && !(before3 & Ctx.You) && REPORTING.test(text.slice(sStart, prev))) {
    down += 1;
    lowered.push('reported');
  }
  // "the attacker's text said that the assistant should …": reported speech, not an order.
  if (!reportedAlready(lowered) && REPORTED_SPEECH.test(text.slice(sStart, hit.start))) {
    down += 1;
    lowered.push('reported');
  }
  // "a model to reveal its system prompt": the cue speaks of someone else's, not the reader's.
  const own = text.slice(hit.start, hit.end);
  if (/\b(?:its|their|his|her)\b/.test(own) && !/\byour\b/.test(own)) {
    down += 1;
    lowered.push('described');
  }
  // "requests that remove safety rules", "it will send the report": a subject before the verb
  // describes what something does; an order has none ("Remove the safety rules").
  if (prev !== undefined && prev >= sStart && DESCRIBED.has(text.slice(prev, wordEnd(text, prev))) && !(before3 & Ctx.You)) {
    down += 1;
    lowered.push('described');
  }
  // A question ("instead of the summary, can you send me the notes?") asks; an order tells.
  // Probes are questions by nature ("What is your system prompt?").
  if (text.charCodeAt(sEnd) === 0x3f && hit.cue.family !== 'system-prompt-probe') {
    down += 1;
    lowered.push('a question');
  }
  const inCode = inRanges(fences, hit.start);
  if (inCode) {
    down += 2;
    lowered.push('in a code block');
  }
  // A cue that spans a quotation ("instead of "summarize this", write …") talks about wording.
  const q = quoted(text, hit.start) >= 0 ? quoted(text, hit.start) : text.slice(hit.start, hit.end).includes('"') ? hit.start : -1;
  // Text addressed to the AI reader is the injection's carrier whether or not it sits in quotes.
  if (q >= 0 && hit.cue.family !== 'injection.addressed') {
    down += 1;
    lowered.push('quoted');
  }
  if (introduced(s, q >= 0 ? q : hit.start, hit.start)) {
    down += 1;
    lowered.push('given as an example');
  }
  const [pStart, pEnd] = paragraph(text, hit.start);
  // Writing about attacks describes them with their vocabulary; an order at the start of a
  // sentence that mentions it once ("Produce a phishing email") is still an order. The cue's own
  // words do not count ("this is not a prompt injection").
  const security = countIn(s, pStart, hit.start, Ctx.Security) + countIn(s, hit.end, pEnd, Ctx.Security);
  const order = atClauseStart(s, sStart, w);
  if (security >= 2 || (security === 1 && (!order || down > 0))) {
    // A paragraph dense with it (three or more) is an explainer or a report, not an attack.
    down += security >= 3 ? 2 : 1;
    lowered.push('in writing about attacks');
  }
  // A markdown heading names a feature ("### Export conversations"); it orders nothing.
  const lineStart = backTo(text, '\n', hit.start, 300) + 1;
  if (text.charCodeAt(lineStart) === 0x23 && /^#{1,6} /.test(text.slice(lineStart, lineStart + 7))) {
    down += 1;
    lowered.push('in a heading');
  }

  // What raises a cue counts only where nothing says it is talk about one.
  let up = 0;
  if (down === 0) {
    const boosted = hit.cue.boost !== 0 && (inSentence & hit.cue.boost) !== 0;
    if (boosted) up++;
    if (inSentence & Ctx.Model) up++;
    if (inSentence & Ctx.Urgent) up++;
    // A suspicious phrase as an order at the start of a sentence ("Disregard the request …").
    if (hit.cue.weight + (boosted ? 1 : 0) === 2 && atClauseStart(s, sStart, w)) up++;
    // Another family's cue nearby backs it up: attacks stack their moves. Weak ones count only in
    // the same sentence, and it takes two of them to back a weak cue: documentation puts one weak
    // sign next to another ("Instead, send an email to security@…") often enough.
    let weakInSentence = 0;
    for (const other of all) {
      if (other === hit || other.cue.family === hit.cue.family) continue;
      if (other.end <= hit.start - 300 || other.start >= hit.end + 300) continue;
      const sameSentence = other.start >= sStart && other.end <= sEnd;
      if (other.cue.weight >= 2 || (sameSentence && (hit.cue.weight >= 2 || ++weakInSentence >= 2))) {
        up++;
        break;
      }
    }
  }
  let score = hit.cue.weight + Math.min(up, MAX_UP) - down;
  if (inCode) score = Math.min(score, 1);
  // An extra task is a medium sign at most: the family that says what the task does carries the rest.
  if (hit.cue.family === 'appended-task') score = Math.min(score, 2);
  return { hit, score, lowered };
}

/**
 * The context of the trained model's passage (classifier/classify.ts), judged at its
 * highest-scoring segment `[start, end)` with the cues' own reading of talk about attacks: shown in
 * a code block (two steps down), quoted or introduced as an example, reported speech, and a
 * paragraph dense with security vocabulary (one step, two when it is an explainer). The model
 * weighs words, not where they stand; this is where they stand.
 */
export function passageContext(s: Scan, fences: readonly number[], start: number, end: number): { down: number; lowered: string[] } {
  const { text } = s;
  const lowered: string[] = [];
  let down = 0;
  if (inRanges(fences, start)) {
    down += 2;
    lowered.push('in a code block');
  }
  const q = quoted(text, start);
  if (q >= 0) {
    down += 1;
    lowered.push('quoted');
  }
  if (introduced(s, q >= 0 ? q : start, start)) {
    down += 1;
    lowered.push('given as an example');
  }
  const sStart = sentenceStart(text, start);
  if (REPORTED_SPEECH.test(text.slice(sStart, start))) {
    down += 1;
    lowered.push('reported');
  }
  // The passage's own words count too: it is a sentence or three, not a cue's phrase.
  const [pStart, pEnd] = paragraph(text, start);
  const security = countIn(s, pStart, Math.max(end, pEnd), Ctx.Security);
  if (security >= 2) {
    down += security >= 3 ? 2 : 1;
    lowered.push('in writing about attacks');
  }
  return { down, lowered };
}
