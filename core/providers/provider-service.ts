/**
 * The gate's side of "answer with the user's own model" (CONTRACT.md section 8), behind one small
 * interface the sampling hold, the relay and the gate API use:
 * - `route`: who answers a server's sampling — the client, a provider, or nobody (denied);
 * - `plan`: the model chosen for a request, why, its estimated cost, and what will not be applied;
 * - `answer`: the call itself (streaming), with the usage and the cost of what was actually used;
 * - `status` / `test`: what `sampling-gate providers` and the Providers view show.
 * Adapters (one per provider kind) do the wire work; keys come from keys.ts.
 */
import type { EffectivePolicy, RawConfig } from '../../shared/config-schema.js';
import type { ProviderConfig } from '../../shared/provider-schema.js';
import { DEFAULT_BASE_URLS, costUsd, defaultModel, findModel } from '../../shared/provider-schema.js';
import type { ProviderStatus, ProviderTestResult } from '../../shared/api.js';
import type { AnswerPlan, ModelOption, SamplingParams, TokenCount } from '../../shared/types.js';
import { estimateTokens } from '../policy/tokens.js';
import type { ClientSamplingCapability } from '../policy/types.js';
import { chooseModel } from './model-choice.js';
import { resolveKey, type KeyStore } from './keys.js';
import { ProviderError, type ProviderAdapter } from './types.js';
import type { ProviderKind } from '../../shared/provider-schema.js';

export type Route = { by: 'client' } | { by: 'provider'; providerId: string } | { by: 'none'; reason: string };

export interface ProviderServiceDeps {
  config: () => RawConfig;
  keys: KeyStore;
  adapterFor: (kind: ProviderKind) => ProviderAdapter;
  env?: NodeJS.ProcessEnv;
}

export interface ProviderCompletion {
  result: Record<string, unknown>;
  usage: TokenCount;
  costUsd: number | null;
  /** The id the provider returned (history's `model`). */
  model: string;
}

export class ProviderService {
  constructor(private readonly d: ProviderServiceDeps) {}

  private get providers(): Record<string, ProviderConfig> {
    return this.d.config().providers ?? {};
  }

  config(providerId: string): ProviderConfig | undefined {
    return this.providers[providerId];
  }

  /** answerWith: client | provider | auto (the client when it declared sampling, else the provider). */
  route(policy: EffectivePolicy, client: ClientSamplingCapability): Route {
    return routeSampling(policy, client, (id) => Object.hasOwn(this.providers, id));
  }

  /**
   * What the server is told at initialize when the gate answers: `sampling` (with `tools` only if a
   * model of the provider takes tools; never `context`, which the gate cannot supply).
   */
  advertisedSampling(providerId: string): Record<string, unknown> {
    const p = this.providers[providerId];
    return p?.models.some((m) => m.tools) ? { tools: {} } : {};
  }

  /** What the gate can honour when this provider answers, in the policy's terms (never `context`). */
  capability(providerId: string): ClientSamplingCapability {
    return { supported: true, tools: this.providers[providerId]?.models.some((m) => m.tools) ?? false, context: false };
  }

  /** The model that answers `params` and everything the dialog shows about it. `model`: the user's switch. */
  plan(providerId: string, params: SamplingParams, model?: string): AnswerPlan {
    const provider = this.providers[providerId];
    if (!provider) throw new ProviderError(providerId, 'bad-request', `provider "${providerId}" is not configured`);
    const adapter = this.d.adapterFor(provider.kind);
    const options: ModelOption[] = provider.models.map((m) => {
      const fit = adapter.fit(params, m);
      return { name: m.name, aliases: m.aliases, estimatedCostUsd: estimateCost(m, params), notApplied: fit.notApplied, refusals: fit.refusals };
    });
    const auto = gateChoice(provider, params, options);
    const pick = findModel(provider, model ?? auto.name);
    if (!pick) throw new ProviderError(providerId, 'bad-request', `provider "${providerId}" has no model "${model}"`);
    const option = options.find((o) => o.name === pick.name)!;
    const switched = pick.name !== auto.name;
    return {
      providerId,
      kind: provider.kind,
      model: pick.name,
      why: switched ? `chosen by the user (the gate had chosen ${auto.name}: ${auto.why})` : auto.why,
      estimatedCostUsd: option.estimatedCostUsd,
      notApplied: option.notApplied,
      refusals: option.refusals,
      models: options,
      ...(switched ? { switchedFrom: auto.name } : {}),
    };
  }

