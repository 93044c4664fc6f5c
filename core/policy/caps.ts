/**
 * Fixed protocol caps: not policy (config.yaml cannot raise them), but the gate's own limits on
 * what it will parse, hold in memory and show. Sized so a real request with a few large images
 * passes and a hostile one is refused before it costs much.
 */
export const CAPS = {
  /** Nesting of objects/arrays; real requests stay under 12 even with JSON-schema tool inputs. */
  maxDepth: 32,
  /** Whole request, in UTF-16 code units (≈ bytes for base64): 16 Mi — a few camera photos. */
  maxRequestSize: 16 * 1024 * 1024,
  /** One message, same unit. */
  maxMessageSize: 8 * 1024 * 1024,
  maxMessages: 1000,
  maxBlocksPerMessage: 256,
  maxTools: 128,
  maxStopSequences: 32,
  /** Temperature range accepted by common providers (OpenAI 0–2, Anthropic 0–1). */
  temperature: { min: 0, max: 2 },
} as const;
