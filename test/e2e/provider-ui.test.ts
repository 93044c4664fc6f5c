/**
 * Issue 8 in the real renderer, served by the real UI carrier (core/http/ui.ts) over a scripted
 * GateClient that plays the gate's side of the contract (shared/api.ts): the dialog names the
 * provider and model that will answer, why, the estimate and what will not be applied, and sends a
 * model switch with the approval; the completion streams in as text with Stop; the Providers view
 * lists, edits, tests and takes keys write-only; history shows who answered, tokens and cost.
 * test/e2e/providers.test.ts drives the same UI against the real gate and a local fake provider
 * (and takes the README's approval-provider.png and providers.png); only this one can show text
 * arriving mid-stream (approval-streaming.png), since the fake provider streams all at once.
 */
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUiHandler } from '../../core/http/ui.js';
import type { UiHandler } from '../../core/http/ui.js';
import type { ProviderStatus } from '../../shared/api.js';
import type { PendingRequest, SamplingEvent } from '../../shared/types.js';
import { summaryOf } from '../../shared/history-summary.js';
import { FakeGateClient } from '../unit/renderer/fake-client.js';
import { e2ePrerequisites, launchChromium, screenshotDir } from './support/browser.js';
import { ROOT } from './support/gate-process.js';

const TOKEN = 'provider-ui-token-0123456789';
const KEY = 'sk-ant-api03-this-key-must-never-come-back';

function request(): PendingRequest {
  const now = Date.now();
  return {
    id: 'req-1',
    kind: 'sampling',
    server: 'everything',
    sessionId: '0b5e2a44-0000-4000-8000-000000000000',
    receivedAt: new Date(now - 3000).toISOString(),
    expiresAt: new Date(now + 110_000).toISOString(),
    stage: 'request',
    era: '2025-11-25',
    trust: 'ask',
    request: {
      systemPrompt: 'You are a helpful test server.',
      messages: [{ role: 'user', content: { type: 'text', text: 'Explain how kiwifruit vines are pollinated' } }],
      modelPreferences: { hints: [{ name: 'sonnet' }], costPriority: 0.3, intelligencePriority: 0.8 },
      maxTokens: 400,
      temperature: 0.7,
    },
    flags: [],
    usage: {
      minute: { used: 1, limit: 10 },
      hour: { used: 4, limit: 100 },
      day: { used: 9, limit: 1000 },
      session: { used: 2, limit: 100 },
      tokensToday: { used: 12400, limit: 200000 },
      costToday: { used: 0.0381, limit: 1 },
    },
    answer: {
      providerId: 'claude',
      kind: 'anthropic',
      model: 'claude-sonnet-4-5',
      why: 'the hint "sonnet" matched an alias of claude-sonnet-4-5',
      estimatedCostUsd: 0.0061,
      notApplied: ['temperature'],
      refusals: [],
      models: [
        { name: 'claude-sonnet-4-5', aliases: ['sonnet'], estimatedCostUsd: 0.0061, notApplied: ['temperature'], refusals: [] },
        { name: 'claude-haiku-4-5', aliases: ['haiku'], estimatedCostUsd: 0.0016, notApplied: ['temperature'], refusals: [] },
        { name: 'claude-opus-4-1', aliases: ['opus'], estimatedCostUsd: null, notApplied: ['temperature'], refusals: ['maxTokens 400 is under this model’s minimum of 1024'] },
      ],
    },
  };
}

// As the desktop app reports them (keychainAvailable); the headless gate says false.
let providers: ProviderStatus[] = [
  {
    id: 'claude',
    kind: 'anthropic',
    baseUrl: 'https://api.anthropic.com',
    default: 'claude-sonnet-4-5',
    keySource: 'keychain',
    keyPresent: false,
    keychainAvailable: true,
    models: [
      { name: 'claude-sonnet-4-5', aliases: ['sonnet', 'claude'], cost: 0.5, speed: 0.5, intelligence: 0.8, inputPerMTok: 3, outputPerMTok: 15, vision: true, audio: false, tools: true },
      { name: 'claude-haiku-4-5', aliases: ['haiku'], cost: 0.2, speed: 0.9, intelligence: 0.5, inputPerMTok: 1, outputPerMTok: 5, vision: true, audio: false, tools: true },
    ],
    servers: ['everything'],
  },
  {
    id: 'local',
    kind: 'openai',
    baseUrl: 'http://127.0.0.1:11434/v1',
    default: 'llama3.2',
    keySource: 'env:OLLAMA_API_KEY',
    keyPresent: false,
    keychainAvailable: true,
    models: [{ name: 'llama3.2', aliases: [], vision: false, audio: false, tools: false }],
    servers: [],
  },
];

