/** A client's MCP config text → the servers it defines; and the same text with chosen servers routed through the gate. */
import { FORMATS } from './formats.js';
import { isObject, parseJsonc, replaceValues } from './jsonc.js';
import { TRANSPORT_KEYS, classifyEntry } from './read-entry.js';
import type { ClientKind, FoundServer, GateRoute, JsonPath } from './types.js';

export type ClientFile = { ok: true; servers: FoundServer[] } | { ok: false; error: string };

export function readClientFile(kind: ClientKind, text: string): ClientFile {
  const parsed = parseJsonc(text);
  if (!parsed.ok) return parsed;
  const format = FORMATS[kind];
  const servers: FoundServer[] = [];
  for (const map of format.serverMaps(parsed.value)) {
    const entries = valueAt(parsed.value, map.path);
    if (!isObject(entries)) continue;
    for (const [name, raw] of Object.entries(entries)) {
      servers.push({ name, path: [...map.path, name], scope: map.scope, ...classifyEntry(raw, format.label) } as FoundServer);
    }
  }
  return { ok: true, servers };
}

export interface Rewire {
  path: JsonPath;
  route: GateRoute;
}

/**
 * Replace each entry at `path` with the client's entry for `route`. The entry's own non-transport
 * fields (`disabled`, `autoApprove`, …) stay; everything else in the file stays byte for byte.
 */
export function rewireClientFile(kind: ClientKind, text: string, rewires: Rewire[]): { text: string; droppedComments: boolean } {
  const parsed = parseJsonc(text);
  if (!parsed.ok) throw new Error(`cannot rewire: ${parsed.error}`);
  const format = FORMATS[kind];
  return replaceValues(
    text,
    rewires.map((r) => {
      const original = valueAt(parsed.value, r.path);
      const kept = isObject(original) ? Object.entries(original).filter(([k]) => !TRANSPORT_KEYS.includes(k)) : [];
      return { path: r.path, value: { ...format.entryFor(r.route), ...Object.fromEntries(kept) } };
    }),
  );
}

function valueAt(root: unknown, path: JsonPath): unknown {
  let v = root;
  for (const key of path) v = isObject(v) ? v[key] : undefined;
  return v;
}
