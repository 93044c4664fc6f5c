/**
 * Risk-flag quality and cost (issue 21): how many attack texts get a medium or high flag (recall),
 * how many ordinary texts do (false alarms), on both splits of test/corpus/injection/ and on the
 * READMEs of the packages in node_modules (the same kind of document the external check sends as
 * "Summarize this README"); and what `textFlags` costs per 5 KB of prompt text.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { textFlags } from '../core/policy/flags.js';
import type { TextField } from '../core/policy/walk.js';
import type { Sample, Split } from './injection-corpus.js';
import { loadCorpus } from './injection-corpus.js';
import { ROOT } from './locations.js';
import { errorText } from './results.js';
import type { Failure, Row } from './results.js';
import { summarize, timeSync } from './stats.js';

export const CORPUS_DIR = join(ROOT, 'test', 'corpus', 'injection');

/** The issue's targets, which the rows print next to the figures. */
export const TARGETS = { recall: 0.8, falseAlarms: 0.02, msPer5KB: 1 } as const;

const field = (text: string): TextField => ({ path: '/messages/0/content/text', segments: ['messages', 0, 'content', 'text'], text });

/** Whether the text gets a flag of medium or high severity. */
export function alarms(text: string): boolean {
  return textFlags([field(text)]).some((f) => f.severity === 'medium' || f.severity === 'high');
}

export interface Rate {
  n: number;
  flagged: number;
  rate: number;
  /** Ids of the samples that went the wrong way (missed attacks, flagged ordinary texts). */
  wrong: string[];
}

function rate(samples: readonly Sample[], wrongWhen: (flagged: boolean) => boolean): Rate {
  let flagged = 0;
  const wrong: string[] = [];
  for (const s of samples) {
    const f = alarms(s.text);
    if (f) flagged++;
    if (wrongWhen(f)) wrong.push(s.id);
  }
  return { n: samples.length, flagged, rate: samples.length === 0 ? 0 : flagged / samples.length, wrong };
}

export interface Quality {
  /** Per split: tune, held-out and each blind batch present. */
  recall: Partial<Record<Split, Rate>>;
  falseAlarms: Partial<Record<Split, Rate>>;
  /** Recall per attack family, both splits together. */
  byFamily: Record<string, Rate>;
}

const SPLIT_ORDER = (s: Split): number => (s === 'tune' ? 0 : s === 'held-out' ? 1 : 2);

export function measureQuality(samples: readonly Sample[]): Quality {
  const of = (kind: Sample['kind'], split: Split) => samples.filter((s) => s.kind === kind && s.split === split);
  const families = [...new Set(samples.filter((s) => s.kind === 'attack').map((s) => s.family))].sort();
  const splits = [...new Set(samples.map((s) => s.split))].sort((a, b) => SPLIT_ORDER(a) - SPLIT_ORDER(b) || a.localeCompare(b));
  return {
    recall: Object.fromEntries(splits.map((sp) => [sp, rate(of('attack', sp), (f) => !f)])),
    falseAlarms: Object.fromEntries(splits.map((sp) => [sp, rate(of('ordinary', sp), (f) => f)])),
    byFamily: Object.fromEntries(families.map((fam) => [fam, rate(samples.filter((s) => s.kind === 'attack' && s.family === fam), (f) => !f)])),
  };
}

/** README files of the packages installed here (one per package name), longer than 300 characters. */
export function installedReadmes(root = join(ROOT, 'node_modules')): Map<string, string> {
  const out = new Map<string, string>();
  const visit = (dir: string): void => {
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      return;
    }
    for (const name of names) {
      if (name.startsWith('.')) continue;
      const path = join(dir, name);
      if (name.startsWith('@')) {
        visit(path);
        continue;
      }
      try {
        if (!statSync(path).isDirectory()) continue;
        const pkg = JSON.parse(readFileSync(join(path, 'package.json'), 'utf8')) as { name?: string };
        const readme = readdirSync(path).find((f) => /^readme(\.md|\.markdown)?$/i.test(f));
        if (readme && pkg.name && !out.has(pkg.name)) {
          const text = readFileSync(join(path, readme), 'utf8');
          if (text.length > 300) out.set(pkg.name, text);
        }
      } catch {
        // not a package
      }
      if (existsSync(join(path, 'node_modules'))) visit(join(path, 'node_modules'));
    }
  };
  visit(root);
  return out;
}

