/**
 * Bulk decisions in the web UI (issue 10), against the real gate and server-everything: tick
 * requests in the queue, approve them in one go; select all, deny the rest. What reaches the
 * client is what single decisions would send.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { e2ePrerequisites, launchChromium } from './support/browser.js';
import { startGate } from './support/gate-process.js';
import type { GateProcess } from './support/gate-process.js';
import { connectClient } from './support/mcp-client.js';
import type { SamplingClient } from './support/mcp-client.js';

const prereq = e2ePrerequisites();

it.runIf(prereq.mustFail)('has its prerequisites', () => {
  throw new Error(prereq.reason);
});

describe.skipIf(!prereq.ready)('bulk decisions in the web UI', () => {
  let gate: GateProcess;
  let browser: Browser;
  let page: Page;
  let client: SamplingClient;

  beforeAll(async () => {
    gate = await startGate();
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(gate.uiUrl);
    await page.getByText('connected', { exact: true }).waitFor();
    client = await connectClient(gate.httpUrl, gate.token);
  });

  afterAll(async () => {
    await client?.close().catch(() => undefined);
    await browser?.close();
    await gate?.stop();
  });

  it('approves the ticked requests in one go, then denies the rest with select all', async () => {
    const calls = ['apples', 'pears', 'plums'].map((fruit) => client.trigger(`Tell me about ${fruit}`, 40));
    const queue = page.getByRole('navigation', { name: 'Pending requests' });
    await expect.poll(() => queue.locator('.queue-item').count(), { timeout: 20_000 }).toBe(3);
    expect(await queue.getByRole('button', { name: /Approve selected/ }).count()).toBe(0);

    await queue.getByRole('checkbox', { name: /Select request #1 from/ }).check();
    await queue.getByRole('checkbox', { name: /Select request #2 from/ }).check();
    await queue.getByRole('button', { name: /Approve selected/ }).click();
    const [first, second] = await Promise.all(calls.slice(0, 2));
    expect(first!.isError).toBeFalsy();
    expect(second!.isError).toBeFalsy();
    await expect.poll(() => queue.locator('.queue-item').count()).toBe(1);

    await queue.getByRole('checkbox', { name: 'Select all' }).check();
    await queue.getByRole('button', { name: /Deny selected/ }).click();
    const third = await calls[2]!;
    expect(JSON.stringify(third.content)).toMatch(/denied by the user/);
    await page.getByText('No requests waiting').waitFor();
  });
});