function event(id: string, overrides: Partial<SamplingEvent>): SamplingEvent {
  return {
    id,
    kind: 'sampling',
    server: 'everything',
    sessionId: 's-1',
    era: '2025-11-25',
    receivedAt: '2026-11-30T10:00:00.000Z',
    decidedAt: '2026-11-30T10:00:05.000Z',
    completedAt: '2026-11-30T10:00:09.000Z',
    outcome: 'approved',
    decidedBy: 'user',
    rule: null,
    reason: null,
    request: request().request,
    finalRequest: null,
    response: { role: 'assistant', model: 'claude-sonnet-4-5-20250929', stopReason: 'endTurn', content: { type: 'text', text: 'Bees carry pollen from male to female vines.' } },
    flags: [],
    tokens: 420,
    answeredBy: 'provider:claude',
    model: 'claude-sonnet-4-5-20250929',
    usage: { inputTokens: 1200, outputTokens: 310 },
    costUsd: 0.0083,
    answer: { ...request().answer!, model: 'claude-sonnet-4-5' },
    ...overrides,
  };
}

const HISTORY: SamplingEvent[] = [
  event('h1', {}),
  event('h2', {
    receivedAt: '2026-11-30T09:00:00.000Z',
    outcome: 'edited',
    model: 'claude-haiku-4-5-20251001',
    usage: { inputTokens: 800, outputTokens: 120 },
    costUsd: 0.0014,
    answer: { ...request().answer!, model: 'claude-haiku-4-5', switchedFrom: 'claude-sonnet-4-5', why: 'chosen by the user', estimatedCostUsd: 0.0016 },
  }),
  event('h3', { receivedAt: '2026-11-30T08:00:00.000Z', answeredBy: 'client', model: 'e2e-model', usage: null, costUsd: null, answer: null, tokens: 90 }),
  event('h4', { receivedAt: '2026-11-30T07:00:00.000Z', outcome: 'failed', reason: 'provider claude: 529 overloaded_error', usage: null, costUsd: null, response: null }),
];

const prereq = e2ePrerequisites();

it.runIf(prereq.mustFail)('has its prerequisites', () => {
  throw new Error(prereq.reason);
});

