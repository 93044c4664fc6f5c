/**
 * Sampling in both protocol eras through the real gate (`sampling-gate serve`), with a real SDK v2
 * server process (test/fixtures/v2-sampling-server.ts) whose `ask_llm` tool asks for sampling —
 * configured both as a command (stdio downstream) and as a URL (its own HTTP mode) — and
 * real SDK v2 clients: one pinned to 2026-07-28 (the server answers `input_required`, the client
 * retries with `inputResponses`) and one in legacy mode (the SDK's shim sends a 2025
 * `sampling/createMessage` request). Each reaches the gate through the stdio bridge
 * (`sampling-gate connect v2`) and the HTTP endpoint; decisions are made with the CLI
 * (`approve`, `approve --edit`, `deny`) or left to time out, and the history rows are read back
 * with `history --json`.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURE, GATE_BIN, startFixtureHttp, startGate, waitFor } from '../fixtures/v2-processes.js';
import type { GateProc, Proc } from '../fixtures/v2-processes.js';
import { node22 } from '../support/conformance.js';

type EraName = '2026-07-28' | '2025-11-25';
type Via = 'stdio' | 'http';

interface Pending {
  id: string;
  server: string;
  stage: 'request' | 'response';
  era: string;
  request: Record<string, unknown>;
}
interface HistoryRow {
  id: string;
  server: string;
  era: string;
  outcome: string;
  reason: string | null;
  rule: string | null;
  decidedBy: string | null;
  completedAt: string | null;
  finalRequest: unknown;
  response: unknown;
}
interface ToolResult {
  content?: { type: string; text?: string }[];
  isError?: boolean;
}

const CONFIG = (node: string, url: string) => `
defaults:
  rateLimit: { perMinute: null, perHour: null, perDay: null, perSession: null }
  tokenBudgetPerDay: null
servers:
  v2:
    command: ${JSON.stringify(node)}
    args: [${JSON.stringify(FIXTURE)}]
    trust: ask
  v2quick:
    command: ${JSON.stringify(node)}
    args: [${JSON.stringify(FIXTURE)}]
    trust: ask
    policy: { approvalTimeoutSeconds: 2 }
  v2review:
    command: ${JSON.stringify(node)}
    args: [${JSON.stringify(FIXTURE)}]
    trust: trust
    policy: { reviewResponses: true }
  v2deny:
    command: ${JSON.stringify(node)}
    args: [${JSON.stringify(FIXTURE)}]
    trust: deny
  v2url:
    url: ${JSON.stringify(url)}
    trust: ask
  v2urlquick:
    url: ${JSON.stringify(url)}
    trust: ask
    policy: { approvalTimeoutSeconds: 2 }
`;

let gate: GateProc;
let fixtureHttp: { proc: Proc; url: string };

beforeAll(async () => {
  fixtureHttp = await startFixtureHttp();
  gate = await startGate(CONFIG(node22(), fixtureHttp.url));
});

afterAll(async () => {
  await gate?.stop();
  await fixtureHttp?.proc.stop();
});

const text = (r: unknown): string => ((r as ToolResult).content ?? []).map((c) => c.text ?? '').join('');

/** A v2 client whose sampling handler echoes the prompt and records every request it was shown. */
/** `allInputs`: also declare elicitation and roots, so a server may mix them with sampling. */
async function connect(era: EraName, via: Via, serverId: string, allInputs = false): Promise<{ client: Client; seen: string[] }> {
  const client = new Client(
    { name: `era-test-${era}-${via}`, version: '1.0.0' },
    {
      capabilities: { sampling: {}, ...(allInputs ? { elicitation: {}, roots: {} } : {}) },
      ...(era === '2026-07-28' ? { versionNegotiation: { mode: { pin: '2026-07-28' } } } : {}),
    },
  );
  const seen: string[] = [];
  client.setRequestHandler('sampling/createMessage', async (request) => {
    const prompt = (request.params.messages as { content: { text?: string } }[])
      .map((m) => m.content.text ?? '')
      .join(' ');
    seen.push(prompt);
    return { role: 'assistant', content: { type: 'text', text: `echo:${prompt}` }, model: 'test-model', stopReason: 'endTurn' };
  });
  const transport =
    via === 'stdio'
      ? new StdioClientTransport({ command: node22(), args: [GATE_BIN, 'connect', serverId, '--data-dir', gate.dataDir] })
      : new StreamableHTTPClientTransport(new URL(gate.mcpUrl(serverId)), { requestInit: { headers: { Authorization: `Bearer ${gate.token}` } } });
  await client.connect(transport);
  return { client, seen };
}

