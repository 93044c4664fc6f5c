/**
 * Letters from other scripts that look like Latin ones (Cyrillic "і", Greek "ο", …), for reading
 * "іgnore аll" as "ignore all". The table is Unicode's confusables.txt (UTS #39) as packaged by
 * `unhomoglyph` (nodeca), kept to the entries we can use letter for letter: one non-ASCII code
 * point whose prototype is one ASCII letter or digit. We do not call unhomoglyph itself: it maps
 * ordinary text too ("m" → "rn", "I" → "l"), so every pattern would need the same skeleton, and
 * its 6,300-way regex costs 0.14 ms per 5 KB where a map lookup on the few non-ASCII letters is free.
 */
import { createRequire } from 'node:module';

let table: Map<number, string> | null = null;

function build(): Map<number, string> {
  // The package has no exports map; its data file is what it publishes (and what it loads itself).
  const data = createRequire(import.meta.url)('unhomoglyph/data.json') as Record<string, string>;
  const out = new Map<number, string>();
  for (const [from, to] of Object.entries(data)) {
    const cp = from.codePointAt(0)!;
    if (cp < 0x80 || from.length !== String.fromCodePoint(cp).length || !/^[A-Za-z0-9]$/.test(to)) continue;
    // The skeleton of "I" is "l"; an uppercase look-alike of I should read as i, not l.
    const upper = from.toLowerCase() !== from;
    out.set(cp, to === 'l' && upper ? 'i' : to.toLowerCase());
  }
  return out;
}

/** The ASCII letter (lowercase) or digit a code point imitates, if it imitates one. */
export function latinLookalike(cp: number): string | undefined {
  table ??= build();
  return table.get(cp);
}
