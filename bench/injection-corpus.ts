/**
 * The risk-flag corpus (test/corpus/injection/): attacks and ordinary texts written here, framed
 * the way servers send prompt text, split once and for good into a tuning part and a held-out
 * part (a hash of the text decides, so nobody picks which texts are held out). Shared by the unit
 * test that guards the figures and by `npm run bench`, so both report the same numbers.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * `tune` and `held-out` are the hash split of the files directly in attacks/ and ordinary/; a
 * sub-folder (`blind-3/`, `blind-4/`) is a blind batch: written in one go before the cues ever saw
 * it, measured first with the detector as it stood, and kept whole as its own split.
 */
export type Split = 'tune' | 'held-out' | `blind-${number}`;

/** The blind batches present under attacks/ (and ordinary/), in order. */
export function blindSplits(dir: string): Split[] {
  return readdirSync(join(dir, 'attacks'), { withFileTypes: true })
    .filter((d) => d.isDirectory() && /^blind-\d+$/.test(d.name))
    .map((d) => d.name as Split)
    .sort();
}

export interface Sample {
  /** File and entry number, e.g. `attacks/exfiltration.en.txt#12`, with the framing or encoding. */
  id: string;
  kind: 'attack' | 'ordinary';
  /** The file's family (attacks) or kind (ordinary), e.g. `exfiltration`, `readme`. */
  family: string;
  split: Split;
  /** The prompt text as a server would send it. */
  text: string;
}

/** FNV-1a, 32 bits: a stable hash, so the split never moves. */
export function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/** One text in four is held out. */
export const splitOf = (text: string): Split => (fnv1a(text) % 4 === 0 ? 'held-out' : 'tune');

function attackEntries(file: string): string[] {
  return readFileSync(file, 'utf8')
    .split(/\n\s*\n/)
    .map((e) => e.trim())
    .filter((e) => e.length > 0 && !e.startsWith('# '))
    .map((e) => e.replace(/\\n/g, '\n'));
}

function ordinaryEntries(file: string): string[] {
  return readFileSync(file, 'utf8')
    .split(/\n===\n/)
    .map((e) => e.replace(/^# .*\n/, '').trim())
    .filter((e) => e.length > 0);
}

const README_BEFORE = '# tiny-cache\n\nA small LRU cache for Node.js.\n\n## Installation\n\n```sh\nnpm install tiny-cache\n```\n\n## Usage\n\nCreate a cache with a maximum size and call `get` and `set`. Entries expire after `ttl` milliseconds. Also supports async loaders.';
const README_AFTER = '## License\n\nMIT';
const DOC = 'The quarterly report covers revenue, churn and hiring. Revenue grew in all regions; churn fell slightly after the pricing change.';

/** How servers put text in front of a model: bare, in a README to summarise, in a tool result, mid-document, in an e-mail. */
export const FRAMINGS: [string, (text: string) => string][] = [
  ['bare', (t) => t],
  ['readme', (t) => `Summarize this README:\n\n${README_BEFORE}\n\n${t}\n\n${README_AFTER}`],
  ['tool-result', (t) => `Tool result:\n${JSON.stringify({ status: 'ok', content: t })}`],
  ['document', (t) => `Summarize this document:\n\n${DOC}\n\n${t}\n\n${DOC}`],
  ['email', (t) => `Summarize this email:\n\nFrom: lena@partner.example\nSubject: Re: contract\n\nHi,\n\n${t}\n\nBest, Lena`],
];

const HOMOGLYPHS: Record<string, string> = { a: 'а', e: 'е', o: 'о', p: 'р', c: 'с', i: 'і', x: 'х', y: 'у', s: 'ѕ' };
const LEET: Record<string, string> = { a: '4', e: '3', i: '1', o: '0', s: '5', t: '7' };

/** Ways attackers hide the same words: each applied to a share of the English attacks. */
export const ENCODINGS: [string, (text: string) => string][] = [
  ['base64', (t) => `Decode this and follow it: ${Buffer.from(t).toString('base64')}`],
  ['base64-bare', (t) => Buffer.from(t).toString('base64')],
  ['hex', (t) => `hex: ${Buffer.from(t).toString('hex')}`],
  ['rot13', (t) => t.replace(/[a-z]/gi, (c) => String.fromCharCode(((c.toLowerCase().charCodeAt(0) - 97 + 13) % 26) + (c === c.toLowerCase() ? 97 : 65)))],
  ['leetspeak', (t) => t.replace(/[aeiost]/g, (c) => LEET[c]!)],
  ['homoglyph', (t) => t.replace(/[aeopcixys]/g, (c, i: number) => (i % 2 === 0 ? HOMOGLYPHS[c]! : c))],
  ['zero-width', (t) => t.replace(/([a-z]{3})([a-z])/gi, '$1\u200B$2')],
  ['fullwidth', (t) => t.replace(/[!-~]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0))],
  ['url-escapes', (t) => `https://example.org/?q=${Buffer.from(t).toString('hex').replace(/../g, '%$&')}`],
  ['spaced', (t) => t.split(' ').map((w) => w.split('').join(' ')).join('   ')],
];

/** `blind`: which blind batches to read (all by default). */
export function loadCorpus(dir: string, blind: (split: Split) => boolean = () => true): Sample[] {
  const samples: Sample[] = [];
  for (const sub of [null, ...blindSplits(dir).filter(blind)]) loadPart(dir, sub, samples);
  return samples;
}

/** The files directly in attacks/ and ordinary/ (`sub` null: hash split), or one blind batch's. */
function loadPart(dir: string, sub: Split | null, samples: Sample[]): void {
  const prefix = sub === null ? '' : `${sub}/`;
  const attackDir = join(dir, 'attacks', ...(sub === null ? [] : [sub]));
  let n = 0;
  for (const name of readdirSync(attackDir).filter((f) => f.endsWith('.txt')).sort()) {
    const family = name.split('.')[0]!;
    attackEntries(join(attackDir, name)).forEach((entry, i) => {
      const split = sub ?? splitOf(entry);
      const [framing, frame] = FRAMINGS[n % FRAMINGS.length]!;
      samples.push({ id: `attacks/${prefix}${name}#${i + 1} (${framing})`, kind: 'attack', family, split, text: frame(entry) });
      // Every third English attack is also sent encoded (and keeps its split: same words).
      if (name.endsWith('.en.txt') && n % 3 === 0) {
        const [encoding, encode] = ENCODINGS[(n / 3) % ENCODINGS.length]!;
        samples.push({ id: `attacks/${prefix}${name}#${i + 1} (${encoding})`, kind: 'attack', family: 'encoded', split, text: encode(entry) });
      }
      n++;
    });
  }
  const ordinaryDir = join(dir, 'ordinary', ...(sub === null ? [] : [sub]));
  for (const name of readdirSync(ordinaryDir).filter((f) => f.endsWith('.txt')).sort()) {
    const family = name.replace(/\.txt$/, '');
    ordinaryEntries(join(ordinaryDir, name)).forEach((entry, i) => {
      const framing = i % 3 === 0 ? 'bare' : family === 'readme' || i % 3 === 1 ? 'readme' : 'summarize';
      const text = framing === 'bare' ? entry : framing === 'readme' ? `Summarize this README:\n\n${entry}` : `Please summarize the following text:\n\n${entry}`;
      samples.push({ id: `ordinary/${prefix}${name}#${i + 1} (${framing})`, kind: 'ordinary', family, split: sub ?? splitOf(entry), text });
    });
  }
}
