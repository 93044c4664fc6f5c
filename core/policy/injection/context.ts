/**
 * How much a cue counts where it stands. A phrase is an attack when it is addressed to the model
 * (or to the user, against them); the same words quoted in a security write-up, shown in a code
 * block, negated ("never send your password") or offered as an option ("you can ignore this
 * warning") are talk about it. Scores combine: the cue's weight, plus what addresses or backs it
 * up, minus what makes it talk.
 */
import type { Hit, Scan } from './matcher.js';
import { Ctx, ctxIn, wordAt } from './matcher.js';

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

function paragraph(text: string, pos: number): [number, number] {
  const back = text.lastIndexOf('\n\n', pos);
  const start = back < 0 || pos - back > 1500 ? Math.max(0, pos - 1500) : back;
  const fwd = text.indexOf('\n\n', pos);
  const end = fwd < 0 || fwd - pos > 1500 ? Math.min(text.length, pos + 1500) : fwd;
  return [start, end];
}

/** Inside "…" or `…` on the same line: an odd number of them between the line start and here. */
function quoted(text: string, pos: number): number {
  const lineStart = Math.max(text.lastIndexOf('\n', pos - 1) + 1, pos - 400);
  let quotes = 0;
  let ticks = 0;
  let opened = -1;
  for (let k = lineStart; k < pos; k++) {
    const c = text.charCodeAt(k);
    if (c === 0x22) {
      quotes++;
      if (quotes % 2 === 1) opened = k;
    } else if (c === 0x60) ticks++;
  }
  if (ticks % 2 === 1) return pos;
  return quotes % 2 === 1 ? opened : -1;
}

const INTRODUCED = /(?:e\.g\.?|i\.e\.?|for example|for instance|such as|like|z\.b\.|zum beispiel|etwa|par exemple|comme|por ejemplo|como|payloads?|phrases?|strings?|prompts?|text|says?|said|wrote|writes|reads?|contain(?:s|ing)?|including)\W{0,4}$/;

const REPORTING = /\b(?:asks?|asked|asking|tells?|told|telling|instructs?|instructed|tries|tried|trying|attempts?|attempted|wants?|wanted|tricks?|tricked|convinces?|convinced|persuades?|persuaded|forces?|forced|causes?|caused|makes?|made|designed|meant|used|uses|able|how)\b/;

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

  let up = 0;
  if (inSentence & Ctx.Model) up++;
  if (inSentence & Ctx.Urgent) up++;
  // Another family's cue nearby backs it up: attacks stack their moves. A weak one counts only
  // in the same sentence; two weak signs of the same kind ("also …", "after that …") are still weak.
  for (const other of all) {
    if (other === hit || other.cue.family === hit.cue.family) continue;
    if (other.end <= hit.start - 300 || other.start >= hit.end + 300) continue;
    const sameSentence = other.start >= sStart && other.end <= sEnd;
    if (other.cue.weight >= 2 || sameSentence) {
      up++;
      break;
    }
  }
  let score = hit.cue.weight + Math.min(up, MAX_UP);
  // An extra task is a medium sign at most: the family that says what the task does carries the rest.
  if (hit.cue.family === 'appended-task') score = Math.min(score, 2);

  if (hit.cue.negatable && before3 & Ctx.Negation) {
    score -= 2;
    lowered.push('negated');
  }
  if (before3 & Ctx.Permissive && !(inSentence & Ctx.Model)) {
    score -= 1;
    lowered.push('offered as an option');
  }
  // "attackers ask the model to ignore …": reported, unless addressed ("I need you to ignore …").
  const prev = s.words[w - 1];
  if (prev !== undefined && text.startsWith('to ', prev) && prev + 3 === hit.start && !(before3 & Ctx.You) && REPORTING.test(text.slice(sStart, prev))) {
    score -= 1;
    lowered.push('reported');
  }
  if (inRanges(fences, hit.start)) {
    score = Math.min(score - 2, 1);
    lowered.push('in a code block');
  }
  const q = quoted(text, hit.start);
  if (q >= 0) {
    score -= 1;
    lowered.push('quoted');
  }
  const lead = text.slice(Math.max(0, (q >= 0 ? q : hit.start) - 60), q >= 0 ? q : hit.start);
  if (INTRODUCED.test(lead) || ctxIn(s, s.words[Math.max(0, w - 4)] ?? 0, hit.start) & Ctx.Intro) {
    score -= 1;
    lowered.push('given as an example');
  }
  const [pStart, pEnd] = paragraph(text, hit.start);
  if (ctxIn(s, pStart, pEnd) & Ctx.Security) {
    score -= 1;
    lowered.push('in writing about attacks');
  }
  return { hit, score, lowered };
}
