/**
 * A 2026 round reaches the process that started it (issue 9). The server here seals its
 * `requestState` with a key only its own process holds, as the official Python SDK's MCPServer
 * does (test/fixtures/per-process-state-server.ts); it is a command server behind the gate's HTTP
 * endpoint, where each stateless exchange gets its own process. Before round affinity the client's
 * retry reached a fresh process and got -32602 "Invalid or expired requestState" while history said
 * approved. Now: approve, edit and deny work with a real SDK v2 client; a retry after the round's
 * idle timeout, or after its process was evicted by the cap, gets a clear error at once; and a retry
 * the server rejects is recorded as failed, not approved.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SamplingEvent } from '../../shared/types.js';
import { node22 } from '../support/conformance.js';
import { startGate, tempDataDir, waitFor, type RunningGate } from '../support/gate.js';
import { modernCall, MODERN_META, postRaw } from '../support/raw-peers.js';

const FIXTURE = join(import.meta.dirname, '..', 'fixtures', 'per-process-state-server.ts');
// Long enough for the cap test to open its rounds on a loaded machine before the first one idles out.
const IDLE_SECONDS = 10;
const MAX_ROUNDS = 3;
const server = (trust: string) => `    command: ${JSON.stringify(node22())}\n    args: [${JSON.stringify(FIXTURE)}]\n    trust: ${trust}\n`;

let gate: RunningGate;

beforeAll(async () => {
  const saved = { idle: process.env.SAMPLING_GATE_ROUND_IDLE_SECONDS, max: process.env.SAMPLING_GATE_MAX_ROUNDS };
  process.env.SAMPLING_GATE_ROUND_IDLE_SECONDS = String(IDLE_SECONDS);
  process.env.SAMPLING_GATE_MAX_ROUNDS = String(MAX_ROUNDS);
  try {
    gate = await startGate(
      tempDataDir(`defaults:
  rateLimit: { perMinute: null, perHour: null, perDay: null, perSession: null }
  tokenBudgetPerDay: null
servers:
  sealed:
${server('ask')}  sealedtrust:
${server('trust')}`),
    );
  } finally {
    process.env.SAMPLING_GATE_ROUND_IDLE_SECONDS = saved.idle;
    process.env.SAMPLING_GATE_MAX_ROUNDS = saved.max;
    if (saved.idle === undefined) delete process.env.SAMPLING_GATE_ROUND_IDLE_SECONDS;
    if (saved.max === undefined) delete process.env.SAMPLING_GATE_MAX_ROUNDS;
  }
});
afterAll(async () => {
  await gate?.stop();
  gate?.remove();
});

interface ToolResult {
  content?: { type: string; text?: string }[];
  isError?: boolean;
}
const text = (r: unknown): string => ((r as ToolResult).content ?? []).map((c) => c.text ?? '').join('');

async function client(): Promise<{ client: Client; seen: string[] }> {
  const c = new Client({ name: 'affinity-test', version: '1.0.0' }, { capabilities: { sampling: {} }, versionNegotiation: { mode: { pin: '2026-07-28' } } });
  const seen: string[] = [];
  c.setRequestHandler('sampling/createMessage', async (request) => {
    const prompt = (request.params.messages as { content: { text?: string } }[]).map((m) => m.content.text ?? '').join(' ');
    seen.push(prompt);
    return { role: 'assistant', content: { type: 'text', text: `echo:${prompt}` }, model: 'test-model', stopReason: 'endTurn' };
  });
  await c.connect(new StreamableHTTPClientTransport(new URL(gate.mcpUrl('sealed')), { requestInit: { headers: { Authorization: `Bearer ${gate.token}` } } }));
  return { client: c, seen };
}

async function pendingFor(prompt: string): Promise<{ id: string; request: Record<string, unknown> }> {
  return waitFor(async () => (await gate.api('approvals.list', {})).find((p) => JSON.stringify(p.request).includes(prompt)), `a pending request for "${prompt}"`);
}

async function rowFor(prompt: string, done: (r: SamplingEvent) => boolean): Promise<SamplingEvent> {
  return waitFor(async () => (await gate.api('history.query', { query: { limit: 200 } })).find((r) => JSON.stringify(r.request).includes(prompt) && done(r)), `the row for "${prompt}"`);
}

/** Round 1 of ask_llm as raw HTTP: the input_required result the client gets (trusted server: no approval). */
async function openRound(prompt: string, id: number): Promise<{ requestState: string; params: Record<string, unknown> }> {
  const r = await postRaw(gate, 'sealedtrust', modernCall(id, 'ask_llm', { prompt }), { modern: true });
  const result = r.messages[0]?.result as { resultType: string; requestState: string; inputRequests: { completion: { params: Record<string, unknown> } } };
  expect(result.resultType).toBe('input_required');
  expect(result.requestState).toMatch(/^sg1\./);
  return { requestState: result.requestState, params: result.inputRequests.completion.params };
}

const completion = (t: string) => ({ role: 'assistant', content: { type: 'text', text: t }, model: 'm', stopReason: 'endTurn' });
const retry = (id: number, prompt: string, requestState: string, answer = completion(`echo:${prompt}`)) =>
  JSON.stringify({ jsonrpc: '2.0', id, method: 'tools/call', params: { name: 'ask_llm', arguments: { prompt }, inputResponses: { completion: answer }, requestState, _meta: MODERN_META } });

