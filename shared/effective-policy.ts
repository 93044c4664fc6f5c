/**
 * The policy a server runs under: built-in defaults < `defaults:` < the server's `policy:` < what it
 * sets next to its trust (`trust`, `answerWith`, `provider`, `elicitation`); then the managed
 * policy, where it is stricter or locked (managed-merge.ts). Pure.
 */
import { BUILT_IN_DEFAULTS, definedOnly } from './config-schema.js';
import type { EffectiveElicitationPolicy, EffectivePolicy, ElicitationPolicyConfig, PolicyConfig, RawConfig } from './config-schema.js';
import { applyManaged } from './managed-merge.js';
import type { ManagedState } from './managed-policy.js';

export function effectivePolicy(config: RawConfig, serverId: string, managed: ManagedState = { kind: 'none' }): EffectivePolicy {
  const server = config.servers[serverId];
  const own: PolicyConfig = definedOnly({ trust: server?.trust, answerWith: server?.answerWith, provider: server?.provider });
  const layers: PolicyConfig[] = [config.defaults, server?.policy ?? {}, own];
  let out: EffectivePolicy = { ...BUILT_IN_DEFAULTS, rateLimit: { ...BUILT_IN_DEFAULTS.rateLimit } };
  for (const layer of layers) {
    const { rateLimit, elicitation: _elicitation, roots: _roots, ...rest } = layer;
    const defined = Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined));
    out = { ...out, ...defined, rateLimit: { ...out.rateLimit, ...definedOnly(rateLimit ?? {}) } };
  }
  out.elicitation = elicitationLayers([config.defaults.elicitation, server?.elicitation]);
  out.roots = { ...BUILT_IN_DEFAULTS.roots, ...definedOnly(config.defaults.roots ?? {}), ...definedOnly(server?.roots ?? {}), managedAllow: null };
  // With exactly one provider configured, it is the one that answers unless told otherwise.
  if (out.provider === null) {
    const ids = Object.keys(config.providers ?? {});
    if (ids.length === 1) out.provider = ids[0]!;
  }
  return applyManaged(out, serverId, server, managed);
}

/** Elicitation's settings, field by field (a rate limit window by window), later layers winning. */
export function elicitationLayers(layers: (ElicitationPolicyConfig | undefined)[], from: EffectiveElicitationPolicy = BUILT_IN_DEFAULTS.elicitation): EffectiveElicitationPolicy {
  let out: EffectiveElicitationPolicy = { ...from, urlHosts: [...from.urlHosts], rateLimit: { ...from.rateLimit } };
  for (const layer of layers) {
    if (!layer) continue;
    const { rateLimit, ...rest } = layer;
    out = { ...out, ...definedOnly(rest), rateLimit: { ...out.rateLimit, ...definedOnly(rateLimit ?? {}) } };
  }
  return out;
}
