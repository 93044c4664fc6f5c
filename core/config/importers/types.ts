/**
 * Shared shapes of the client importers: what a client's MCP config holds, as the gate sees it.
 * Pure types — the importers read text and return text; core/import does the I/O.
 */
// The list lives in shared/: the gate API (first-run import) names clients too.
export { CLIENT_KINDS, type ClientKind } from '../../../shared/client-import.js';

/** A server as config.yaml's `servers:` takes it (shared/config-schema.ts), without trust or policy. */
export type GateServerEntry =
  | { command: string; args: string[]; env: Record<string, string>; cwd?: string }
  | { url: string; headers: Record<string, string> };

/** A JSON path inside the client's file, e.g. ['mcpServers', 'github']. */
export type JsonPath = string[];

interface FoundBase {
  /** The server's key in the client's file. */
  name: string;
  path: JsonPath;
  /** Where in the file it sits when a file has several server maps (Claude Code projects). */
  scope: string | null;
}

/** One entry of the client's file, classified. */
export type FoundServer =
  | (FoundBase & {
      status: 'server';
      entry: GateServerEntry;
      transport: 'stdio' | 'http' | 'sse';
      /** Why replacing the client's entry with the gate would break it (client-only features). */
      rewireBlockers: string[];
      /** Things the user should know, e.g. a field the gate has no use for. */
      notes: string[];
    })
  | (FoundBase & { status: 'through-gate'; gateId: string })
  | (FoundBase & { status: 'unsupported'; reason: string });

/** How a rewired entry reaches the gate: the stdio bridge, or the gate's HTTP endpoint. */
export type GateRoute = { kind: 'stdio'; command: string; args: string[] } | { kind: 'http'; url: string; headers: Record<string, string> };
