/**
 * config.yaml (CONTRACT.md section 5) as zod schemas. Pure: the file is read in core/config.
 * `.strict()` everywhere so a typo ("trsut: ask") is an error with a line, not a silent default.
 */
import { z } from 'zod';
import { ProviderSchema, checkProviderReferences } from './provider-schema.js';
import { AuditSchema } from './audit-schema.js';
import type { ManagedSources } from './managed-sources.js';
import { TRUST_LEVELS } from './types.js';

export const TrustSchema = z.enum(TRUST_LEVELS);

const positiveInt = z.number().int().positive();

export const RateLimitSchema = z
  .object({
    perMinute: positiveInt.nullable().optional(),
    perHour: positiveInt.nullable().optional(),
    perDay: positiveInt.nullable().optional(),
    perSession: positiveInt.nullable().optional(),
  })
  .strict();

export const ContentRuleSchema = z
  .object({
    name: z.string().min(1),
    match: z.string().min(1).refine(isValidRegex, { message: 'not a valid JavaScript regular expression' }),
    action: z.enum(['deny', 'flag']),
  })
  .strict();

/**
 * Who answers a sampling request (CONTRACT.md section 8): the connected client, the configured
 * provider (the user's own model), or `auto` — the client when it declared sampling, else the provider.
 */
export const ANSWER_WITH = ['client', 'provider', 'auto'] as const;
export const AnswerWithSchema = z.enum(ANSWER_WITH);
export type AnswerWith = (typeof ANSWER_WITH)[number];

export const PROVIDER_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const PROVIDER_ID_MESSAGE = 'provider ids are letters, digits, . _ - (max 64)';

/**
 * Elicitation (CONTRACT.md section 10): whether a server may ask the person for input, who answers
 * — the client when it declared that mode, or the gate's own form (`auto`) — URL mode and the hosts
 * it may send people to, and its own rate limit. `defaults.elicitation`, and a server's own
 * `elicitation:` next to its trust.
 */
export const ELICITATION_ANSWER_WITH = ['client', 'gate', 'auto'] as const;
export type ElicitationAnswerWith = (typeof ELICITATION_ANSWER_WITH)[number];

