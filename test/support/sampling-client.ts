/**
 * A real MCP SDK client for the integration tests, reaching the gate over the stdio bridge
 * (`sampling-gate connect`) or the HTTP endpoint. It declares sampling (unless told not to), answers
 * every sampling request with a canned completion, and records the params it was asked with — what
 * actually reached "the model" after approvals and edits.
 */
import { join, resolve } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { CreateMessageRequestSchema, ElicitRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import type { CallToolResult, ClientCapabilities, CreateMessageRequest, CreateMessageResult, ElicitRequest, ElicitResult } from '@modelcontextprotocol/sdk/types.js';

const ROOT = resolve(import.meta.dirname, '..', '..');
export const GATE_BIN = join(ROOT, 'bin', 'sampling-gate.js');
export const EVERYTHING = join(ROOT, 'node_modules', '@modelcontextprotocol', 'server-everything', 'dist', 'index.js');
export const RAW_SERVER = join(ROOT, 'test', 'fixtures', 'raw-sampling-server.mjs');

export type Route = { via: 'stdio'; dataDir: string; serverId: string } | { via: 'http'; url: string; token: string } | { via: 'direct-stdio'; command: string; args: string[] };

export interface TestClient {
  client: Client;
  transport: Transport;
  sampled: CreateMessageRequest['params'][];
  /** Every elicitation/create the client was asked, as it arrived. */
  elicited: ElicitRequest['params'][];
  call(name: string, args?: Record<string, unknown>, timeoutMs?: number): Promise<CallToolResult>;
  close(): Promise<void>;
}

export interface ClientOptions {
  capabilities?: ClientCapabilities;
  respond?: (params: CreateMessageRequest['params']) => CreateMessageResult | Promise<CreateMessageResult>;
  /** How the client answers elicitation (with `elicitation` declared): default, accept with the form's defaults. */
  elicit?: (params: ElicitRequest['params']) => ElicitResult | Promise<ElicitResult>;
}

export async function connectClient(route: Route, opts: ClientOptions = {}): Promise<TestClient> {
  const sampled: CreateMessageRequest['params'][] = [];
  const elicited: ElicitRequest['params'][] = [];
  const capabilities = opts.capabilities ?? { sampling: {} };
  const client = new Client({ name: 'integration-client', version: '1.0.0' }, { capabilities });
  if (capabilities.sampling) {
    client.setRequestHandler(CreateMessageRequestSchema, async (request) => {
      sampled.push(request.params);
      if (opts.respond) return opts.respond(request.params);
      const last = request.params.messages.at(-1);
      const text = last && !Array.isArray(last.content) && last.content.type === 'text' ? last.content.text : '';
      return { role: 'assistant', model: 'test-model', stopReason: 'endTurn', content: { type: 'text', text: `completion for: ${text}` } };
    });
  }
  if (capabilities.elicitation) {
    client.setRequestHandler(ElicitRequestSchema, async (request) => {
      elicited.push(request.params);
      if (opts.elicit) return opts.elicit(request.params);
      return { action: 'accept', content: {} };
    });
  }
  const transport: Transport =
    route.via === 'http'
      ? new StreamableHTTPClientTransport(new URL(route.url), { requestInit: { headers: { Authorization: `Bearer ${route.token}` } } })
      : route.via === 'stdio'
        ? new StdioClientTransport({ command: process.execPath, args: [GATE_BIN, 'connect', route.serverId, '--data-dir', route.dataDir], stderr: 'pipe' })
        : new StdioClientTransport({ command: route.command, args: route.args, stderr: 'pipe' });
  await client.connect(transport);
  return {
    client,
    transport,
    sampled,
    elicited,
    call: (name, args = {}, timeoutMs = 60_000) => client.callTool({ name, arguments: args }, undefined, { timeout: timeoutMs }) as Promise<CallToolResult>,
    close: async () => {
      if (transport instanceof StreamableHTTPClientTransport) await transport.terminateSession().catch(() => {});
      await client.close();
    },
  };
}

export function textOf(r: CallToolResult): string {
  return r.content.map((c) => (c.type === 'text' ? c.text : '')).join('\n');
}

/** The client's answer to a sampling request, as the raw fixture server received it. */
export type RawAnswer =
  | { result: Record<string, unknown> }
  | { error: { code: number; message: string; data?: { reason?: string; rule?: string; eventId?: string } } };

/** Have the raw fixture server (test/fixtures/raw-sampling-server.mjs) send `params` as a sampling request. */
export async function sampleViaRaw(c: TestClient, params: unknown, timeoutMs = 30_000): Promise<RawAnswer> {
  return JSON.parse(textOf(await c.call('sample', { params }, timeoutMs))) as RawAnswer;
}

/** A one-message sampling request with text `t`. */
export function textRequest(t: string, maxTokens = 20, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { messages: [{ role: 'user', content: { type: 'text', text: t } }], maxTokens, ...extra };
}
