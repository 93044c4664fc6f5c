/**
 * First run, end to end: a real `sampling-gate serve --ui` with no servers, in a temporary HOME holding
 * real client files (Claude Desktop, Cursor, VS Code's JSONC; no Claude Code), and the web UI in
 * Chromium. The first-run screen lists each client's servers and the exact change to its file; Import
 * rewires the file (an SDK client started from the rewired entry reaches server-everything through the
 * gate), a file changed since it was shown is refused, and Undo — in the UI or `import --undo` — puts
 * every file back byte for byte.
 */
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, startGate, tempDataDir, type RunningGate } from '../support/gate.js';
import { EVERYTHING, GATE_BIN, textOf } from '../support/sampling-client.js';
import { e2ePrerequisites, launchChromium, screenshotDir } from './support/browser.js';
import { ROOT } from './support/gate-process.js';

const prereq = e2ePrerequisites();
const NODE = process.execPath;

it.runIf(prereq.mustFail)('has its prerequisites', () => {
  throw new Error(prereq.reason);
});

const home = mkdtempSync(join(tmpdir(), 'sg-home-'));
const files = {
  desktop: join(home, '.config', 'Claude', 'claude_desktop_config.json'),
  cursor: join(home, '.cursor', 'mcp.json'),
  vscode: join(home, '.config', 'Code', 'User', 'mcp.json'),
};
const ORIGINAL = {
  desktop: Buffer.from(
    JSON.stringify(
      {
        globalShortcut: 'Ctrl+Space',
        mcpServers: {
          everything: { command: NODE, args: [EVERYTHING, 'stdio'] },
          fetch: { command: 'uvx', args: ['mcp-server-fetch'] },
        },
      },
      null,
      2,
    ) + '\n',
  ),
  cursor: Buffer.from('{\n\t"mcpServers": {\n\t\t"docs": { "url": "https://docs.example.com/mcp" }\n\t}\n}\n'),
  vscode: Buffer.from(
    `{\r\n  // my servers\r\n  "servers": {\r\n    "memory": { "type": "stdio", "command": "npx", "args": ["-y", "@modelcontextprotocol/server-memory"] },\r\n    "keyed": { "type": "stdio", "command": "npx", "args": ["api"], "env": { "KEY": "\${input:key}" } },\r\n  },\r\n  "inputs": [{ "type": "promptString", "id": "key", "password": true }],\r\n}\r\n`,
  ),
};