describe.skipIf(!prereq.ready)('providers in the real renderer', () => {
  let server: Server;
  let ui: UiHandler;
  let browser: Browser;
  let page: Page;
  let pending: PendingRequest[] = [request()];
  const consoleErrors: string[] = [];
  const client = new FakeGateClient()
    .answer('approvals.list', () => ({ ok: true, value: pending }))
    .answer('approvals.decide', ({ id }) => ({ ok: true, value: { id } }))
    .answer('approvals.stop', ({ id }) => ({ ok: true, value: { id } }))
    .answer('servers.list', () => ({ ok: true, value: [] }))
    .answer('config.status', () => ({ ok: true, value: [] }))
    .answer('history.list', () => ({ ok: true, value: HISTORY.map(summaryOf) }))
    .answer('history.get', ({ id }) => {
      const e = HISTORY.find((h) => h.id === id);
      return e ? { ok: true, value: e } : { ok: false, error: { code: 'not-found', message: id } };
    })
    .answer('config.getRetention', () => ({ ok: true, value: { days: null } }))
    .answer('providers.list', () => ({ ok: true, value: providers }))
    .answer('providers.get', ({ id }) => {
      const p = providers.find((x) => x.id === id)!;
      return { ok: true, value: { kind: p.kind, baseUrl: p.baseUrl, default: p.default, models: p.models } };
    })
    .answer('providers.upsert', ({ id, provider }) => {
      providers = [...providers.filter((p) => p.id !== id), { id, kind: provider.kind, baseUrl: provider.baseUrl ?? 'http://127.0.0.1:1234/v1', default: provider.default ?? provider.models[0]!.name, keySource: provider.apiKey ? `env:${provider.apiKey.env}` : 'none', keyPresent: false, keychainAvailable: true, models: provider.models, servers: [] }];
      return { ok: true, value: { id } };
    })
    .answer('providers.setKey', ({ id, key }) => {
      providers = providers.map((p) => (p.id === id ? { ...p, keyPresent: key !== null } : p));
      setTimeout(() => client.emit('providers.changed', providers), 10);
      return { ok: true, value: { id, keyPresent: key !== null } };
    })
    .answer('providers.test', ({ id }) =>
      id === 'claude'
        ? { ok: true, value: { id, model: 'claude-sonnet-4-5-20250929', latencyMs: 412, text: 'OK' } }
        : { ok: false, error: { code: 'unavailable', message: 'provider local: connect ECONNREFUSED 127.0.0.1:11434' } },
    );

  beforeAll(async () => {
    ui = createUiHandler({ client, token: TOKEN, rendererDir: join(ROOT, 'out', 'renderer') });
    server = createServer((req, res) => void (ui.handleRequest(req, res) || res.writeHead(404).end()));
    server.on('upgrade', (req, socket, head) => void (ui.handleUpgrade(req, socket, head) || socket.destroy()));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on('console', (m) => m.type() === 'error' && consoleErrors.push(m.text()));
    page.on('pageerror', (e) => consoleErrors.push(e.message));
    await page.goto(`${origin}/ui/#token=${TOKEN}`);
  });

  afterAll(async () => {
    await browser?.close();
    ui?.close();
    server?.closeAllConnections();
    await new Promise((r) => server?.close(r));
  });

  const dialog = (name = 'Sampling request'): ReturnType<Page['getByRole']> => page.getByRole('region', { name });

  it('names the provider and model, why, the estimate and what is not applied; the switch goes with Approve', async () => {
    const plan = dialog().getByRole('region', { name: 'Answered by provider' });
    await plan.getByText('Answered by provider').waitFor();
    expect(await plan.locator('.answer-line').textContent()).toBe('Answered by provider claude (Anthropic) with model claude-sonnet-4-5');
    await plan.getByText('the hint "sonnet" matched an alias of claude-sonnet-4-5').waitFor();
    expect(await plan.getByTestId('answer-estimate').textContent()).toBe('≈ $0.0061');
    expect(await plan.getByRole('list', { name: 'Parameters not applied' }).textContent()).toBe('temperature 0.7 — not applied: the Anthropic API does not take it');
    // Spend against costBudgetPerDay sits next to the token budget.
    await dialog().getByRole('meter', { name: 'Spent today (USD)' }).waitFor();
    await dialog().getByText('$0.038').waitFor();

    const select = plan.getByRole('combobox', { name: 'Answer with' });
    const options = await select.locator('option').evaluateAll((els) => els.map((e) => ({ text: e.textContent, disabled: (e as HTMLOptionElement).disabled })));
    expect(options).toEqual([
      { text: 'claude-sonnet-4-5 (sonnet) — ≈ $0.0061 · chosen by the gate', disabled: false },
      { text: 'claude-haiku-4-5 (haiku) — ≈ $0.0016', disabled: false },
      { text: 'claude-opus-4-1 (opus) — cannot answer: maxTokens 400 is under this model’s minimum of 1024', disabled: true },
    ]);
    await select.selectOption('claude-haiku-4-5');
    expect(await plan.getByTestId('answer-model').textContent()).toBe('claude-haiku-4-5');
    expect(await plan.getByTestId('answer-estimate').textContent()).toBe('≈ $0.0016');
    await plan.getByText('switched from claude-sonnet-4-5').waitFor();
    await plan.getByText('your choice', { exact: false }).waitFor();
    await plan.getByText('(the gate chose claude-sonnet-4-5:', { exact: false }).waitFor();

    await waitArmed();
    await dialog().getByRole('button', { name: 'Approve', exact: true }).click();
    await page.waitForFunction(() => !document.querySelector('.dialog'));
    const decide = client.calls.find((c) => c.method === 'approvals.decide');
    expect(decide?.params).toEqual({ id: 'req-1', decision: { kind: 'approve', model: 'claude-haiku-4-5' } });
  });

  it('streams the completion as text, hidden characters visible, and Stop stops it', async () => {
    // Approved with the switch: the plan now records the user's model and the gate's first choice.
    const plan = { ...request().answer!, model: 'claude-haiku-4-5', switchedFrom: 'claude-sonnet-4-5', why: 'chosen by the user', estimatedCostUsd: 0.0016 };
    const answering = (partial: string): PendingRequest => ({ ...request(), stage: 'answering', partial, answer: plan });
    pending = [answering('')];
    client.emit('approvals.changed', { added: pending });
    const stream = dialog('Writing completion');
    await stream.getByText('Waiting for the first words…').waitFor();
    const queue = page.getByRole('navigation', { name: 'Pending requests' });
    await queue.getByText('answering', { exact: true }).waitFor();
    // Approved: no auto-deny countdown any more.
    expect(await page.getByRole('timer').count()).toBe(0);

    pending = [answering('Kiwifruit vines are dioecious:')];
    client.emit('approvals.changed', { changed: [{ id: 'req-1', partial: 'Kiwifruit vines are dioecious:' }] });
    await stream.getByText('Kiwifruit vines are dioecious:').waitFor();
    const html = 'Kiwifruit vines are dioecious: bees\u200b carry pollen <img src=x onerror=window.__pwned=1>';
    pending = [answering(html)];
    client.emit('approvals.changed', { changed: [{ id: 'req-1', partial: html }] });
    const so = stream.getByRole('region', { name: 'Completion so far' });
    await so.getByText('⟨U+200B⟩').waitFor();
    await so.getByText('<img src=x onerror=window.__pwned=1>', { exact: false }).waitFor();
    expect(await page.locator('img[src="x"]').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned)).toBeUndefined();
    await page.mouse.move(0, 0);
    await page.screenshot({ path: join(screenshotDir(ROOT), 'approval-streaming.png') });

    await stream.getByRole('button', { name: 'Stop' }).click();
    await expect.poll(() => client.calls.filter((c) => c.method === 'approvals.stop').map((c) => c.params)).toEqual([{ id: 'req-1' }]);
    pending = [];
    client.emit('approvals.changed', { removed: ['req-1'] });
    await page.getByText('No requests waiting').waitFor();
  });

  it('lists providers with key state, models and servers; takes a key write-only; tests; adds one', async () => {
    await page.getByRole('button', { name: 'Providers' }).click();
    const claude = page.getByRole('article', { name: 'Provider claude' });
    await claude.getByText('https://api.anthropic.com', { exact: false }).waitFor();
    expect(await claude.getByTestId('key-status-claude').textContent()).toMatch(/^no key stored/);
    expect(await page.getByTestId('key-status-local').textContent()).toBe("the environment variable OLLAMA_API_KEY is not set in the gate's environment");
    expect(await page.getByRole('article', { name: 'Provider local' }).getByRole('textbox').count()).toBe(0);
    const models = claude.getByRole('table', { name: 'Models of claude' });
    expect(await models.locator('tbody tr').count()).toBe(2);
    expect(await models.locator('tbody tr').first().textContent()).toContain('$15.00');
    await claude.getByText('everything', { exact: true }).waitFor();

    // The key: typed into a password field, sent once, then gone from the page.
    const field = claude.getByLabel('API key for claude');
    expect(await field.getAttribute('type')).toBe('password');
    await field.fill(KEY);
    await claude.getByRole('button', { name: 'Save key' }).click();
    await claude.getByText('key stored in the OS keychain').waitFor();
    expect(await field.inputValue()).toBe('');
    expect(client.calls.filter((c) => c.method === 'providers.setKey').map((c) => c.params)).toEqual([{ id: 'claude', key: KEY }]);
    const everything = await page.evaluate(() => document.documentElement.outerHTML + [...document.querySelectorAll('input')].map((i) => i.value).join(' '));
    expect(everything).not.toContain(KEY);

    await claude.getByRole('button', { name: 'Test claude' }).click();
    await claude.getByRole('status', { name: 'Test result for claude' }).getByText('412 ms · model', { exact: false }).waitFor();
    expect(await claude.getByRole('status', { name: 'Test result for claude' }).textContent()).toBe('✓ 412 ms · model claude-sonnet-4-5-20250929 · “OK”');
    const local = page.getByRole('article', { name: 'Provider local' });
    await local.getByRole('button', { name: 'Test local' }).click();
    await local.getByText('provider local: connect ECONNREFUSED 127.0.0.1:11434').waitFor();

    await page.getByRole('button', { name: 'Add provider' }).click();
    const form = page.getByRole('region', { name: 'Add provider' });
    await form.getByRole('textbox', { name: 'Provider id' }).fill('openrouter');
    await form.getByRole('combobox', { name: 'Kind' }).selectOption('openai');
    await form.getByRole('textbox', { name: 'Base URL' }).fill('https://openrouter.ai/api/v1');
    await form.getByRole('radio', { name: 'Environment variable' }).check();
    await form.getByRole('textbox', { name: 'Variable name' }).fill('OPENROUTER_API_KEY');
    await form.getByRole('textbox', { name: 'Model 1 name' }).fill('openai/gpt-4o-mini');
    await form.getByRole('textbox', { name: 'Model 1 aliases' }).fill('gpt-4o-mini, mini');
    await form.getByRole('textbox', { name: 'Model 1 Cost' }).fill('1.5');
    await form.getByRole('textbox', { name: 'Model 1 Input $/MTok' }).fill('0.15');
    await form.getByRole('textbox', { name: 'Model 1 Output $/MTok' }).fill('0.6');
    await form.getByRole('checkbox', { name: 'Model 1 vision' }).check();
    await form.getByRole('checkbox', { name: 'Model 1 tools' }).check();
    await form.getByRole('button', { name: 'Save provider' }).click();
    // 1.5 is not a relative cost (0..1): said next to the field, nothing sent.
    await form.locator('.field-error').first().waitFor();
    expect(client.calls.some((c) => c.method === 'providers.upsert')).toBe(false);
    await form.getByRole('textbox', { name: 'Model 1 Cost' }).fill('0.2');
    await form.getByRole('button', { name: 'Save provider' }).click();
    await page.getByRole('article', { name: 'Provider openrouter' }).waitFor();
    expect(client.calls.find((c) => c.method === 'providers.upsert')?.params).toEqual({
      id: 'openrouter',
      provider: {
        kind: 'openai',
        baseUrl: 'https://openrouter.ai/api/v1',
        apiKey: { env: 'OPENROUTER_API_KEY', optional: false },
        models: [{ name: 'openai/gpt-4o-mini', aliases: ['gpt-4o-mini', 'mini'], cost: 0.2, inputPerMTok: 0.15, outputPerMTok: 0.6, vision: true, audio: false, tools: true }],
        timeoutSeconds: 120,
        maxRetries: 2,
      },
    });
  });

  it('history shows who answered, the model, tokens and cost with a total, and the plan in the detail', async () => {
    await page.getByRole('button', { name: 'History' }).click();
    const table = page.locator('.history-table');
    await table.getByText('claude-haiku-4-5-20251001').waitFor();
    const first = await table.locator('tbody tr').first().textContent();
    expect(first).toContain('provider claude');
    expect(first).toContain('1,200 in / 310 out');
    expect(first).toContain('$0.0083');
    expect(await page.getByTestId('history-total-cost').textContent()).toBe('$0.0097');
    expect(await page.locator('.history-total').textContent()).toBe('Total cost of the 4 listed rows: $0.0097 (2 with a cost)');

    await table.locator('tbody tr').nth(1).click();
    const detail = page.getByRole('complementary', { name: 'Event detail' });
    const plan = detail.getByRole('region', { name: 'Answered by provider' });
    await plan.getByText('switched from claude-sonnet-4-5').waitFor();
    expect(await plan.getByRole('list', { name: 'Parameters not applied' }).textContent()).toBe('temperature 0.7 — not applied: the Anthropic API does not take it');
    await detail.getByText('800 in / 120 out').waitFor();
    await detail.getByText('provider claude', { exact: true }).waitFor();

    await table.locator('tbody tr').nth(3).click();
    await detail.getByText('none (a failed call is not charged)').waitFor();
  });

  it('logged nothing alarming in the browser (no CSP violations, no errors)', () => {
    expect(consoleErrors).toEqual([]);
  });

  async function waitArmed(): Promise<void> {
    await page.waitForFunction(() => {
      const b = document.querySelector<HTMLButtonElement>('.dialog .action-bar .btn.primary');
      return b !== null && !b.disabled;
    });
  }
});
