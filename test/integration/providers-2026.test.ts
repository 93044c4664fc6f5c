/**
 * Issue 8 in the 2026-07-28 era: a v2 SDK client pinned to 2026-07-28 that declares no sampling
 * reaches the SDK v2 fixture server (as a command and as a URL) through the stdio bridge and the
 * HTTP endpoint. The server answers `input_required` with a sampling entry; the gate holds it,
 * answers it with the provider (the official Anthropic SDK against a local Messages API) and
 * retries the call with `inputResponses` itself, so the client sees only the final result. Entries
 * the client can answer (elicitation, roots) still go to it, and the gate merges both on its retry.
 */
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANTHROPIC_TEST_KEY, startAnthropic } from '../fixtures/fake-providers/anthropic.js';
import type { AnthropicBehaviour } from '../fixtures/fake-providers/anthropic.js';
import type { FakeProvider } from '../fixtures/fake-providers/http.js';
import { FIXTURE, GATE_BIN, startFixtureHttp, startGate, waitFor } from '../fixtures/v2-processes.js';
import type { GateProc, Proc } from '../fixtures/v2-processes.js';
import { node22 } from '../support/conformance.js';
import type { PendingRequest, SamplingEvent } from '../../shared/types.js';

type Via = 'stdio' | 'http';
interface ToolResult {
  content?: { type: string; text?: string }[];
  isError?: boolean;
}

let gate: GateProc;
let fixtureHttp: { proc: Proc; url: string };
let anthropic: FakeProvider<AnthropicBehaviour>;

beforeAll(async () => {
  anthropic = await startAnthropic();
  fixtureHttp = await startFixtureHttp();
  process.env.SG_TEST_ANTHROPIC_KEY = ANTHROPIC_TEST_KEY;
  gate = await startGate(`
defaults:
  rateLimit: { perMinute: null, perHour: null, perDay: null, perSession: null }
  tokenBudgetPerDay: null
  provider: claude
providers:
  claude:
    kind: anthropic
    baseUrl: ${anthropic.url}
    apiKey: { env: SG_TEST_ANTHROPIC_KEY }
    timeoutSeconds: 5
    maxRetries: 0
    models:
      - { name: claude-sonnet-4-5, inputPerMTok: 3, outputPerMTok: 15 }
servers:
  v2:
    command: ${JSON.stringify(node22())}
    args: [${JSON.stringify(FIXTURE)}]
  v2url:
    url: ${JSON.stringify(fixtureHttp.url)}
`);
});

afterAll(async () => {
  await gate?.stop();
  await fixtureHttp?.proc.stop();
  await anthropic?.close();
});

const text = (r: unknown): string => ((r as ToolResult).content ?? []).map((c) => c.text ?? '').join('');

async function connect(via: Via, serverId: string, capabilities: Record<string, unknown> = {}): Promise<Client> {
  const client = new Client({ name: `providers-2026-${via}`, version: '1.0.0' }, { capabilities, versionNegotiation: { mode: { pin: '2026-07-28' } } });
  const transport =
    via === 'stdio'
      ? new StdioClientTransport({ command: node22(), args: [GATE_BIN, 'connect', serverId, '--data-dir', gate.dataDir] })
      : new StreamableHTTPClientTransport(new URL(gate.mcpUrl(serverId)), { requestInit: { headers: { Authorization: `Bearer ${gate.token}` } } });
  await client.connect(transport);
  return client;
}

async function pendingFor(prompt: string): Promise<PendingRequest> {
  return waitFor(async () => (await gate.api('approvals.list', {})).find((p) => p.stage === 'request' && JSON.stringify(p.request).includes(prompt)), `a pending request for "${prompt}"`);
}

const combos: [Via, 'command' | 'url'][] = [
  ['stdio', 'command'],
  ['http', 'command'],
  ['stdio', 'url'],
  ['http', 'url'],
];

