/**
 * Regex detectors behind the format flags: secrets, hidden Unicode, URLs, orders in tool
 * descriptions. Each is a global regex run over every text field. The phrase families (injection,
 * exfiltration, …) are not regexes over raw text: see core/policy/injection/.
 *
 * Backtracking safety (a 1 MB request must not stall the gate): every quantifier is bounded
 * (`{1,5}`, `{20,250}` …), no quantified group contains another unbounded quantifier, and token
 * patterns start with a negative lookbehind on their own alphabet so a long run of token
 * characters is tried from its start only, not from every position. Worst case per pattern is
 * O(length × bound). test/unit/policy/detectors.test.ts times each one on 1 MB adversarial input.
 */
import type { FlagId } from '../../shared/flags.js';

export interface Detector {
  id: FlagId;
  pattern: RegExp;
  message: string;
  /** Only texts under `/tools` (tool names, descriptions, input schemas). */
  toolsOnly?: boolean;
  /** A match that is ordinary where it stands (an emoji's joiner, a file's BOM) is skipped. */
  benign?: (text: string, start: number, end: number) => boolean;
  /** Why this match is less than it looks (a documentation placeholder): the flag is then low. */
  lowered?: (match: string) => string | null;
}

const S = String.raw`\s{1,5}`;

export const DETECTORS: readonly Detector[] = [
  {
    id: 'secret.aws-key',
    lowered: placeholder,
    message: 'contains what looks like an AWS access key id',
    pattern: /(?<![A-Za-z0-9])(?:AKIA|ASIA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA)[A-Z0-9]{16}(?![A-Za-z0-9])/g,
  },
  {
    id: 'secret.private-key',
    message: 'contains a private key block',
    // The key material after the header: a placeholder ("...", "<key>") shows an example, not a key.
    pattern: /-----BEGIN (?:[A-Z0-9]{1,12} ){0,3}PRIVATE KEY(?: BLOCK)?-----(?:[\s\\n"']{0,8}(?:\.{3}|…|<|\[|x{4}|-----END))?/g,
    lowered: (m) => (/-----[\s\\n"']{0,8}(?:\.{3}|…|<|\[|x{4}|-----END)$/.test(m) ? 'no key material (an example?)' : null),
  },
  {
    id: 'secret.github-token',
    lowered: placeholder,
    message: 'contains what looks like a GitHub token',
    pattern: /(?<![A-Za-z0-9_])(?:gh[pousr]_[A-Za-z0-9]{36,255}|github_pat_[A-Za-z0-9_]{22,255})/g,
  },
  {
    id: 'secret.slack-token',
    lowered: placeholder,
    message: 'contains what looks like a Slack token or webhook',
    pattern: /(?<![A-Za-z0-9-])xox[abposr]-[A-Za-z0-9-]{10,250}|hooks\.slack\.com\/services\/[A-Za-z0-9_/]{20,200}/g,
  },
  {
    id: 'secret.anthropic-key',
    lowered: placeholder,
    message: 'contains what looks like an Anthropic API key',
    pattern: /(?<![A-Za-z0-9_-])sk-ant-[A-Za-z0-9_-]{20,250}/g,
  },
  {
    id: 'secret.openai-key',
    lowered: placeholder,
    message: 'contains what looks like an OpenAI API key',
    pattern: /(?<![A-Za-z0-9_-])sk-(?!ant-)(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{32,250}/g,
  },
  {
    id: 'secret.jwt',
    lowered: placeholder,
    message: 'contains a JSON Web Token',
    pattern: /(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{8,4096}\.eyJ[A-Za-z0-9_-]{8,8192}\.[A-Za-z0-9_-]{0,4096}/g,
  },
  {
    id: 'hidden-unicode.tag',
    message: 'contains invisible Unicode tag characters',
    pattern: /[\u{E0000}-\u{E007F}]{1,10000}/gu,
  },
  {
    id: 'hidden-unicode.bidi',
    message: 'contains bidirectional control characters',
    pattern: /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]{1,10000}/gu,
  },
  {
    id: 'hidden-unicode.zero-width',
    message: 'contains invisible zero-width characters',
    pattern: /[\u00AD\u034F\u180E\u200B-\u200D\u2060-\u2064\uFEFF]{1,10000}/gu,
    benign: ordinaryJoiner,
  },
  {
    id: 'hidden-unicode.lookalike',
    message: 'mixes Latin letters with look-alike letters of another script in one word',
    // The rare letter first, so the engine skips ahead to one; then a Latin letter on either side.
    pattern: /[\u0370-\u03FF\u0400-\u04FF\u13A0-\u13FF\uA640-\uA69F](?:(?<=[A-Za-z].)|(?=[A-Za-z]))/g,
  },
  {
    id: 'url',
    message: 'contains a URL',
    pattern: /\b(?:(?:https?|ftp|wss?|file):\/\/|www\.)[^\s<>"'`]{1,2048}|\b(?:data|javascript):[^\s<>"'`]{1,2048}/gi,
  },
  {
    id: 'tool-description-imperative',
    message: 'tool description gives the model orders',
    toolsOnly: true,
    pattern: new RegExp(
      String.raw`\b(?:you${S}(?:must|should|need${S}to|have${S}to|are${S}required${S}to)|always|never|do${S}not|don't|ignore|make${S}sure|be${S}sure` +
        String.raw`|before${S}(?:using|calling|running|invoking)|(?:first|then)${S}(?:read|call|send|fetch|include|pass|run|upload))\b` +
        // Paths end in punctuation, so the word boundary goes only after the word alternatives.
        String.raw`|\b(?:read|include|pass|send|upload|attach)${S}(?:the${S})?(?:contents?${S}of\b|~\/|\/etc\/|\.ssh|\.env|\.aws|api${S}keys?\b|credentials\b|passwords?\b)` +
        String.raw`|<\s{0,3}\/?important\s{0,3}>|\bimportant\s{0,3}:`,
      'gi',
    ),
  },
];

/**
 * Zero-width characters with a job: the joiner inside an emoji sequence (👨‍👩‍👧, 🙅‍♂️), a byte-order
 * mark at the start of a file or line (a concatenated file), and ZWNJ/ZWJ between letters of the
 * scripts that use them to shape words (Persian, Arabic, Indic).
 */
function ordinaryJoiner(text: string, start: number, end: number): boolean {
  const run = text.slice(start, end);
  const before = text.codePointAt(start - 1 - (start >= 2 && /[\uDC00-\uDFFF]/.test(text[start - 1]!) ? 1 : 0));
  const after = text.codePointAt(end);
  if (run === '\uFEFF') return start === 0 || text[start - 1] === '\n';
  if (run === '\u200D' && before !== undefined && after !== undefined && /\p{Extended_Pictographic}|\uFE0F|[\u{1F3FB}-\u{1F3FF}]/u.test(String.fromCodePoint(before)) && /\p{Extended_Pictographic}|[\u2640\u2642\u2695\u2696\u2708]/u.test(String.fromCodePoint(after))) return true;
  if ((run === '\u200C' || run === '\u200D') && before !== undefined && after !== undefined) {
    const shaped = /[\u0600-\u06FF\u0750-\u077F\u0900-\u0DFF\uFB50-\uFDFF]/;
    return shaped.test(String.fromCodePoint(before)) && shaped.test(String.fromCodePoint(after));
  }
  return false;
}

/**
 * Documentation shows made-up secrets: AWS's own "…EXAMPLE" key, "ghp_PersonalAccessToken0000…",
 * "sk-xxxxxxxx…". Real ones are random; a dictionary word or a long run of one character says example.
 */
function placeholder(match: string): string | null {
  if (/example|sample|dummy|placeholder|your|fake|test|token|secret|personal|access|xxxx|0000|1234|abcd|redacted|changeme|insert|replace/i.test(match.replace(/^(?:ghp_|gho_|ghu_|ghs_|ghr_|github_pat_|xox[a-z]-|sk-ant-|sk-proj-|sk-|AKIA)/, ''))) return 'looks like a placeholder';
  if (/(.)\1{5}/.test(match)) return 'looks like a placeholder';
  return null;
}

/** Tag characters spell ASCII invisibly (U+E0041 is an invisible "A"); show what they say. */
export function decodeTagCharacters(text: string): string {
  let out = '';
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (cp >= 0xe0020 && cp <= 0xe007e) out += String.fromCharCode(cp - 0xe0000);
  }
  return out;
}
