/**
 * Requests arriving at once, to a rendered queue (issue 10): a server sends N sampling requests in
 * one write to a gate serving the web UI (trust: ask, so each waits for a human); Chromium shows the
 * UI. Timed from the tool call that triggers them until the queue lists all N; bytes are what the
 * gate sent the page over its WebSocket meanwhile. Against the same for a single request.
 */
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import type { Browser, Page } from 'playwright-core';
import { callGate } from '../cli/control-client.js';
import { dataPaths } from '../core/paths.js';
import { connect } from './clients.js';
import { onCleanup } from './cleanup.js';
import { ROOT } from './locations.js';
import { startGate } from './processes.js';
import { errorText, toRow, valueRow } from './results.js';
import type { Failure, Row } from './results.js';

const FLOOD_SERVER = join(ROOT, 'out', 'node', 'bench', 'flood-server.js');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export async function benchBurst(opts: { burst: number; rounds: number }, failures: Failure[], progress: (msg: string) => void): Promise<Row[]> {
  let browser: Browser | null = null;
  try {
    progress(`ui: a gate serving the web UI, Chromium, bursts of 1 and ${opts.burst} requests`);
    const gate = await startGate(
      `defaults:
  trust: ask
  approvalTimeoutSeconds: 600
  rateLimit: { perMinute: null, perHour: null, perDay: null, perSession: null }
  tokenBudgetPerDay: null
servers:
  flood:
    command: ${JSON.stringify(process.execPath)}
    args: ${JSON.stringify([FLOOD_SERVER])}
`,
      { args: ['--ui'] },
    );
    const socket = dataPaths(gate.dataDir).socket;
    const server = await connect({ kind: 'http', url: gate.mcpUrl('flood'), token: gate.token });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'] });
    const b = browser;
    onCleanup(() => b.close());
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    let bytes = 0;
    page.on('websocket', (ws) => ws.on('framereceived', (f) => void (bytes += typeof f.payload === 'string' ? Buffer.byteLength(f.payload) : f.payload.length)));
    await page.goto(`${gate.url}/ui/#token=${encodeURIComponent(gate.token)}`);
    await page.getByText('No requests waiting').waitFor({ timeout: 30_000 });

    const burst = async (n: number): Promise<{ ms: number; bytes: number }> => {
      const before = bytes;
      const t0 = performance.now();
      const call = server.call('flood', { n });
      await queueLength(page, n);
      const ms = performance.now() - t0;
      const sent = bytes - before;
      // Clear the queue (every pending request denied) and wait for the page to say so.
      const list = await callGate(socket, 'approvals.list', {});
      if (!list.ok) throw new Error(list.error.message);
      for (const p of list.value) await callGate(socket, 'approvals.decide', { id: p.id, decision: { kind: 'deny', reason: 'bench' } });
      await call;
      await page.getByText('No requests waiting').waitFor({ timeout: 60_000 });
      return { ms, bytes: sent };
    };
    await burst(1); // warm up the page and the gate
    const one: { ms: number; bytes: number }[] = [];
    const many: { ms: number; bytes: number }[] = [];
    for (let r = 0; r < opts.rounds; r++) {
      one.push(await burst(1));
      many.push(await burst(opts.burst));
    }
    const summary = (xs: number[]) => {
      const s = [...xs].sort((a, b) => a - b);
      return { n: s.length, p50: s[Math.floor((s.length - 1) / 2)]!, p99: s[s.length - 1]!, mean: s.reduce((a, x) => a + x, 0) / s.length };
    };
    const base = summary(one.map((x) => x.ms));
    const bytesOne = valueRow('ui', 'ui:bytes-1', 'bytes sent to the page for 1 request', Math.min(...one.map((x) => x.bytes)), 'bytes', null);
    return [
      toRow('ui', 'ui:burst-1', '1 request → rendered in the queue', base, null, undefined),
      toRow('ui', 'ui:burst', `${opts.burst} requests at once → all rendered in the queue`, summary(many.map((x) => x.ms)), 'ui:burst-1', base),
      bytesOne,
      valueRow('ui', 'ui:bytes', `bytes sent to the page per request, ${opts.burst} at once`, Math.max(...many.map((x) => x.bytes)) / opts.burst, 'bytes', bytesOne),
    ];
  } catch (e) {
    failures.push({ id: 'ui', error: errorText(e) });
    return [];
  }
}

/** Resolves once the approvals queue lists at least `n` requests (checked every animation frame). */
function queueLength(page: Page, n: number): Promise<unknown> {
  // Runs in the page; the bench is compiled without the DOM types, so `document` is reached through globalThis.
  const check = (k: number): boolean => (globalThis as unknown as { document: { querySelectorAll(s: string): { length: number } } }).document.querySelectorAll('.queue-item').length >= k;
  return page.waitForFunction(check, n, { polling: 'raf', timeout: 120_000 });
}
