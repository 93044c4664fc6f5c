/**
 * Keyboard, system and accessibility (issue 23) in the real web UI: the real gate (`sampling-gate
 * serve --ui`) in front of server-everything and the raw test server, real SDK clients, Debian's
 * Chromium. On every view — the queue empty and full, each kind of dialog, History with its detail,
 * Servers with a grant, Providers, the first-run screen — axe-core judges WCAG 2.1 A/AA in the light
 * and the dark theme (prefers-color-scheme), and the page must not scroll sideways at 200% zoom
 * (a 640 px wide window is what a 1280 px one shows at 200%). Then the keyboard: each shortcut does
 * its action, a bare Enter never approves, the queue is walked with arrows and j/k.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { ListRootsRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isBlocking, runAxe, type AxeFinding } from './support/axe.js';
import { e2ePrerequisites, launchChromium, screenshotDir } from './support/browser.js';
import { ROOT } from './support/gate-process.js';
import { serverEntry, startGate, tempDataDir, type RunningGate } from '../support/gate.js';
import { connectClient, EVERYTHING, RAW_SERVER, textOf, type TestClient } from '../support/sampling-client.js';

const SHOTS = screenshotDir(ROOT);
const prereq = e2ePrerequisites();

it.runIf(prereq.mustFail)('has its prerequisites', () => {
  throw new Error(prereq.reason);
});

const CONFIG = `defaults:
  trust: ask
  approvalTimeoutSeconds: 300
  rateLimit: { perMinute: 1000, perHour: 10000, perDay: 100000, perSession: 10000 }
  elicitation: { rateLimit: { perMinute: 1000, perHour: 10000 } }
providers:
  local:
    kind: openai
    baseUrl: http://127.0.0.1:9/v1
    apiKey: { env: A11Y_TEST_KEY, optional: true }
    models: [ { name: llama3.2 } ]
servers:
  notes:
${serverEntry(EVERYTHING, ['stdio'])}
  raw:
${serverEntry(RAW_SERVER)}
  workspace:
${serverEntry(EVERYTHING, ['stdio'], '    roots: { trust: ask }\n')}
  reviewed:
${serverEntry(EVERYTHING, ['stdio'], '    policy: { reviewResponses: true }\n')}
`;

describe.skipIf(!prereq.ready)('keyboard and accessibility in the web UI', () => {
  let gate: RunningGate;
  let browser: Browser;
  let page: Page;
  const home = mkdtempSync(join(tmpdir(), 'sg-a11y-home-'));
  const clients: TestClient[] = [];
  const consoleErrors: string[] = [];
  /** Every view's findings, printed at the end whatever happened. */
  const report: string[] = [];

  beforeAll(async () => {
    // One MCP client on this "machine", so the first-run screen has something to show.
    const desktop = join(home, '.config', 'Claude', 'claude_desktop_config.json');
    mkdirSync(dirname(desktop), { recursive: true });
    writeFileSync(desktop, JSON.stringify({ mcpServers: { memory: { command: 'npx', args: ['-y', '@modelcontextprotocol/server-memory'] } } }, null, 2));
    gate = await startGate(tempDataDir(CONFIG), ['--ui'], { HOME: home, XDG_CONFIG_HOME: join(home, '.config') });
    browser = await launchChromium();
    // bypassCSP: only so axe-core can be injected (support/axe.ts); the UI itself runs as shipped.
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, bypassCSP: true });
    page = await context.newPage();
    page.on('console', (m) => m.type() === 'error' && consoleErrors.push(m.text()));
    page.on('pageerror', (e) => consoleErrors.push(e.message));
    await page.goto(gate.uiUrl!);
    await page.getByText('connected', { exact: true }).waitFor();
  });

  afterAll(async () => {
    console.log(`axe-core, WCAG 2.1 A/AA:\n${report.join('\n')}`);
    for (const c of clients) await c.close().catch(() => undefined);
    await browser?.close();
    await gate?.stop();
    gate?.remove();
    rmSync(home, { recursive: true, force: true });
  });

  const line = (f: AxeFinding): string => `    ${f.impact ?? '?'} ${f.id}: ${f.help} — ${f.targets.join(', ')}`;

  /** What fails the last test: blocking axe findings and sideways scrolling, per view and theme. */
  const blocking: string[] = [];

  /**
   * axe in both themes, and sideways scrolling at 200% zoom. Recorded, not thrown, so one view's
   * finding does not leave requests queued and fail every test after it; the last test asserts.
   */
  async function audit(view: string): Promise<void> {
    for (const colorScheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme });
      const findings = await runAxe(page);
      report.push(`  ${view} (${colorScheme}): ${findings.filter(isBlocking).length} serious/critical, ${findings.filter((f) => !isBlocking(f)).length} other`);
      report.push(...findings.map(line));
      blocking.push(...findings.filter(isBlocking).map((f) => `${view} (${colorScheme}) ${line(f)}`));
    }
    await page.emulateMedia({ colorScheme: 'light' });
    await page.setViewportSize({ width: 640, height: 900 });
    const overflow = await page.evaluate(() => {
      const width = document.documentElement.clientWidth;
      // The outermost elements that stick out, to name in the failure (not those inside them).
      const out = [...document.querySelectorAll<HTMLElement>('body *')].filter((el) => el.getBoundingClientRect().right > width + 1 && !(el.parentElement && el.parentElement.getBoundingClientRect().right > width + 1));
      return { by: document.documentElement.scrollWidth - width, what: out.slice(0, 3).map((el) => `${el.tagName.toLowerCase()}.${[...el.classList].join('.')}`) };
    });
    if (overflow.by > 0) {
      await page.screenshot({ path: join(SHOTS, `zoom-200-${view.replace(/\W+/g, '-').toLowerCase()}.png`), fullPage: true });
      blocking.push(`${view}: the page scrolls sideways by ${overflow.by}px at 200% zoom (${overflow.what.join(', ')})`);
    }
    await page.setViewportSize({ width: 1280, height: 900 });
  }

  async function client(serverId: string, opts: Parameters<typeof connectClient>[1] = {}): Promise<TestClient> {
    const c = await connectClient({ via: 'stdio', dataDir: gate.dataDir, serverId }, opts);
    clients.push(c);
    return c;
  }
  const sample = (c: TestClient, prompt: string) => c.call('trigger-sampling-request', { prompt, maxTokens: 10 }, 280_000);
  const sampling = () => page.getByRole('region', { name: 'Sampling request' });
  const elicitation = () => page.getByRole('region', { name: /^Elicitation request/ });
  const queueItems = () => page.getByRole('navigation', { name: 'Pending requests' }).locator('button.queue-item');
  /** Approve and the other sending buttons are disabled for a moment after a request comes up. */
  const armed = (): Promise<void> => page.waitForTimeout(800);
  const queueEmpty = (): Promise<void> => page.getByText('No requests waiting').waitFor();
  const go = (view: string) => page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: new RegExp(`^${view}`) }).click();

  it('the empty queue', async () => {
    await queueEmpty();
    await audit('Approvals, empty');
  });

  it('a sampling dialog with a queue: axe, then a bare Enter does not approve, and the queue is walked by keys', async () => {
    const c = await client('notes');
    const first = sample(c, 'summarise chapter 1');
    const second = sample(c, 'summarise chapter 2');
    await queueItems().nth(1).waitFor({ timeout: 20_000 });
    await armed();
    await audit('Approvals, sampling dialog and queue');
    // The README's pictures: the dialog and the queue in each theme, and at 200% zoom.
    await page.mouse.move(0, 0);
    for (const colorScheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme });
      await page.screenshot({ path: join(SHOTS, `keyboard-dialog-${colorScheme}.png`) });
    }
    await page.emulateMedia({ colorScheme: 'light' });
    await page.setViewportSize({ width: 640, height: 900 });
    await page.screenshot({ path: join(SHOTS, 'zoom-200-dialog.png') });
    await page.setViewportSize({ width: 1280, height: 900 });

    // Enter on the dialog (its heading has the focus when it opens) approves nothing.
    await sampling().getByRole('heading', { name: 'Sampling request' }).focus();
    await page.keyboard.press('Enter');
    await page.keyboard.press('Control+Enter');
    await page.waitForTimeout(300);
    expect(await queueItems().count()).toBe(2);

    // The queue: j / ArrowDown move the focus, k / ArrowUp back, Enter opens.
    await queueItems().nth(0).focus();
    await page.keyboard.press('j');
    expect(await queueItems().nth(1).evaluate((b) => b === document.activeElement)).toBe(true);
    await page.keyboard.press('k');
    expect(await queueItems().nth(0).evaluate((b) => b === document.activeElement)).toBe(true);
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await sampling().getByText('summarise chapter 2').waitFor();
    expect(await queueItems().nth(1).getAttribute('aria-current')).toBe('true');

    // Alt+E edits, Alt+C leaves editing, Alt+D denies (the reason field keeps its text: no shortcut while typing).
    await page.keyboard.press('Alt+e');
    await sampling().getByRole('button', { name: 'Approve edited' }).waitFor();
    await page.keyboard.press('Alt+c');
    await sampling().getByRole('button', { name: 'Approve', exact: true }).waitFor();
    const reason = sampling().getByLabel('Deny reason (optional)');
    await reason.click();
    await page.keyboard.press('Alt+d');
    await page.waitForTimeout(300);
    expect(await queueItems().count()).toBe(2);
    await reason.fill('not now');
    // Escape leaves the field (the focus goes back to the dialog), and the shortcuts work again.
    await page.keyboard.press('Escape');
    await page.keyboard.press('Alt+d');
    expect(textOf(await second)).toMatch(/not now|denied/i);

    // Alt+A approves the one left, once it is armed.
    await armed();
    await page.keyboard.press('Alt+a');
    expect(textOf(await first)).toContain('summarise chapter 1');
    await queueEmpty();
  });

  it('Alt+S approves for this session; the Servers view then shows the grant', async () => {
    const c = await client('notes');
    const call = sample(c, 'a grant');
    await sampling().waitFor({ timeout: 20_000 });
    await armed();
    await page.keyboard.press('Alt+s');
    expect(textOf(await call)).toContain('a grant');
    await queueEmpty();
    await go('Servers');
    await page.getByRole('list', { name: 'Grants for notes' }).waitFor();
    await audit('Servers, with a grant');
    await go('Approvals');
  });

  it('an elicitation form the gate answers; Alt+D declines it', async () => {
    const c = await client('notes', { capabilities: {} });
    const call = c.call('trigger-elicitation-request', {}, 280_000);
    await elicitation().getByText('Please provide inputs for the following fields:').waitFor({ timeout: 20_000 });
    await armed();
    await audit('Approvals, elicitation form');
    await elicitation().getByLabel('Name').fill('Ada');
    await page.keyboard.press('Alt+d');
    await page.waitForTimeout(300);
    expect(await elicitation().count()).toBe(1);
    await page.keyboard.press('Escape');
    await page.keyboard.press('Alt+d');
    expect(textOf(await call)).toContain('declined');
    await queueEmpty();
  });

  it('an elicitation URL; Alt+C cancels it', async () => {
    const c = await client('raw', { capabilities: {} });
    const call = c.call('elicit', { params: { mode: 'url', message: 'Verify your account.', url: 'https://login.example.com/signin?next=%2Fhome', elicitationId: 'a11y-1' } }, 280_000);
    await elicitation().getByTestId('elicitation-url').waitFor({ timeout: 20_000 });
    await armed();
    await audit('Approvals, elicitation URL');
    await page.keyboard.press('Alt+c');
    expect(JSON.parse(textOf(await call))).toMatchObject({ result: { action: 'cancel' } });
    await queueEmpty();
  });

  it('a roots review; Alt+A approves it', async () => {
    const c = await client('workspace', { capabilities: { roots: { listChanged: true } } });
    c.client.setRequestHandler(ListRootsRequestSchema, async () => ({ roots: [{ uri: 'file:///projects/app', name: 'app' }] }));
    const roots = page.getByRole('region', { name: 'Roots request' });
    await roots.waitFor({ timeout: 20_000 });
    // Alt+A the moment the request appears does nothing: Approve is not armed yet (useArmed).
    await page.keyboard.press('Alt+a');
    await page.waitForTimeout(200);
    expect(await roots.count()).toBe(1);
    await armed();
    await audit('Approvals, roots');
    await page.keyboard.press('Alt+a');
    await queueEmpty();
  });

  it('a completion held for review; Alt+E edits it, Alt+A approves the edit', async () => {
    const c = await client('reviewed');
    const call = sample(c, 'name three rivers');
    await sampling().waitFor({ timeout: 20_000 });
    await armed();
    await page.keyboard.press('Alt+a');
    const review = page.getByRole('region', { name: 'Review completion' });
    await review.getByText('completion for:', { exact: false }).first().waitFor();
    await armed();
    await audit('Approvals, completion review');
    await page.keyboard.press('Alt+e');
    await review.getByRole('textbox', { name: 'Edit completion text' }).fill('Tagus, Douro, Mondego');
    await page.keyboard.press('Escape');
    await page.keyboard.press('Alt+a');
    expect(textOf(await call)).toContain('Tagus, Douro, Mondego');
    await queueEmpty();
  });

  it('History with rows and the detail open', async () => {
    await go('History');
    const open = page.getByRole('button', { name: /open event/ }).first();
    await open.waitFor();
    await open.click();
    await page.locator('.detail').waitFor();
    await audit('History, detail open');
  });

  it('Providers', async () => {
    await go('Providers');
    await page.getByRole('heading', { name: /local/ }).first().waitFor();
    await audit('Providers');
    await page.getByRole('button', { name: 'Add provider' }).click();
    await audit('Providers, add form');
    await page.getByRole('button', { name: 'Cancel' }).click();
  });

  it('the server form', async () => {
    await go('Servers');
    await page.getByRole('button', { name: 'Add server' }).click();
    await page.getByRole('region', { name: 'Add server' }).waitFor();
    await audit('Servers, add form');
    await page.getByRole('region', { name: 'Add server' }).getByRole('button', { name: 'Cancel' }).click();
  });

  it('the first-run screen', async () => {
    await go('Servers');
    await page.getByRole('button', { name: 'Import from your MCP clients' }).click();
    await page.getByRole('heading', { name: 'Bring your MCP clients through the gate' }).waitFor();
    await audit('First run');
    expect(consoleErrors).toEqual([]);
  });

  it('no serious or critical axe finding on any view in either theme, and no sideways scrolling at 200%', () => {
    expect(blocking).toEqual([]);
  });
});
