/**
 * The adapter for each provider kind. The adapters import their SDK only inside complete(), so
 * loading this registry (the gate does at start-up) loads neither @anthropic-ai/sdk nor openai.
 */
import type { ProviderKind } from '../../shared/provider-schema.js';
import { anthropicAdapter } from './anthropic.js';
import { openaiAdapter } from './openai.js';
import type { ProviderAdapter } from './types.js';

const ADAPTERS: Record<ProviderKind, ProviderAdapter> = {
  anthropic: anthropicAdapter,
  openai: openaiAdapter,
};

export function adapterFor(kind: ProviderKind): ProviderAdapter {
  return ADAPTERS[kind];
}
