/**
 * Issue 8, end to end in the 2025 era: an SDK client that declares no sampling (as Claude Desktop
 * does) reaches the real server-everything through the gate — stdio bridge and HTTP endpoint —
 * and the gate answers `trigger-sampling-request` with the user's own model: the official SDKs
 * against local servers that speak the Anthropic and OpenAI wire formats. Approve, model switch,
 * deny, timeout, Stop and every provider failure; history has model, tokens and cost; the budget
 * follows actual usage.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANTHROPIC_TEST_KEY, startAnthropic } from '../fixtures/fake-providers/anthropic.js';
import type { AnthropicBehaviour } from '../fixtures/fake-providers/anthropic.js';
import type { FakeProvider } from '../fixtures/fake-providers/http.js';
import { OPENAI_TEST_KEY, startOpenAI } from '../fixtures/fake-providers/openai.js';
import type { OpenAIBehaviour } from '../fixtures/fake-providers/openai.js';
import { connectClient, EVERYTHING, RAW_SERVER, sampleViaRaw, textOf, textRequest, type Route } from '../support/sampling-client.js';
import { serverEntry, startGate, tempDataDir, waitFor, type RunningGate } from '../support/gate.js';

let gate: RunningGate;
let anthropic: FakeProvider<AnthropicBehaviour>;
let openai: FakeProvider<OpenAIBehaviour>;

const NO_SAMPLING = { capabilities: {} };

beforeAll(async () => {
  anthropic = await startAnthropic();
  openai = await startOpenAI();
  process.env.SG_TEST_ANTHROPIC_KEY = ANTHROPIC_TEST_KEY;
  process.env.SG_TEST_OPENAI_KEY = OPENAI_TEST_KEY;
  const config = `defaults:
  trust: ask
  approvalTimeoutSeconds: 60
  rateLimit: { perMinute: 1000, perHour: 10000, perDay: 10000, perSession: 1000 }
  answerWith: auto
  provider: claude
providers:
  claude:
    kind: anthropic
    baseUrl: ${anthropic.url}
    apiKey: { env: SG_TEST_ANTHROPIC_KEY }
    default: claude-sonnet-4-5
    timeoutSeconds: 2
    maxRetries: 1
    models:
      - { name: claude-sonnet-4-5, aliases: [sonnet], cost: 0.5, speed: 0.5, intelligence: 0.8, inputPerMTok: 3, outputPerMTok: 15, vision: true, tools: true }
      - { name: claude-haiku-4-5, aliases: [haiku], cost: 0.1, speed: 0.9, intelligence: 0.5, inputPerMTok: 1, outputPerMTok: 5, vision: true, tools: true }
  local:
    kind: openai
    baseUrl: ${openai.url}
    apiKey: { env: SG_TEST_OPENAI_KEY }
    models: [ { name: gpt-4o-mini, inputPerMTok: 0.15, outputPerMTok: 0.6 } ]
servers:
  everything:
${serverEntry(EVERYTHING, ['stdio'])}
  openai:
${serverEntry(EVERYTHING, ['stdio'], '    provider: local\n')}
  short:
${serverEntry(EVERYTHING, ['stdio'], '    policy: { approvalTimeoutSeconds: 1 }\n')}
  clientonly:
${serverEntry(EVERYTHING, ['stdio'], '    answerWith: client\n')}
  budget:
${serverEntry(EVERYTHING, ['stdio'], '    trust: trust\n    policy: { tokenBudgetPerDay: 1000 }\n')}
  raw:
${serverEntry(RAW_SERVER, [], '    trust: trust\n    policy: { allowTools: true, allowMedia: [image/png, audio/wav] }\n')}
  rawlocal:
${serverEntry(RAW_SERVER, [], '    trust: trust\n    provider: local\n    policy: { allowTools: true, allowMedia: [image/png, audio/wav] }\n')}
`;
  gate = await startGate(tempDataDir(config));
});

afterAll(async () => {
  if (process.env.SG_DEBUG) process.stderr.write(gate.output());
  await gate?.stop();
  gate?.remove();
  await anthropic?.close();
  await openai?.close();
});

const routes: ((server: string) => Route)[] = [
  (server) => ({ via: 'stdio', dataDir: gate.dataDir, serverId: server }),
  (server) => ({ via: 'http', url: gate.mcpUrl(server), token: gate.token }),
];

describe.each([['stdio bridge', 0], ['HTTP endpoint', 1]] as const)('a client without sampling, through the %s', (_name, r) => {
  const route = (server: string): Route => routes[r]!(server);

  it('the server is offered sampling, and an approved request is answered by the provider with model, tokens and cost in history', async () => {
    const c = await connectClient(route('everything'), NO_SAMPLING);
    try {
      const tools = await c.client.listTools();
      expect(tools.tools.map((t) => t.name)).toContain('trigger-sampling-request');
      const before = anthropic.requests.length;
      const call = c.call('trigger-sampling-request', { prompt: 'Name a colour', maxTokens: 40 });
      const p = await gate.nextPending('everything');
      expect(p.answer?.providerId).toBe('claude');
      expect(p.answer?.model).toBe('claude-sonnet-4-5');
      expect(p.answer?.why).toMatch(/default/);
      // server-everything asks for temperature 0.7; the Anthropic API the SDK speaks takes none.
      expect(p.answer?.notApplied.join(' ')).toMatch(/temperature/);
      expect(p.answer?.estimatedCostUsd).toBeGreaterThan(0);
      expect(p.answer?.models.map((m) => m.name)).toEqual(['claude-sonnet-4-5', 'claude-haiku-4-5']);
      expect(anthropic.requests.length).toBe(before); // nothing is called before approval
      expect((await gate.cli('approve', p.id)).code).toBe(0);
      const result = await call;
      expect(result.isError).toBeFalsy();
      expect(textOf(result)).toContain('Name a colour');
      const sent = anthropic.requests.at(-1)!.body as Record<string, unknown>;
      expect(sent.model).toBe('claude-sonnet-4-5');
      expect(sent).not.toHaveProperty('temperature');
      expect(sent.max_tokens).toBe(40);
      const row = await gate.settled(p.id);
      expect(row.outcome).toBe('approved');
      expect(row.answeredBy).toBe('provider:claude');
      expect(row.model).toBe('claude-sonnet-4-5-20250929');
      expect(row.usage!.inputTokens).toBeGreaterThan(0);
      expect(row.usage!.outputTokens).toBeGreaterThan(0);
      expect(row.tokens).toBe(row.usage!.inputTokens + row.usage!.outputTokens);
      expect(row.costUsd).toBeCloseTo((row.usage!.inputTokens * 3 + row.usage!.outputTokens * 15) / 1e6, 10);
      const [listed] = await gate.json<Record<string, unknown>[]>('history', '--limit', '1');
      expect(listed).toMatchObject({ id: p.id, answeredBy: 'provider:claude', model: 'claude-sonnet-4-5-20250929', costUsd: row.costUsd });
      expect(listed!.usage).toEqual(row.usage);
    } finally {
      await c.close();
    }
  });

  it('switching model before approving is recorded as an edit and answered by that model', async () => {
    const c = await connectClient(route('everything'), NO_SAMPLING);
    try {
      const call = c.call('trigger-sampling-request', { prompt: 'Say hi', maxTokens: 20 });
      const p = await gate.nextPending('everything');
      await gate.api('approvals.decide', { id: p.id, decision: { kind: 'approve', model: 'haiku' } });
      expect((await call).isError).toBeFalsy();
      expect((anthropic.requests.at(-1)!.body as { model: string }).model).toBe('claude-haiku-4-5');
      const row = await gate.settled(p.id);
      expect(row.outcome).toBe('edited');
      expect(row.answer?.model).toBe('claude-haiku-4-5');
      expect(row.answer?.switchedFrom).toBe('claude-sonnet-4-5');
      expect(row.model).toBe('claude-haiku-4-5-20251001');
    } finally {
      await c.close();
    }
  });

  it('deny: the server gets the -1 and the provider is never called', async () => {
    const c = await connectClient(route('everything'), NO_SAMPLING);
    try {
      const before = anthropic.requests.length;
      const call = c.call('trigger-sampling-request', { prompt: 'Nope', maxTokens: 20 });
      const p = await gate.nextPending('everything');
      expect((await gate.cli('deny', p.id, '--reason', 'not now')).code).toBe(0);
      const result = await call;
      expect(textOf(result)).toMatch(/not now/);
      expect(anthropic.requests.length).toBe(before);
      const row = await gate.settled(p.id);
      expect(row.outcome).toBe('denied');
      expect(row.costUsd ?? null).toBeNull();
    } finally {
      await c.close();
    }
  });
});

describe('provider failures are answers, never hangs', () => {
  const failures: [string, AnthropicBehaviour[], RegExp, string][] = [
    ['401', [{ kind: 'auth' }], /provider "claude".*401/, 'provider.auth'],
    ['429 past the retries', [{ kind: 'rate-limited', retryAfter: 1, times: 2 }], /provider "claude".*429/, 'provider.rate-limited'],
    ['500 past the retries', [{ kind: 'server-error', times: 2 }], /provider "claude".*500/, 'provider.server-error'],
    ['a stalled stream', [{ kind: 'stall', times: 2 }], /provider "claude".*(timed out|within \d+ s)/i, 'provider.timeout'],
    ['a refusal', [{ kind: 'refusal' }], /provider "claude".*refus/i, 'provider.refused'],
    ['a malformed stream', [{ kind: 'malformed', variant: 'garbage' }], /provider "claude"/, 'provider.malformed'],
  ];
  it.each(failures)('%s: the server hears which provider failed and how, the row is failed and nothing is charged', async (_name, script, message, rule) => {
    const c = await connectClient(routes[0]!('everything'), NO_SAMPLING);
    try {
      anthropic.reset();
      anthropic.script(...script);
      const call = c.call('trigger-sampling-request', { prompt: 'Fail me', maxTokens: 20 });
      const p = await gate.nextPending('everything');
      await gate.api('approvals.decide', { id: p.id, decision: { kind: 'approve' } });
      const result = await call;
      expect(textOf(result)).toMatch(message);
      expect(textOf(result)).not.toContain(ANTHROPIC_TEST_KEY);
      const row = await gate.settled(p.id);
      expect(row.outcome).toBe('failed');
      expect(row.rule).toBe(rule);
      expect(row.reason).toMatch(message);
      expect(row.tokens).toBe(0);
      expect(row.costUsd ?? null).toBeNull();
      expect(row.usage ?? null).toBeNull();
    } finally {
      anthropic.reset();
      await c.close();
    }
  });

  it('429 with retry-after, then success: retried once and answered', async () => {
    const c = await connectClient(routes[1]!('everything'), NO_SAMPLING);
    try {
      anthropic.script({ kind: 'rate-limited', retryAfter: 1 });
      const before = anthropic.requests.length;
      const call = c.call('trigger-sampling-request', { prompt: 'Retry me', maxTokens: 20 });
      const p = await gate.nextPending('everything');
      await gate.api('approvals.decide', { id: p.id, decision: { kind: 'approve' } });
      expect((await call).isError).toBeFalsy();
      expect(anthropic.requests.length - before).toBe(2);
      expect((await gate.settled(p.id)).outcome).toBe('approved');
    } finally {
      await c.close();
    }
  });

  it('Stop: a completion being written is stopped by the user, and the server hears it', async () => {
    const c = await connectClient(routes[0]!('everything'), NO_SAMPLING);
    try {
      anthropic.script({ kind: 'stall' });
      const call = c.call('trigger-sampling-request', { prompt: 'Stop me', maxTokens: 20 });
      const p = await gate.nextPending('everything');
      await gate.api('approvals.decide', { id: p.id, decision: { kind: 'approve' } });
      const answering = await waitFor(async () => (await gate.api('approvals.list', {})).find((x) => x.id === p.id && x.stage === 'answering'), 'the answering stage');
      expect(answering.answer?.providerId).toBe('claude');
      const pending = await gate.json<{ id: string; stage?: string }[]>('pending');
      expect(pending.find((x) => x.id === p.id)?.stage).toBe('answering');
      await gate.api('approvals.stop', { id: p.id });
      expect(textOf(await call)).toMatch(/stopped/);
      const row = await gate.settled(p.id);
      expect(row.outcome).toBe('denied');
      expect(row.rule).toBe('provider.stopped');
    } finally {
      anthropic.reset();
      await c.close();
    }
  });
});

describe('who answers', () => {
  it('an OpenAI-compatible provider answers for its server', async () => {
    const c = await connectClient(routes[0]!('openai'), NO_SAMPLING);
    try {
      const call = c.call('trigger-sampling-request', { prompt: 'Hello local', maxTokens: 30 });
      const p = await gate.nextPending('openai');
      expect(p.answer).toMatchObject({ providerId: 'local', kind: 'openai', model: 'gpt-4o-mini', notApplied: [] });
      await gate.api('approvals.decide', { id: p.id, decision: { kind: 'approve' } });
      const result = await call;
      expect(textOf(result)).toContain('Hello local');
      const sent = openai.requests.at(-1)!.body as Record<string, unknown>;
      expect(sent.temperature).toBe(0.7);
      expect(sent.stream).toBe(true);
      const row = await gate.settled(p.id);
      expect(row.answeredBy).toBe('provider:local');
      expect(row.costUsd).toBeGreaterThan(0);
    } finally {
      await c.close();
    }
  });

  it('a client that samples still answers itself under auto; answerWith client denies a client without sampling', async () => {
    const sampler = await connectClient(routes[0]!('everything'));
    try {
      const call = sampler.call('trigger-sampling-request', { prompt: 'Mine', maxTokens: 20 });
      const p = await gate.nextPending('everything');
      expect(p.answer).toBeUndefined();
      await gate.api('approvals.decide', { id: p.id, decision: { kind: 'approve' } });
      expect(textOf(await call)).toContain('completion for');
      const row = await gate.settled(p.id);
      expect(row.answeredBy).toBe('client');
      expect(row.model).toBe('test-model');
    } finally {
      await sampler.close();
    }
    const c = await connectClient(routes[0]!('clientonly'), NO_SAMPLING);
    try {
      expect((await c.client.listTools()).tools.map((t) => t.name)).not.toContain('trigger-sampling-request');
    } finally {
      await c.close();
    }
  });

  it('the daily token budget counts what the provider actually used', async () => {
    const c = await connectClient(routes[0]!('budget'), NO_SAMPLING);
    try {
      anthropic.script({ kind: 'reply', text: 'short', usage: { inputTokens: 300, outputTokens: 200 } });
      expect((await c.call('trigger-sampling-request', { prompt: 'one', maxTokens: 400 })).isError).toBeFalsy();
      const [first] = await gate.json<{ tokens: number; outcome: string }[]>('history', '--server', 'budget', '--limit', '1');
      expect(first!.tokens).toBe(500);
      // 500 used + 400 asked fits in 1000; 500 + 600 does not.
      const refused = await c.call('trigger-sampling-request', { prompt: 'two', maxTokens: 600 });
      expect(textOf(refused)).toMatch(/daily token budget: 500 of 1000/);
    } finally {
      anthropic.reset();
      await c.close();
    }
  });

  it('providers --json lists what CONTRACT section 8 says, and providers test calls once', async () => {
    const list = await gate.json<Record<string, unknown>[]>('providers');
    expect(list.map((p) => p.id)).toEqual(['claude', 'local']);
    expect(list[0]).toMatchObject({ kind: 'anthropic', baseUrl: anthropic.url, default: 'claude-sonnet-4-5', keySource: 'env:SG_TEST_ANTHROPIC_KEY', keyPresent: true });
    expect(JSON.stringify(list)).not.toContain(ANTHROPIC_TEST_KEY);
    const ok = await gate.cli('providers', 'test', 'claude');
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/claude: ok in \d+ ms — model claude-sonnet-4-5-20250929/);
    anthropic.script({ kind: 'auth' });
    const bad = await gate.cli('providers', 'test', 'claude');
    expect(bad.code).toBe(1);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    expect(bad.stderr).toMatch(/provider "claude".*401/);
  });
});

describe('timeouts', () => {
  it('an unanswered request times out before the provider is ever called', async () => {
    const c = await connectClient(routes[0]!('short'), NO_SAMPLING);
    try {
      const before = anthropic.requests.length;
      const result = await c.call('trigger-sampling-request', { prompt: 'Late', maxTokens: 20 });
      expect(textOf(result)).toMatch(/timed out/);
      expect(anthropic.requests.length).toBe(before);
    } finally {
      await c.close();
    }
  });
});

describe('faithful mapping through the gate (a raw server sends exactly what it wants)', () => {
  it('the server is told sampling with tools (the provider has a tools model), never context', async () => {
    const c = await connectClient(routes[0]!('raw'), NO_SAMPLING);
    try {
      const caps = JSON.parse(textOf(await c.call('capabilities'))) as { sampling?: Record<string, unknown> };
      expect(caps.sampling).toEqual({ tools: {} });
      const local = await connectClient(routes[0]!('rawlocal'), NO_SAMPLING);
      try {
        // The OpenAI-compatible provider's model takes no tools: sampling is offered without them.
        expect(JSON.parse(textOf(await local.call('capabilities')))).toMatchObject({ sampling: {} });
        const refused = await sampleViaRaw(local, textRequest('use a tool', 50, { tools: [{ name: 'get_weather', inputSchema: { type: 'object' } }] }));
        expect('error' in refused && refused.error.message).toMatch(/tools/);
      } finally {
        await local.close();
      }
    } finally {
      await c.close();
    }
  });

  it('tools and toolChoice go to the provider as tool use, and a tool_use block comes back with stopReason toolUse', async () => {
    const c = await connectClient(routes[0]!('raw'), NO_SAMPLING);
    try {
      const answer = await sampleViaRaw(
        c,
        textRequest('What is the weather in Paris?', 200, {
          systemPrompt: 'You are terse.',
          tools: [{ name: 'get_weather', description: 'Weather for a city', inputSchema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } }],
          toolChoice: { mode: 'required' },
          stopSequences: ['STOP'],
        }),
      );
      expect('result' in answer).toBe(true);
      const result = (answer as { result: Record<string, unknown> }).result;
      expect(result.stopReason).toBe('toolUse');
      const blocks = (Array.isArray(result.content) ? result.content : [result.content]) as { type: string; name?: string; input?: unknown }[];
      expect(blocks.find((b) => b.type === 'tool_use')).toMatchObject({ name: 'get_weather', input: { city: expect.any(String) } });
      const sent = anthropic.requests.at(-1)!.body as Record<string, unknown>;
      expect(sent.system).toBe('You are terse.');
      expect(sent.tool_choice).toEqual({ type: 'any' });
      expect(sent.stop_sequences).toEqual(['STOP']);
      expect((sent.tools as { name: string }[])[0]!.name).toBe('get_weather');
    } finally {
      await c.close();
    }
  });

  it('audio to a model that cannot take it is refused before any call, saying why', async () => {
    const c = await connectClient(routes[0]!('raw'), NO_SAMPLING);
    try {
      const before = anthropic.requests.length;
      const wav = Buffer.from('RIFF\x24\x00\x00\x00WAVEfmt ', 'latin1').toString('base64');
      const answer = await sampleViaRaw(c, { messages: [{ role: 'user', content: { type: 'audio', data: wav, mimeType: 'audio/wav' } }], maxTokens: 20 });
      expect('error' in answer && answer.error.code).toBe(-1);
      expect('error' in answer && answer.error.message).toMatch(/audio/i);
      expect('error' in answer && answer.error.data?.rule).toBe('provider.unsupported');
      expect(anthropic.requests.length).toBe(before);
    } finally {
      await c.close();
    }
  });
});
