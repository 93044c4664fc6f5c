/**
 * Risk flags of an elicitation (CONTRACT.md section 10), shown at the top of its dialog like
 * sampling's and recorded with the row:
 * - form fields that ask for a secret (secret-fields.ts) — high: a hold even for a trusted server;
 * - a URL's host in punycode or mixing scripts (shown both ways) — high; an IP literal; a host that
 *   is not the server's own site; a credential in its query; a URL shortener;
 * - pressure: urgency and "verify your account" phrasing;
 * - every text detector sampling has (core/policy/detectors.ts), on the message and the form's texts.
 */
import { domainToUnicode } from 'node:url';
import type { UrlView } from '../../shared/elicitation.js';
import type { RiskFlag } from '../../shared/types.js';
import { detectorFlags, flag } from '../policy/flags.js';
import { excerpt } from '../policy/excerpt.js';
import { collectTexts, pointer, type TextField } from '../policy/walk.js';
import { secretIn } from './secret-fields.js';
import { isIpLiteral, siteOf } from './url.js';

/** Where the server itself lives: its URL's host, or a command on this machine. */
export type ServerHome = { kind: 'url'; host: string } | { kind: 'command' };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The texts of an elicitation a person reads: the message and the form's titles, descriptions, options and defaults. */
export function elicitationTexts(params: Record<string, unknown>): TextField[] {
  const { url: _url, elicitationId: _id, ...readable } = params;
  return collectTexts(readable);
}

/** Names of the form's properties that ask for secrets, with a flag each. */
export function secretFieldFlags(params: Record<string, unknown>): { names: string[]; flags: RiskFlag[] } {
  const schema = params.requestedSchema;
  const properties = isObject(schema) && isObject(schema.properties) ? schema.properties : {};
  const names: string[] = [];
  const flags: RiskFlag[] = [];
  for (const [name, prop] of Object.entries(properties)) {
    if (!isObject(prop)) continue;
    const hit = secretIn(name, prop);
    if (!hit) continue;
    names.push(name);
    const at = ['requestedSchema', 'properties', name];
    const where = hit.where === 'title' || hit.where === 'description' ? { path: pointer([...at, hit.where]), start: hit.start, end: hit.end, excerpt: excerpt(String(prop[hit.where]), hit.start, hit.end) } : { path: pointer(at) };
    flags.push(flag('elicitation.secret-field', `field "${name}" asks for a secret (${hit.term}): servers must not ask for passwords, keys, tokens or payment details in a form`, where));
  }
  return { names, flags };
}

const PRESSURE = new RegExp(
  [
    String.raw`\b(?:verify|confirm|validate|re-?enter|update|unlock|restore|reactivate)\s{1,3}(?:your\s{1,3})?(?:account|identity|password|credentials|login|payment|billing|card|wallet)\b`,
    String.raw`\b(?:urgent(?:ly)?|immediately|right\s{1,3}away|act\s{1,3}now|asap|last\s{1,3}warning|final\s{1,3}(?:notice|warning)|security\s{1,3}alert|unusual\s{1,3}(?:activity|sign-?in))\b`,
    String.raw`\baccount\s{1,3}(?:will\s{1,3}be\s{1,3}|has\s{1,3}been\s{1,3}|is\s{1,3})?(?:suspended|locked|closed|deleted|disabled|compromised)\b`,
    String.raw`\bwithin\s{1,3}\d{1,3}\s{1,3}(?:minutes?|hours?)\b`,
    String.raw`\b(?:dringend|sofort|umgehend|konto\s{1,3}(?:wird\s{1,3})?(?:gesperrt|gel[öo]scht)|(?:konto|identit[äa]t)\s{1,3}(?:best[äa]tigen|verifizieren))\b`,
    String.raw`\b(?:imm[ée]diatement|v[ée]rifie[zr]\s{1,3}votre\s{1,3}(?:compte|identit[ée])|compte\s{1,3}(?:sera\s{1,3})?(?:suspendu|bloqu[ée]))\b`,
    String.raw`\b(?:urgente|inmediatamente|verifi(?:que|ca)\s{1,3}su\s{1,3}(?:cuenta|identidad)|cuenta\s{1,3}(?:ser[áa]\s{1,3})?(?:suspendida|bloqueada))\b`,
  ].join('|'),
  'iu',
);

const PRESSURE_LOWER = new RegExp(PRESSURE.source, 'u');

/** Urgency and "verify your account": what phishing writes to hurry a person past reading. */
export function pressureFlags(texts: readonly TextField[]): RiskFlag[] {
  for (const t of texts) {
    if (t.segments[0] !== 'message' && t.segments.at(-1) !== 'title' && t.segments.at(-1) !== 'description') continue;
    const text = t.text.slice(0, 65536);
    const lower = text.toLowerCase();
    // On lowercased text without `i` (a twentieth of the cost); the original where lowercasing changed the length.
    const m = lower.length === text.length ? PRESSURE_LOWER.exec(lower) : PRESSURE.exec(text);
    if (m) {
      const [start, end] = [m.index, m.index + m[0].length];
      return [flag('elicitation.pressure', `urges or asks to verify an account: "${text.slice(start, end)}"`, { path: t.path, start, end, excerpt: excerpt(t.text, start, end) })];
    }
  }
  return [];
}

