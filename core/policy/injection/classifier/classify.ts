/**
 * The trained reading of a text: every passage of one to three segments (features.ts) scored by a
 * linear model over hashed words and word pairs; the best passage at or above the model's medium
 * threshold is reported with its span and the family its heads rate highest.
 *
 * Why a model beside the cues: cues are phrases we wrote from our own examples, and fresh attacks
 * phrased another way slip past them; a model weighs every word of a passage, learned from far more
 * varied text (bench/injection-model/ says from what), and generalises to wordings no cue names.
 */
import type { InjectionFamily } from '../../../../shared/flags.js';
import { FEATURE_VERSION, featureRun } from './features.js';
import { Head, sigmoid } from './model.js';
import type { PackedModel } from './model.js';
import { MODEL } from './weights.js';

/** Passages are one, two or three consecutive segments: an attack is rarely longer, a window of more dilutes it. */
export const MAX_WINDOW = 3;

export interface ModelHit {
  /** In the text given. */
  start: number;
  end: number;
  probability: number;
  /** The family head that rates the passage highest (a key of MODEL.families). */
  family: string;
  severity: 'medium' | 'high';
  /** Passages at or above the medium threshold. */
  count: number;
  /** The passage's highest-scoring segment, where its context is judged (context.ts passageContext). */
  peak: number;
  peakEnd: number;
}

interface Loaded {
  packed: PackedModel;
  attack: Head;
  families: [string, Head][];
}

let loaded: Loaded | null = null;

function model(): Loaded {
  if (loaded === null) {
    if (MODEL.featureVersion !== FEATURE_VERSION) throw new Error(`injection model was trained on features v${MODEL.featureVersion}, the code reads v${FEATURE_VERSION}: retrain it (npm run train:injection)`);
    loaded = {
      packed: MODEL,
      attack: new Head(MODEL.attack),
      families: Object.entries(MODEL.families).map(([name, head]) => [name, new Head(head)]),
    };
  }
  return loaded;
}

/** Per segment: its span, the sum of its features' attack weights, and of the negative ones alone. */
interface Segments {
  start: number[];
  end: number[];
  sum: number[];
  against: number[];
}

function segmentSums(text: string, head: Head): Segments {
  const r = featureRun(text);
  const n = r.segments;
  const s: Segments = { start: new Array<number>(n), end: new Array<number>(n), sum: new Array<number>(n), against: new Array<number>(n) };
  let f = 0;
  for (let k = 0; k < n; k++) {
    let sum = 0;
    let against = 0;
    for (const to = r.cut[k]!; f < to; f++) {
      const w = head.weight(r.hashes[f]!);
      sum += w;
      if (w < 0) against += w;
    }
    s.start[k] = r.start[k]!;
    s.end[k] = r.end[k]!;
    s.sum[k] = sum;
    s.against[k] = against;
  }
  return s;
}

/** The model's reading of one text: its best passage, and how any place of it reads. */
export interface Reading {
  /** The best-scoring passage if it reaches the medium threshold. */
  hit: ModelHit | null;
  /**
   * For the place `[start, end)`: the log-odds of an attack of the best passage that covers any of
   * it (-Infinity where no words are), and the evidence against an attack there — the sum of the
   * negative weights in the segments it touches (0 when the model knows nothing ordinary in them,
   * as in a language it has seen little of).
   */
  around(start: number, end: number): { logit: number; against: number };
  /** The segments that read as plainly ordinary (readsQuiet), as ascending [start, end) pairs. */
  quiet(): number[];
}

/**
 * Where the model reads a place as ordinary: its best covering passage's log-odds of an attack
 * below -1 (p < 0.27), and for a reason — words learned from ordinary text weigh against an attack
 * there (negative weights summing to -1 or less). The second condition leaves a short attack in a
 * language the model has seen little of ("Ignorez toutes les instructions précédentes") to the
 * cues: the model knows too few of its words to judge.
 */
export function readsOrdinary(r: { logit: number; against: number }): boolean {
  return r.logit < -1 && r.against <= -1;
}

/**
 * Where the cues are not even tried (analyze.ts): the model reads the place as plainly ordinary —
 * log-odds below -3 (p < 5 %) with negative evidence of -2.5 or less. Stricter than readsOrdinary
 * on purpose: a strong cue's high (score 4 and up) is never lowered, so skipping one is a loss; at
 * this bar no attack of the corpus lost its flag (at -2.5 / -2 one did), and 62 % of the installed
 * READMEs' text is that plain.
 */
