/**
 * What an import does with each server the client defines, given the servers config.yaml already has:
 * the gate id it gets, and whether it is added, already there, in the way of another, or left alone.
 */
import type { ServerConfig } from '../../../shared/config-schema.js';
import { slugifyId, uniqueId } from './slug.js';
import type { FoundServer, GateServerEntry } from './types.js';

export type Action =
  /** New to config.yaml. */
  | 'import'
  /** config.yaml has this id with the same command/url: nothing to add. */
  | 'same'
  /** An earlier entry of this file (another scope) had the same name and definition. */
  | 'duplicate'
  /** config.yaml has this id for something else: left alone, and never rewired. */
  | 'conflict'
  | 'through-gate'
  | 'unsupported';

export interface PlannedServer {
  found: FoundServer;
  /** The gate id (for `through-gate`: the one it already uses); null for `unsupported`. */
  id: string | null;
  action: Action;
}

export function planImport(found: FoundServer[], existing: Record<string, ServerConfig>): PlannedServer[] {
  // Ids this import has given out, with their definitions and whether they were in the way.
  const given = new Map<string, { entry: GateServerEntry; conflict: boolean }>();
  return found.map((f): PlannedServer => {
    if (f.status === 'through-gate') return { found: f, id: f.gateId, action: 'through-gate' };
    if (f.status === 'unsupported') return { found: f, id: null, action: 'unsupported' };
    // Two names that slug alike, or one name in two scopes with different definitions, get -2, -3, …
    const id = uniqueId(slugifyId(f.name), (candidate) => {
      const g = given.get(candidate);
      return g !== undefined && !sameServer(g.entry, f.entry);
    });
    const earlier = given.get(id);
    if (earlier) return { found: f, id, action: earlier.conflict ? 'conflict' : 'duplicate' };
    const there = existing[id];
    const action: Action = there === undefined ? 'import' : sameServer(there, f.entry) ? 'same' : 'conflict';
    given.set(id, { entry: f.entry, conflict: action === 'conflict' });
    return { found: f, id, action };
  });
}

/** Same command, args, env and cwd — or same url and headers. Trust, policy and description do not count. */
export function sameServer(a: GateServerEntry | ServerConfig, b: GateServerEntry | ServerConfig): boolean {
  return canonical(a) === canonical(b);
}

function canonical(s: GateServerEntry | ServerConfig): string {
  if ('command' in s) return JSON.stringify(['stdio', s.command, s.args ?? [], sorted(s.env ?? {}), s.cwd ?? null]);
  return JSON.stringify(['url', s.url, sorted(s.headers ?? {})]);
}

function sorted(m: Record<string, string>): [string, string][] {
  return Object.entries(m).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}
