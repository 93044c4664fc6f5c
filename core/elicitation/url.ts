/**
 * A URL-mode elicitation's URL (CONTRACT.md section 10; MCP client/elicitation "Safe URL Handling"):
 * checked — an absolute URL, `https` (or `http` to this machine), no user name or password, nothing
 * invisible that would make it read differently than it opens — and taken apart for the dialog,
 * which must show it whole with its registrable domain highlighted and, for punycode, both forms.
 * Never fetched: nothing here touches the network.
 *
 * The registrable domain comes from the Public Suffix List (tldts, with its private section, so
 * `alice.github.io` and `mallory.github.io` are different owners). The list is loaded when a URL is
 * first checked, not with the gate: it is 8 MiB of a gate's memory that most never need (an idle
 * gate's RSS went from 68 to 76 MiB when it came in with the rest of the gate).
 */
import { createRequire } from 'node:module';
import { domainToASCII, domainToUnicode } from 'node:url';
import type * as Tldts from 'tldts';

let tldts: typeof Tldts | null = null;
function getDomain(host: string, options: Parameters<typeof Tldts.getDomain>[1]): string | null {
  tldts ??= createRequire(import.meta.url)('tldts') as typeof Tldts;
  return tldts.getDomain(host, options);
}
import type { UrlView } from '../../shared/elicitation.js';

export const MAX_URL_LENGTH = 8192;

export type UrlCheck = { ok: true; url: URL; view: UrlView } | { ok: false; reason: string };

/**
 * Characters a URL must not carry as typed: the URL parser silently drops tabs and newlines and
 * trims spaces, and invisible or direction-changing characters make the text shown differ from
 * what opens.
 */
const INVISIBLE_OR_SPACE = /[\u0000-\u0020\u007F-\u00A0\u00AD\u034F\u061C\u115F\u1160\u17B4\u17B5\u180B-\u180F\u200B-\u200F\u2028-\u202F\u205F-\u206F\u3000\u3164\uFE00-\uFE0F\uFEFF\uFFA0\uFFF9-\uFFFB\u{E0000}-\u{E0FFF}]/u;

export function checkUrl(raw: unknown): UrlCheck {
  if (typeof raw !== 'string' || raw.length === 0) return { ok: false, reason: 'url must be a non-empty string' };
  if (raw.length > MAX_URL_LENGTH) return { ok: false, reason: `the URL is longer than ${MAX_URL_LENGTH} characters` };
  if (INVISIBLE_OR_SPACE.test(raw)) return { ok: false, reason: 'the URL contains spaces, control or invisible characters' };
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, reason: 'the URL is not an absolute URL' };
  }
  const scheme = url.protocol.slice(0, -1);
  if (scheme !== 'https' && !(scheme === 'http' && isLoopback(url.hostname))) {
    return { ok: false, reason: scheme === 'http' ? 'plain http is allowed only to this machine (127.0.0.1, ::1, localhost): use https' : `"${scheme}:" URLs are not allowed: only https (or http to this machine)` };
  }
  if (url.username !== '' || url.password !== '') return { ok: false, reason: 'the URL carries a user name or password (user:password@host)' };
  if (url.hostname === '') return { ok: false, reason: 'the URL has no host' };
  return { ok: true, url, view: viewOf(raw, url) };
}

function viewOf(raw: string, url: URL): UrlView {
  const href = url.href;
  const asciiHost = url.hostname;
  const hostStart = url.protocol.length + 2;
  const hostEnd = hostStart + asciiHost.length;
  const ip = isIpLiteral(asciiHost);
  const domain = ip ? null : getDomain(asciiHost, { allowPrivateDomains: true });
  // The domain is the host's last labels; a host ending in a dot keeps its dot after them.
  const bare = asciiHost.endsWith('.') ? asciiHost.slice(0, -1) : asciiHost;
  const domainEnd = hostStart + bare.length;
  const domainSpan: [number, number] | null = domain && bare.endsWith(domain) ? [domainEnd - domain.length, domainEnd] : null;
  return {
    raw,
    href,
    asciiHost,
    unicodeHost: ip ? asciiHost : domainToUnicode(asciiHost) || asciiHost,
    registrableDomain: domain,
    hostSpan: [hostStart, hostEnd],
    domainSpan,
    punycode: asciiHost.split('.').some((label) => label.startsWith('xn--')),
  };
}

export function isLoopback(host: string): boolean {
  return host === 'localhost' || host.endsWith('.localhost') || host === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/** An IPv4 address (the parser writes every IPv4 form in dotted decimal) or a bracketed IPv6 one. */
export function isIpLiteral(host: string): boolean {
  return host.startsWith('[') || /^\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/** The registrable domain of a host, or the host itself where it has none (an IP, localhost). */
export function siteOf(host: string): string {
  const h = host.toLowerCase();
  return (isIpLiteral(h) ? null : getDomain(h, { allowPrivateDomains: true })) ?? h.replace(/\.$/, '');
}

/**
 * Whether `host` (ASCII, as URL.hostname gives it) is one of `patterns`: `example.com` is that host,
 * `*.example.com` any host below it (not example.com itself). Patterns may be written in Unicode.
 */
export function hostAllowed(host: string, patterns: readonly string[]): boolean {
  const h = host.toLowerCase().replace(/\.$/, '');
  return patterns.some((p) => {
    const wildcard = p.startsWith('*.');
    const base = asciiHostOf(wildcard ? p.slice(2) : p);
    if (base === null) return false;
    return wildcard ? h.endsWith(`.${base}`) : h === base;
  });
}

function asciiHostOf(host: string): string | null {
  const ascii = domainToASCII(host.toLowerCase().replace(/\.$/, ''));
  return ascii === '' ? null : ascii;
}
