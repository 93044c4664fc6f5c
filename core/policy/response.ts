/**
 * The completion on its way back to the server. Not a decision step of section 6 (the request
 * was already approved), but the same flags help the human when `reviewResponses` holds it, and
 * history records them either way: a completion that carries a secret or hidden characters to a
 * server is the exfiltration the gate exists to catch.
 */
import { CreateMessageResultWithToolsSchema } from '@modelcontextprotocol/sdk/types.js';
import type { RiskFlag } from '../../shared/types.js';
import { CAPS } from './caps.js';
import { finishFlags, flag, textFlags } from './flags.js';
import type { PolicyContext } from './types.js';
import { chargeOnCompletion } from './tokens.js';
import { collectTexts, measure } from './walk.js';

export interface ResponseEvaluation {
  /** False when the result is not a CreateMessageResult (the hold should fail the request). */
  valid: boolean;
  reason: string | null;
  flags: RiskFlag[];
  /** `reviewResponses`: hold the completion for the human before the server gets it. */
  hold: boolean;
  /** What to charge the budget now (replaces the maxTokens reserved on approval). */
  tokens: number;
}

export function evaluateResponse(result: unknown, ctx: Pick<PolicyContext, 'policy'>): ResponseEvaluation {
  const hold = ctx.policy.reviewResponses;
  const invalid = (reason: string): ResponseEvaluation => ({ valid: false, reason, flags: [], hold, tokens: 0 });

  const shape = measure(result, CAPS.maxDepth, CAPS.maxRequestSize);
  if (shape.exceeded) return invalid(`result is too ${shape.exceeded === 'depth' ? 'deep' : shape.exceeded === 'size' ? 'large' : 'odd (non-finite number)'}`);
  const parsed = CreateMessageResultWithToolsSchema.safeParse(result);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return invalid(`not a CreateMessageResult: ${issue?.path.join('.') || 'result'}: ${issue?.message ?? 'invalid'}`);
  }

  const content = (result as Record<string, unknown>)['content'];
  const flags = textFlags(collectTexts({ content }));
  const blocks = Array.isArray(content) ? content : [content];
  blocks.forEach((block: unknown, i) => {
    if (block !== null && typeof block === 'object' && (block as Record<string, unknown>)['type'] === 'tool_use') {
      const name = String((block as Record<string, unknown>)['name']);
      flags.push(flag('response.tool-use', `the completion asks to call tool "${name}"`, { path: Array.isArray(content) ? `/content/${i}` : '/content' }));
    }
  });
  return { valid: true, reason: null, flags: finishFlags(flags), hold, tokens: chargeOnCompletion(result) };
}
