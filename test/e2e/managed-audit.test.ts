/**
 * End to end in Chromium (issue 12): the web UI of a real gate under a managed policy shows the
 * locked trust as locked with who set it, the settings the managed policy overrides, a broken
 * managed file as a banner, and the audit exporter's state (target, backlog, last error) while its
 * syslog receiver is down.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../bench/processes.js';
import { connectClient, RAW_SERVER, sampleViaRaw, textRequest, type TestClient } from '../support/sampling-client.js';
import { serverEntry, startGate, tempDataDir, type RunningGate } from '../support/gate.js';
import { e2ePrerequisites, launchChromium, screenshotDir } from './support/browser.js';
import { ROOT } from './support/gate-process.js';

const SHOTS = screenshotDir(ROOT);
const prereq = e2ePrerequisites();
const MANAGED_DIR = mkdtempSync(join(tmpdir(), 'sg-e2e-managed-'));
const MANAGED = join(MANAGED_DIR, 'managed.yaml');
process.env.SAMPLING_GATE_MANAGED = MANAGED;

const POLICY = `defaults:
  maxTokensCap: 500
servers:
  raw:
    trust: { value: ask, locked: true }
`;

describe.skipIf(!prereq.ready)('managed policy and audit export in the web UI', () => {
  let gate: RunningGate;
  let browser: Browser;
  let page: Page;
  let client: TestClient;
  let port: number;
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    writeFileSync(MANAGED, POLICY);
    port = await freePort(); // nothing listens: the syslog receiver is down
    gate = await startGate(
      tempDataDir(`defaults:
  trust: ask
  maxTokensCap: 4096
servers:
  raw:
${serverEntry(RAW_SERVER, [], '    trust: trust\n')}audit:
  content: hashed
  retryMaxSeconds: 1
  syslog: { host: 127.0.0.1, port: ${port}, timeoutSeconds: 2 }
`),
      ['--ui'],
    );
    client = await connectClient({ via: 'stdio', dataDir: gate.dataDir, serverId: 'raw' });
    // Over the managed cap: denied at once, final, queued for a receiver that is not there.
    const answer = await sampleViaRaw(client, textRequest('too long for the organisation', 1000));
    expect('error' in answer && answer.error.data?.rule).toBe('rule.maxTokensCap');
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on('console', (m) => m.type() === 'error' && consoleErrors.push(m.text()));
    page.on('pageerror', (e) => consoleErrors.push(e.message));
    await page.goto(gate.uiUrl!);
    await page.getByText('connected', { exact: true }).waitFor();
  });

  afterAll(async () => {
    if (process.env.SG_DEBUG) process.stderr.write(gate?.output());
    await client?.close().catch(() => undefined);
    await browser?.close();
    await gate?.stop();
    gate?.remove();
    rmSync(MANAGED_DIR, { recursive: true, force: true });
  });

  it('Servers: the locked trust, the overridden settings, and the exporter retrying', async () => {
    await page.getByRole('button', { name: 'Servers', exact: true }).click();
    const toggle = page.getByRole('radiogroup', { name: 'Trust for raw' });
    await toggle.waitFor();
    expect(await toggle.getAttribute('aria-disabled')).toBe('true');
    expect(await toggle.getAttribute('title')).toBe(`Locked by the managed policy (${MANAGED}: servers.raw.trust)`);
    expect(await toggle.getByRole('radio', { name: 'trust' }).isDisabled()).toBe(true);
    expect(await toggle.getByRole('radio', { checked: true }).textContent()).toBe('ask');

    const banner = page.getByRole('status').filter({ hasText: 'The managed policy overrides' });
    await banner.waitFor();
    expect(await banner.textContent()).toContain('servers.raw.trust');
    expect(await banner.textContent()).toContain('defaults.maxTokensCap');

    const audit = page.getByRole('region', { name: 'Audit export' });
    await audit.getByText('retrying').waitFor({ timeout: 20_000 });
    const text = await audit.textContent();
    expect(text).toContain(`127.0.0.1:${port}`);
    expect(text).toContain('hashed, set by config');
    expect(text).toMatch(/backlog 1/);
    expect(text).toMatch(/ECONNREFUSED/);
    await page.screenshot({ path: join(SHOTS, 'managed-servers.png'), fullPage: true });
  });

  it('History shows the exporter too; a broken managed file is an error banner', async () => {
    await page.getByRole('button', { name: 'History', exact: true }).click();
    await page.getByRole('region', { name: 'Audit export' }).getByText('retrying').waitFor();

    writeFileSync(MANAGED, 'defaults:\n  maxTokensCap: lots\n');
    const banner = page.getByRole('alert').filter({ hasText: 'The managed policy is invalid' });
    await banner.waitFor({ timeout: 20_000 });
    expect(await banner.textContent()).toContain(`${MANAGED}:2`);
    await page.screenshot({ path: join(SHOTS, 'managed-invalid.png') });
    writeFileSync(MANAGED, POLICY);
    await banner.waitFor({ state: 'detached', timeout: 20_000 });
    expect(consoleErrors).toEqual([]);
  });
});