/** A host a URL elicitation may send people to: `example.com`, or every subdomain with `*.example.com`. */
export const URL_HOST = /^(?:\*\.)?[^\s*/:@?#\\[\]]{1,253}$/;

export const ElicitationPolicySchema = z
  .object({
    trust: TrustSchema.optional(),
    answerWith: z.enum(ELICITATION_ANSWER_WITH).optional(),
    allowUrl: z.boolean().optional(),
    urlHosts: z.array(z.string().regex(URL_HOST, 'a host like example.com or *.example.com')).optional(),
    rateLimit: z
      .object({ perMinute: positiveInt.nullable().optional(), perHour: positiveInt.nullable().optional() })
      .strict()
      .optional(),
  })
  .strict();
export type ElicitationPolicyConfig = z.infer<typeof ElicitationPolicySchema>;

/**
 * Roots (CONTRACT.md section 10): which of the user's directories a server is told about. `deny`:
 * the server gets an empty list; `ask`: the user sees the exact list first (once per session, and
 * again when it changes); `trust`: passed on. `allow`: only roots under these paths reach the server.
 */
export const RootsPolicySchema = z
  .object({
    trust: TrustSchema.optional(),
    allow: z.array(z.string().min(1).max(4096)).optional(),
  })
  .strict();
export type RootsPolicyConfig = z.infer<typeof RootsPolicySchema>;

/** Everything a server may override; every field optional so `policy:` can be partial. */
export const PolicySchema = z
  .object({
    trust: TrustSchema.optional(),
    approvalTimeoutSeconds: positiveInt.optional(),
    maxTokensCap: positiveInt.optional(),
    rateLimit: RateLimitSchema.optional(),
    tokenBudgetPerDay: positiveInt.nullable().optional(),
    allowTools: z.boolean().optional(),
    allowIncludeContext: z.boolean().optional(),
    allowMedia: z.array(z.string().regex(/^[\w.+-]+\/[\w.+-]+$/, 'a MIME type like image/png')).optional(),
    reviewResponses: z.boolean().optional(),
    rules: z.array(ContentRuleSchema).optional(),
    /** Rolling 24 h spend on provider answers, in USD (usage × the configured prices). */
    costBudgetPerDay: z.number().positive().nullable().optional(),
    answerWith: AnswerWithSchema.optional(),
    provider: z.string().regex(PROVIDER_ID, PROVIDER_ID_MESSAGE).optional(),
    elicitation: ElicitationPolicySchema.optional(),
    roots: RootsPolicySchema.optional(),
    /**
     * Server→client request methods relayed to the client unexamined (the gate answers any other
     * method it does not hold with -32601). `ping` always passes.
     */
    allowServerMethods: z.array(z.string().min(1).max(200)).optional(),
  })
  .strict();

const serverCommon = {
  trust: TrustSchema.optional(),
  // Next to trust, as CONTRACT.md sections 8 and 10 show; `policy:` may not repeat them.
  answerWith: AnswerWithSchema.optional(),
  provider: z.string().regex(PROVIDER_ID, PROVIDER_ID_MESSAGE).optional(),
  elicitation: ElicitationPolicySchema.optional(),
  roots: RootsPolicySchema.optional(),
  policy: PolicySchema.omit({ trust: true, answerWith: true, provider: true, elicitation: true, roots: true }).optional(),
  description: z.string().optional(),
};

export const CommandServerSchema = z
  .object({
    command: z.string().min(1),
    args: z.array(z.string()).default([]),
    env: z.record(z.string(), z.string()).default({}),
    cwd: z.string().optional(),
    ...serverCommon,
  })
  .strict();

export const UrlServerSchema = z
  .object({
    url: z.url({ protocol: /^https?$/ }),
    headers: z.record(z.string(), z.string()).default({}),
    ...serverCommon,
  })
  .strict();

export const ServerSchema = z.union([CommandServerSchema, UrlServerSchema]);

export const SERVER_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export const ConfigSchema = z
  .object({
    defaults: PolicySchema.default({}),
    servers: z
      .record(z.string().regex(SERVER_ID, 'server ids are letters, digits, . _ - (max 64)'), ServerSchema)
      .default({}),
    ui: z
      .object({
        /** Extra Origins allowed on the HTTP endpoint besides the gate's own. */
        allowedOrigins: z.array(z.string()).default([]),
        historyRetentionDays: positiveInt.nullable().default(null),
      })
      .strict()
      .default({ allowedOrigins: [], historyRetentionDays: null }),
    providers: z.record(z.string().regex(PROVIDER_ID, PROVIDER_ID_MESSAGE), ProviderSchema).default({}),
    /** Every final history event to OTLP and/or syslog (issue 12); the managed policy may add its own. */
    audit: AuditSchema.optional(),
  })
  .strict()
  .superRefine(checkProviderReferences);

export type RawConfig = z.infer<typeof ConfigSchema>;
export type ServerConfig = z.infer<typeof ServerSchema>;
export type PolicyConfig = z.infer<typeof PolicySchema>;
export type ContentRule = z.infer<typeof ContentRuleSchema>;

/** The policy a server runs under: defaults, then the server's overrides. Every field resolved. */
export interface EffectivePolicy {
  trust: z.infer<typeof TrustSchema>;
  approvalTimeoutSeconds: number;
  maxTokensCap: number;
  rateLimit: { perMinute: number | null; perHour: number | null; perDay: number | null; perSession: number | null };
  tokenBudgetPerDay: number | null;
  allowTools: boolean;
  allowIncludeContext: boolean;
  allowMedia: string[];
  reviewResponses: boolean;
  rules: ContentRule[];
  costBudgetPerDay: number | null;
  answerWith: AnswerWith;
  /** The provider that answers when the gate does; null: none configured (the first one if only one is). */
  provider: string | null;
  elicitation: EffectiveElicitationPolicy;
  roots: EffectiveRootsPolicy;
  allowServerMethods: string[];
  /** What the managed policy decided for this server (shared/managed-merge.ts); absent without one. */
  managed?: ManagedSources;
}

export interface EffectiveRootsPolicy {
  trust: z.infer<typeof TrustSchema>;
  /** Non-empty: only roots under these directories reach the server. */
  allow: string[];
  /** The managed policy's own list: a root must be under a directory of each non-empty list. */
  managedAllow: string[] | null;
}

export interface EffectiveElicitationPolicy {
  trust: z.infer<typeof TrustSchema>;
  answerWith: ElicitationAnswerWith;
  allowUrl: boolean;
  /** Non-empty: URL mode only to these hosts (globs). */
  urlHosts: string[];
  /** The managed policy's own list: a URL's host must be on both lists that are non-empty. */
  managedUrlHosts: string[] | null;
  rateLimit: { perMinute: number | null; perHour: number | null };
}

export const BUILT_IN_DEFAULTS: EffectivePolicy = {
  trust: 'ask',
  approvalTimeoutSeconds: 120,
  maxTokensCap: 4096,
  rateLimit: { perMinute: 5, perHour: 60, perDay: 300, perSession: 50 },
  tokenBudgetPerDay: 200000,
  allowTools: false,
  allowIncludeContext: false,
  allowMedia: ['image/png', 'image/jpeg', 'image/gif', 'image/webp'],
  reviewResponses: false,
  rules: [],
  costBudgetPerDay: null,
  answerWith: 'auto',
  provider: null,
  // Elicitation passes to whoever answers it, checked and recorded; held when a rule or a high flag says so.
  elicitation: { trust: 'trust', answerWith: 'auto', allowUrl: true, urlHosts: [], managedUrlHosts: null, rateLimit: { perMinute: 10, perHour: 100 } },
  roots: { trust: 'trust', allow: [], managedAllow: null },
  allowServerMethods: [],
};

export function isCommandServer(s: ServerConfig): s is z.infer<typeof CommandServerSchema> {
  return 'command' in s;
}

export function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function isValidRegex(source: string): boolean {
  try {
    new RegExp(source, 'iu');
    return true;
  } catch {
    return false;
  }
}
