/**
 * Where each client keeps its user-level MCP config (a project's file is passed with --file).
 * Pure: the caller supplies the platform, home directory and environment.
 */
import type { ClientKind } from './types.js';

export interface Host {
  platform: string;
  home: string;
  env: Record<string, string | undefined>;
}

export function defaultLocation(kind: ClientKind, host: Host): string {
  const win = host.platform === 'win32';
  const join = (...parts: string[]): string => parts.join(win ? '\\' : '/');
  // Per-user application data: %APPDATA%, ~/Library/Application Support, $XDG_CONFIG_HOME or ~/.config.
  const appData = win
    ? (host.env.APPDATA ?? join(host.home, 'AppData', 'Roaming'))
    : host.platform === 'darwin'
      ? join(host.home, 'Library', 'Application Support')
      : (host.env.XDG_CONFIG_HOME ?? join(host.home, '.config'));
  switch (kind) {
    case 'claude-desktop':
      return join(appData, 'Claude', 'claude_desktop_config.json');
    case 'cursor':
      return join(host.home, '.cursor', 'mcp.json');
    case 'vscode':
      return join(appData, 'Code', 'User', 'mcp.json');
    case 'claude-code':
      return join(host.home, '.claude.json');
  }
}

/** The project-level file of a client, for the hint when the user-level one is missing. */
export const PROJECT_FILES: Record<ClientKind, string | null> = {
  'claude-desktop': null,
  cursor: '.cursor/mcp.json',
  vscode: '.vscode/mcp.json',
  'claude-code': '.mcp.json',
};