  /** Answer with the planned model. Rejects with ProviderError; nothing is charged for a failure. */
  async answer(plan: AnswerPlan, params: SamplingParams, signal: AbortSignal, onText?: (delta: string) => void): Promise<ProviderCompletion> {
    const provider = this.providers[plan.providerId];
    if (!provider) throw new ProviderError(plan.providerId, 'bad-request', `provider "${plan.providerId}" is no longer configured`);
    const model = findModel(provider, plan.model);
    if (!model) throw new ProviderError(plan.providerId, 'bad-request', `provider "${plan.providerId}" no longer has model "${plan.model}"`);
    const key = resolveKey(plan.providerId, provider, this.d.keys, this.d.env);
    if (key.missing) throw new ProviderError(plan.providerId, 'auth', key.missing);
    const adapter = this.d.adapterFor(provider.kind);
    const fit = adapter.fit(params, model);
    if (fit.refusals.length) throw new ProviderError(plan.providerId, 'bad-request', `provider "${plan.providerId}" model ${model.name} cannot take this request: ${fit.refusals.join('; ')}`);
    const out = await adapter.complete({ providerId: plan.providerId, provider, model, apiKey: key.key, params, signal, ...(onText ? { onText } : {}) });
    const returned = typeof out.result.model === 'string' && out.result.model ? out.result.model : model.name;
    return { result: { ...out.result, model: returned }, usage: out.usage, costUsd: costUsd(model, out.usage), model: returned };
  }

  status(serversFor: (providerId: string) => string[] = () => []): ProviderStatus[] {
    return Object.entries(this.providers).map(([id, p]) => {
      const key = resolveKey(id, p, this.d.keys, this.d.env);
      return {
        id,
        kind: p.kind,
        baseUrl: p.baseUrl ?? DEFAULT_BASE_URLS[p.kind],
        default: defaultModel(p).name,
        keySource: key.source,
        keyPresent: key.present,
        keyMissing: key.missing,
        keychainAvailable: this.d.keys.available,
        models: p.models,
        servers: serversFor(id),
      };
    });
  }

  /** One tiny authenticated call: latency, the model id returned, or the provider's exact error. */
  async test(providerId: string, model?: string, timeoutMs = 30_000): Promise<ProviderTestResult> {
    const params: SamplingParams = { messages: [{ role: 'user', content: { type: 'text', text: 'Reply with the word: ok' } }], maxTokens: 8 };
    const plan = this.plan(providerId, params, model);
    const started = performance.now();
    const signal = AbortSignal.timeout(timeoutMs);
    const out = await this.answer(plan, params, signal);
    const latencyMs = Math.round(performance.now() - started);
    return { id: providerId, model: out.model, latencyMs, text: textOf(out.result).slice(0, 200) };
  }
}

/**
 * Who answers (CONTRACT.md section 8): `client`, `provider` (when `configured` knows the policy's
 * provider) or `auto` — the client if it declared sampling, else the provider, else nobody.
 */
export function routeSampling(policy: EffectivePolicy, client: ClientSamplingCapability, configured: (providerId: string) => boolean): Route {
  const provider = policy.provider !== null && configured(policy.provider) ? policy.provider : null;
  const noSampling = 'the connected client does not support sampling (it did not declare the sampling capability)';
  switch (policy.answerWith) {
    case 'client':
      return client.supported ? { by: 'client' } : { by: 'none', reason: `${noSampling}, and this server is set to answerWith: client` };
    case 'provider':
      return provider ? { by: 'provider', providerId: provider } : { by: 'none', reason: 'this server is set to answerWith: provider, but no provider is configured for it' };
    case 'auto':
      if (client.supported) return { by: 'client' };
      return provider ? { by: 'provider', providerId: provider } : { by: 'none', reason: `${noSampling}, and no provider is configured` };
  }
}

/**
 * The model the gate picks: by the spec's preferences (model-choice.ts) — or, when that model cannot
 * take the request (audio, images, tools), the first configured model that can, saying why.
 */
function gateChoice(provider: ProviderConfig, params: SamplingParams, options: ModelOption[]): { name: string; why: string } {
  const chosen = chooseModel(provider, params.modelPreferences);
  const refusals = options.find((o) => o.name === chosen.model.name)!.refusals;
  const fitting = refusals.length ? options.find((o) => o.refusals.length === 0) : undefined;
  if (!fitting) return { name: chosen.model.name, why: chosen.why };
  return { name: fitting.name, why: `${chosen.model.name} cannot take this request (${refusals.join('; ')}): ${fitting.name} is the first model that can` };
}

/** The most this request could cost on `model`: its estimated input plus maxTokens of output. */
export function estimateCost(model: Parameters<typeof costUsd>[0], params: SamplingParams): number | null {
  const maxTokens = typeof params.maxTokens === 'number' && params.maxTokens > 0 ? params.maxTokens : 0;
  const output = model.maxOutputTokens !== undefined ? Math.min(maxTokens, model.maxOutputTokens) : maxTokens;
  const input = estimateTokens({ systemPrompt: params.systemPrompt, messages: params.messages, tools: params.tools });
  return costUsd(model, { inputTokens: input, outputTokens: output });
}

function textOf(result: Record<string, unknown>): string {
  const blocks = Array.isArray(result.content) ? result.content : [result.content];
  return blocks
    .map((b) => (b !== null && typeof b === 'object' && (b as { type?: unknown }).type === 'text' ? String((b as { text?: unknown }).text ?? '') : ''))
    .join('');
}
