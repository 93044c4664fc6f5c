/**
 * Iterative walks over untrusted JSON values. Iterative (an explicit stack), because a server
 * controls the nesting and a recursive walk would let it overflow our stack.
 */

/** RFC 6901 JSON pointer, e.g. `/messages/0/content/text`. */
export function pointer(segments: readonly (string | number)[]): string {
  return segments.map((s) => '/' + String(s).replace(/~/g, '~0').replace(/\//g, '~1')).join('');
}

export interface Shape {
  /** Deepest nesting of objects/arrays; the params object itself is depth 1. */
  depth: number;
  /** Approximate size in UTF-16 code units: strings and keys at their length, other leaves at 8. */
  size: number;
}

/**
 * Measures depth and size, stopping as soon as either cap is passed so a hostile value costs at
 * most `maxSize` work. Also stops at a NaN/Infinity (JSON cannot carry one, in-process callers can).
 */
export function measure(
  value: unknown,
  maxDepth: number,
  maxSize: number,
): Shape & { exceeded: 'depth' | 'size' | 'non-finite' | null } {
  let size = 0;
  let depth = 0;
  const stack: { v: unknown; d: number }[] = [{ v: value, d: 1 }];
  while (stack.length > 0) {
    const { v, d } = stack.pop()!;
    if (typeof v === 'string') size += v.length;
    else if (v !== null && typeof v === 'object') {
      if (d > depth) depth = d;
      if (depth > maxDepth) return { depth, size, exceeded: 'depth' };
      if (Array.isArray(v)) {
        size += 2;
        for (const item of v) stack.push({ v: item, d: d + 1 });
      } else {
        for (const [k, item] of Object.entries(v)) {
          size += k.length + 4;
          stack.push({ v: item, d: d + 1 });
        }
      }
    } else {
      if (typeof v === 'number' && !Number.isFinite(v)) return { depth, size, exceeded: 'non-finite' };
      size += 8;
    }
    if (size > maxSize) return { depth, size, exceeded: 'size' };
  }
  return { depth, size, exceeded: null };
}

export interface TextField {
  path: string;
  /** The segments of `path`, so callers can tell where a text sits without parsing it again. */
  segments: (string | number)[];
  text: string;
}

/**
 * Keys whose string values are not prose the model reads: enums of the protocol shape. Together
 * with base64 payloads and `_meta` (never shown to the model) they are skipped; everything else a
 * server sends is text (prompts, tool descriptions, schema descriptions, metadata, hints).
 */
const ENUM_KEYS = new Set(['type', 'role', 'mimeType', 'includeContext', 'mode']);

function isTextEntry(owner: object, key: string, item: unknown): boolean {
  if (key === '_meta') return false;
  if (typeof item !== 'string') return true;
  if (ENUM_KEYS.has(key)) return false;
  // Image/audio `data` and resource `blob` are base64; a tool_use input's own `data` is text.
  if (key === 'blob') return false;
  if (key === 'data' && 'mimeType' in owner) return false;
  return true;
}

/** Every string the model could read, with its JSON pointer, in document order. */
export function collectTexts(value: unknown): TextField[] {
  const out: TextField[] = [];
  const stack: { v: unknown; seg: (string | number)[] }[] = [{ v: value, seg: [] }];
  while (stack.length > 0) {
    const { v, seg } = stack.pop()!;
    if (typeof v === 'string') {
      if (v.length > 0) out.push({ path: pointer(seg), segments: seg, text: v });
    } else if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push({ v: v[i], seg: [...seg, i] });
    } else if (v !== null && typeof v === 'object') {
      const entries = Object.entries(v);
      for (let i = entries.length - 1; i >= 0; i--) {
        const [k, item] = entries[i]!;
        if (!isTextEntry(v, k, item)) continue;
        stack.push({ v: item, seg: [...seg, k] });
      }
    }
  }
  return out;
}

/**
 * Where the first string value or key that is not well-formed Unicode sits (a lone surrogate, or
 * U+FFFD, which is what invalid UTF-8 became when it was decoded); null when there is none. The
 * pointer is built only for that one: building one per string cost more than the check itself.
 */
export function brokenStringPath(value: unknown): string | null {
  const stack: { v: unknown; seg: (string | number)[] }[] = [{ v: value, seg: [] }];
  while (stack.length > 0) {
    const { v, seg } = stack.pop()!;
    if (typeof v === 'string') {
      if (isBroken(v)) return pointer(seg);
    } else if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push({ v: v[i], seg: [...seg, i] });
    } else if (v !== null && typeof v === 'object') {
      for (const [k, item] of Object.entries(v)) {
        if (isBroken(k)) return pointer([...seg, k]);
        stack.push({ v: item, seg: [...seg, k] });
      }
    }
  }
  return null;
}

/**
 * A lone surrogate cannot be encoded as UTF-8; U+FFFD is what a transport's decoder leaves where the
 * server sent invalid UTF-8 bytes, so it is the only trace of them we can see after decoding.
 * Native checks: a regex with look-around per string cost more than the walk.
 */
const isBroken = (text: string): boolean => !text.isWellFormed() || text.includes('\uFFFD');
