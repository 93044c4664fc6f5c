/**
 * The real built Electron main bundle (out/main/index.js), run under Node with `electron` resolved to
 * a recording fake (test/fixtures/fake-electron.mjs) — the Electron binary cannot be installed here.
 * It must host the gate in-process (the CLI and an MCP client reach it), register one IPC handler
 * per gate method, open the hardened window on the built renderer, count pending requests on the
 * badge, open the request whose notification is clicked, and on Quit remember the window and stop
 * the gate so the waiting request is denied to its server.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { gateMethods } from '../../shared/api.js';
import { dataPaths } from '../../core/paths.js';
import { connectClient, EVERYTHING, RAW_SERVER, textOf } from '../support/sampling-client.js';
import { runCli, serverEntry, tempDataDir, waitFor } from '../support/gate.js';

const ROOT = resolve(import.meta.dirname, '..', '..');
let app: ChildProcess | null = null;
afterAll(() => {
  if (app?.exitCode === null) app.kill('SIGKILL');
});

function lines(out: string, what: string): unknown[] {
  return out
    .split('\n')
    .filter((l) => l.startsWith(`fake-electron ${what} `))
    .map((l) => JSON.parse(l.slice(`fake-electron ${what} `.length)) as unknown);
}

describe('Electron main bundle', () => {
  it('hosts the gate, wires IPC and the window, and quits cleanly denying what waits', async () => {
    const dir = tempDataDir(`servers:\n  everything:\n${serverEntry(EVERYTHING, ['stdio'])}`);
    let out = '';
    app = spawn(process.execPath, ['--import', join(ROOT, 'test', 'fixtures', 'fake-electron-register.mjs'), join(ROOT, 'out', 'main', 'index.js'), `--data-dir=${dir}`], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    app.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    app.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    const exited = new Promise<number | null>((r) => app!.once('exit', (code) => r(code)));

    await waitFor(async () => (lines(out, 'load-file').length > 0 ? true : undefined), 'the window to load the renderer');
    expect(lines(out, 'ipc-handle').sort()).toEqual(Object.keys(gateMethods).map((m) => `gate:call:${m}`).sort());
    const [window] = lines(out, 'window') as { webPreferences: Record<string, unknown> }[];
    expect(window!.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webviewTag: false });
    expect(existsSync(window!.webPreferences.preload as string)).toBe(true);
    expect(existsSync(lines(out, 'load-file')[0] as string)).toBe(true);

    // The gate inside the app answers the CLI and MCP clients.
    const servers = await runCli(['servers', '--json', '--data-dir', dir]);
    expect(JSON.parse(servers.stdout)).toEqual([expect.objectContaining({ id: 'everything', trust: 'ask' })]);
    const client = await connectClient({ via: 'stdio', dataDir: dir, serverId: 'everything' });
    const call = client.call('trigger-sampling-request', { prompt: 'asked while the app runs', maxTokens: 5 }).catch((e: Error) => e);
    await waitFor(async () => (lines(out, 'badge').includes(1) ? true : undefined), 'the badge to count the request');

    // The notification never carries the prompt; clicking it opens that request in the window.
    const [pending] = JSON.parse((await runCli(['pending', '--json', '--data-dir', dir])).stdout) as { id: string }[];
    expect(lines(out, 'notification')).toEqual([{ title: 'Sampling request from everything', body: 'Review it in Sampling Gate before it reaches your model.' }]);
    app.kill('SIGUSR2'); // the user clicks it
    await waitFor(async () => (lines(out, 'send').some((s) => JSON.stringify(s) === JSON.stringify(['desktop:open-request', pending!.id])) ? true : undefined), 'the window to be told which request');
    // The About panel names the data directory.
    expect(lines(out, 'about-panel')).toEqual([expect.objectContaining({ credits: `Data directory: ${dir}` })]);

    app.kill('SIGTERM'); // Quit from the tray
    await call; // the client loses its gate; what matters is what the server and the history got
    expect(await exited).toBe(0);
    expect(existsSync(dataPaths(dir).socket)).toBe(false);
    // The window's size and position, for next time.
    expect(JSON.parse(readFileSync(join(dir, 'window.json'), 'utf8'))).toEqual({ bounds: { x: 100, y: 100, width: 1200, height: 820 }, maximized: false });
    expect(lines(out, 'error-box')).toEqual([]);
    const [row] = JSON.parse((await runCli(['history', '--json', '--data-dir', dir])).stdout) as Record<string, unknown>[];
    expect(row).toMatchObject({ outcome: 'denied', decidedBy: 'gate', rule: 'gate.shutdown' });
    expect(JSON.stringify(row!.request)).toContain('asked while the app runs');
    await client.close().catch(() => {});
  });

  it('opens a URL the user consented to in the OS browser, and only that one', async () => {
    const dir = tempDataDir(`servers:\n  raw:\n${serverEntry(RAW_SERVER)}`);
    let out = '';
    app = spawn(process.execPath, ['--import', join(ROOT, 'test', 'fixtures', 'fake-electron-register.mjs'), join(ROOT, 'out', 'main', 'index.js'), `--data-dir=${dir}`], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    app.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    app.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    const exited = new Promise<number | null>((r) => app!.once('exit', (code) => r(code)));
    await waitFor(async () => (lines(out, 'load-file').length > 0 ? true : undefined), 'the app to start');
    // A client that shows forms but not URLs: the gate's own dialog shows it.
    const client = await connectClient({ via: 'stdio', dataDir: dir, serverId: 'raw' }, { capabilities: { elicitation: { form: {} } } });
    try {
      const url = 'https://accounts.example.com/connect?step=2';
      const call = client.call('elicit', { params: { mode: 'url', message: 'Connect your account', url, elicitationId: 'app-1' } });
      const pending = await waitFor(async () => (JSON.parse((await runCli(['pending', '--json', '--data-dir', dir])).stdout) as { id: string }[])[0], 'the URL elicitation');
      expect(lines(out, 'open-external')).toEqual([]);
      expect((await runCli(['approve', pending.id, '--data-dir', dir])).code).toBe(0);
      expect(JSON.parse(textOf(await call))).toEqual({ result: { action: 'accept' } });
      expect(lines(out, 'open-external')).toEqual([url]);
    } finally {
      await client.close().catch(() => {});
      app.kill('SIGTERM');
      expect(await exited).toBe(0);
    }
  });
});
