/**
 * The phrase families in one text: normalise it, find the cues, score each where it stands, read
 * it again through whatever hides text (leetspeak, rot13, reversed, encoded runs), and keep the
 * best-scoring place per family. Spans are in the original text.
 */
import type { InjectionFamily } from '../../../shared/flags.js';
import type { Severity } from '../../../shared/types.js';
import { classify, flagFamily, read, readsOrdinary } from './classifier/classify.js';
import type { ModelHit } from './classifier/classify.js';
import { codeFences, passageContext, scoreHit } from './context.js';
import type { Scored } from './context.js';
import { findEncoded, rot13 } from './decode.js';
import type { Encoded, Hints } from './decode.js';
import { cueIndex } from './lexicon.js';
import { Ctx, scan, unleet } from './matcher.js';
import type { Scan } from './matcher.js';
import { hidesSomething, isWordUnit, normalize, originalSpan } from './normalize.js';
import type { Normalized } from './normalize.js';

export interface Finding {
  family: InjectionFamily;
  severity: Severity;
  /** In the original text. */
  start: number;
  end: number;
  /** How many places in the text raised this family (at low or above). */
  count: number;
  /** Why the severity is what it is: "quoted", "in base64", … */
  notes: string[];
}

export interface EncodedFinding extends Encoded {
  /** Whether any cue was found in the decoded text. */
  suspicious: boolean;
}

export interface Analysis {
  findings: Finding[];
  encoded: EncodedFinding[];
}

function severityOf(score: number): Severity | null {
  if (score >= 3) return 'high';
  if (score === 2) return 'medium';
  if (score === 1) return 'low';
  return null;
}

interface Placed {
  family: InjectionFamily;
  score: number;
  start: number;
  end: number;
  notes: string[];
}

/** Cues in one (already decoded) text, scored, with spans in that text's own offsets. */
function placedIn(text: string, hiddenNote: string | null): { placed: Placed[]; hints: Hints } {
  const index = cueIndex();
  const norm = normalize(text);
  const reading = read(norm.text);
  // Cues are not tried where the model reads the text as plainly ordinary (classify.ts readsQuiet):
  // most of a README, a third of the cost. Hidden characters anywhere, or a decoded run, get every cue.
  const quiet = hiddenNote === null && norm.hidden.length === 0 ? reading.quiet() : undefined;
  const base = scan(norm.text, index, quiet);
  const fences = codeFences(norm.text);
  const out: Placed[] = [];
  const seen = new Set<string>();
  const take = (scored: Scored, map: (s: number, e: number) => [number, number], note: string | null): void => {
    const [ns, ne] = map(scored.hit.start, scored.hit.end);
    const { start, end } = originalSpan(norm, text, ns, ne);
    const key = `${scored.hit.cue.family}:${start}`;
    if (note !== null && seen.has(key)) return;
    seen.add(key);
    const notes = [...scored.lowered];
    let score = scored.score;
    const hidden = note ?? hiddenAt(norm, start, end);
    // A cue's words in a passage the model reads as ordinary (a README's option, a chat's "don't
    // tell anyone") stay on record at low. Not for the strongest cues' scores (4 and up: a cue
    // and its boosts agree), and never for hidden or decoded text.
    if ((score === 2 || score === 3) && hidden === null && hiddenNote === null && readsOrdinary(reading.around(scored.hit.start, scored.hit.end))) {
      score = 1;
      notes.push('the trained model reads the passage as ordinary text');
    }
    if (hidden !== null) {
      score++;
      notes.unshift(hidden);
    }
    if (hiddenNote !== null) {
      score++;
      notes.unshift(hiddenNote);
    }
    out.push({ family: scored.hit.cue.family, score, start, end, notes });
  };
  const same = (s: number, e: number): [number, number] => [s, e];
  for (const hit of base.hits) take(scoreHit(base, hit, fences, base.hits), same, null);

  // Other readings of the same characters, when the text shows signs of them.
  const views: [string, (s: number, e: number) => [number, number], string][] = [];
  if (base.ctxAll & Ctx.Leet) views.push([leetView(norm.text), same, 'in leetspeak']);
  if (base.ctxAll & Ctx.Rot13) views.push([rot13(norm.text), same, 'in rot13']);
  if (base.ctxAll & Ctx.Reversed) {
    const n = norm.text.length;
    views.push([norm.text.split('').reverse().join(''), (s, e) => [n - e, n - s], 'written backwards']);
  }
  const modelReads: [Scan, readonly number[], (s: number, e: number) => [number, number], string | null, ModelHit | null][] = [[base, fences, same, null, reading.hit]];
  for (const [view, map, note] of views) {
    const s = scan(view, index);
    const viewFences = codeFences(view);
    for (const hit of s.hits) take(scoreHit(s, hit, viewFences, s.hits), map, note);
    modelReads.push([s, viewFences, map, note, classify(view)]);
  }
  for (const [s, viewFences, map, note, hit] of modelReads) {
    if (hit === null) continue;
    const [ns, ne] = map(hit.start, hit.end);
    const { start, end } = originalSpan(norm, text, ns, ne);
    const hidden = note ?? hiddenAt(norm, start, end);
    const context = passageContext(s, viewFences, hit.peak, hit.peakEnd);
    placeModelHit(out, hit, start, end, [hiddenNote, hidden].filter((n): n is string => n !== null), context);
  }
  const longWords = base.longWords.map((at) => originalSpan(norm, text, at, at + 1).start);
  return { placed: out, hints: { longWords, hexPairs: base.hexPairs, spaced: (base.ctxAll & Ctx.Spaced) !== 0 } };
}

