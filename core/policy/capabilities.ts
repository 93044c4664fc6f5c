/**
 * Reads the client's sampling capability from what it declared at initialize
 * (`capabilities.sampling` in 2025-era `ClientCapabilities`, the same object in 2026-era `_meta`).
 */
import type { ClientSamplingCapability } from './types.js';

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** `clientCapabilities` is the client's whole `capabilities` object; anything malformed means "not declared". */
export function samplingCapabilityFrom(clientCapabilities: unknown): ClientSamplingCapability {
  const sampling = isObject(clientCapabilities) ? clientCapabilities['sampling'] : undefined;
  if (!isObject(sampling)) return { supported: false, tools: false, context: false };
  return { supported: true, tools: isObject(sampling['tools']), context: isObject(sampling['context']) };
}
