/** URL path segments from untrusted requests (the HTTP endpoint, the bridge socket). */

/** A percent-encoded path segment, decoded; null when it is malformed (`%ZZ`, a lone `%`). */
export function decodePathSegment(segment: string): string | null {
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
}
