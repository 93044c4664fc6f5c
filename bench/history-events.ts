/**
 * Realistic sampling events for the history bench: 90 days of six servers' requests, each with a
 * system prompt and one to three messages of varied prose, a completion of a few hundred characters,
 * the policy's trace and sometimes flags — the shape and size of what the hold records (~2.5 KB of
 * JSON per event). Deterministic: the same seed gives the same events.
 *
 * Two planted words make search measurable: COMMON_WORD occurs in ~26 % of events, RARE_WORD in
 * one in 10,000 — the rare and common searches of issue 10.
 */
import { newEventId } from '../core/history/event-id.js';
import type { PolicyTraceStep, RiskFlag } from '../shared/types.js';

export const SERVERS = ['docs', 'github', 'notes', 'search', 'calendar', 'crm'] as const;
export const COMMON_WORD = 'quarterly';
export const RARE_WORD = 'zygomorphic';
export const COMMON_SHARE = 0.26;
export const RARE_EVERY = 10_000;

/** A vocabulary of ~1,800 pseudo-words (syllable pairs and triples), so text compresses and indexes like prose. */
const SYLLABLES = 'ba be bi bo bu ca ce ci co cu da de di do du fa fe fi fo ga ge go ha he hi ho ka ke ki ko la le li lo lu ma me mi mo mu na ne ni no nu pa pe pi po pu ra re ri ro ru sa se si so su ta te ti to tu va ve vi vo wa we wi ya yo za ze zo'.split(' ');
const COMMON = 'the a of and to in is that for it on with as was at by an be this are from or have not but which one all were when we there can more if will so'.split(' ');

function vocabulary(): string[] {
  const words: string[] = [];
  let x = 7;
  const next = (): number => (x = (x * 1103515245 + 12345) % 2147483648);
  for (let i = 0; i < 1800; i++) {
    const n = 2 + (next() % 2);
    let w = '';
    for (let j = 0; j < n; j++) w += SYLLABLES[next() % SYLLABLES.length];
    words.push(w);
  }
  return words;
}

const VOCAB = vocabulary();

export class Prose {
  private x: number;
  constructor(seed: number) {
    this.x = seed >>> 0 || 1;
  }

  next(): number {
    this.x = (this.x * 1103515245 + 12345) % 2147483648;
    return this.x;
  }

  /** `length` characters of sentences: frequent function words, a Zipf-ish pick from the vocabulary. */
  text(length: number, extra?: string): string {
    const parts: string[] = [];
    let size = 0;
    let sentence = 0;
    let planted = extra === undefined;
    while (size < length) {
      const r = this.next();
      let word: string;
      if (!planted && size > length / 3) {
        word = extra!;
        planted = true;
      } else if (r % 3 === 0) word = COMMON[(r >>> 3) % COMMON.length]!;
      else {
        // Zipf-ish: small indices far more often.
        const u = ((r >>> 4) % 10_000) / 10_000;
        word = VOCAB[Math.floor(VOCAB.length * u * u * u)]!;
      }
      const piece = sentence === 0 ? word[0]!.toUpperCase() + word.slice(1) : word;
      sentence = (sentence + 1) % (9 + (r % 9));
      const t = sentence === 0 ? `${piece}. ` : `${piece} `;
      parts.push(t);
      size += t.length;
    }
    return parts.join('').slice(0, length).trim();
  }
}

export interface SeedEvent {
  id: string;
  server: string;
  sessionId: string;
  receivedAt: Date;
  request: Record<string, unknown>;
  response: Record<string, unknown>;
  flags: RiskFlag[];
  trace: PolicyTraceStep[];
  tokens: number;
}

/** Event `i` of `total`, spread evenly over `days` ending one minute before `newest`. */
export function seedEvent(i: number, total: number, days: number, newest: number): SeedEvent {
  const p = new Prose(i * 2654435761 + 17);
  const at = new Date(newest - 60_000 - Math.floor(((total - 1 - i) / total) * days * 86_400_000));
  const planted = i % RARE_EVERY === RARE_EVERY - 1 ? RARE_WORD : p.next() % 100 < COMMON_SHARE * 100 ? COMMON_WORD : undefined;
  const turns = 1 + (p.next() % 3);
  const messages: Record<string, unknown>[] = [];
  for (let t = 0; t < turns; t++) {
    const role = t % 2 === 0 ? 'user' : 'assistant';
    const last = t === turns - 1;
    messages.push({ role, content: { type: 'text', text: p.text(150 + (p.next() % 450), last ? planted : undefined) } });
  }
  const server = SERVERS[i % SERVERS.length]!;
  const request = {
    systemPrompt: `You are a careful assistant for the ${server} server. ${p.text(120 + (p.next() % 200))}`,
    messages,
    modelPreferences: { hints: [{ name: 'claude-sonnet' }], costPriority: 0.3, speedPriority: 0.5, intelligencePriority: 0.8 },
    includeContext: 'none',
    temperature: 0.4,
    maxTokens: 800,
    metadata: { requestSource: server },
  };
  const response = { role: 'assistant', model: 'claude-sonnet-4-5', stopReason: 'endTurn', content: { type: 'text', text: p.text(200 + (p.next() % 700)) } };
  const flags: RiskFlag[] =
    p.next() % 8 === 0 ? [{ id: 'content.url', severity: 'low', message: 'contains a URL', path: '/messages/0/content/text', start: 12, end: 40, excerpt: 'https://example.com/a/b' }] : [];
  const trace: PolicyTraceStep[] = [
    { step: 'validity', outcome: 'pass' },
    { step: 'trust-deny', outcome: 'pass' },
    { step: 'hard-rules', outcome: 'pass' },
    { step: 'limits', outcome: 'pass', detail: `minute ${1 + (i % 5)}/5, hour ${1 + (i % 40)}/60, day ${1 + (i % 200)}/300, session ${1 + (i % 30)}/50, tokens ${i % 150_000}/200000` },
    { step: 'trust-approve', outcome: 'approve', rule: 'trust.trust', detail: `server "${server}" is trusted` },
  ];
  // Ids as the gate makes them (UUID v7, time first); sessions as clients get them (random UUIDs).
  return { id: newEventId(at.getTime()), server, sessionId: sessionUuid(Math.floor(i / 25)), receivedAt: at, request, response, flags, trace, tokens: 200 + (i % 600) };
}

/** A random-looking UUID v4 for session `k` (deterministic; no crypto needed for a bench). */
function sessionUuid(k: number): string {
  const h = (x: number): string => {
    let y = Math.imul(x ^ (x >>> 16), 0x45d9f3b);
    y = Math.imul(y ^ (y >>> 16), 0x45d9f3b);
    return ((y ^ (y >>> 16)) >>> 0).toString(16).padStart(8, '0');
  };
  const a = h(k * 4 + 1);
  const b = h(k * 4 + 2);
  const c = h(k * 4 + 3);
  const d = h(k * 4 + 4);
  return `${a}-${b.slice(0, 4)}-4${b.slice(5, 8)}-a${c.slice(1, 4)}-${c.slice(4)}${d}`;
}
