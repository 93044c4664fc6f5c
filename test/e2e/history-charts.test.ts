/**
 * History at a glance (issue 23) in Chromium against the real gate (`serve --ui`) on a seeded
 * history.db: the charts' totals and every day's bar equal SQL over the file (in the browser's
 * days — the page runs in Tokyo, UTC+9, so a UTC bucketing would show), hover and keyboard focus
 * show a day's figures, a click on a bar narrows the table to that day and outcome or model, and
 * the layout holds at 200 % zoom. Screenshots for the README.
 */
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatUsd } from '../../renderer/src/lib/answer.js';
import { serverEntry, startGate, tempDataDir, type RunningGate } from '../support/gate.js';
import { EVERYTHING } from '../support/sampling-client.js';
import { SEED_SERVERS, seedHistoryDir } from '../support/seed-history.js';
import { e2ePrerequisites, launchChromium, screenshotDir } from './support/browser.js';
import { ROOT } from './support/gate-process.js';

const SHOTS = screenshotDir(ROOT);
const prereq = e2ePrerequisites();
const EVENTS = 240;
/** Asia/Tokyo: UTC+9 all year (no DST), so every day boundary differs from UTC's. */
const TZ = 'Asia/Tokyo';
const OFFSET = '+540 minutes';

it.runIf(prereq.mustFail)('has its prerequisites', () => {
  throw new Error(prereq.reason);
});

