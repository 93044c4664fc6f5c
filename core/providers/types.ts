/**
 * The seam between the sampling hold and the user's own models (CONTRACT.md section 8). One adapter
 * per provider kind (anthropic.ts: Messages API through @anthropic-ai/sdk; openai.ts: Chat
 * Completions through the openai package) turns validated MCP sampling params into that API's
 * request, calls it streaming, and turns the answer back into a CreateMessageResult.
 */
import type { ProviderConfig, ProviderModel } from '../../shared/provider-schema.js';
import type { SamplingParams } from '../../shared/types.js';

export interface TokenUsage {
  inputTokens: number;
  outputTokens: number;
}

/** One call to a provider. `params` passed the policy's validation (CreateMessageRequestParams). */
export interface ProviderCall {
  providerId: string;
  provider: ProviderConfig;
  model: ProviderModel;
  /** Resolved by core/providers/keys.ts; undefined when the provider needs none. */
  apiKey: string | undefined;
  params: SamplingParams;
  /** Aborted by Stop in the UI, the server cancelling, a side disconnecting, or the gate stopping. */
  signal: AbortSignal;
  /** Text as it streams in (for the Approvals view); called with each new piece. */
  onText?: (delta: string) => void;
}

export interface ProviderAnswer {
  /**
   * A CreateMessageResult (with tool use when the request had tools): role "assistant", content
   * (one block, or an array when there are several, e.g. text + tool_use), `model` — the id the
   * provider returned — and stopReason "endTurn" | "maxTokens" | "stopSequence" | "toolUse"
   * (another provider reason is passed through as its own string).
   */
  result: Record<string, unknown>;
  usage: TokenUsage;
}

/** Why a request cannot go to this model as it is, or which of its parameters will not be applied. */
export interface Fit {
  /** Reasons the call must not be made (e.g. audio to a model without audio). Empty: it can be made. */
  refusals: string[];
  /**
   * Requested parameters the target API does not take and which will not be sent
   * (e.g. `temperature` to the Anthropic API version the SDK speaks): shown in the dialog, recorded.
   */
  notApplied: string[];
}

export interface ProviderAdapter {
  /** What of `params` this model/API can honour — computed before approval, shown in the dialog. */
  fit(params: SamplingParams, model: ProviderModel): Fit;
  /** Make the call. Rejects with ProviderError on every failure (never hangs past the timeout). */
  complete(call: ProviderCall): Promise<ProviderAnswer>;
}

export type ProviderFailure =
  | 'unreachable'
  | 'auth'
  | 'rate-limited'
  | 'timeout'
  | 'refused'
  | 'bad-request'
  | 'server-error'
  | 'malformed'
  | 'aborted';

/**
 * Every failure of a provider call. `message` names the provider and what failed (status, error
 * type) and never contains a key: it goes to the server, the history row and the log as it is.
 */
export class ProviderError extends Error {
  constructor(
    readonly providerId: string,
    readonly failure: ProviderFailure,
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'ProviderError';
  }
}
