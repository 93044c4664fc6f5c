/**
 * Issue 8 end to end in Chromium: the real gate (`sampling-gate serve --ui`) answers for an MCP
 * client that cannot sample (as Claude Desktop) with the user's own model — the official Anthropic
 * SDK against a local server speaking the Messages API (test/fixtures/fake-providers). The dialog
 * names the provider, model, why, estimate and what is not applied; a model switch reaches the
 * provider; Stop ends a stalled stream; the Providers view shows keys headless and tests a provider;
 * history has who answered, model, tokens and cost, in the view and in the CSV export.
 */
import { readFileSync } from 'node:fs';
import type { Readable } from 'node:stream';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANTHROPIC_TEST_KEY, startAnthropic } from '../fixtures/fake-providers/anthropic.js';
import type { AnthropicBehaviour } from '../fixtures/fake-providers/anthropic.js';
import type { FakeProvider } from '../fixtures/fake-providers/http.js';
import { serverEntry, startGate, tempDataDir } from '../support/gate.js';
import type { RunningGate } from '../support/gate.js';
import { connectClient, EVERYTHING, textOf } from '../support/sampling-client.js';
import type { TestClient } from '../support/sampling-client.js';
import { e2ePrerequisites, launchChromium, screenshotDir } from './support/browser.js';
import { ROOT } from './support/gate-process.js';

const SHOTS = screenshotDir(ROOT);
const KEY_ENV = 'SG_E2E_ANTHROPIC_KEY';
const prereq = e2ePrerequisites();

it.runIf(prereq.mustFail)('has its prerequisites', () => {
  throw new Error(prereq.reason);
});

