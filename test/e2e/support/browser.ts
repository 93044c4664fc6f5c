/** Debian's Chromium driven by playwright-core, with the flags this machine needs. */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { missingBuild } from './gate-process.js';
import type { Browser } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/**
 * Whether the e2e prerequisites are here: a build (`npm run build`) and Chromium
 * (`apt-get install chromium`). Without them the suites skip locally but fail under CI=…,
 * so a CI run can never pass by silently skipping the proof.
 */
export function e2ePrerequisites(): { ready: boolean; reason: string; mustFail: boolean } {
  const missing = missingBuild();
  const reason = missing ? `not built: ${missing} is missing (run npm run build)` : existsSync(CHROMIUM) ? '' : `no Chromium at ${CHROMIUM} (apt-get install chromium)`;
  return { ready: reason === '', reason, mustFail: reason !== '' && !!process.env.CI };
}

/**
 * Where e2e screenshots go: test-results/screenshots (ignored by git) on every run, and the README's
 * docs/screenshots only when UPDATE_SCREENSHOTS=1 — so a test run leaves the work tree clean.
 */
export function screenshotDir(root: string): string {
  const dir = process.env.UPDATE_SCREENSHOTS === '1' ? join(root, 'docs', 'screenshots') : join(root, 'test-results', 'screenshots');
  mkdirSync(dir, { recursive: true });
  return dir;
}
