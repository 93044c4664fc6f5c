/**
 * What the managed policy decided for one server, as data the effective policy carries (so the
 * dialog, `servers` and `policy explain` can name the managed key that decided). Declared here,
 * apart from the merge (managed-merge.ts) and the schemas (config-schema.ts), so neither imports
 * the other back.
 */

/** The policy keys the managed policy can decide, as `policy explain` names them. */
export type ManagedKey =
  | 'trust'
  | 'approvalTimeoutSeconds'
  | 'maxTokensCap'
  | 'rateLimit.perMinute'
  | 'rateLimit.perHour'
  | 'rateLimit.perDay'
  | 'rateLimit.perSession'
  | 'tokenBudgetPerDay'
  | 'costBudgetPerDay'
  | 'allowTools'
  | 'allowIncludeContext'
  | 'allowMedia'
  | 'reviewResponses'
  | 'answerWith'
  | 'provider'
  | 'elicitation.trust'
  | 'elicitation.answerWith'
  | 'elicitation.allowUrl'
  | 'elicitation.urlHosts'
  | 'elicitation.rateLimit.perMinute'
  | 'elicitation.rateLimit.perHour'
  | 'roots.trust'
  | 'roots.allow';

/** Where the managed file set one effective value: its key path there, and whether it is locked. */
export interface ManagedSource {
  key: string;
  locked: boolean;
}

/** What the managed policy decided for one server; present on EffectivePolicy whenever a file is in force. */
export interface ManagedSources {
  file: string;
  keys: Partial<Record<ManagedKey, ManagedSource>>;
  /** Content rules from the managed file: rule name → key path (`defaults.rules[0]`). */
  rules: Record<string, string>;
  /** Set when the managed policy denies this server outright (a broken file, a server not allowed). */
  denyAll?: { rule: 'managed.invalid' | 'managed.server-not-allowed'; reason: string };
  /** Providers the managed policy lets answer (null: any configured one). */
  allowedProviders: string[] | null;
  /** False when the managed policy forbids "approve for this session / for N minutes" (allowSessionGrants). */
  allowSessionGrants: boolean;
}