describe('a server that seals requestState per process, behind the HTTP endpoint', () => {
  let c: { client: Client; seen: string[] };
  beforeAll(async () => {
    c = await client();
  });
  afterAll(async () => {
    await c?.client.close();
  });

  it('approve: the retry reaches the process that asked; the server gets the completion; history says approved', async () => {
    const prompt = 'affinity approve';
    const call = c.client.callTool({ name: 'ask_llm', arguments: { prompt, maxTokens: 20 } });
    const pending = await pendingFor(prompt);
    expect((await gate.cli('approve', pending.id)).code).toBe(0);
    const result = await call;
    expect((result as ToolResult).isError).toBeFalsy();
    expect(text(result)).toMatch(new RegExp(`^completion: echo:${prompt} \\(asked "${prompt}", pid \\d+\\)$`));
    expect(await rowFor(prompt, (r) => r.completedAt !== null)).toMatchObject({ outcome: 'approved', decidedBy: 'user', era: '2026-07-28' });
  });

  it('edit: the client samples the edited request, the server (same process) gets that completion', async () => {
    const prompt = 'affinity edit';
    const call = c.client.callTool({ name: 'ask_llm', arguments: { prompt, maxTokens: 20 } });
    const pending = await pendingFor(prompt);
    const file = join(gate.dataDir, 'affinity-edit.json');
    writeFileSync(file, JSON.stringify({ ...pending.request, messages: [{ role: 'user', content: { type: 'text', text: `${prompt} EDITED` } }] }));
    expect((await gate.cli('approve', pending.id, '--edit', file)).code).toBe(0);
    const result = await call;
    expect(text(result)).toMatch(new RegExp(`^completion: echo:${prompt} EDITED \\(asked "${prompt}", pid \\d+\\)$`));
    expect(c.seen).toContain(`${prompt} EDITED`);
    expect(await rowFor(prompt, (r) => r.completedAt !== null)).toMatchObject({ outcome: 'edited' });
  });

  it('deny: the client never sees the request; the tool error names the denial', async () => {
    const prompt = 'affinity deny';
    const call = c.client.callTool({ name: 'ask_llm', arguments: { prompt, maxTokens: 20 } });
    const pending = await pendingFor(prompt);
    expect((await gate.cli('deny', pending.id, '--reason', 'not today')).code).toBe(0);
    const result = (await call) as ToolResult;
    expect(result.isError).toBe(true);
    expect(text(result)).toContain('not today');
    expect(c.seen).not.toContain(prompt);
    expect(await rowFor(prompt, (r) => r.completedAt !== null)).toMatchObject({ outcome: 'denied', decidedBy: 'user' });
  });

  it('a retry after the round\'s idle timeout gets a clear error at once; the row says why it ended', async () => {
    const prompt = 'affinity idle';
    const round = await openRound(prompt, 10);
    const roundId = round.requestState.split('.')[1]!;
    await waitFor(async () => (new RegExp(`round ${roundId.slice(0, 8)} ended: the client did not retry within ${IDLE_SECONDS}s`).test(gate.output()) ? true : undefined), 'the round to end');
    const r = await postRaw(gate, 'sealedtrust', retry(11, prompt, round.requestState), { modern: true });
    expect(r.messages[0]).toMatchObject({ id: 11, error: { code: -32602, message: expect.stringMatching(/round with server "sealedtrust" has ended \(the client did not retry within \d+s\).*call the tool again/) } });
    const row = await rowFor(prompt, (x) => x.completedAt !== null);
    expect(row).toMatchObject({ outcome: 'cancelled' });
    expect(row.reason).toMatch(/did not retry within/);
  });

  it(`at most ${MAX_ROUNDS} rounds wait: the oldest is stopped, and its retry is told so`, async () => {
    const rounds = [];
    for (let i = 0; i <= MAX_ROUNDS; i++) rounds.push(await openRound(`affinity cap ${i}`, 20 + i));
    const oldest = await postRaw(gate, 'sealedtrust', retry(30, 'affinity cap 0', rounds[0]!.requestState), { modern: true });
    expect(oldest.messages[0]).toMatchObject({ id: 30, error: { code: -32602, message: expect.stringContaining(`more than ${MAX_ROUNDS} rounds were waiting`) } });
    const newest = await postRaw(gate, 'sealedtrust', retry(31, `affinity cap ${MAX_ROUNDS}`, rounds[MAX_ROUNDS]!.requestState), { modern: true });
    expect(newest.messages[0]).toMatchObject({ id: 31, result: { content: [{ text: expect.stringContaining(`completion: echo:affinity cap ${MAX_ROUNDS}`) }] } });
  });

  it('a retry the server rejects is recorded as failed, not approved', async () => {
    const prompt = 'affinity rejected';
    const round = await openRound(prompt, 40);
    // The gate's seal intact (the round's process is found), the server's own state tampered with.
    const r = await postRaw(gate, 'sealedtrust', retry(41, prompt, `${round.requestState}-TAMPERED`), { modern: true });
    expect(r.messages[0]).toMatchObject({ id: 41, error: { code: -32602, message: 'Invalid or expired requestState' } });
    const row = await rowFor(prompt, (x) => x.outcome === 'failed');
    expect(row.reason).toMatch(/^the server rejected the answer: Invalid or expired requestState \(-32602\)/);
  });
});
