/**
 * A real MCP SDK client that can sample: it answers every sampling/createMessage the gate lets
 * through with a canned completion and records what it was asked, so tests see exactly what
 * reached the "model" after approval or edits.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { CreateMessageRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import type { CallToolResult, CreateMessageRequest } from '@modelcontextprotocol/sdk/types.js';

export interface SamplingClient {
  sampled: CreateMessageRequest['params'][];
  trigger(prompt: string, maxTokens: number): Promise<CallToolResult>;
  close(): Promise<void>;
}

export async function connectClient(httpUrl: string, token: string, serverId = 'everything'): Promise<SamplingClient> {
  const sampled: CreateMessageRequest['params'][] = [];
  const client = new Client({ name: 'e2e-client', version: '1.0.0' }, { capabilities: { sampling: {} } });
  client.setRequestHandler(CreateMessageRequestSchema, async (request) => {
    sampled.push(request.params);
    const last = request.params.messages.at(-1);
    const text = last && !Array.isArray(last.content) && last.content.type === 'text' ? last.content.text : '';
    return { role: 'assistant', model: 'e2e-model', stopReason: 'endTurn', content: { type: 'text', text: `completion for: ${text}` } };
  });
  const transport = new StreamableHTTPClientTransport(new URL(`${httpUrl}/servers/${serverId}/mcp`), {
    requestInit: { headers: { Authorization: `Bearer ${token}` } },
  });
  await client.connect(transport);
  return {
    sampled,
    trigger: (prompt, maxTokens) =>
      client.callTool({ name: 'trigger-sampling-request', arguments: { prompt, maxTokens } }, undefined, { timeout: 115_000 }) as Promise<CallToolResult>,
    close: () => client.close(),
  };
}

export function resultText(r: CallToolResult): string {
  return r.content.map((c) => (c.type === 'text' ? c.text : '')).join('\n');
}
