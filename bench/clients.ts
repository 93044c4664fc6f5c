/**
 * Real SDK clients (the same `Client` an agent uses) on each route the relay bench compares.
 * Every client declares sampling and form elicitation and answers at once — a fixed completion, an
 * accepted form — so a round trip measures the relay and the gate's hold, not a model or a person.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { CreateMessageRequestSchema, ElicitRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { onCleanup, trackPid } from './cleanup.js';

export type Route =
  | { kind: 'stdio'; command: string; args: readonly string[] }
  | { kind: 'http'; url: string; token?: string };

export interface BenchClient {
  call(name: string, args: Record<string, unknown>): Promise<CallToolResult>;
  /** The process a stdio route spawned (the server, or the bridge); null over HTTP. */
  pid: number | null;
}

const CALL_TIMEOUT_MS = 30_000;

// The SDK's HTTP client transport gives every fetch the same abort signal and Node's fetch keeps a
// listener on it per request until garbage collection: past 1,500 round trips on one client, Node
// warns on every request. That is the SDK client's own (the gate isolates its fetches:
// core/relay/abort-isolation.ts), and the bench's clients are plain SDK clients on purpose; the
// warning would only bury the report.
for (const listener of process.listeners('warning')) process.removeListener('warning', listener);
process.on('warning', (w) => {
  if (w.name !== 'MaxListenersExceededWarning') process.stderr.write(`(node) ${w.name}: ${w.message}\n`);
});

/** `sampling: false`: a client like Claude Desktop, which cannot sample (the gate's provider answers). */
export async function connect(route: Route, opts: { sampling?: boolean } = {}): Promise<BenchClient> {
  const client = new Client({ name: 'sampling-gate-bench', version: '1.0.0' }, { capabilities: opts.sampling === false ? {} : { sampling: {}, elicitation: { form: {} } } });
  if (opts.sampling !== false) {
    client.setRequestHandler(ElicitRequestSchema, async () => ({ action: 'accept', content: { name: 'bench', check: true } }));
    client.setRequestHandler(CreateMessageRequestSchema, async () => ({
      role: 'assistant',
      model: 'bench-model',
      stopReason: 'endTurn',
      content: { type: 'text', text: 'ok' },
    }));
  }
  const transport: Transport =
    route.kind === 'stdio'
      ? new StdioClientTransport({ command: route.command, args: [...route.args], stderr: 'ignore' })
      : new StreamableHTTPClientTransport(new URL(route.url), {
          requestInit: route.token ? { headers: { Authorization: `Bearer ${route.token}` } } : {},
        });
  onCleanup(async () => {
    if (transport instanceof StreamableHTTPClientTransport) await transport.terminateSession().catch(() => undefined);
    await client.close();
  });
  await client.connect(transport);
  const pid = transport instanceof StdioClientTransport ? transport.pid : null;
  trackPid(pid ?? undefined);
  return {
    pid,
    call: async (name, args) => {
      const result = (await client.callTool({ name, arguments: args }, undefined, { timeout: CALL_TIMEOUT_MS })) as CallToolResult;
      // A tool error is a failed path, not a fast one: never time an error as a round trip.
      if (result.isError) throw new Error(`${name}: ${JSON.stringify(result.content).slice(0, 300)}`);
      return result;
    },
  };
}
