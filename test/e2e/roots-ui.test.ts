/**
 * Roots under consent in the real web UI (issue 20): the real gate (`sampling-gate serve --ui`) in
 * front of server-everything set to `roots: { trust: ask }`, a real SDK client that declares roots
 * (one of them a traversal) reaching it over the stdio bridge, and Debian's Chromium. The server
 * asks for roots on its own after initialize; the gate holds the client's answer, and the dialog
 * shows the exact list the server would get and what was removed. Approve: the server gets that
 * list and the Servers view says so. Deny: the server gets an empty one.
 */
import { join } from 'node:path';
import { ListRootsRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { e2ePrerequisites, launchChromium, screenshotDir } from './support/browser.js';
import { buttonLabels } from './support/buttons.js';
import { ROOT } from './support/gate-process.js';
import { serverEntry, startGate, tempDataDir, type RunningGate } from '../support/gate.js';
import { connectClient, EVERYTHING, textOf, type TestClient } from '../support/sampling-client.js';

const SHOTS = screenshotDir(ROOT);
const prereq = e2ePrerequisites();

it.runIf(prereq.mustFail)('has its prerequisites', () => {
  throw new Error(prereq.reason);
});

const CONFIG = `defaults:
  trust: ask
  approvalTimeoutSeconds: 300
servers:
  workspace:
${serverEntry(EVERYTHING, ['stdio'], '    roots: { trust: ask }\n')}
`;

/** What the client declares: three directories and one that climbs out of the first. */
const ROOTS = [
  { uri: 'file:///projects/app', name: 'app' },
  { uri: 'file:///projects/app-private', name: 'app-private' },
  { uri: 'file:///home/ada/notes', name: 'notes' },
  { uri: 'file:///projects/app/../../etc', name: 'sneaky' },
];
const GIVEN = ['file:///projects/app', 'file:///projects/app-private', 'file:///home/ada/notes'];
const TRAVERSAL = 'file:///projects/app/../../etc';

describe.skipIf(!prereq.ready)('roots in the web UI', () => {
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

  /** A client with roots, over the stdio bridge; server-everything asks it for roots ~350 ms after initialize. */
  async function rootsClient(): Promise<TestClient & { asked: () => number }> {
    let asked = 0;
    const c = await connectClient({ via: 'stdio', dataDir: gate.dataDir, serverId: 'workspace' }, { capabilities: { roots: { listChanged: true } } });
    clients.push(c);
    c.client.setRequestHandler(ListRootsRequestSchema, async () => {
      asked++;
      return { roots: ROOTS };
    });
    return Object.assign(c, { asked: () => asked });
  }

  const dialog = (): ReturnType<Page['getByRole']> => page.getByRole('region', { name: 'Roots request' });
  const items = (section: string): Promise<string[]> =>
    dialog()
      .getByRole('region', { name: section })
      .getByRole('listitem')
      .evaluateAll((lis) => lis.map((li) => (li.textContent ?? '').replace(/\s+/g, ' ').trim()));
  /** Buttons that send stay disabled for a moment after a request comes up (no stray keystroke sends). */
  const armed = (): Promise<void> => page.waitForTimeout(800);

  it('shows the exact list the server would get and the traversal as removed; Approve gives the server that list', async () => {
    const c = await rootsClient();
    const d = dialog();
    await d.waitFor({ timeout: 20_000 });
    expect(await d.locator('.server-name').textContent()).toBe('workspace');
    expect(await items('Roots the server would get')).toEqual(['file:///projects/app — app', 'file:///projects/app-private — app-private', 'file:///home/ada/notes — notes']);
    expect(await d.getByRole('region', { name: 'Roots the server would get' }).getByRole('heading').textContent()).toBe('Roots 3');
    expect(await items('Removed')).toEqual([`${TRAVERSAL} — a ".." segment (path traversal)`]);
    // Only the approved list is offered: Approve or Deny, nothing to edit.
    expect(await buttonLabels(d.getByRole('button'))).toEqual(['Deny [Alt+D]', 'Approve [Alt+A]']);
    await armed();
    await page.mouse.move(0, 0);
    await page.screenshot({ path: join(SHOTS, 'roots-ask.png') });

    // The queue entry says what it is: the roots, not a sampling "completion".
    const entry = page.locator('.queue-item').first();
    expect(await entry.locator('.queue-preview').textContent()).toContain('3 roots: file:///projects/app');
    expect(await entry.textContent()).not.toContain('completion');
    await d.getByRole('button', { name: 'Approve', exact: true }).click();
    await page.getByText('No requests waiting').waitFor();
    expect(c.asked()).toBe(1);
    const text = textOf(await c.call('get-roots-list'));
    expect(text).toContain('Current MCP Roots (3 total)');
    for (const uri of GIVEN) expect(text).toContain(`URI: ${uri}\n`);
    expect(text).not.toContain('etc');
    expect(text).not.toContain('sneaky');
    // Approved once for this session: asking again does not bring the dialog back.
    expect(await gate.api('approvals.list', {})).toEqual([]);

    const [row] = await gate.json<{ kind: string; outcome: string; decidedBy: string; detail: { given: string[]; removed: { uri: string; why: string }[] } }[]>('history', '--kind', 'roots', '--limit', '1');
    expect(row).toMatchObject({ kind: 'roots', outcome: 'approved', decidedBy: 'user', detail: { given: GIVEN, removed: [{ uri: TRAVERSAL, why: 'a ".." segment (path traversal)' }] } });
  });

  it('the Servers view shows which roots the server was given', async () => {
    await page.getByRole('button', { name: 'Servers', exact: true }).click();
    const line = page.locator('.server-roots');
    await line.waitFor();
    expect((await line.textContent())?.replace(/\s+/g, ' ')).toMatch(/^Roots given (just now|\d+s ago): file:\/\/\/projects\/app, file:\/\/\/projects\/app-private, file:\/\/\/home\/ada\/notes$/);
    expect(await line.getAttribute('title')).toBe(GIVEN.join('\n'));
    await page.mouse.move(0, 0);
    await page.screenshot({ path: join(SHOTS, 'servers-roots.png') });
    await page.getByRole('button', { name: 'Approvals' }).click();
  });

  it('Deny: the server gets an empty list', async () => {
    const c = await rootsClient();
    const d = dialog();
    await d.waitFor({ timeout: 20_000 });
    expect(await items('Roots the server would get')).toHaveLength(3);
    await d.getByRole('button', { name: 'Deny', exact: true }).click();
    await page.getByText('No requests waiting').waitFor();
    expect(textOf(await c.call('get-roots-list'))).toContain('no roots are currently configured');
    expect(c.asked()).toBe(1);
    const [row] = await gate.json<{ outcome: string; decidedBy: string; response: { roots: unknown[] }; detail: { given: string[] } }[]>('history', '--kind', 'roots', '--limit', '1');
    expect(row).toMatchObject({ outcome: 'denied', decidedBy: 'user', response: { roots: [] }, detail: { given: [] } });
    // The Servers view follows: the server now has none.
    const [server] = (await gate.api('servers.list', {})).filter((x) => x.roots !== undefined && x.roots !== null);
    expect(server!.roots!.uris).toEqual([]);
  });

  it('logged no errors in the page', () => {
    expect(consoleErrors).toEqual([]);
  });
});
