/**
 * Step 3 of the decision order: the server's hard rules from config.yaml, in the order
 * CONTRACT.md section 6 lists them: tools, includeContext, media, maxTokensCap, content rules.
 * Runs on a request that passed validation, so the shapes are known.
 */
import type { EffectivePolicy } from '../../shared/config-schema.js';
import { mediaOf, usesTools } from './blocks.js';
import { applyDenyRules } from './content-rules.js';
import { normaliseMime } from './media.js';
import { ERROR_CODES } from './types.js';
import type { Refusal } from './validate.js';
import { pointer } from './walk.js';
import type { TextField } from './walk.js';

const deny = (rule: string, reason: string): Refusal => ({ rule, reason, code: ERROR_CODES.denied });

export function checkHardRules(
  params: Record<string, unknown>,
  policy: EffectivePolicy,
  texts: readonly TextField[],
  ruleTimeoutMs: number,
): Refusal | null {
  if (!policy.allowTools && usesTools(params)) {
    return deny('rule.allowTools', 'this server may not send sampling requests with tools (allowTools: false)');
  }
  const includeContext = params['includeContext'];
  if (!policy.allowIncludeContext && (includeContext === 'thisServer' || includeContext === 'allServers')) {
    return deny('rule.allowIncludeContext', `this server may not ask for includeContext "${includeContext}" (allowIncludeContext: false)`);
  }
  const allowed = new Set(policy.allowMedia.map(normaliseMime));
  for (const media of mediaOf(params)) {
    const mime = normaliseMime(String(media.mimeType));
    if (!allowed.has(mime)) {
      return deny('rule.allowMedia', `${pointer(media.segments)}: ${mime} is not in allowMedia`);
    }
  }
  const maxTokens = params['maxTokens'];
  if (typeof maxTokens === 'number' && maxTokens > policy.maxTokensCap) {
    return deny('rule.maxTokensCap', `maxTokens ${maxTokens} is above this server's cap of ${policy.maxTokensCap}`);
  }
  return applyDenyRules(policy.rules, texts, ruleTimeoutMs);
}