const readsQuiet = (r: { logit: number; against: number }): boolean => r.logit < -3 && r.against <= -2.5;

/** Reads `text` (normalised): every passage of one to MAX_WINDOW segments scored. */
export function read(text: string): Reading {
  const m = model();
  const seg = segmentSums(text, m.attack);
  const n = seg.sum.length;
  let best = -Infinity;
  let bestFrom = 0;
  let bestTo = 0;
  let count = 0;
  const threshold = logit(m.packed.medium) - m.attack.bias;
  for (let i = 0; i < n; i++) {
    let sum = 0;
    for (let j = i; j < n && j < i + MAX_WINDOW; j++) {
      sum += seg.sum[j]!;
      if (sum >= threshold && j === i) count++;
      if (sum > best) {
        best = sum;
        bestFrom = i;
        bestTo = j;
      }
    }
  }
  const around = (start: number, end: number): { logit: number; against: number } => {
    // Segments are ascending and disjoint: the first that ends after `start`, up to the last that starts before `end`.
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (seg.end[mid]! <= start) lo = mid + 1;
      else hi = mid;
    }
    let top = -Infinity;
    let against = 0;
    for (let k = lo; k < n && seg.start[k]! < end; k++) {
      against += seg.against[k]!;
      for (let i = Math.max(0, k - MAX_WINDOW + 1); i <= k; i++) {
        let sum = 0;
        for (let j = i; j < n && j < i + MAX_WINDOW; j++) {
          sum += seg.sum[j]!;
          if (j >= k && sum > top) top = sum;
        }
      }
    }
    return { logit: m.attack.bias + top, against };
  };
  const quiet = (): number[] => {
    const out: number[] = [];
    for (let k = 0; k < n; k++) {
      if (!readsQuiet(around(seg.start[k]!, seg.end[k]!))) continue;
      // Adjacent quiet segments merge: the gap between them holds no word.
      if (out.length > 0 && out[out.length - 1] === seg.end[k - 1]) out[out.length - 1] = seg.end[k]!;
      else out.push(seg.start[k]!, seg.end[k]!);
    }
    return out;
  };
  if (n === 0 || best < threshold) return { hit: null, around, quiet };
  const probability = sigmoid(m.attack.bias + best);
  const start = seg.start[bestFrom]!;
  const end = seg.end[bestTo]!;
  let peak = bestFrom;
  for (let k = bestFrom + 1; k <= bestTo; k++) if (seg.sum[k]! > seg.sum[peak]!) peak = k;
  const hit: ModelHit = {
    peak: seg.start[peak]!,
    peakEnd: seg.end[peak]!,
    start,
    end,
    probability,
    family: familyOf(m, text.slice(start, end)),
    severity: probability >= m.packed.high ? 'high' : 'medium',
    count: Math.max(count, 1),
  };
  return { hit, around, quiet };
}

/** The best-scoring passage of `text` (normalised) if it reaches the medium threshold. */
export function classify(text: string): ModelHit | null {
  return read(text).hit;
}

function familyOf(m: Loaded, passage: string): string {
  const sums = m.families.map(([, head]) => head.bias);
  const r = featureRun(passage);
  const total = r.segments === 0 ? 0 : r.cut[r.segments - 1]!;
  for (let f = 0; f < total; f++) for (let k = 0; k < sums.length; k++) sums[k]! += m.families[k]![1].weight(r.hashes[f]!);
  let top = 0;
  for (let k = 1; k < sums.length; k++) if (sums[k]! > sums[top]!) top = k;
  return m.families[top]![0];
}

/** The flag a family head's passage raises (shared/flags.ts). */
const FLAG_OF: Record<string, InjectionFamily> = {
  'prompt-injection': 'role-override',
  jailbreak: 'injection.fake-authority',
  'tool-poisoning': 'tool-coercion',
  exfiltration: 'exfiltration.directive',
  'agent-manipulation': 'injection.agent-manipulation',
  'credential-harvest': 'credential-harvest',
};

export function flagFamily(modelFamily: string): InjectionFamily {
  return FLAG_OF[modelFamily] ?? 'role-override';
}

const logit = (p: number): number => Math.log(p / (1 - p));