/** The note for a place whose original characters hide something (look-alikes, invisible characters). */
function hiddenAt(norm: Normalized, start: number, end: number): string | null {
  return hidesSomething(norm, start, end) ? 'hidden with look-alike or invisible characters' : null;
}

/**
 * The trained model's passage joins the cues' places. A cue already placed in the passage names
 * the attack better than the model's family head and points at fewer characters: when the model is
 * surer than that cue's context left it, the cue is raised to the model's severity; otherwise the
 * passage is placed in the model's family.
 */
function placeModelHit(out: Placed[], hit: ModelHit, start: number, end: number, hidden: string[], context: { down: number; lowered: string[] }): void {
  const score = (hit.severity === 'high' ? 3 : 2) + hidden.length - context.down;
  if (score < 1) return;
  const note = `read as an attack by the trained model (${Math.round(hit.probability * 100)} %)${context.lowered.length > 0 ? `, ${context.lowered.join(', ')}` : ''}`;
  let overlap: Placed | null = null;
  for (const p of out) if (p.score >= 1 && p.start < end && p.end > start && (overlap === null || p.score > overlap.score)) overlap = p;
  if (overlap !== null) {
    if (overlap.score < score) {
      overlap.score = score;
      overlap.notes.push(note);
    }
    return;
  }
  out.push({ family: flagFamily(hit.family), score, start, end, notes: [...hidden, note] });
}

/** Digits inside words that mix letters and digits read as letters; the rest of the text stays. */
function leetView(text: string): string {
  let out = '';
  let from = 0;
  let i = 0;
  while (i < text.length) {
    if (!isWordUnit(text.charCodeAt(i))) {
      i++;
      continue;
    }
    const start = i;
    while (i < text.length && isWordUnit(text.charCodeAt(i))) i++;
    const word = text.slice(start, i);
    if (/[a-z]/.test(word) && /[0-9]/.test(word)) {
      out += text.slice(from, start) + unleet(word);
      from = i;
    }
  }
  return out + text.slice(from);
}

export function analyzeText(text: string): Analysis {
  const { placed, hints } = placedIn(text, null);
  const encoded: EncodedFinding[] = [];
  for (const run of findEncoded(text, hints)) {
    const inner = placedIn(run.text, `in ${run.kind}`).placed;
    encoded.push({ ...run, suspicious: inner.length > 0 });
    for (const p of inner) placed.push({ ...p, start: run.start, end: run.end });
  }

  const best = new Map<InjectionFamily, Placed>();
  const counts = new Map<InjectionFamily, number>();
  for (const p of placed) {
    if (p.score < 1) continue;
    counts.set(p.family, (counts.get(p.family) ?? 0) + 1);
    const current = best.get(p.family);
    if (current === undefined || p.score > current.score) best.set(p.family, p);
  }
  const findings: Finding[] = [];
  for (const [family, p] of best) {
    const severity = severityOf(Math.min(p.score, 3));
    if (severity === null) continue;
    findings.push({ family, severity, start: p.start, end: p.end, count: counts.get(family) ?? 1, notes: p.notes });
  }
  return { findings, encoded };
}
