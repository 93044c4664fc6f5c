/**
 * Decide once, in the real web UI (issue 23): the gate (`serve --ui`) in front of server-everything
 * and a raw server, SDK clients over the stdio bridge, and Debian's Chromium. "Approve for this
 * session" lets that session's next three requests through with no dialog while another session's
 * still asks; a request that adds tools asks again; the Servers view lists the grant and Revoke
 * ends it; "Approve for N min" and "Always trust this server" are offered where they apply.
 */
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { e2ePrerequisites, launchChromium, screenshotDir } from './support/browser.js';
import { buttonLabels } from './support/buttons.js';
import { ROOT } from './support/gate-process.js';
import { serverEntry, startGate, tempDataDir, waitFor, type RunningGate } from '../support/gate.js';
import { connectClient, EVERYTHING, RAW_SERVER, textOf, type TestClient } from '../support/sampling-client.js';

const SHOTS = screenshotDir(ROOT);
const prereq = e2ePrerequisites();

it.runIf(prereq.mustFail)('has its prerequisites', () => {
  throw new Error(prereq.reason);
});

const CONFIG = `defaults:
  trust: ask
  approvalTimeoutSeconds: 300
  allowTools: true
  rateLimit: { perMinute: 1000, perHour: 10000, perDay: 100000, perSession: 10000 }
servers:
  notes:
${serverEntry(EVERYTHING, ['stdio'])}
  raw:
${serverEntry(RAW_SERVER)}
`;

describe.skipIf(!prereq.ready)('grants in the web UI', () => {
  let gate: RunningGate;
  let browser: Browser;
  let page: Page;
  const clients: TestClient[] = [];
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    gate = await startGate(tempDataDir(CONFIG), ['--ui']);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
    page.on('console', (m) => m.type() === 'error' && consoleErrors.push(m.text()));
    page.on('pageerror', (e) => consoleErrors.push(e.message));
    await page.goto(gate.uiUrl!);
    await page.getByText('connected', { exact: true }).waitFor();
  });

  afterAll(async () => {
    for (const c of clients) await c.close().catch(() => undefined);
    await browser?.close();
    await gate?.stop();
    gate?.remove();
  });

  async function client(serverId: string, capabilities?: Record<string, unknown>): Promise<TestClient> {
    const c = await connectClient({ via: 'stdio', dataDir: gate.dataDir, serverId }, capabilities ? { capabilities } : {});
    clients.push(c);
    return c;
  }
  const sample = (c: TestClient, prompt: string) => c.call('trigger-sampling-request', { prompt, maxTokens: 10 });
  const dialog = (): ReturnType<Page['getByRole']> => page.getByRole('region', { name: 'Sampling request' });
  const armed = (): Promise<void> => page.waitForTimeout(800);
  const queueEmpty = (): Promise<void> => page.getByText('No requests waiting').waitFor();

  it('Approve for this session: the next three requests of that session need no dialog; another session still asks', async () => {
    const a = await client('notes');
    const b = await client('notes');
    const first = sample(a, 'summarise chapter 1');
    await dialog().waitFor({ timeout: 20_000 });
    const choices = page.getByRole('group', { name: 'Decide for later requests from this server' });
    expect(await buttonLabels(choices.getByRole('button'))).toEqual(['Approve for this session [Alt+S]', 'Approve for 15 min [Alt+M]', 'Always trust this server [Alt+T]', 'Never [Alt+N]']);
    await armed();
    await page.mouse.move(0, 0);
    await page.screenshot({ path: join(SHOTS, 'grant-choices.png') });
    await choices.getByRole('button', { name: 'Approve for this session' }).click();
    await queueEmpty();
    expect(textOf(await first)).toContain('summarise chapter 1');

    for (const n of [2, 3, 4]) {
      expect(textOf(await sample(a, `summarise chapter ${n}`))).toContain(`chapter ${n}`);
      expect(await gate.api('approvals.list', {})).toEqual([]);
    }
    await page.getByText('No requests waiting').waitFor();

    const other = sample(b, 'another session');
    await dialog().waitFor();
    await dialog().getByRole('button', { name: 'Deny', exact: true }).click();
    await queueEmpty();
    await other;
    const rows = await gate.json<{ decidedBy: string }[]>('history', '--server', 'notes', '--limit', '5');
    expect(rows.map((r) => r.decidedBy)).toEqual(['user', 'user (session)', 'user (session)', 'user (session)', 'user']);
  });

  it('the Servers view lists the grant; Revoke ends it, and the session is asked again', async () => {
    await page.getByRole('button', { name: 'Servers', exact: true }).click();
    const grants = page.getByRole('list', { name: 'Grants for notes' });
    await grants.waitFor();
    expect((await grants.textContent())?.replace(/\s+/g, ' ')).toMatch(/Approving sampling for session [0-9a-f-]{8} · used 3×/);
    await page.mouse.move(0, 0);
    await page.screenshot({ path: join(SHOTS, 'servers-grants.png') });
    await grants.getByRole('button', { name: /Revoke/ }).click();
    await grants.waitFor({ state: 'detached' });
    expect(await gate.json<unknown[]>('grants')).toEqual([]);
    await page.getByRole('button', { name: 'Approvals' }).click();
    const a = clients[0]!;
    const asked = sample(a, 'after revoke');
    await dialog().waitFor();
    await armed();
    await dialog().getByRole('button', { name: 'Approve', exact: true }).click();
    await asked;
  });

  it('a request that adds tools asks again, though the session was granted', async () => {
    const c = await client('raw', { sampling: { tools: {} } });
    const plain = { messages: [{ role: 'user', content: { type: 'text', text: 'plain' } }], maxTokens: 10 };
    const first = c.call('sample', { params: plain });
    await dialog().waitFor();
    await armed();
    await page.getByRole('button', { name: 'Approve for this session' }).click();
    await queueEmpty();
    await first;
    expect(JSON.parse(textOf(await c.call('sample', { params: plain })))).toHaveProperty('result');
    const withTools = c.call('sample', { params: { ...plain, tools: [{ name: 'delete_files', inputSchema: { type: 'object' } }] } });
    await dialog().waitFor();
    const [p] = await gate.api('approvals.list', {});
    expect(p!.request.tools).toBeDefined();
    await dialog().getByRole('button', { name: 'Deny', exact: true }).click();
    await queueEmpty();
    await withTools;
  });

  it('Approve for N minutes covers the server\'s other sessions', async () => {
    const a = await client('notes');
    const b = await client('notes');
    const first = sample(a, 'timed one');
    await dialog().waitFor();
    await page.getByLabel('Minutes').selectOption('5');
    await armed();
    await page.getByRole('button', { name: 'Approve for 5 min' }).click();
    await queueEmpty();
    await first;
    expect(textOf(await sample(b, 'timed two'))).toContain('timed two');
    const [grant] = await gate.json<{ scope: { type: string; minutes: number } }[]>('grants', '--server', 'notes');
    expect(grant!.scope).toMatchObject({ type: 'minutes', minutes: 5 });
    await waitFor(async () => ((await gate.json<unknown[]>('grants')).length > 0 ? true : undefined), 'the grant');
  });

  it('logged no errors in the page', () => {
    expect(consoleErrors).toEqual([]);
  });
});
