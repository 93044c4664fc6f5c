// Renders the PNG icons from icon.svg with headless Chromium (playwright-core + Debian's chromium).
// Run: node assets/render-icons.mjs — the PNGs are committed, so builds do not need Chromium.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
const svg = readFileSync(join(here, 'icon.svg'), 'utf8');
// The tray icon: the same gate, drawn flat so it reads at 16 px; the pending variant adds a badge.
const tray = (badge) => `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32">
  <rect x="1" y="1" width="30" height="30" rx="7" fill="#4338ca"/>
  <path d="M8 26V14a8 8 0 0 1 16 0v12" fill="none" stroke="#fff" stroke-width="3" stroke-linecap="round"/>
  <path d="M13 26V16M19 26V16" stroke="#c7d2fe" stroke-width="2.4" stroke-linecap="round"/>
  ${badge ? '<circle cx="25" cy="7" r="6.5" fill="#f59e0b" stroke="#fff" stroke-width="1.5"/>' : ''}
</svg>`;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'],
});
try {
  const page = await browser.newPage();
  const render = async (markup, size, file) => {
    await page.setViewportSize({ width: size, height: size });
    await page.setContent(`<html><body style="margin:0;background:transparent">${markup.replace('<svg ', `<svg width="${size}" height="${size}" `)}</body></html>`);
    const png = await page.screenshot({ omitBackground: true, clip: { x: 0, y: 0, width: size, height: size } });
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, png);
    console.log(file, png.length);
  };
  await render(svg, 1024, join(here, 'icon.png'));
  for (const s of [16, 32, 48, 64, 128, 256, 512]) await render(svg, s, join(here, 'icons', `${s}x${s}.png`));
  await render(tray(false), 16, join(here, 'tray.png'));
  await render(tray(false), 32, join(here, 'tray@2x.png'));
  await render(tray(true), 16, join(here, 'tray-pending.png'));
  await render(tray(true), 32, join(here, 'tray-pending@2x.png'));
} finally {
  await browser.close();
}
