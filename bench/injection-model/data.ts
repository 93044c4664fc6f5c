/**
 * What the injection model learns from and is measured on, each text read into segments of
 * hashed features exactly as the runtime reads it (core/policy/injection/classifier/features.ts).
 *
 * - Our corpus (test/corpus/injection/): the tuning split and blind batches 3–5 train; the
 *   held-out split and every later blind batch never do, so their figures stay honest.
 * - Public attack and benign texts (bench/injection-model/public/*.jsonl, SOURCES.md there): one in
 *   five held out by a hash of the text.
 * - Ordinary technical writing: the READMEs of the packages in node_modules (one quarter trains,
 *   one quarter calibrates the thresholds, half is held out to measure false alarms), and the other
 *   Markdown documents there (changelogs, guides), which only train.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { readFeatures } from '../../core/policy/injection/classifier/features.js';
import { normalize } from '../../core/policy/injection/normalize.js';
import { installedReadmes } from '../flags.js';
import { fnv1a, loadCorpus } from '../injection-corpus.js';
import type { Split } from '../injection-corpus.js';
import { ROOT } from '../locations.js';

export type Part = 'train' | 'calibrate' | 'eval';

export interface Doc {
  id: string;
  label: 0 | 1;
  /** Coarse family of an attack (FAMILY_OF), or null when its file names none. */
  family: string | null;
  part: Part;
  /** Where it came from, for per-source figures: `corpus:blind-6`, `public:owner/repo`, `readme`. */
  group: string;
  segments: Int32Array[];
}

/** The corpus files' families, and the public sets', as the model's family heads. */
export const FAMILY_OF: Record<string, string> = {
  'prompt-injection': 'prompt-injection',
  'task-hijack': 'prompt-injection',
  jailbreak: 'jailbreak',
  'tool-poisoning': 'tool-poisoning',
  exfiltration: 'exfiltration',
  'agent-manipulation': 'agent-manipulation',
  'credential-harvest': 'credential-harvest',
};

export const TRAIN_SPLITS: readonly Split[] = ['tune', 'blind-3', 'blind-4', 'blind-5', 'blind-7', 'blind-8'];
/**
 * What training prints figures for besides: a batch written after the model is kept out of this
 * script entirely, so no choice made while training (thresholds, learning rates, which data) can
 * have seen it; `npm run bench` measures it.
 */
export const EVAL_SPLITS: readonly Split[] = ['held-out', 'blind-6', 'blind-9'];

export function features(text: string): Int32Array[] {
  const segments: number[][] = [];
  readFeatures(
    normalize(text).text,
    (segment, hash) => {
      (segments[segment] ??= []).push(hash);
    },
    () => {},
  );
  return segments.filter((s) => s !== undefined).map((s) => Int32Array.from(s));
}

export function corpusDocs(): Doc[] {
  const out: Doc[] = [];
  const known = new Set<Split>([...TRAIN_SPLITS, ...EVAL_SPLITS]);
  for (const s of loadCorpus(join(ROOT, 'test', 'corpus', 'injection'), (split) => known.has(split))) {
    // Encoded copies train nothing: the runtime classifies the decoded text, which is the same words.
    if (s.family === 'encoded') continue;
    const train = TRAIN_SPLITS.includes(s.split);
    out.push({
      id: s.id,
      label: s.kind === 'attack' ? 1 : 0,
      family: s.kind === 'attack' ? (FAMILY_OF[s.family] ?? null) : null,
      part: train ? 'train' : 'eval',
      group: `corpus:${s.split}`,
      segments: features(s.text),
    });
  }
  return out;
}

interface PublicRow {
  text: string;
  label: 'attack' | 'benign';
  family: string;
  source: string;
}

/** The public sets in `dir` (one JSONL file per source); a missing folder is no public data. */
export function publicDocs(dir: string, cap: number): Doc[] {
  if (!existsSync(dir)) return [];
  const out: Doc[] = [];
  for (const name of readdirSync(dir).filter((f) => f.endsWith('.jsonl')).sort()) {
    const seen = new Set<string>();
    // At most `cap` texts of each label per source, picked by a hash: one large set (a thousand
    // variations of one template) must not teach the model its template instead of attacks.
    const rows = readFileSync(join(dir, name), 'utf8')
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => JSON.parse(line) as PublicRow)
      .sort((a, b) => fnv1a(a.text) - fnv1a(b.text));
    const taken = { attack: 0, benign: 0 };
    for (const row of rows) {
      if (taken[row.label]++ >= cap) continue;
      if (seen.has(row.text)) continue;
      seen.add(row.text);
      const attack = row.label === 'attack';
      out.push({
        id: `${name}#${seen.size}`,
        label: attack ? 1 : 0,
        family: attack ? (FAMILY_OF[row.family] ?? null) : null,
        part: fnv1a(row.text) % 5 === 0 ? 'eval' : 'train',
        group: `public:${row.source}`,
        segments: features(row.text),
      });
    }
  }
  return out;
}

/** READMEs as the bench sends them ("Summarize this README"), split by a hash of the package name. */
export function readmeDocs(): Doc[] {
  const out: Doc[] = [];
  for (const [name, text] of installedReadmes()) {
    const q = fnv1a(name) % 4;
    out.push({
      id: `readme:${name}`,
      label: 0,
      family: null,
      part: q === 0 ? 'train' : q === 1 ? 'calibrate' : 'eval',
      group: 'readme',
      segments: features(`Summarize this README:\n\n${text}`),
    });
  }
  return out;
}

/** Other Markdown in node_modules (not READMEs): changelogs, guides, API docs; training only. */
export function markdownDocs(limit: number): Doc[] {
  const out: Doc[] = [];
  const seen = new Set<string>();
  const visit = (dir: string, depth: number): void => {
    if (out.length >= limit || depth > 6) return;
    let names: string[];
    try {
      names = readdirSync(dir).sort();
    } catch {
      return;
    }
    for (const name of names) {
      if (out.length >= limit) return;
      const path = join(dir, name);
      let isDir = false;
      try {
        isDir = statSync(path).isDirectory();
      } catch {
        continue;
      }
      if (isDir) {
        if (name !== '.bin' && name !== 'test' && name !== 'tests') visit(path, depth + 1);
        continue;
      }
      if (!/\.md$/i.test(name) || /^readme/i.test(name)) continue;
      const text = readFileSync(path, 'utf8').slice(0, 20_000);
      if (text.length < 300 || seen.has(text)) continue;
      seen.add(text);
      out.push({ id: `md:${path.slice(ROOT.length + 1)}`, label: 0, family: null, part: 'train', group: 'markdown', segments: features(text) });
    }
  };
  visit(join(ROOT, 'node_modules'), 0);
  return out;
}
