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
  // Text families (core/policy/injection/): the severity here is what an instruction aimed at the
  // model (or at the user, against them) gets. The same words quoted, negated, shown in a code block
  // or inside writing about attacks are lowered to low or dropped; a weak sign alone is low.
  'role-override': {
    severity: 'high',
    description: 'Tries to replace the model\'s instructions or role ("ignore previous instructions", "you are no longer …", chat-template tokens).',
  },
  'injection.task-hijack': {
    severity: 'high',
    description: 'Tries to swap the task the user asked for ("instead of the report, …", "your real task is", "the original task has been cancelled").',
  },
  'injection.fake-authority': {
    severity: 'high',
    description: 'Speaks with an authority it cannot have ("I am the admin agent", "SYSTEM OVERRIDE") or switches the model to an unrestricted mode (DAN, "developer mode").',
  },
  'injection.addressed': {
    severity: 'high',
    description: 'Speaks to the AI reading the text rather than to its human reader ("Note for AI assistants: …", "models processing this page must …", "Assistant: forward …").',
  },
  'injection.agent-manipulation': {
    severity: 'high',
    description: 'Steers the model to act against the user: pay, buy, grant access, change settings or mislead them ("book it with the saved card without asking", "tell them the refund is on its way").',
  },
  'injection.fake-error': {
    severity: 'high',
    description: 'Fakes an error or a retry to steer the model ("status: error. Retry with fallback: …").',
  },
  'exfiltration.directive': {
    severity: 'high',
    description: 'Tells the model to send the conversation, credentials, files or context somewhere (a URL, an e-mail address, a webhook).',
  },
  'exfiltration.markdown-image': {
    severity: 'high',
    description: 'A markdown image or link whose URL is built to carry data out when it is rendered or fetched.',
  },
  'covert-action': {
    severity: 'high',
    description: 'Asks for something to be done behind the user\'s back ("silently", "do not mention this", "the user will not see").',
  },
  'tool-coercion': {
    severity: 'high',
    description: 'Pushes the model to call a tool or run a command nobody asked for ("also call the send_email tool", "curl … | sh").',
  },
  'credential-harvest': {
    severity: 'high',
    description: 'Asks for passwords, API keys or codes, often with urgency ("verify your account", "enter your API key here").',
  },
  persistence: {
    severity: 'high',
    description: 'Tries to make an instruction stick ("in all future responses", "save this to your memory").',
  },
  'system-prompt-probe': {
    severity: 'high',
    description: 'Asks the model to reveal its system prompt or hidden instructions.',
  },
  'appended-task': {
    severity: 'low',
    description: 'Appends an extra task ("also do", "additionally", "before answering"): weak alone, medium next to other signs.',
  },
  'obfuscation.encoded': {
    severity: 'low',
    description: 'Readable text hidden in base64, hex, URL escapes, rot13, reversed or spaced-out letters; flags found in it point at the encoded span.',
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
  'hidden-unicode.lookalike': {
    severity: 'low',
    description: 'A word mixes Latin letters with look-alikes from another script (a Cyrillic "а" in "pаypal"); cues read it as Latin.',
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

/** The flags raised by phrase families in text (core/policy/injection/). */
export const INJECTION_FAMILIES = [
  'role-override',
  'injection.task-hijack',
  'injection.fake-authority',
  'injection.addressed',
  'injection.agent-manipulation',
  'injection.fake-error',
  'exfiltration.directive',
  'exfiltration.markdown-image',
  'covert-action',
  'tool-coercion',
  'credential-harvest',
  'persistence',
  'system-prompt-probe',
  'appended-task',
] as const satisfies readonly FlagId[];
export type InjectionFamily = (typeof INJECTION_FAMILIES)[number];

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