async function pendingFor(prompt: string, stage: Pending['stage'] = 'request'): Promise<Pending> {
  return waitFor(async () => {
    const list = await gate.json<Pending[]>('pending');
    return list.find((p) => p.stage === stage && JSON.stringify(p.request).includes(prompt));
  }, `a pending ${stage} for "${prompt}"`);
}

async function historyRow(id: string, settled: (r: HistoryRow) => boolean): Promise<HistoryRow> {
  return waitFor(async () => {
    const rows = await gate.json<HistoryRow[]>('history', '--limit', '200');
    const row = rows.find((r) => r.id === id);
    return row && settled(row) ? row : undefined;
  }, `history row ${id}`);
}

/** Client era × how the client reaches the gate × how the gate reaches the server. */
const combos: [EraName, Via, 'command' | 'url'][] = [];
for (const era of ['2026-07-28', '2025-11-25'] as const) {
  for (const via of ['stdio', 'http'] as const) for (const target of ['command', 'url'] as const) combos.push([era, via, target]);
}

describe.each(combos)('era %s, client via %s, server as %s', (era, via, target) => {
  let main: { client: Client; seen: string[] };
  let quick: { client: Client; seen: string[] };
  const tag = `${era}-${via}-${target}`;
  const serverId = target === 'command' ? 'v2' : 'v2url';
  const quickId = target === 'command' ? 'v2quick' : 'v2urlquick';

  beforeAll(async () => {
    main = await connect(era, via, serverId);
    quick = await connect(era, via, quickId);
  });

  afterAll(async () => {
    await main?.client.close();
    await quick?.client.close();
  });

  it('the client negotiated the era under test', () => {
    expect(main.client.getNegotiatedProtocolVersion()).toBe(era);
  });

  it('approve: the client samples the request as the server sent it, the server gets the completion', async () => {
    const prompt = `approve ${tag}`;
    const call = main.client.callTool({ name: 'ask_llm', arguments: { prompt, maxTokens: 50 } });
    const pending = await pendingFor(prompt);
    expect(pending.server).toBe(serverId);
    expect(pending.era).toBe(era);
    expect((await gate.cli('approve', pending.id)).code).toBe(0);

    const result = await call;
    // The fixture also checks (2026) that its requestState came back byte for byte through the gate.
    expect((result as ToolResult).isError).toBeFalsy();
    expect(text(result)).toBe(`completion: echo:${prompt}`);
    expect(main.seen).toContain(prompt);

    const row = await historyRow(pending.id, (r) => r.completedAt !== null);
    expect(row).toMatchObject({ server: serverId, era, outcome: 'approved', decidedBy: 'user' });
    expect(JSON.stringify(row.response)).toContain(`echo:${prompt}`);
  });

  it('edit: the client samples the edited request, and the history keeps both', async () => {
    const prompt = `edit ${tag}`;
    const call = main.client.callTool({ name: 'ask_llm', arguments: { prompt, maxTokens: 50 } });
    const pending = await pendingFor(prompt);
    const edited = { ...pending.request, messages: [{ role: 'user', content: { type: 'text', text: `${prompt} EDITED` } }], maxTokens: 7 };
    const file = join(gate.dataDir, `edit-${tag}.json`);
    writeFileSync(file, JSON.stringify(edited));
    const approved = await gate.cli('approve', pending.id, '--edit', file);
    expect(approved.code, approved.stderr).toBe(0);

    const result = await call;
    expect(text(result)).toBe(`completion: echo:${prompt} EDITED`);
    expect(main.seen).toContain(`${prompt} EDITED`);
    expect(main.seen).not.toContain(prompt);

    const row = await historyRow(pending.id, (r) => r.completedAt !== null);
    expect(row).toMatchObject({ era, outcome: 'edited', decidedBy: 'user' });
    expect(JSON.stringify(row.finalRequest)).toContain(`${prompt} EDITED`);
    expect((row.finalRequest as { maxTokens?: number }).maxTokens).toBe(7);
  });

  it('deny: the client never sees the request and gets an error naming the denial', async () => {
    const prompt = `deny ${tag}`;
    const call = main.client.callTool({ name: 'ask_llm', arguments: { prompt, maxTokens: 50 } });
    const pending = await pendingFor(prompt);
    expect((await gate.cli('deny', pending.id, '--reason', 'not this one')).code).toBe(0);

    const result = (await call) as ToolResult;
    expect(result.isError).toBe(true);
    expect(text(result)).toMatch(/denied/i);
    expect(text(result)).toContain('not this one');
    // 2026: the gate writes the tool error itself and names the server; 2025: the server's SDK words it.
    if (era === '2026-07-28') expect(text(result)).toContain(`Sampling Gate stopped the sampling request "completion" from server "${serverId}"`);
    expect(main.seen).not.toContain(prompt);

    const row = await historyRow(pending.id, (r) => r.outcome !== 'pending');
    expect(row).toMatchObject({ era, outcome: 'denied', decidedBy: 'user', reason: 'not this one', response: null });
  });

  it('timeout: with no decision the request is refused as timed out', async () => {
    const prompt = `timeout ${tag}`;
    const call = quick.client.callTool({ name: 'ask_llm', arguments: { prompt, maxTokens: 50 } });
    const pending = await pendingFor(prompt);
    expect(pending.server).toBe(quickId);

    const result = (await call) as ToolResult;
    expect(result.isError).toBe(true);
    expect(text(result)).toMatch(/timed out/i);
    expect(quick.seen).not.toContain(prompt);

    const row = await historyRow(pending.id, (r) => r.outcome !== 'pending');
    expect(row).toMatchObject({ era, outcome: 'timed-out', decidedBy: 'timeout' });
  });
});

