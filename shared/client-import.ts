/**
 * Importing the MCP clients already on this machine (first run, `sampling-gate import`): the shapes the
 * gate API returns for the first-run screen. Pure types; core/import does the work.
 */

export const CLIENT_KINDS = ['claude-desktop', 'cursor', 'vscode', 'claude-code'] as const;
export type ClientKind = (typeof CLIENT_KINDS)[number];

/** One line of a unified diff: kept (' '), removed ('-') or added ('+'). */
export interface DiffLine {
  op: ' ' | '-' | '+';
  text: string;
}

/** A hunk as `diff -u` prints it; line numbers are 1-based. */
export interface DiffHunk {
  oldStart: number;
  oldLines: number;
  newStart: number;
  newLines: number;
  lines: DiffLine[];
}

export type ImportAction = 'import' | 'same' | 'duplicate' | 'conflict' | 'through-gate' | 'unsupported';

/** What an import does with one server of a client's file. */
export interface ClientServerPlan {
  /** The server's key in the client's file. */
  name: string;
  /** Where in the file, when it has several server maps (Claude Code projects). */
  scope: string | null;
  /** Its gate id (null when it cannot be imported). */
  id: string | null;
  action: ImportAction;
  transport: 'stdio' | 'http' | 'sse' | null;
  /** The command line or URL the client runs today. */
  target: string | null;
  /** Whether the rewire sends it through the gate. */
  rewired: boolean;
  /** Why it is skipped or not rewired (null: nothing to explain). */
  why: string | null;
}

export interface ClientScan {
  client: ClientKind;
  /** "Claude Desktop" */
  label: string;
  /** The client's user-level MCP config on this machine. */
  file: string;
  state: 'found' | 'missing' | 'invalid';
  /** Why the file cannot be used (invalid JSON, unreadable). */
  problem: string | null;
  /** sha256 of the file as scanned: an import refuses to run if the file changed since it was shown. */
  digest: string | null;
  servers: ClientServerPlan[];
  /** What the import would say, line by line (the CLI's output). */
  lines: string[];
  /** What importing with rewire would change in the file; empty when nothing. */
  diff: DiffHunk[];
  /** The latest import of this file that Undo would revert. */
  undo: { backup: string; at: string } | null;
}

export interface ClientImportResult {
  client: ClientKind;
  file: string;
  lines: string[];
  /** Gate ids added to config.yaml. */
  imported: string[];
  /** The copy of the client's file taken before it was rewritten (null: the file was not changed). */
  backup: string | null;
}

export interface ClientUndoResult {
  client: ClientKind;
  file: string;
  backup: string;
  /** `file`: the backup restored byte for byte; `entries`: the client changed the file since, so only the rewired entries were put back. */
  restored: 'file' | 'entries';
  lines: string[];
}
