/**
 * Trains the injection model (core/policy/injection/classifier/) and writes its weights module.
 *
 *   node out/node/bench/injection-model/train.js [--public DIR] [--epochs N] [--dry-run]
 *
 * An attack head: logistic regression over the hashed words and word pairs of a passage of one to
 * three segments. Ordinary documents teach it with every passage they hold (a README must stay
 * quiet everywhere); an attack teaches it with its best-scoring passage only (multiple-instance
 * learning: a buried attack is one sentence among ordinary ones, and only that sentence is the
 * attack). Family heads: one-vs-rest on the attacks' best passages. Thresholds: the medium one is
 * set so that at most CALIBRATION_FALSE_ALARMS of the calibration READMEs reach it, never from
 * the texts the figures are measured on.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MAX_WINDOW } from '../../core/policy/injection/classifier/classify.js';
import { FEATURE_VERSION } from '../../core/policy/injection/classifier/features.js';
import { packHead } from '../../core/policy/injection/classifier/model.js';
import type { PackedModel } from '../../core/policy/injection/classifier/model.js';
import { ROOT } from '../locations.js';
import { FAMILY_OF, corpusDocs, markdownDocs, publicDocs, readmeDocs } from './data.js';
import type { Doc } from './data.js';
import { Ftrl } from './ftrl.js';

const CALIBRATION_FALSE_ALARMS = 0.015;
/** A passage this sure is high: an instruction aimed at the model that works against the user. */
const HIGH_MARGIN = 3;

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(name);
  return i >= 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1]! : fallback;
}

/** A deterministic shuffle (mulberry32), so a retrain on the same data gives the same model. */
function shuffle<T>(items: T[], seed: number): T[] {
  let a = seed >>> 0;
  const rand = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}

function concat(parts: Int32Array[]): Int32Array {
  const out = new Int32Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Every passage of one to MAX_WINDOW segments. */
function windows(doc: Doc): Int32Array[] {
  const out: Int32Array[] = [];
  const s = doc.segments;
  for (let i = 0; i < s.length; i++) for (let j = i; j < s.length && j < i + MAX_WINDOW; j++) out.push(concat(s.slice(i, j + 1)));
  return out;
}

/** The best-scoring passage and its score (without the bias), as the runtime finds it. */
function best(model: Ftrl, doc: Doc): { features: Int32Array; score: number } {
  const sums = doc.segments.map((seg) => model.sum(seg));
  let top = -Infinity;
  let from = 0;
  let to = 0;
  for (let i = 0; i < sums.length; i++) {
    let sum = 0;
    for (let j = i; j < sums.length && j < i + MAX_WINDOW; j++) {
      sum += sums[j]!;
      if (sum > top) {
        top = sum;
        from = i;
        to = j;
      }
    }
  }
  if (sums.length === 0) return { features: new Int32Array(0), score: -Infinity };
  return { features: concat(doc.segments.slice(from, to + 1)), score: top };
}

interface Example {
  features: Int32Array;
  label: number;
  importance: number;
}

function trainAttack(docs: Doc[], epochs: number): Ftrl {
  const model = new Ftrl({ alpha: 0.08, beta: 1, l1: Number(arg('--l1', '3')), l2: 1 });
  const negatives: Example[] = [];
  for (const d of docs) if (d.label === 0) for (const w of windows(d)) negatives.push({ features: w, label: 0, importance: 1 });
  const positives = docs.filter((d) => d.label === 1);
  // Balance the classes' total weight, leaning to the ordinary side (false alarms teach users to ignore flags).
  const importance = Math.max(1, (0.5 * negatives.length) / Math.max(1, positives.length));
  console.error(`attack head: ${positives.length} attacks, ${negatives.length} ordinary passages, attack weight ${importance.toFixed(1)}`);
  for (let epoch = 0; epoch < epochs; epoch++) {
    const examples: Example[] = [...negatives];
    for (const d of positives) examples.push({ features: epoch === 0 ? concat(d.segments) : best(model, d).features, label: 1, importance });
    let loss = 0;
    for (const e of shuffle(examples, 1234 + epoch)) {
      const p = model.update(e.features, e.label, e.importance);
      loss += -e.importance * Math.log(Math.max(1e-12, e.label === 1 ? p : 1 - p));
    }
    console.error(`  epoch ${epoch + 1}: loss ${(loss / examples.length).toFixed(4)}, ${model.weights().size} features kept`);
  }
  return model;
}

function trainFamilies(docs: Doc[], attack: Ftrl, epochs: number): Map<string, Ftrl> {
  const labelled = docs.filter((d) => d.label === 1 && d.family !== null).map((d) => ({ family: d.family!, features: best(attack, d).features }));
  const families = [...new Set(Object.values(FAMILY_OF))].sort();
  const heads = new Map<string, Ftrl>();
  for (const family of families) {
    const head = new Ftrl({ alpha: 0.1, beta: 1, l1: 5, l2: 1 });
    const n = labelled.filter((l) => l.family === family).length;
    // A head learned from a handful of examples would name families at random.
    if (n < 10) continue;
    const importance = Math.max(1, (labelled.length - n) / Math.max(1, n));
    for (let epoch = 0; epoch < epochs; epoch++) {
      for (const l of shuffle([...labelled], 99 + epoch)) head.update(l.features, l.family === family ? 1 : 0, l.family === family ? importance : 1);
    }
    console.error(`family head ${family}: ${n} of ${labelled.length}, ${head.weights().size} features kept`);
    heads.set(family, head);
  }
  return heads;
}

const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));