describe.each(combos)('era 2026-07-28, a client without sampling via %s, server as %s', (via, target) => {
  const serverId = target === 'command' ? 'v2' : 'v2url';
  let client: Client;

  beforeAll(async () => {
    client = await connect(via, serverId);
  });
  afterAll(async () => {
    await client?.close();
  });

  it('approve: the provider answers, the gate retries the call itself, the client sees the final result', async () => {
    const prompt = `provider ${via} ${target}`;
    const call = client.callTool({ name: 'ask_llm', arguments: { prompt, maxTokens: 50 } });
    const pending = await pendingFor(prompt);
    expect(pending.era).toBe('2026-07-28');
    expect(pending.answer).toMatchObject({ providerId: 'claude', model: 'claude-sonnet-4-5' });
    await gate.api('approvals.decide', { id: pending.id, decision: { kind: 'approve' } });
    const result = await call;
    // The fixture also checks that its own requestState came back byte for byte.
    expect((result as ToolResult).isError).toBeFalsy();
    expect(text(result)).toBe(`completion: Echo: ${prompt}`);
    const row = (await gate.settled(pending.id)) as SamplingEvent;
    expect(row).toMatchObject({ era: '2026-07-28', outcome: 'approved', answeredBy: 'provider:claude', model: 'claude-sonnet-4-5-20250929' });
    expect(row.costUsd).toBeGreaterThan(0);
  });

  it('deny: the client gets a tool error and the provider is never called', async () => {
    const prompt = `no provider ${via} ${target}`;
    const before = anthropic.requests.length;
    const call = client.callTool({ name: 'ask_llm', arguments: { prompt, maxTokens: 50 } });
    const pending = await pendingFor(prompt);
    await gate.api('approvals.decide', { id: pending.id, decision: { kind: 'deny', reason: `not ${via}` } });
    const result = (await call) as ToolResult;
    expect(result.isError).toBe(true);
    expect(text(result)).toContain(`not ${via}`);
    expect(anthropic.requests.length).toBe(before);
  });

  it('a provider failure reaches the client as a tool error naming the provider; the row is failed', async () => {
    const prompt = `fail ${via} ${target}`;
    anthropic.script({ kind: 'auth' });
    const call = client.callTool({ name: 'ask_llm', arguments: { prompt, maxTokens: 50 } });
    const pending = await pendingFor(prompt);
    await gate.api('approvals.decide', { id: pending.id, decision: { kind: 'approve' } });
    const result = (await call) as ToolResult;
    expect(result.isError).toBe(true);
    expect(text(result)).toMatch(/provider "claude".*401/);
    const row = await gate.settled(pending.id);
    expect(row).toMatchObject({ outcome: 'failed', rule: 'provider.auth', costUsd: null });
  });
});

describe.each(combos)('era 2026-07-28 via %s, server as %s: sampling mixed with what only the client can answer', (via, target) => {
  it('the client answers elicitation and roots, the provider the sampling; the server gets all three', async () => {
    const client = await connect(via, target === 'command' ? 'v2' : 'v2url', { elicitation: {}, roots: {} });
    const asked: string[] = [];
    client.setRequestHandler('elicitation/create', async () => {
      asked.push('elicitation');
      return { action: 'accept', content: { name: 'Alice' } };
    });
    client.setRequestHandler('roots/list', async () => {
      asked.push('roots');
      return { roots: [] };
    });
    try {
      const call = client.callTool({ name: 'test_input_required_result_multiple_inputs', arguments: {} });
      const pending = await pendingFor('Generate a greeting');
      await gate.api('approvals.decide', { id: pending.id, decision: { kind: 'approve' } });
      const result = await call;
      expect((result as ToolResult).isError).toBeFalsy();
      expect(text(result)).toBe('Echo: Generate a greeting (Alice, 0 roots)');
      expect(asked.sort()).toEqual(['elicitation', 'roots']);
    } finally {
      await client.close();
    }
  });
});
