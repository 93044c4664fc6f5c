/** Writing JSON and JSON-RPC error replies on a raw HTTP response (both MCP endpoint paths use these). */
import type { ServerResponse } from 'node:http';

/** The id of a JSON-RPC message, or null when it has none (or is not one). */
export function idOf(body: unknown): string | number | null {
  const id = (body as { id?: unknown } | null)?.id;
  return typeof id === 'string' || typeof id === 'number' ? id : null;
}

export function writeJson(res: ServerResponse, status: number, headers: Record<string, string>, message: unknown): void {
  if (res.headersSent) return;
  res.writeHead(status, { ...headers, 'content-type': 'application/json' });
  res.end(JSON.stringify(message));
}

export function rpcError(res: ServerResponse, status: number, id: string | number | null, code: number, message: string): void {
  writeJson(res, status, {}, { jsonrpc: '2.0', id, error: { code, message } });
}
