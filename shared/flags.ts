/**
 * The catalog of risk flags the policy engine can raise (core/policy/flags.ts computes them).
 * Pure data so the renderer and the CLI can show a legend and sort by severity.
 * Ids are stable: history rows, fixtures and user scripts refer to them.
 */
import type { Severity } from './types.js';

export interface FlagInfo {
  severity: Severity;
  /** One line for a legend or a tooltip. */
  description: string;
}

export const FLAG_CATALOG = {
  'appended-task': {
    severity: 'medium',
    description: 'Asks the model to do something extra ("also do", "additionally") — a common way to smuggle a task in.',
  },
  persistence: {
    severity: 'high',
    description: 'Tries to make an instruction stick ("in all future responses", "from now on").',
  },
  'role-override': {
    severity: 'high',
    description: 'Tries to replace the model\'s instructions or role ("ignore previous instructions", chat-template tokens).',
  },
  'system-prompt-probe': {
    severity: 'high',
    description: 'Asks the model to reveal its system prompt or hidden instructions.',
  },
  'secret.aws-key': { severity: 'high', description: 'Looks like an AWS access key id.' },
  'secret.private-key': { severity: 'high', description: 'Contains a PEM private key block.' },
  'secret.github-token': { severity: 'high', description: 'Looks like a GitHub token.' },
  'secret.slack-token': { severity: 'high', description: 'Looks like a Slack token.' },
  'secret.openai-key': { severity: 'high', description: 'Looks like an OpenAI API key.' },
  'secret.anthropic-key': { severity: 'high', description: 'Looks like an Anthropic API key.' },
  'secret.jwt': { severity: 'medium', description: 'Contains a JSON Web Token.' },
  'hidden-unicode.zero-width': {
    severity: 'medium',
    description: 'Contains invisible characters (zero-width space/joiner, word joiner, BOM, soft hyphen).',
  },
  'hidden-unicode.tag': {
    severity: 'high',
    description: 'Contains Unicode tag characters (U+E0000–E007F), which can carry invisible instructions.',
  },
  'hidden-unicode.bidi': {
    severity: 'high',
    description: 'Contains bidirectional control characters that make text read differently than it is stored.',
  },
  url: { severity: 'low', description: 'Contains a URL — a possible exfiltration target.' },
  'tool-description-imperative': {
    severity: 'medium',
    description: 'An embedded tool\'s description gives the model orders (tool poisoning).',
  },
  'include-context': {
    severity: 'medium',
    description: 'Asks the client to attach context from this or all servers to the prompt.',
  },
  'tools-embedded': { severity: 'medium', description: 'The request hands the model tools it may call.' },
  'large-max-tokens': {
    severity: 'low',
    description: 'Asks for an unusually long completion (at least 75% of the cap, or 16,384 tokens).',
  },
  'rate-near-limit': {
    severity: 'low',
    description: 'This server is at 80% or more of a rate limit or of its daily token budget.',
  },
  'content-rule': { severity: 'medium', description: 'Matched a content rule with `action: flag` (id is content-rule:<name>).' },
  'content-rule-timeout': {
    severity: 'medium',
    description: 'A content rule with `action: flag` did not finish in time on this request, so it was not applied.',
  },
  'response.tool-use': { severity: 'medium', description: 'The completion asks to call a tool.' },
  'elicitation.secret-field': {
    severity: 'high',
    description: 'A form field asks for a secret (password, API key, token, seed phrase, card number, CVV, IBAN, SSN…): servers must not ask for these in a form.',
  },
  'elicitation.url-punycode': {
    severity: 'high',
    description: 'The URL\'s host is internationalised (punycode): what people read may imitate another name. Both forms are shown.',
  },
  'elicitation.url-mixed-script': { severity: 'high', description: 'The URL\'s host mixes scripts (Latin with Cyrillic, say): a way to imitate another name.' },
  'elicitation.url-ip': { severity: 'medium', description: 'The URL goes to a bare IP address, not a named site.' },
  'elicitation.url-shortener': { severity: 'medium', description: 'The URL is a link shortener: where it leads is hidden.' },
  'elicitation.url-other-site': { severity: 'medium', description: 'The URL leads to a site other than the server\'s own (its registrable domain differs).' },
  'elicitation.url-local-server': { severity: 'low', description: 'A local server (a command on this machine) sends you to a website.' },
  'elicitation.url-credential': {
    severity: 'medium',
    description: 'The URL carries a credential in its query or fragment (token=, key=, signature=…): a link that signs in whoever opens it.',
  },
  'elicitation.pressure': { severity: 'medium', description: 'Urgency or "verify your account" phrasing, what phishing writes to hurry people.' },
} as const satisfies Record<string, FlagInfo>;

export type FlagId = keyof typeof FLAG_CATALOG;

/** Catalog entry for a flag id; `content-rule:<name>` resolves to `content-rule`. */
export function flagInfo(id: string): FlagInfo | undefined {
  const base = id.startsWith('content-rule:') ? 'content-rule' : id;
  return Object.hasOwn(FLAG_CATALOG, base) ? FLAG_CATALOG[base as FlagId] : undefined;
}

const SEVERITY_RANK: Record<Severity, number> = { info: 0, low: 1, medium: 2, high: 3 };

/** For sorting flags most severe first. */
export function severityRank(severity: Severity): number {
  return SEVERITY_RANK[severity];
}
