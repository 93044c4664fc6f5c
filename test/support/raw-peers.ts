/**
 * Hand-driven peers for the hardening tests: a stdio bridge fed raw lines, raw HTTP POSTs in either
 * era, and the running gate's pid — so a test can send bytes no SDK would and check the gate lived.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { dataPaths } from '../../core/paths.js';
import { GATE_BIN } from './sampling-client.js';
import { waitFor, type RunningGate } from './gate.js';

export const ERA_2026 = '2026-07-28';
/** The `_meta` envelope claim of a 2026-07-28 request. */
export const MODERN_META = {
  'io.modelcontextprotocol/protocolVersion': ERA_2026,
  'io.modelcontextprotocol/clientCapabilities': { sampling: {} },
  'io.modelcontextprotocol/clientInfo': { name: 'raw-peer', version: '1' },
};

export interface RawBridge {
  child: ChildProcessWithoutNullStreams;
  lines: Record<string, unknown>[];
  /** Lines on the bridge's stdout that were not JSON (the gate must never write one). */
  garbage: string[];
  write(s: string | Buffer): void;
  next(pred: (m: Record<string, unknown>) => boolean, what?: string, timeoutMs?: number): Promise<Record<string, unknown>>;
  close(): Promise<void>;
}

export function rawBridge(gate: RunningGate, serverId: string): RawBridge {
  const child = spawn(process.execPath, [GATE_BIN, 'connect', serverId, '--data-dir', gate.dataDir]);
  const lines: Record<string, unknown>[] = [];
  const garbage: string[] = [];
  createInterface({ input: child.stdout, crlfDelay: Infinity }).on('line', (l) => {
    try {
      lines.push(JSON.parse(l) as Record<string, unknown>);
    } catch {
      garbage.push(l.slice(0, 200));
    }
  });
  child.stdin.on('error', () => {});
  const exited = new Promise<void>((r) => child.once('close', () => r()));
  return {
    child,
    lines,
    garbage,
    write: (s) => void child.stdin.write(s),
    next: (pred, what = 'a matching line from the gate', timeoutMs = 20_000) => waitFor(async () => lines.find(pred), what, timeoutMs),
    close: async () => {
      child.stdin.end();
      const t = setTimeout(() => child.kill('SIGKILL'), 3000);
      await exited;
      clearTimeout(t);
    },
  };
}

export const initializeLine = (id: number, protocolVersion = '2025-06-18'): string =>
  JSON.stringify({ jsonrpc: '2.0', id, method: 'initialize', params: { protocolVersion, capabilities: { sampling: {} }, clientInfo: { name: 'raw', version: '1' } } }) + '\n';

export interface RawReply {
  status: number;
  text: string;
  headers: Headers;
  /** The JSON-RPC messages in the body (a JSON body, or each SSE `data:`). */
  messages: Record<string, unknown>[];
}

/** POST `body` (bytes as given) to the gate's MCP endpoint for `serverId`. */
export async function postRaw(gate: RunningGate, serverId: string, body: string | Buffer, opts: { modern?: boolean; sessionId?: string; signal?: AbortSignal } = {}): Promise<RawReply> {
  const headers: Record<string, string> = {
    authorization: `Bearer ${gate.token}`,
    'content-type': 'application/json',
    accept: 'application/json, text/event-stream',
  };
  if (opts.modern) headers['mcp-protocol-version'] = ERA_2026;
  if (opts.sessionId) headers['mcp-session-id'] = opts.sessionId;
  const bytes = typeof body === 'string' ? body : new Uint8Array(body);
  const res = await fetch(gate.mcpUrl(serverId), { method: 'POST', headers, body: bytes, ...(opts.signal ? { signal: opts.signal } : {}) });
  const text = await res.text();
  return { status: res.status, text, headers: res.headers, messages: parseMessages(text) };
}

function parseMessages(text: string): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  const chunks = text.startsWith('{') || text.startsWith('[') ? [text] : text.split('\n').filter((l) => l.startsWith('data:')).map((l) => l.slice(5).trim());
  for (const c of chunks) {
    try {
      const v = JSON.parse(c) as unknown;
      for (const m of Array.isArray(v) ? v : [v]) if (m && typeof m === 'object') out.push(m as Record<string, unknown>);
    } catch {
      // not JSON: the caller looks at text
    }
  }
  return out;
}

/** A 2026-07-28 tools/call as a raw body. */
export function modernCall(id: number | string, name: string, args: Record<string, unknown> = {}, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ jsonrpc: '2.0', id, method: 'tools/call', params: { name, arguments: args, _meta: MODERN_META, ...extra } });
}

/** The pid in the gate's lockfile, and whether that process is alive. */
export function gatePid(gate: RunningGate): number {
  const lock = JSON.parse(readFileSync(dataPaths(gate.dataDir).lockfile, 'utf8')) as { pid: number };
  return lock.pid;
}

export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