/** Response review (reviewResponses) and policy refusals, the other two ways a request is held. */
describe.each([
  ['2026-07-28', 'stdio'],
  ['2026-07-28', 'http'],
  ['2025-11-25', 'stdio'],
] as [EraName, Via][])('era %s via %s: response review and policy', (era, via) => {
  let review: { client: Client; seen: string[] };
  let denied: { client: Client; seen: string[] };
  const tag = `${era}-${via}`;

  beforeAll(async () => {
    review = await connect(era, via, 'v2review');
    denied = await connect(era, via, 'v2deny');
  });

  afterAll(async () => {
    await review?.client.close();
    await denied?.client.close();
  });

  it('review, edit: the server gets the completion as the reviewer edited it', async () => {
    const prompt = `review-edit ${tag}`;
    const call = review.client.callTool({ name: 'ask_llm', arguments: { prompt, maxTokens: 20 } });
    const pending = await pendingFor(prompt, 'response');
    expect(pending.era).toBe(era);
    expect(JSON.stringify((pending as Pending & { response: unknown }).response)).toContain(`echo:${prompt}`);
    const file = join(gate.dataDir, `review-${tag}.json`);
    writeFileSync(file, JSON.stringify({ role: 'assistant', content: { type: 'text', text: 'REVIEWED' }, model: 'test-model', stopReason: 'endTurn' }));
    const approved = await gate.cli('approve', pending.id, '--edit', file);
    expect(approved.code, approved.stderr).toBe(0);

    expect(text(await call)).toBe('completion: REVIEWED');
    const row = await historyRow(pending.id, (r) => r.completedAt !== null);
    expect(row).toMatchObject({ era, outcome: 'edited', decidedBy: 'policy' });
    expect(JSON.stringify(row.response)).toContain('REVIEWED');
  });

  it('review, deny: the completion never reaches the server and the client is told why', async () => {
    const prompt = `review-deny ${tag}`;
    const call = review.client.callTool({ name: 'ask_llm', arguments: { prompt, maxTokens: 20 } });
    const pending = await pendingFor(prompt, 'response');
    expect((await gate.cli('deny', pending.id, '--reason', 'leaks a secret')).code).toBe(0);

    const result = (await call) as ToolResult;
    expect(result.isError).toBe(true);
    expect(text(result)).toContain('leaks a secret');
    expect(text(result)).not.toContain(`echo:${prompt}`);
    const row = await historyRow(pending.id, (r) => r.outcome === 'denied');
    expect(row).toMatchObject({ era, rule: 'review.denied', reason: 'leaks a secret' });
  });

  it('policy refusal (trust: deny): refused before anyone sees it, the client gets the rule', async () => {
    const prompt = `policy ${tag}`;
    const result = (await denied.client.callTool({ name: 'ask_llm', arguments: { prompt, maxTokens: 20 } })) as ToolResult;
    expect(result.isError).toBe(true);
    expect(text(result)).toMatch(/denied by the gate/i);
    expect(denied.seen).toEqual([]);
    const rows = await gate.json<HistoryRow[]>('history', '--server', 'v2deny', '--limit', '200');
    const row = rows.find((r) => JSON.stringify(r).includes(prompt));
    expect(row).toMatchObject({ era, outcome: 'auto-denied', decidedBy: 'policy' });
  });
});

