/**
 * config.yaml (CONTRACT.md section 5) as zod schemas. Pure: the file is read in core/config.
 * `.strict()` everywhere so a typo ("trsut: ask") is an error with a line, not a silent default.
 */
import { z } from 'zod';
import { ProviderSchema, checkProviderReferences } from './provider-schema.js';
import { AuditSchema } from './audit-schema.js';
import { applyManaged } from './managed-merge.js';
import type { ManagedSources } from './managed-merge.js';
import type { ManagedState } from './managed-policy.js';
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
  })
  .strict();

const serverCommon = {
  trust: TrustSchema.optional(),
  // Next to trust, as CONTRACT.md section 8 shows; `policy:` may not repeat them.
  answerWith: AnswerWithSchema.optional(),
  provider: z.string().regex(PROVIDER_ID, PROVIDER_ID_MESSAGE).optional(),
  policy: PolicySchema.omit({ trust: true, answerWith: true, provider: true }).optional(),
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
  /** What the managed policy decided for this server (shared/managed-merge.ts); absent without one. */
  managed?: ManagedSources;
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
};

export function isCommandServer(s: ServerConfig): s is z.infer<typeof CommandServerSchema> {
  return 'command' in s;
}

/**
 * Merge order: built-in defaults < `defaults:` < the server's `policy:` < the server's `trust:`;
 * then the managed policy, where it is stricter or locked (shared/managed-merge.ts).
 */
export function effectivePolicy(config: RawConfig, serverId: string, managed: ManagedState = { kind: 'none' }): EffectivePolicy {
  const server = config.servers[serverId];
  const own: PolicyConfig = definedOnly({ trust: server?.trust, answerWith: server?.answerWith, provider: server?.provider });
  const layers: PolicyConfig[] = [config.defaults, server?.policy ?? {}, own];
  let out: EffectivePolicy = { ...BUILT_IN_DEFAULTS, rateLimit: { ...BUILT_IN_DEFAULTS.rateLimit } };
  for (const layer of layers) {
    const { rateLimit, ...rest } = layer;
    const defined = Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined));
    out = { ...out, ...defined, rateLimit: { ...out.rateLimit, ...definedOnly(rateLimit ?? {}) } };
  }
  // With exactly one provider configured, it is the one that answers unless told otherwise.
  if (out.provider === null) {
    const ids = Object.keys(config.providers ?? {});
    if (ids.length === 1) out.provider = ids[0]!;
  }
  return applyManaged(out, serverId, server, managed);
}

function definedOnly<T extends object>(o: T): Partial<T> {
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