describe.skipIf(!prereq.ready)('History at a glance in the web UI', () => {
  let gate: RunningGate;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const consoleErrors: string[] = [];

  /** One number from history.db, by SQL over the table itself (not the stats index). */
  const sql = <T>(query: string, ...params: unknown[]): T => {
    const db = new Database(join(gate.dataDir, 'history.db'), { readonly: true });
    try {
      return (db.prepare(query).get(...params) as { v: T }).v;
    } finally {
      db.close();
    }
  };
  const localDay = `date(received_at, '${OFFSET}')`;

  beforeAll(async () => {
    const dir = tempDataDir(['servers:', ...SEED_SERVERS.flatMap((s) => [`  ${s}:`, serverEntry(EVERYTHING, ['stdio'])])].join('\n') + '\n');
    seedHistoryDir(dir, EVENTS, 14);
    gate = await startGate(dir, ['--ui']);
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1280, height: 1000 }, timezoneId: TZ });
    page = await context.newPage();
    page.on('console', (m) => m.type() === 'error' && consoleErrors.push(m.text()));
    page.on('pageerror', (e) => consoleErrors.push(e.message));
    await page.goto(gate.uiUrl!);
    await page.getByText('connected', { exact: true }).waitFor();
    await page.getByRole('button', { name: 'History', exact: true }).click();
    await page.getByTestId('chart-events').waitFor();
  });

  afterAll(async () => {
    await browser?.close();
    await gate?.stop();
    gate?.remove();
  });

  const rows = () => page.locator('table.history-table tbody tr');
  const days = () => page.locator('[data-testid="chart-events"] g[data-day]');

  it('the totals and every day’s bar equal SQL over history.db, in the browser’s days', async () => {
    expect(await page.getByTestId('chart-events-total').textContent()).toBe(String(sql<number>('SELECT count(*) AS v FROM events')));
    expect(await page.getByTestId('chart-cost-total').textContent()).toBe(formatUsd(sql<number>('SELECT sum(cost_usd) AS v FROM events')));
    const bars = await days().evaluateAll((gs) => gs.map((g) => [g.getAttribute('data-day'), Number(g.getAttribute('data-total'))] as const));
    expect(bars.reduce((a, [, n]) => a + n, 0)).toBe(EVENTS);
    const db = new Database(join(gate.dataDir, 'history.db'), { readonly: true });
    try {
      const want = Object.fromEntries((db.prepare(`SELECT ${localDay} AS day, count(*) AS n FROM events GROUP BY 1`).all() as { day: string; n: number }[]).map((r) => [r.day, r.n]));
      expect(Object.fromEntries(bars.filter(([, n]) => n > 0))).toEqual(want);
    } finally {
      db.close();
    }
    await page.screenshot({ path: join(SHOTS, 'history-charts.png') });
    // And in the dark theme (the OS setting): the series colours are theme variables too.
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.locator('.history-charts').screenshot({ path: join(SHOTS, 'history-charts-dark.png') });
    await page.emulateMedia({ colorScheme: 'light' });
  });

  it('hover shows the day’s figures', async () => {
    const busiest = await busiestDay();
    const seg = days().and(page.locator(`[data-day="${busiest}"]`)).locator('rect.chart-seg').last();
    await seg.hover();
    const tip = page.getByTestId('chart-events-tip');
    await tip.waitFor();
    const total = sql<number>(`SELECT count(*) AS v FROM events WHERE ${localDay} = ?`, busiest);
    expect(await tip.textContent()).toContain(`· ${total}`);
    const series = await seg.getAttribute('data-series');
    const n = sql<number>(`SELECT count(*) AS v FROM events WHERE ${localDay} = ? AND outcome = ?`, busiest, series);
    expect(await tip.locator('li.current').textContent()).toBe(`${series} ${n}`);
    await page.screenshot({ path: join(SHOTS, 'history-charts-hover.png'), clip: (await page.locator('.history-charts').boundingBox())! });
  });

  it('clicking a bar filters the table to that day and outcome', async () => {
    const busiest = await busiestDay();
    const seg = days().and(page.locator(`[data-day="${busiest}"]`)).locator('rect.chart-seg').first();
    const outcome = (await seg.getAttribute('data-series'))!;
    const want = sql<number>(`SELECT count(*) AS v FROM events WHERE ${localDay} = ? AND outcome = ?`, busiest, outcome);
    await seg.click();
    await expect.poll(async () => rows().count()).toBe(want);
    expect(await page.getByLabel('From', { exact: true }).inputValue()).toBe(busiest);
    expect(await page.getByLabel('To', { exact: true }).inputValue()).toBe(busiest);
    expect(await page.locator('.filters label', { hasText: /^Outcome/ }).locator('select').inputValue()).toBe(outcome);
    expect(new Set(await rows().locator('.badge.outcome').allTextContents())).toEqual(new Set([outcome]));
    // The charts follow the filter: one day, one outcome.
    await expect.poll(async () => page.getByTestId('chart-events-total').textContent()).toBe(String(want));
    await page.locator('.filters label', { hasText: /^Outcome/ }).locator('select').selectOption('');
    await page.getByLabel('From', { exact: true }).fill('');
    await page.getByLabel('To', { exact: true }).fill('');
    await expect.poll(async () => page.getByTestId('chart-events-total').textContent()).toBe(String(EVENTS));
  });

  it('the cost chart by model: a bar filters the table to that model’s rows of the day', async () => {
    await page.getByLabel('Cost per day: stack by').selectOption('model');
    const seg = page.locator('[data-testid="chart-cost"] rect.chart-seg').first();
    const model = (await seg.getAttribute('data-series'))!;
    const day = (await seg.evaluate((r) => r.parentElement!.getAttribute('data-day')))!;
    const want = sql<number>(`SELECT count(*) AS v FROM events WHERE ${localDay} = ? AND model = ?`, day, model);
    await seg.click();
    expect(await page.locator('input.model-filter').inputValue()).toBe(model);
    await expect.poll(async () => rows().count()).toBe(want);
    expect(new Set(await rows().locator('.model-cell').allTextContents())).toEqual(new Set([model]));
    await page.locator('input.model-filter').fill('');
    await page.getByLabel('From', { exact: true }).fill('');
    await page.getByLabel('To', { exact: true }).fill('');
    await expect.poll(async () => rows().count()).toBe(Math.min(EVENTS, 200));
  });

  it('keyboard: one tab stop, arrows move between bars with the figures shown, Enter filters', async () => {
    const first = page.locator('[data-testid="chart-events"] rect.chart-seg[tabindex="0"]');
    expect(await first.count()).toBe(1);
    await first.focus();
    await page.keyboard.press('ArrowRight');
    const focused = page.locator('[data-testid="chart-events"] rect.chart-seg:focus');
    const label = (await focused.getAttribute('aria-label'))!;
    expect(label).toMatch(/^\w{3} \d+, [\w-]+: \d+ of \d+$/);
    await page.getByTestId('chart-events-tip').waitFor();
    const day = (await focused.evaluate((r) => r.parentElement!.getAttribute('data-day')))!;
    const outcome = (await focused.getAttribute('data-series'))!;
    await page.keyboard.press('Enter');
    await expect.poll(async () => rows().count()).toBe(sql<number>(`SELECT count(*) AS v FROM events WHERE ${localDay} = ? AND outcome = ?`, day, outcome));
    await page.locator('.filters label', { hasText: /^Outcome/ }).locator('select').selectOption('');
    await page.getByLabel('From', { exact: true }).fill('');
    await page.getByLabel('To', { exact: true }).fill('');
  });

  it('at 200 % zoom the charts fit the width; no console errors (CSP included)', async () => {
    await page.setViewportSize({ width: 640, height: 900 });
    const fits = await page.locator('.history-charts').evaluate((el) => el.scrollWidth <= el.clientWidth + 1 && el.getBoundingClientRect().right <= window.innerWidth + 1);
    expect(fits).toBe(true);
    await page.locator('.history-charts').screenshot({ path: join(SHOTS, 'history-charts-narrow.png') });
    await page.setViewportSize({ width: 1280, height: 1000 });
    expect(consoleErrors).toEqual([]);
  });

  async function busiestDay(): Promise<string> {
    const bars = await days().evaluateAll((gs) => gs.map((g) => [g.getAttribute('data-day')!, Number(g.getAttribute('data-total'))] as const));
    return bars.reduce((a, b) => (b[1] > a[1] ? b : a))[0];
  }
});