/** The 2026 era's own edges: a mixed result refused as a whole, and a client that gives up while held. */
describe.each([
  ['stdio', 'command'],
  ['http', 'command'],
  ['http', 'url'],
] as [Via, 'command' | 'url'][])('era 2026-07-28 via %s, server as %s: mixed results and cancellation', (via, target) => {
  let session: { client: Client; seen: string[] };
  let elicited = 0;

  beforeAll(async () => {
    session = await connect('2026-07-28', via, target === 'command' ? 'v2' : 'v2url', true);
    session.client.setRequestHandler('elicitation/create', async () => {
      elicited++;
      return { action: 'accept', content: { name: 'Alice' } };
    });
    session.client.setRequestHandler('roots/list', async () => {
      elicited++;
      return { roots: [] };
    });
  });

  afterAll(async () => {
    await session?.client.close();
  });

  it('a result mixing sampling with other input requests is refused whole: the client sees none of them', async () => {
    const call = session.client.callTool({ name: 'test_input_required_result_multiple_inputs', arguments: {} });
    const pending = await pendingFor('Generate a greeting');
    expect(pending.era).toBe('2026-07-28');
    expect((await gate.cli('deny', pending.id, '--reason', `no greetings ${via} ${target}`)).code).toBe(0);

    const result = (await call) as ToolResult;
    expect(result.isError).toBe(true);
    expect(text(result)).toContain(`no greetings ${via} ${target}`);
    expect(elicited).toBe(0);
    expect(session.seen).not.toContain('Generate a greeting');
  });

  it('a client that gives up while the request is held cancels it: it leaves the queue, the row says cancelled', async () => {
    const prompt = `abandon 2026-${via}-${target}`;
    const abort = new AbortController();
    const call = session.client.callTool({ name: 'ask_llm', arguments: { prompt, maxTokens: 20 } }, { signal: abort.signal });
    call.catch(() => {});
    const pending = await pendingFor(prompt);
    abort.abort('user gave up');
    await expect(call).rejects.toThrow();

    const row = await historyRow(pending.id, (r) => r.outcome !== 'pending');
    expect(row).toMatchObject({ era: '2026-07-28', outcome: 'cancelled', decidedBy: 'client' });
    const still = await gate.json<Pending[]>('pending');
    expect(still.find((p) => p.id === pending.id)).toBeUndefined();
    expect(session.seen).not.toContain(prompt);
  });
});
