/**
 * The four client formats: where their servers sit in the file, and how a server that goes through the
 * gate is written back. Sources (checked 2026-11): Claude Desktop's claude_desktop_config.json takes
 * stdio entries only (remote servers are "connectors" in its UI); Cursor's mcp.json takes command/args/env
 * or url/headers; VS Code's mcp.json has `servers` with a `type` tag (stdio | http | sse) and `inputs`;
 * Claude Code keeps user-scope servers in ~/.claude.json `mcpServers`, local-scope ones under
 * `projects[<path>].mcpServers`, and project-scope ones in .mcp.json.
 */
import { isObject } from './jsonc.js';
import type { ClientKind, GateRoute, JsonPath } from './types.js';

export interface ServerMap {
  path: JsonPath;
  /** How output names this map when a file has several (null: the file's main one). */
  scope: string | null;
}

export interface ClientFormat {
  kind: ClientKind;
  label: string;
  /** The key output names when a file has no servers. */
  serversKey: string;
  serverMaps(root: Record<string, unknown>): ServerMap[];
  /** A rewired URL server may stay HTTP only where the file takes url + headers. */
  takesHttpHeaders: boolean;
  /** The client's entry for a route to the gate. */
  entryFor(route: GateRoute): Record<string, unknown>;
}

const plain = (route: GateRoute): Record<string, unknown> =>
  route.kind === 'stdio' ? { command: route.command, args: route.args } : { url: route.url, headers: route.headers };

const typed = (route: GateRoute): Record<string, unknown> => ({ type: route.kind, ...plain(route) });

const topLevel = (key: string) => (root: Record<string, unknown>): ServerMap[] => (isObject(root[key]) ? [{ path: [key], scope: null }] : []);

export const FORMATS: Record<ClientKind, ClientFormat> = {
  'claude-desktop': {
    kind: 'claude-desktop',
    label: 'Claude Desktop',
    serversKey: 'mcpServers',
    serverMaps: topLevel('mcpServers'),
    takesHttpHeaders: false,
    entryFor: plain,
  },
  cursor: {
    kind: 'cursor',
    label: 'Cursor',
    serversKey: 'mcpServers',
    serverMaps: topLevel('mcpServers'),
    takesHttpHeaders: true,
    entryFor: plain,
  },
  vscode: {
    kind: 'vscode',
    label: 'VS Code',
    serversKey: 'servers',
    // settings.json kept servers under "mcp": {"servers": …} before mcp.json existed.
    serverMaps: (root) => [...topLevel('servers')(root), ...(isObject(root.mcp) && isObject(root.mcp.servers) ? [{ path: ['mcp', 'servers'], scope: 'settings "mcp"' }] : [])],
    takesHttpHeaders: true,
    entryFor: typed,
  },
  'claude-code': {
    kind: 'claude-code',
    label: 'Claude Code',
    serversKey: 'mcpServers',
    serverMaps: (root) => [
      ...topLevel('mcpServers')(root),
      ...Object.entries(isObject(root.projects) ? root.projects : {})
        .filter(([, p]) => isObject(p) && isObject(p.mcpServers))
        .map(([dir]) => ({ path: ['projects', dir, 'mcpServers'], scope: `project ${dir}` })),
    ],
    takesHttpHeaders: true,
    entryFor: typed,
  },
};