/** 5 KB documents cut from READMEs, for the cost row. */
function fiveKbDocuments(readmes: Iterable<string>, count: number): string[] {
  const out: string[] = [];
  let buffer = '';
  for (const text of readmes) {
    buffer += text + '\n\n';
    while (buffer.length >= 5 * 1024 && out.length < count) {
      out.push(`Summarize this README:\n\n${buffer.slice(0, 5 * 1024 - 24)}`);
      buffer = buffer.slice(5 * 1024);
    }
    if (out.length >= count) break;
  }
  return out;
}

/** A share as a row; its ratio is to the target (recall wants ≥ 1×, false alarms ≤ 1×), or 1 without one. */
const percent = (id: string, label: string, r: Rate, target: number | null): Row => ({
  group: 'flags',
  id,
  label: `${label} (${r.flagged}/${r.n})${target === null ? '' : `, target ${target <= 0.05 ? '≤' : '≥'} ${(target * 100).toFixed(0)} %`}`,
  n: r.n,
  p50: r.rate * 100,
  p99: r.rate * 100,
  mean: r.rate * 100,
  baseline: null,
  ratioP50: target === null ? 1 : r.rate / target,
  ratioP99: target === null ? 1 : r.rate / target,
  unit: 'percent',
});

export function benchFlags(opts: { policySmall: number }, failures: Failure[], progress: (msg: string) => void): Row[] {
  const rows: Row[] = [];
  try {
    const samples = loadCorpus(CORPUS_DIR);
    progress(`flags: corpus of ${samples.length} texts`);
    const q = measureQuality(samples);
    const splitName = (sp: string): string => (sp === 'tune' ? 'tuning split' : sp === 'held-out' ? 'held-out split' : `${sp} batch`);
    for (const [sp, r] of Object.entries(q.recall)) if (r) rows.push(percent(`flags:recall-${sp}`, `attacks flagged medium/high, ${splitName(sp)}`, r, TARGETS.recall));
    for (const [sp, r] of Object.entries(q.falseAlarms)) if (r) rows.push(percent(`flags:false-alarms-${sp}`, `ordinary texts flagged medium/high, ${splitName(sp)}`, r, TARGETS.falseAlarms));
    for (const [family, r] of Object.entries(q.byFamily)) rows.push(percent(`flags:recall:${family}`, `  recall, ${family}`, r, null));

    const readmes = installedReadmes();
    if (readmes.size > 0) {
      progress(`flags: ${readmes.size} READMEs from node_modules`);
      const texts = [...readmes.values()];
      const flagged = texts.filter((t) => alarms(`Summarize this README:\n\n${t}`)).length;
      rows.push(percent('flags:false-alarms-readmes', 'installed npm READMEs flagged medium/high ("Summarize this README")', { n: texts.length, flagged, rate: flagged / texts.length, wrong: [] }, TARGETS.falseAlarms));

      const docs = fiveKbDocuments(texts, 200);
      const iterations = Math.max(1, Math.round(opts.policySmall / docs.length));
      progress(`flags: textFlags on ${docs.length} documents of 5 KB × ${iterations}`);
      for (const d of docs) textFlags([field(d)]);
      const times: number[] = [];
      for (let i = 0; i < iterations; i++) for (const d of docs) times.push(...timeSync(() => textFlags([field(d)]), 1));
      const m = summarize(times);
      rows.push({ group: 'flags', id: 'flags:cost-5kb', label: `textFlags per 5 KB of README text, target p50 ≤ ${TARGETS.msPer5KB} ms`, ...m, baseline: null, ratioP50: m.p50 / TARGETS.msPer5KB, ratioP99: m.p99 / TARGETS.msPer5KB });
    }
  } catch (e) {
    failures.push({ id: 'flags', error: errorText(e) });
  }
  return rows;
}
