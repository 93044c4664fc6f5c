/**
 * Elicitation in the real web UI (issue 19): the real gate (`sampling-gate serve --ui`) in front of
 * server-everything and a raw server, real SDK clients — one that cannot elicit (the gate's own
 * form answers) and one that can (the gate holds, then forwards) — and Debian's Chromium clicking
 * through the dialog: fill a form, decline one, consent to a URL, forward one to the client.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
  elicitation: { rateLimit: { perMinute: 1000, perHour: 10000 } }
servers:
  everything:
${serverEntry(EVERYTHING, ['stdio'])}
  asking:
${serverEntry(EVERYTHING, ['stdio'], '    elicitation: { trust: ask }\n')}
  raw:
${serverEntry(RAW_SERVER)}
`;

describe.skipIf(!prereq.ready)('elicitation in the web UI', () => {
  let gate: RunningGate;
  let browser: Browser;
  let page: Page;
  let noElicit: TestClient;
  let raw: TestClient;
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    gate = await startGate(tempDataDir(CONFIG), ['--ui']);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
    page.on('console', (m) => m.type() === 'error' && consoleErrors.push(m.text()));
    page.on('pageerror', (e) => consoleErrors.push(e.message));
    await page.goto(gate.uiUrl!);
    await page.getByText('connected', { exact: true }).waitFor();
    noElicit = await connectClient({ via: 'http', url: gate.mcpUrl('everything'), token: gate.token }, { capabilities: {} });
    raw = await connectClient({ via: 'http', url: gate.mcpUrl('raw'), token: gate.token }, { capabilities: {} });
  });

  afterAll(async () => {
    await noElicit?.close().catch(() => undefined);
    await raw?.close().catch(() => undefined);
    await browser?.close();
    await gate?.stop();
    gate?.remove();
  });

  const dialog = (): ReturnType<Page['getByRole']> => page.getByRole('region', { name: /^Elicitation request/ });
  /** Buttons that send stay disabled for a moment after a request comes up (no stray keystroke sends). */
  const armed = (): Promise<void> => page.waitForTimeout(800);

  it('fills the gate\'s own form: typed fields with their defaults, checked before Submit, and the server gets the answer', async () => {
    const call = noElicit.call('trigger-elicitation-request', {}, 280_000);
    await dialog().getByText('Please provide inputs for the following fields:').waitFor();
    await dialog().getByTestId('who-answers').getByText('the gate does').waitFor();
    const d = dialog();
    // Defaults start filled in; the required name is empty, so nothing can be sent yet.
    expect(await d.getByLabel('Integer').inputValue()).toBe('42');
    const submit = d.getByRole('button', { name: 'Submit', exact: true });
    await armed();
    expect(await submit.isDisabled()).toBe(true);
    await d.getByLabel('Name').fill('Ada Lovelace');
    await d.getByLabel('Email').fill('not an address');
    await d.getByText('Must be an e-mail address').waitFor();
    expect(await submit.isDisabled()).toBe(true);
    await d.getByLabel('Email').fill('ada@example.org');
    await d.getByLabel('Integer').fill('1815');
    await d.getByText('Must be at most 100').waitFor();
    await d.getByLabel('Integer').fill('36');
    await d.getByRole('checkbox', { name: 'Bass' }).check();
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.mouse.move(0, 0);
    await page.screenshot({ path: join(SHOTS, 'elicitation-form.png') });
    await submit.click();
    const text = textOf(await call);
    expect(text).toContain('Ada Lovelace');
    expect(text).toContain('ada@example.org');
    const [row] = await gate.json<{ outcome: string; answeredBy: string; response: { content: Record<string, unknown> } }[]>('history', '--kind', 'elicitation', '--limit', '1');
    expect(row).toMatchObject({ outcome: 'approved', answeredBy: 'gate', response: { content: { name: 'Ada Lovelace', integer: 36, untitledMultipleSelectEnum: ['Guitar', 'Bass'] } } });
  });

  it('declines a form: the server hears a decline', async () => {
    const call = noElicit.call('trigger-elicitation-request', {}, 280_000);
    await dialog().getByText('Please provide inputs for the following fields:').waitFor();
    await dialog().getByRole('button', { name: 'Decline', exact: true }).click();
    expect(textOf(await call)).toContain('declined');
    await page.getByText('No requests waiting').waitFor();
  });

  it('a URL: shown whole as text with its domain highlighted, opened in a new tab only after consent', async () => {
    const call = raw.call('elicit', { params: { mode: 'url', message: 'Verify your account immediately to keep access.', url: 'https://login.xn--80ak6aa92e.com/signin?next=%2Fhome', elicitationId: 'e2e-1' } }, 280_000);
    const d = dialog();
    await d.getByTestId('elicitation-url').waitFor();
    expect(await d.getByTestId('elicitation-url').textContent()).toBe('https://login.xn--80ak6aa92e.com/signin?next=%2Fhome');
    expect(await d.locator('mark.url-domain').textContent()).toBe('xn--80ak6aa92e.com');
    await d.getByText('аррӏе.com', { exact: false }).first().waitFor();
    await page.getByRole('region', { name: 'Risk flags' }).getByText('elicitation.url-punycode').waitFor();
    // Nothing on the page links to it.
    expect(await d.locator('a[href]').count()).toBe(0);
    const open = d.getByRole('button', { name: 'Open in browser' });
    await armed();
    expect(await open.isDisabled()).toBe(true);
    await d.getByRole('checkbox', { name: /I have read the whole address/ }).check();
    await page.mouse.move(0, 0);
    await page.screenshot({ path: join(SHOTS, 'elicitation-url.png') });
    const popup = page.context().waitForEvent('page');
    await open.click();
    const tab = await popup;
    expect(await tab.evaluate(() => window.opener)).toBeNull();
    await tab.close();
    const answer = JSON.parse(textOf(await call)) as { result?: unknown };
    expect(answer.result).toEqual({ action: 'accept' });
  });

  it('a form for a client that elicits itself, on a server set to ask: Forward to client', async () => {
    const c = await connectClient({ via: 'http', url: gate.mcpUrl('asking'), token: gate.token }, { capabilities: { elicitation: { form: {} } }, elicit: () => ({ action: 'accept', content: { name: 'Grace' } }) });
    try {
      const call = c.call('trigger-elicitation-request', {}, 280_000);
      const d = dialog();
      await d.getByTestId('who-answers').getByText('Your client will show this form').waitFor();
      await d.getByRole('region', { name: 'Form' }).getByText('untitledSingleSelectEnum').waitFor();
      await armed();
      await page.mouse.move(0, 0);
      await page.screenshot({ path: join(SHOTS, 'elicitation-forward.png') });
      await d.getByRole('button', { name: 'Forward to client' }).click();
      expect(textOf(await call)).toContain('Grace');
      expect(c.elicited).toHaveLength(1);
    } finally {
      await c.close();
    }
  });

  it('a form that asks for a password: flagged high, the field typed as a password, its value never recorded', async () => {
    const form = { message: 'Sign in to continue', requestedSchema: { type: 'object', properties: { user: { type: 'string', title: 'User name' }, password: { type: 'string', title: 'Password' } }, required: ['user', 'password'] } };
    const call = raw.call('elicit', { params: form }, 280_000);
    const d = dialog();
    await page.getByRole('region', { name: 'Risk flags' }).getByText('elicitation.secret-field').waitFor();
    expect(await d.getByLabel('Password').getAttribute('type')).toBe('password');
    await d.getByText('This field asks for a secret').waitFor();
    await d.getByLabel('User name').fill('ada');
    await d.getByLabel('Password').fill('correct horse battery staple');
    await armed();
    await page.mouse.move(0, 0);
    await page.screenshot({ path: join(SHOTS, 'elicitation-secret.png') });
    await d.getByRole('button', { name: 'Submit', exact: true }).click();
    const answer = JSON.parse(textOf(await call)) as { result?: { content?: Record<string, unknown> } };
    expect(answer.result?.content?.password).toBe('correct horse battery staple');
    expect((await gate.cli('history', '--json')).stdout).not.toContain('correct horse');
  });

  it('History filters by kind and shows an elicitation\'s message and its answer, the password redacted', async () => {
    await page.getByRole('button', { name: 'History' }).click();
    await page.getByLabel('Kind').selectOption('elicitation');
    await page.getByRole('cell', { name: /Sign in to continue/ }).click();
    const detail = page.getByRole('complementary', { name: 'Event detail' });
    await detail.getByText('Sign in to continue').first().waitFor();
    const answer = await detail.getByLabel('answer').textContent();
    expect(answer).toContain('[redacted]');
    expect(answer).not.toContain('correct horse');
    await page.mouse.move(0, 0);
    await page.screenshot({ path: join(SHOTS, 'history-elicitation.png') });
    await page.getByRole('button', { name: 'Approvals' }).click();
  });

  it('logged no errors in the page', () => {
    expect(consoleErrors).toEqual([]);
  });
});
