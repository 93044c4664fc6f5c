/**
 * A 2026-07-28 HTTP server checks that each POST's headers agree with its body (SEP-2243):
 * `MCP-Protocol-Version` = the `_meta` protocol-version claim, `Mcp-Method` = the method, and for
 * tools/call and prompts/get `Mcp-Name` = params.name (resources/read: params.uri; the tasks
 * extension's tasks/get, tasks/update and tasks/cancel: params.taskId). A missing one is
 * HTTP 400 `-32020`. A client talking to the gate over stdio sends no headers, and the SDK v1
 * client transport the relay uses downstream knows nothing of them, so the gate derives them from
 * each message it POSTs — exactly as the SDK v2 client does. 2025-era messages are left alone.
 * (Mcp-Param-* headers mirror tool arguments marked `x-mcp-header` in the tool's schema; the relay
 * does not track tool schemas, so they are not derived.)
 */
import type { FetchLike } from '@modelcontextprotocol/sdk/shared/transport.js';
import { modernClaim } from './input-required.js';
import type { Msg } from './input-required.js';

export function modernHeadersFor(message: unknown): Record<string, string> {
  if (typeof message !== 'object' || message === null || Array.isArray(message)) return {};
  const m = message as Msg;
  const version = modernClaim(m);
  if (version === undefined || typeof m.method !== 'string') return {};
  const headers: Record<string, string> = { 'mcp-protocol-version': version, 'mcp-method': m.method };
  const params = (m.params ?? {}) as Record<string, unknown>;
  const name = nameOf(m.method, params);
  if (typeof name === 'string') headers['mcp-name'] = name;
  return headers;
}

const TASK_METHODS = new Set(['tasks/get', 'tasks/update', 'tasks/cancel']);

function nameOf(method: string, params: Record<string, unknown>): unknown {
  if (method === 'resources/read') return params.uri;
  if (method === 'tools/call' || method === 'prompts/get') return params.name;
  if (TASK_METHODS.has(method)) return params.taskId;
  return undefined;
}

/** Wrap a fetch so every POST of a modern JSON-RPC message carries the headers its body implies. */
export function withModernHeaders(inner: FetchLike = fetch): FetchLike {
  return (url, init) => {
    if (init?.method !== 'POST' || typeof init.body !== 'string') return inner(url, init);
    let body: unknown;
    try {
      body = JSON.parse(init.body);
    } catch {
      return inner(url, init);
    }
    const derived = modernHeadersFor(body);
    if (Object.keys(derived).length === 0) return inner(url, init);
    const headers = new Headers(init.headers);
    for (const [k, v] of Object.entries(derived)) headers.set(k, v);
    return inner(url, { ...init, headers });
  };
}