function report(model: Ftrl, docs: Doc[], medium: number): void {
  const groups = new Map<string, { n: number; flagged: number; label: number }>();
  for (const d of docs) {
    const key = `${d.part.padEnd(9)} ${d.label === 1 ? 'attacks ' : 'ordinary'} ${d.group}`;
    const g = groups.get(key) ?? { n: 0, flagged: 0, label: d.label };
    g.n++;
    if (sigmoid(model.bias + best(model, d).score) >= medium) g.flagged++;
    groups.set(key, g);
  }
  for (const [key, g] of [...groups].sort()) console.error(`${key.padEnd(70)} ${String(g.flagged).padStart(5)}/${String(g.n).padEnd(5)} ${((100 * g.flagged) / g.n).toFixed(1)} %`);
}

function main(): void {
  const epochs = Number(arg('--epochs', '6'));
  const publicDir = arg('--public', join(ROOT, 'bench', 'injection-model', 'public'));
  const docs = [...corpusDocs(), ...publicDocs(publicDir, Number(arg('--cap', '600'))), ...readmeDocs(), ...markdownDocs(Number(arg('--markdown', '2500')))];
  const train = docs.filter((d) => d.part === 'train');
  const attack = trainAttack(train, epochs);

  // The medium threshold: the calibration READMEs' best passages, sorted; at most the chosen share above.
  const calibrationDocs = docs.filter((d) => d.part === 'calibrate').map((d) => ({ id: d.id, logit: attack.bias + best(attack, d).score })).sort((a, b) => b.logit - a.logit);
  console.error(`calibration READMEs, highest: ${calibrationDocs.slice(0, 5).map((c) => `${c.id} ${c.logit.toFixed(2)}`).join(', ')}`);
  const calibration = calibrationDocs.map((c) => c.logit);
  const at = Math.floor(Number(arg('--calibration-false-alarms', String(CALIBRATION_FALSE_ALARMS))) * calibration.length);
  const mediumLogit = Math.max(0, (calibration[at] ?? 0) + 1e-6);
  const medium = sigmoid(mediumLogit);
  const high = sigmoid(mediumLogit + HIGH_MARGIN);
  console.error(`thresholds: medium p ≥ ${medium.toFixed(4)} (logit ${mediumLogit.toFixed(2)}, ${calibration.length} calibration READMEs), high p ≥ ${high.toFixed(4)}`);
  report(attack, docs, medium);

  const families = trainFamilies(train, attack, epochs);
  const sources = [...new Set(train.map((d) => d.group))].sort();
  const packed: PackedModel = {
    featureVersion: FEATURE_VERSION,
    medium,
    high,
    attack: packHead(attack.bias, attack.weights()),
    families: Object.fromEntries([...families].map(([name, head]) => [name, packHead(head.bias, head.weights())])),
    trainedOn: `${train.filter((d) => d.label === 1).length} attacks and ${train.filter((d) => d.label === 0).length} ordinary texts from ${sources.join(', ')}`,
  };
  if (process.argv.includes('--dry-run')) return;
  const out = join(ROOT, 'core', 'policy', 'injection', 'classifier', 'weights.ts');
  const body = [
    '// Generated by bench/injection-model/train.ts (npm run train:injection): do not edit by hand.',
    `// ${packed.trainedOn}.`,
    "import type { PackedModel } from './model.js';",
    '',
    `export const MODEL: PackedModel = ${JSON.stringify(packed, null, 1)};`,
    '',
  ].join('\n');
  writeFileSync(out, body);
  console.error(`wrote ${out} (${(body.length / 1024).toFixed(0)} KB)`);
}

main();
