/**
 * Text detectors behind the risk flags. Each is a global regex run over every text field.
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
}

const S = String.raw`\s{1,5}`;

export const DETECTORS: readonly Detector[] = [
  {
    id: 'persistence',
    message: 'tries to make an instruction persist',
    pattern: new RegExp(
      String.raw`\b(?:in${S}(?:all|every)${S}(?:future|subsequent|later|following)${S}(?:responses?|replies|answers|messages|conversations?|chats?)` +
        String.raw`|from${S}now${S}on|for${S}(?:all|every)${S}(?:future|subsequent)${S}(?:responses?|replies|answers|messages|conversations?|requests?)` +
        String.raw`|(?:always|permanently)${S}remember|remember${S}(?:this|that)${S}(?:for${S}(?:the${S})?future|forever)` +
        String.raw`|going${S}forward|(?:save|store|add|write)${S}(?:this|that|it)${S}(?:to|in|into)${S}(?:your${S})?memory)\b`,
      'gi',
    ),
  },
  {
    id: 'appended-task',
    message: 'appends an extra task',
    pattern: new RegExp(
      String.raw`\b(?:also${S}(?:do|run|send|include|call|fetch|read|write|tell|list|email|post|append|add|output|print|execute)` +
        String.raw`|additionally|in${S}addition(?=\s{0,3}(?:,|:|to\b))|after${S}(?:that|answering|responding|you${S}(?:answer|respond|reply))` +
        String.raw`|before${S}(?:answering|responding|you${S}(?:answer|respond|reply))|then${S}(?:also|secretly|quietly|silently))\b`,
      'gi',
    ),
  },
  {
    id: 'role-override',
    message: 'tries to override the model\'s instructions or role',
    pattern: new RegExp(
      String.raw`\b(?:ignore|disregard|forget|override)${S}(?:(?:all|any|the|your|of)${S}){0,3}(?:previous|prior|above|earlier|preceding|system|original|existing)${S}(?:instructions?|prompts?|rules|messages?|directions|guidelines)\b` +
        String.raw`|\byou${S}are${S}(?:now|no${S}longer)\b|\bnew${S}(?:system${S})?instructions?\s{0,3}:` +
        String.raw`|\b(?:developer|god|jailbreak|DAN)${S}mode\b|\bact${S}as${S}(?:an?${S})?(?:unrestricted|unfiltered|jailbroken)\b` +
        String.raw`|<\|(?:im_start|im_end|system|endoftext|start_header_id|end_header_id|eot_id)\|>|\[\/?INST\]|<<\/?SYS>>|<\/?system>` +
        String.raw`|^\s{0,10}(?:system|###${S}system)\s{0,3}:`,
      'gim',
    ),
  },
  {
    id: 'system-prompt-probe',
    message: 'asks for the system prompt or hidden instructions',
    pattern: new RegExp(
      String.raw`\b(?:print|reveal|show|repeat|output|display|tell${S}me|give${S}me|what${S}(?:is|are|was|were)|leak|dump|recite|copy|share)${S}` +
        String.raw`(?:me${S})?(?:your|the)${S}(?:(?:full|entire|exact|original|initial|hidden|secret|complete)${S})?` +
        String.raw`(?:system${S}(?:prompt|message|instructions?)|initial${S}(?:prompt|instructions?)|hidden${S}(?:prompt|instructions?)|pre-?prompt|instructions${S}(?:above|you${S}(?:were|have${S}been)${S}given))\b` +
        String.raw`|\brepeat${S}(?:everything|all${S}(?:the${S})?text|the${S}words)${S}above\b`,
      'gi',
    ),
  },
  {
    id: 'secret.aws-key',
    message: 'contains what looks like an AWS access key id',
    pattern: /(?<![A-Za-z0-9])(?:AKIA|ASIA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA)[A-Z0-9]{16}(?![A-Za-z0-9])/g,
  },
  {
    id: 'secret.private-key',
    message: 'contains a private key block',
    pattern: /-----BEGIN (?:[A-Z0-9]{1,12} ){0,3}PRIVATE KEY(?: BLOCK)?-----/g,
  },
  {
    id: 'secret.github-token',
    message: 'contains what looks like a GitHub token',
    pattern: /(?<![A-Za-z0-9_])(?:gh[pousr]_[A-Za-z0-9]{36,255}|github_pat_[A-Za-z0-9_]{22,255})/g,
  },
  {
    id: 'secret.slack-token',
    message: 'contains what looks like a Slack token or webhook',
    pattern: /(?<![A-Za-z0-9-])xox[abposr]-[A-Za-z0-9-]{10,250}|hooks\.slack\.com\/services\/[A-Za-z0-9_/]{20,200}/g,
  },
  {
    id: 'secret.anthropic-key',
    message: 'contains what looks like an Anthropic API key',
    pattern: /(?<![A-Za-z0-9_-])sk-ant-[A-Za-z0-9_-]{20,250}/g,
  },
  {
    id: 'secret.openai-key',
    message: 'contains what looks like an OpenAI API key',
    pattern: /(?<![A-Za-z0-9_-])sk-(?!ant-)(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{32,250}/g,
  },
  {
    id: 'secret.jwt',
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

/** Tag characters spell ASCII invisibly (U+E0041 is an invisible "A"); show what they say. */
export function decodeTagCharacters(text: string): string {
  let out = '';
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (cp >= 0xe0020 && cp <= 0xe007e) out += String.fromCharCode(cp - 0xe0000);
  }
  return out;
}