describe.skipIf(!prereq.ready)('first run in the web UI', () => {
  let gate: RunningGate;
  let browser: Browser;
  let page: Page;
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    for (const k of ['desktop', 'cursor', 'vscode'] as const) {
      mkdirSync(dirname(files[k]), { recursive: true });
      writeFileSync(files[k], ORIGINAL[k]);
    }
    gate = await startGate(tempDataDir('defaults:\n  trust: ask\n'), ['--ui'], { HOME: home, XDG_CONFIG_HOME: join(home, '.config') });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on('console', (m) => m.type() === 'error' && consoleErrors.push(m.text()));
    page.on('pageerror', (e) => consoleErrors.push(e.message));
    await page.goto(gate.uiUrl!);
  });

  afterAll(async () => {
    await browser?.close();
    await gate?.stop();
    gate?.remove();
    rmSync(home, { recursive: true, force: true });
  });

  const card = (label: string) => page.getByRole('article', { name: label });
  const bytes = (k: keyof typeof files) => readFileSync(files[k]);

  it('no servers: the clients on this machine, their servers and exactly what would change', async () => {
    await page.getByRole('heading', { name: 'Bring your MCP clients through the gate' }).waitFor();
    const desktop = card('Claude Desktop');
    await desktop.locator('.client-card-head').getByText(files.desktop).waitFor();
    const rows = await desktop.locator('tbody tr').allTextContents();
    expect(rows[0]).toContain('everything');
    expect(rows[0]).toContain('added as "everything", then started through the gate');
    expect(rows[1]).toContain('uvx mcp-server-fetch');
    const diff = desktop.getByLabel(`Changes to ${files.desktop}`);
    const removed = await diff.locator('.diff-del').allTextContents();
    const added = await diff.locator('.diff-add').allTextContents();
    expect(removed.join('\n')).toContain(JSON.stringify(EVERYTHING));
    expect(removed.join('\n')).toContain('"uvx"');
    expect(added.join('\n')).toContain(JSON.stringify(GATE_BIN));
    expect(added.join('\n')).toContain('"connect"');
    // The rest of the file is not in the change.
    expect([...removed, ...added].join('\n')).not.toContain('globalShortcut');

    const vscode = card('VS Code');
    expect(await vscode.locator('tbody tr').nth(1).textContent()).toContain('not rewired: it uses ${input:key}, which only VS Code fills in');
    await card('Cursor').locator('tbody').getByText('https://docs.example.com/mcp').waitFor();
    await page.getByText('Not found on this computer:').waitFor();
    expect(await page.locator('.not-found').textContent()).toContain('Claude Code');
    await page.screenshot({ path: join(screenshotDir(ROOT), 'first-run.png') });
    // Nothing was written by looking.
    for (const k of ['desktop', 'cursor', 'vscode'] as const) expect(bytes(k).equals(ORIGINAL[k])).toBe(true);
  });

  it('Import rewires the file (backup kept) and the rewired entry reaches the server through the gate', async () => {
    const desktop = card('Claude Desktop');
    await desktop.getByRole('button', { name: 'Import and route Claude Desktop through the gate' }).click();
    await desktop.getByRole('status').getByText('Imported 2 servers').waitFor();
    const after = JSON.parse(bytes('desktop').toString('utf8')) as { globalShortcut: string; mcpServers: Record<string, { command: string; args: string[] }> };
    expect(after.globalShortcut).toBe('Ctrl+Space');
    expect(after.mcpServers.everything).toEqual({ command: NODE, args: [GATE_BIN, 'connect', 'everything', '--data-dir', gate.dataDir] });
    const backups = readdirSync(dirname(files.desktop)).filter((f) => f.startsWith('claude_desktop_config.json.sampling-gate-backup-'));
    expect(backups).toHaveLength(1);
    expect(readFileSync(join(dirname(files.desktop), backups[0]!)).equals(ORIGINAL.desktop)).toBe(true);
    // The card now offers Undo and shows no further change.
    await desktop.getByRole('button', { name: 'Undo the import of Claude Desktop' }).waitFor();
    expect(await desktop.getByRole('button', { name: /^Import and route/ }).count()).toBe(0);
    await desktop.screenshot({ path: join(screenshotDir(ROOT), 'first-run-imported.png') });

    // What Claude Desktop would now start: through the gate to server-everything.
    const entry = after.mcpServers.everything!;
    const client = new Client({ name: 'first-run-test', version: '1.0.0' }, { capabilities: {} });
    await client.connect(new StdioClientTransport({ command: entry.command, args: entry.args, stderr: 'pipe' }));
    try {
      expect(textOf((await client.callTool({ name: 'echo', arguments: { message: 'via first run' } })) as CallToolResult)).toBe('Echo: via first run');
    } finally {
      await client.close();
    }
    expect((await gate.api('servers.list', {})).map((s) => s.id).sort()).toEqual(['everything', 'fetch']);
  });

  it('a file changed since it was shown is not imported; shown again, it is', async () => {
    const vscode = card('VS Code');
    const edited = Buffer.from(ORIGINAL.vscode.toString('utf8').replace('// my servers', '// my servers, edited'));
    writeFileSync(files.vscode, edited);
    await vscode.getByRole('button', { name: 'Import and route VS Code through the gate' }).click();
    await vscode.getByRole('alert').getByText('changed since it was shown').waitFor();
    expect(bytes('vscode').equals(edited)).toBe(true); // untouched
    writeFileSync(files.vscode, ORIGINAL.vscode);
    await page.getByRole('button', { name: 'Skip for now' }).or(page.getByRole('button', { name: 'Done' })).click();
    await page.getByRole('button', { name: 'Servers' }).click();
    await page.getByRole('button', { name: 'Import from your MCP clients' }).click();
    await card('VS Code').getByRole('button', { name: 'Import and route VS Code through the gate' }).click();
    await card('VS Code').getByRole('status').getByText('Imported 2 servers').waitFor();
    const text = bytes('vscode').toString('utf8');
    expect(text).toContain('// my servers\r\n');
    expect(text).toContain('"keyed": { "type": "stdio", "command": "npx", "args": ["api"], "env": { "KEY": "${input:key}" } },');
    await card('Cursor').getByRole('button', { name: 'Import and route Cursor through the gate' }).click();
    await card('Cursor').getByRole('status').getByText('Imported 1 server').waitFor();
    expect(bytes('cursor').toString('utf8')).toContain('"connect"');
  });

  it('Undo in the UI, and import --undo on the command line, put every file back byte for byte', async () => {
    await card('Claude Desktop').getByRole('button', { name: 'Undo the import of Claude Desktop' }).click();
    await card('Claude Desktop').getByRole('status').getByText(`Put back ${files.desktop} as it was.`).waitFor();
    expect(bytes('desktop').equals(ORIGINAL.desktop)).toBe(true);
    await card('VS Code').getByRole('button', { name: 'Undo the import of VS Code' }).click();
    await card('VS Code').getByRole('status').getByText(`Put back ${files.vscode} as it was.`).waitFor();
    expect(bytes('vscode').equals(ORIGINAL.vscode)).toBe(true);

    const cli = await runCli(['import', '--undo', 'cursor', '--data-dir', gate.dataDir]);
    expect(cli.code, cli.stderr).toBe(0);
    expect(cli.stdout).toContain(`restored ${files.cursor} from ${files.cursor}.sampling-gate-backup-`);
    expect(bytes('cursor').equals(ORIGINAL.cursor)).toBe(true);
    const again = await runCli(['import', '--undo', 'cursor', '--data-dir', gate.dataDir]);
    expect(again.code).toBe(1);
    expect(again.stderr).toBe('sampling-gate: no import of Cursor to undo in this data directory\n');
    // Undone files offer Import again, with the same change as before.
    await page.getByRole('button', { name: 'Done' }).click();
    await page.getByRole('button', { name: 'Import from your MCP clients' }).click();
    await card('Claude Desktop').getByRole('button', { name: 'Import and route Claude Desktop through the gate' }).waitFor();
    // Cursor was undone from the CLI, which the open page did not see: wait for the new scan to show it.
    await card('Cursor').getByRole('button', { name: 'Import and route Cursor through the gate' }).waitFor();
    expect(await card('Cursor').getByRole('button', { name: /Undo/ }).count()).toBe(0);
    expect(consoleErrors).toEqual([]);
  });
});
