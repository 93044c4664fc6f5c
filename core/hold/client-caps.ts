/**
 * What a client declared it can do, for every kind the gate holds: `capabilities` at initialize
 * (2025) or `_meta["io.modelcontextprotocol/clientCapabilities"]` on each request (2026-07-28).
 * Anything malformed means "not declared".
 */
import { samplingCapabilityFrom } from '../policy/capabilities.js';
import type { ClientSamplingCapability } from '../policy/types.js';

export interface ClientCaps {
  sampling: ClientSamplingCapability;
  /** Modes of `elicitation`: an empty object declares form only (the spec's backwards compatibility). */
  elicitation: { form: boolean; url: boolean };
  roots: { supported: boolean; listChanged: boolean };
}

export const NO_CAPS: ClientCaps = {
  sampling: { supported: false, tools: false, context: false },
  elicitation: { form: false, url: false },
  roots: { supported: false, listChanged: false },
};

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

export function clientCapsFrom(capabilities: unknown): ClientCaps {
  const caps = isObject(capabilities) ? capabilities : {};
  const e = caps.elicitation;
  const roots = caps.roots;
  return {
    sampling: samplingCapabilityFrom(caps),
    elicitation: isObject(e) ? (!('form' in e) && !('url' in e) ? { form: true, url: false } : { form: isObject(e.form), url: isObject(e.url) }) : { form: false, url: false },
    roots: isObject(roots) ? { supported: true, listChanged: roots.listChanged === true } : { supported: false, listChanged: false },
  };
}