describe.skipIf(!prereq.ready)('the user’s own model, through the real gate and the web UI', () => {
  let anthropic: FakeProvider<AnthropicBehaviour>;
  let gate: RunningGate;
  let browser: Browser;
  let page: Page;
  let client: TestClient;
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    anthropic = await startAnthropic();
    // The gate inherits this environment: the key is named in config.yaml, never written there.
    process.env[KEY_ENV] = ANTHROPIC_TEST_KEY;
    const config = `defaults:
  trust: ask
  approvalTimeoutSeconds: 120
  rateLimit: { perMinute: 100, perHour: 1000, perDay: 1000, perSession: 100 }
  costBudgetPerDay: 0.5
  answerWith: auto
  provider: claude
providers:
  claude:
    kind: anthropic
    baseUrl: ${anthropic.url}
    apiKey: { env: ${KEY_ENV} }
    default: claude-sonnet-4-5
    timeoutSeconds: 60
    maxRetries: 0
    models:
      - { name: claude-sonnet-4-5, aliases: [sonnet], cost: 0.5, speed: 0.5, intelligence: 0.8, inputPerMTok: 3, outputPerMTok: 15, vision: true, tools: true }
      - { name: claude-haiku-4-5, aliases: [haiku], cost: 0.1, speed: 0.9, intelligence: 0.5, inputPerMTok: 1, outputPerMTok: 5, vision: true, tools: true }
  desk:
    kind: anthropic
    baseUrl: ${anthropic.url}
    models: [ { name: claude-opus-4-5, inputPerMTok: 5, outputPerMTok: 25 } ]
servers:
  everything:
${serverEntry(EVERYTHING, ['stdio'])}`;
    gate = await startGate(tempDataDir(config), ['--ui']);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on('console', (m) => m.type() === 'error' && consoleErrors.push(m.text()));
    page.on('pageerror', (e) => consoleErrors.push(e.message));
    await page.goto(gate.uiUrl!);
    await page.getByText('connected', { exact: true }).waitFor();
    // Declares no sampling, as Claude Desktop does: the gate answers with the provider.
    client = await connectClient({ via: 'http', url: gate.mcpUrl('everything'), token: gate.token }, { capabilities: {} });
  });

  afterAll(async () => {
    await client?.close().catch(() => undefined);
    await browser?.close();
    await gate?.stop();
    gate?.remove();
    await anthropic?.close();
    delete process.env[KEY_ENV];
  });

  const dialog = (name = 'Sampling request'): ReturnType<Page['getByRole']> => page.getByRole('region', { name });

  it('the dialog names provider, model, why, estimate and what is not applied; the switched model answers', async () => {
    const call = client.call('trigger-sampling-request', { prompt: 'Explain how kiwifruit vines are pollinated', maxTokens: 60 }, 115_000);
    const plan = dialog().getByRole('region', { name: 'Answered by provider' });
    await plan.getByText('Answered by provider').waitFor();
    expect(await plan.locator('.answer-line').textContent()).toBe('Answered by provider claude (Anthropic) with model claude-sonnet-4-5');
    await plan.getByText("the provider's default model", { exact: false }).waitFor();
    expect(await plan.getByTestId('answer-estimate').textContent()).toMatch(/^≈ \$0\.\d+$/);
    // server-everything asks for temperature 0.7; the Anthropic API version the SDK speaks has none.
    expect(await plan.getByRole('list', { name: 'Parameters not applied' }).textContent()).toContain('temperature 0.7 — not applied: the Anthropic API does not take it');
    await dialog().getByRole('meter', { name: 'Spent today (USD)' }).waitFor();
    expect(anthropic.requests).toHaveLength(0); // nothing is sent before approval

    await plan.getByRole('combobox', { name: 'Answer with' }).selectOption('claude-haiku-4-5');
    await plan.getByText('switched from claude-sonnet-4-5').waitFor();
    await waitArmed();
    await page.mouse.move(0, 0);
    const height = await page.evaluate(() => document.documentElement.scrollHeight);
    await page.setViewportSize({ width: 1280, height });
    await page.screenshot({ path: join(SHOTS, 'approval-provider.png') });
    await page.setViewportSize({ width: 1280, height: 900 });

    await dialog().getByRole('button', { name: 'Approve', exact: true }).click();
    const result = await call;
    expect(result.isError).toBeFalsy();
    expect(textOf(result)).toContain('kiwifruit');
    const sent = anthropic.requests.at(-1)!.body as Record<string, unknown>;
    expect(sent.model).toBe('claude-haiku-4-5');
    expect(sent).not.toHaveProperty('temperature');
    await page.getByText('No requests waiting').waitFor();
  });

  it('a completion being written shows at stage answering, and Stop ends it', async () => {
    anthropic.script({ kind: 'stall' });
    const call = client.call('trigger-sampling-request', { prompt: 'Write a very long saga about pears', maxTokens: 60 }, 115_000);
    await dialog().getByText('saga about pears').waitFor();
    await waitArmed();
    await dialog().getByRole('button', { name: 'Approve', exact: true }).click();
    const writing = dialog('Writing completion');
    await writing.getByRole('region', { name: 'Completion so far' }).waitFor();
    await page.getByRole('navigation', { name: 'Pending requests' }).getByText('answering', { exact: true }).waitFor();
    await writing.getByRole('button', { name: 'Stop' }).click();
    const result = await call;
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/stopped/);
    await page.getByText('No requests waiting').waitFor();
  });

  it('the Providers view shows where keys come from headless, tests a provider, and adds one to config.yaml', async () => {
    await page.getByRole('button', { name: 'Providers' }).click();
    const claude = page.getByRole('article', { name: 'Provider claude' });
    await claude.getByText(anthropic.url, { exact: false }).waitFor();
    expect(await page.getByTestId('key-status-claude').textContent()).toBe(`from the environment variable ${KEY_ENV} (set)`);
    // Headless there is no OS keychain: no key field, and the way to give one instead.
    expect(await page.getByTestId('key-status-desk').textContent()).toBe('keychain not available here — set apiKey: { env: NAME }');
    expect(await page.locator('input[type="password"]').count()).toBe(0);
    await claude.getByText('everything', { exact: true }).waitFor();
    expect(await claude.getByRole('table', { name: 'Models of claude' }).locator('tbody tr').count()).toBe(2);

    await claude.getByRole('button', { name: 'Test claude' }).click();
    const result = claude.getByRole('status', { name: 'Test result for claude' });
    await result.getByText('model claude-sonnet-4-5-20250929', { exact: false }).waitFor();
    expect(await result.textContent()).toMatch(/^✓ [\d,]+ ms · model claude-sonnet-4-5-20250929/);
    const desk = page.getByRole('article', { name: 'Provider desk' });
    await desk.getByRole('button', { name: 'Test desk' }).click();
    // The exact error: no key anywhere for this provider.
    await desk.getByRole('status', { name: 'Test result for desk' }).locator('.error').waitFor();
    expect(await desk.getByRole('status', { name: 'Test result for desk' }).textContent()).toMatch(/desk/);
    await page.mouse.move(0, 0);
    await page.screenshot({ path: join(SHOTS, 'providers.png'), fullPage: true });

    await page.getByRole('button', { name: 'Add provider' }).click();
    const form = page.getByRole('region', { name: 'Add provider' });
    await form.getByRole('textbox', { name: 'Provider id' }).fill('ollama');
    await form.getByRole('combobox', { name: 'Kind' }).selectOption('openai');
    await form.getByRole('textbox', { name: 'Base URL' }).fill('http://127.0.0.1:11434/v1');
    await form.getByRole('radio', { name: 'Environment variable' }).check();
    await form.getByRole('textbox', { name: 'Variable name' }).fill('OLLAMA_API_KEY');
    await form.getByRole('checkbox', { name: 'optional' }).check();
    await form.getByRole('textbox', { name: 'Model 1 name' }).fill('llama3.2');
    await form.getByRole('button', { name: 'Save provider' }).click();
    const ollama = page.getByRole('article', { name: 'Provider ollama' });
    await ollama.waitFor();
    const yaml = readFileSync(join(gate.dataDir, 'config.yaml'), 'utf8');
    expect(yaml).toMatch(/ollama:\s*\n\s+kind: openai/);
    expect(yaml).toContain('OLLAMA_API_KEY');
    expect(yaml).not.toContain(ANTHROPIC_TEST_KEY);

    await ollama.getByRole('button', { name: 'Remove ollama' }).click();
    await ollama.getByRole('button', { name: 'Confirm remove' }).click();
    await ollama.waitFor({ state: 'detached' });
  });

  it('history shows who answered, the model the provider returned, tokens, cost and a total; CSV carries them', async () => {
    await page.getByRole('button', { name: 'History' }).click();
    const table = page.locator('.history-table');
    await table.getByText('claude-haiku-4-5-20251001').waitFor();
    const row = table.locator('tbody tr', { hasText: 'claude-haiku-4-5-20251001' });
    const text = await row.textContent();
    expect(text).toContain('provider claude');
    expect(text).toMatch(/[\d,]+ in \/ [\d,]+ out/);
    expect(text).toMatch(/\$0\.\d+/);
    expect(await page.getByTestId('history-total-cost').textContent()).toMatch(/^\$0\.\d+$/);

    await row.click();
    const detail = page.getByRole('complementary', { name: 'Event detail' });
    await detail.getByRole('region', { name: 'Answered by provider' }).getByText('switched from claude-sonnet-4-5').waitFor();
    await detail.getByText('provider claude', { exact: true }).waitFor();

    const [csv] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]);
    const lines = (await streamText(await csv.createReadStream())).split('\r\n');
    const header = lines[0]!.split(',');
    for (const column of ['answeredBy', 'model', 'inputTokens', 'outputTokens', 'costUsd']) expect(header).toContain(column);
    expect(lines.some((l) => l.includes('"provider:claude"') && l.includes('"claude-haiku-4-5-20251001"'))).toBe(true);
    await page.mouse.move(0, 0);
    await page.screenshot({ path: join(SHOTS, 'history-provider.png') });
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

  async function streamText(stream: Readable): Promise<string> {
    const chunks: Buffer[] = [];
    for await (const c of stream) chunks.push(c as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  }
});
