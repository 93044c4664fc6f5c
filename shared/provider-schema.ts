/**
 * `providers:` in config.yaml (CONTRACT.md section 8): the user's own models that answer sampling
 * when the client cannot. Pure zod, like the rest of the config schema; the calls are in
 * core/providers. Keys are never in this file: `apiKey: { env: NAME }` names where to find one, and
 * without it the desktop app's keychain holds it.
 */
import { z } from 'zod';

const unit = z.number().min(0).max(1);
const price = z.number().min(0).max(100_000);

export const ProviderModelSchema = z
  .object({
    name: z.string().min(1).max(200),
    aliases: z.array(z.string().min(1).max(200)).default([]),
    /** Relative cost, speed and intelligence (0..1), scored against a request's modelPreferences. */
    cost: unit.optional(),
    speed: unit.optional(),
    intelligence: unit.optional(),
    /** USD per million input / output tokens: the estimate shown before approval and costUsd after. */
    inputPerMTok: price.optional(),
    outputPerMTok: price.optional(),
    /** What the model takes besides text. A request needing what it lacks is refused before any call. */
    vision: z.boolean().default(false),
    audio: z.boolean().default(false),
    tools: z.boolean().default(false),
    /** The largest max_tokens the model accepts; larger requests are lowered to it and the dialog says so. */
    maxOutputTokens: z.number().int().positive().optional(),
  })
  .strict();

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export const ApiKeySourceSchema = z
  .object({
    env: z.string().regex(ENV_NAME, 'an environment variable name'),
    /** Local servers (Ollama, llama.cpp) need no key: a missing variable is then not an error. */
    optional: z.boolean().default(false),
  })
  .strict();

export const PROVIDER_KINDS = ['anthropic', 'openai'] as const;
export type ProviderKind = (typeof PROVIDER_KINDS)[number];

export const DEFAULT_BASE_URLS: Record<ProviderKind, string> = {
  anthropic: 'https://api.anthropic.com',
  openai: 'https://api.openai.com/v1',
};

export const DEFAULT_TIMEOUT_SECONDS = 120;
export const DEFAULT_MAX_RETRIES = 2;

export const ProviderSchema = z
  .object({
    kind: z.enum(PROVIDER_KINDS),
    baseUrl: z.url({ protocol: /^https?$/ }).optional(),
    /** Absent: the key is kept in the desktop app's OS keychain (or none is needed). */
    apiKey: ApiKeySourceSchema.optional(),
    /** The model used when a request's preferences choose none; the first model when absent. */
    default: z.string().min(1).optional(),
    models: z.array(ProviderModelSchema).min(1, 'list at least one model'),
    /** One call's time limit, streaming included. */
    timeoutSeconds: z.number().positive().max(3600).default(DEFAULT_TIMEOUT_SECONDS),
    /** Retries after 429 / 5xx / connection errors (retry-after honoured, bounded). */
    maxRetries: z.number().int().min(0).max(5).default(DEFAULT_MAX_RETRIES),
  })
  .strict()
  .superRefine((p, ctx) => {
    const names = new Set<string>();
    p.models.forEach((m, i) => {
      if (names.has(m.name)) ctx.addIssue({ code: 'custom', path: ['models', i, 'name'], message: `model "${m.name}" is listed twice` });
      names.add(m.name);
    });
    if (p.default !== undefined && !p.models.some((m) => m.name === p.default || m.aliases.includes(p.default!))) {
      ctx.addIssue({ code: 'custom', path: ['default'], message: `"${p.default}" is not one of this provider's models` });
    }
  });

export type ProviderConfig = z.infer<typeof ProviderSchema>;
export type ProviderModel = z.infer<typeof ProviderModelSchema>;

/** A `provider:` in defaults, a server entry or its policy must name a configured provider. */
export function checkProviderReferences(
  config: { providers?: Record<string, unknown>; defaults?: { provider?: string }; servers?: Record<string, { provider?: string }> },
  ctx: z.RefinementCtx,
): void {
  const known = new Set(Object.keys(config.providers ?? {}));
  const check = (id: string | undefined, path: (string | number)[]): void => {
    if (id !== undefined && !known.has(id)) {
      const list = known.size ? `configured: ${[...known].join(', ')}` : 'no providers are configured';
      ctx.addIssue({ code: 'custom', path, message: `unknown provider "${id}" (${list})` });
    }
  };
  check(config.defaults?.provider, ['defaults', 'provider']);
  for (const [id, s] of Object.entries(config.servers ?? {})) check(s.provider, ['servers', id, 'provider']);
}

/** The model a name or alias refers to, exact match first. */
export function findModel(provider: ProviderConfig, name: string): ProviderModel | undefined {
  return provider.models.find((m) => m.name === name) ?? provider.models.find((m) => m.aliases.includes(name));
}

export function defaultModel(provider: ProviderConfig): ProviderModel {
  return (provider.default !== undefined ? findModel(provider, provider.default) : undefined) ?? provider.models[0]!;
}

/** USD for this usage at the model's prices; null when the model has no prices configured. */
export function costUsd(model: ProviderModel, usage: { inputTokens: number; outputTokens: number }): number | null {
  if (model.inputPerMTok === undefined && model.outputPerMTok === undefined) return null;
  const usd = (usage.inputTokens * (model.inputPerMTok ?? 0) + usage.outputTokens * (model.outputPerMTok ?? 0)) / 1_000_000;
  return Math.round(usd * 1e8) / 1e8;
}