/** Hosts whose only job is to hide where a link goes. */
const SHORTENERS = new Set([
  'bit.ly', 'bitly.com', 'tinyurl.com', 't.co', 'goo.gl', 'ow.ly', 'is.gd', 'buff.ly', 'rebrand.ly', 'cutt.ly', 'shorturl.at', 'tiny.cc',
  'rb.gy', 't.ly', 's.id', 'lnkd.in', 'bit.do', 'v.gd', 'qr.ae', 'adf.ly', 'shorte.st', 'bl.ink', 'soo.gd', 'po.st', 'x.co', 'tiny.one',
  'shrtco.de', 'surl.li', 'short.gy', 'urlr.me', 'dub.sh', 'dub.co', 't2m.io', 'kutt.it', 'clck.ru', 'u.to', 'shorturl.me', '2u.pm', 'ouo.io',
]);

/** Query (or fragment) parameters that carry credentials: a URL that signs its opener in, or leaks a secret. */
const CREDENTIAL_PARAM = /^(?:access[_-]?token|id[_-]?token|refresh[_-]?token|token|auth|authorization|api[_-]?key|apikey|secret|client[_-]?secret|password|passwd|pwd|session(?:[_-]?id)?|sid|jwt|bearer|sig|signature|x-amz-signature|x-amz-credential|x-goog-signature|x-goog-credential|otp|code_verifier)$/i;

/** Scripts a single host label may mix (UTS 39's "highly restrictive" level, roughly): CJK with Latin only. */
const MIXABLE = [new Set(['Latin', 'Han', 'Hiragana', 'Katakana']), new Set(['Latin', 'Han', 'Bopomofo']), new Set(['Latin', 'Han', 'Hangul'])];
const SCRIPTS = ['Latin', 'Cyrillic', 'Greek', 'Armenian', 'Georgian', 'Hebrew', 'Arabic', 'Devanagari', 'Bengali', 'Thai', 'Han', 'Hiragana', 'Katakana', 'Hangul', 'Bopomofo', 'Cherokee', 'Ethiopic', 'Tamil', 'Telugu', 'Kannada', 'Malayalam', 'Gujarati', 'Gurmukhi', 'Khmer', 'Lao', 'Myanmar', 'Sinhala', 'Tibetan'].map(
  (name) => [name, new RegExp(`\\p{Script=${name}}`, 'u')] as const,
);

export function mixedScripts(unicodeHost: string): string[] | null {
  for (const label of unicodeHost.split('.')) {
    const scripts = new Set<string>();
    for (const ch of label) {
      if (!/\p{L}/u.test(ch)) continue;
      scripts.add(SCRIPTS.find(([, re]) => re.test(ch))?.[0] ?? 'Other');
    }
    if (scripts.size > 1 && !MIXABLE.some((ok) => [...scripts].every((s) => ok.has(s)))) return [...scripts];
  }
  return null;
}

/** What is risky about where a URL-mode elicitation sends the person. */
export function urlFlags(view: UrlView, url: URL, home: ServerHome): RiskFlag[] {
  const out: RiskFlag[] = [];
  const at = hostSpanIn(view);
  const shown = view.punycode ? `${view.asciiHost} (reads as ${view.unicodeHost})` : view.asciiHost;
  if (view.punycode) out.push(flag('elicitation.url-punycode', `the host is internationalised: ${view.asciiHost} is shown to people as ${view.unicodeHost}, which may imitate another name`, at));
  const mixed = mixedScripts(view.unicodeHost);
  if (mixed) out.push(flag('elicitation.url-mixed-script', `the host ${view.unicodeHost} mixes scripts (${mixed.join(', ')}), a way to imitate another name`, at));
  if (isIpLiteral(view.asciiHost)) out.push(flag('elicitation.url-ip', `the URL goes to a bare IP address (${view.asciiHost}), not a named site`, at));
  if (SHORTENERS.has(view.asciiHost.replace(/^www\./, ''))) out.push(flag('elicitation.url-shortener', `${view.asciiHost} is a link shortener: where it leads is hidden`, at));
  const site = siteOf(view.asciiHost);
  if (home.kind === 'url') {
    const own = siteOf(home.host);
    if (own !== site) out.push(flag('elicitation.url-other-site', `the URL leads to ${shown}, not to the server's own site (${own})`, at));
  } else {
    out.push(flag('elicitation.url-local-server', `a local server (a command on this machine) sends you to ${shown}`, at));
  }
  const credential = credentialParam(url);
  if (credential) out.push(flag('elicitation.url-credential', `the URL carries a credential ("${credential}=…"): a link that signs in whoever opens it, or leaks a secret`, { path: '/url' }));
  // A secret in the URL (a key, a token) is flagged as in any text; a URL by itself is not news here.
  for (const f of detectorFlags([{ path: '/url', segments: ['url'], text: view.raw }])) if (f.id.startsWith('secret.')) out.push(f);
  return out;
}

function credentialParam(url: URL): string | null {
  for (const name of url.searchParams.keys()) if (CREDENTIAL_PARAM.test(name)) return name;
  if (url.hash.includes('=')) {
    for (const name of new URLSearchParams(url.hash.slice(1)).keys()) if (CREDENTIAL_PARAM.test(name)) return name;
  }
  return null;
}

/** The host's place in the URL as the server sent it, for the dialog to highlight. */
function hostSpanIn(view: UrlView): Pick<RiskFlag, 'path' | 'start' | 'end' | 'excerpt'> {
  const lower = view.raw.toLowerCase();
  for (const host of [view.asciiHost, view.unicodeHost, domainToUnicode(view.asciiHost)]) {
    const i = host ? lower.indexOf(host.toLowerCase()) : -1;
    if (i >= 0) return { path: '/url', start: i, end: i + host.length, excerpt: excerpt(view.raw, i, i + host.length) };
  }
  return { path: '/url' };
}
